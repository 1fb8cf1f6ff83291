"""Everything we hold about a user, model by model: what the data export contains and what
account deletion does with it.

One entry per model that points at the user, directly or through its parent. A test walks
every foreign key to the user and fails when a new one is not listed here, so a new model
cannot be left out of the export or survive a deletion unnoticed.

``on_delete``:
- ``DELETE``: removed with the account (stored files included);
- ``ANONYMISE``: kept for the other people who need it, moved to a nameless stand-in account
  and stripped of the user's own words (``kept`` says what stays, and the page shows it);
- ``DETACH``: the row is someone else's or the law's; only its link to the user is cleared.
"""

from __future__ import annotations

from dataclasses import dataclass

DELETE, ANONYMISE, DETACH = "delete", "anonymise", "detach"


@dataclass(frozen=True)
class Holding:
    label: str  # "app_label.ModelName"
    owner: str  # ORM path from the model to the user: "user", "resume__user"
    on_delete: str = DELETE
    export: bool = True
    exclude: tuple[str, ...] = ()  # secrets never exported (hashes, keys, session ids)
    kept: str = ""  # what stays after deletion, and why (shown on the deletion page)

    @property
    def field(self) -> str:
        """The model's own field on the path (its foreign key to the user or to a parent)."""
        return self.owner.split("__", 1)[0]


HOLDINGS: tuple[Holding, ...] = (
    # --- Account --------------------------------------------------------------------------
    Holding("accounts.User", "pk", exclude=("password", "user_permissions")),
    Holding("account.EmailAddress", "user"),
    Holding("account.EmailConfirmation", "email_address__user", export=False),
    Holding("usersessions.UserSession", "user", exclude=("session_key", "data")),
    Holding("mfa.Authenticator", "user", exclude=("data",)),
    Holding("socialaccount.SocialAccount", "user"),
    Holding("socialaccount.SocialToken", "account__user", export=False),
    Holding("accounts.Notification", "user"),
    Holding("accounts.ProfileSkill", "user"),
    Holding("accounts.DataExport", "user", export=False),
    Holding("admin.LogEntry", "user"),
    Holding(
        "accounts.AuditEvent",
        "subject",
        on_delete=DETACH,
        kept="The security log (sign-ins, sign-in changes, exports, this deletion) without "
        "your name or email, kept for security and legal reasons.",
    ),
    Holding("accounts.AuditEvent", "actor", on_delete=DETACH, export=False),
    Holding(
        "careercopilot.AICall",
        "user",
        on_delete=DETACH,
        kept="Counts and costs of AI calls, with no text and no link to you, for our accounts.",
    ),
    # --- Job search -----------------------------------------------------------------------
    Holding("tracker.Application", "user"),
    Holding("tracker.StatusChange", "application__user"),
    Holding("tracker.Interview", "application__user"),
    Holding("tracker.Tag", "user"),
    Holding("tracker.Contact", "user"),
    Holding("tracker.SeekerPreferences", "user", exclude=("calendar_token",)),
    Holding("tracker.DigestLog", "user"),
    Holding("tracker.ApiToken", "user", exclude=("token_hash",)),
    Holding("tracker.CsvImport", "user"),
    Holding("tracker.ExportJob", "user"),
    Holding("resumes.Resume", "user"),
    Holding("resumes.ResumeVersion", "resume__user"),
    Holding("resumes.MatchAnalysis", "user"),
    Holding("resumes.CoverLetter", "user"),
    Holding("resumes.InterviewPrep", "user"),
    Holding("resumes.PracticeAnswer", "prep__user"),
    Holding("resumes.ChatThread", "user"),
    Holding("resumes.ChatMessage", "thread__user"),
    Holding("resumes.BuiltResume", "user"),
    Holding("resumes.ResumeRevision", "resume__user"),
    Holding("resumes.BuilderJob", "user"),
    Holding("resumes.SentResume", "application__user"),
    # --- Billing --------------------------------------------------------------------------
    Holding("billing.BillingAccount", "user"),
    Holding("billing.Usage", "user"),
    Holding("billing.CheckoutSession", "user"),
    Holding(
        "billing.SubscriptionRecord",
        "user",
        on_delete=DETACH,
        kept="Your subscription and payment records, which Stripe holds and tax law requires.",
    ),
    Holding("djstripe.Customer", "subscriber", on_delete=DETACH, export=False),
    # --- Courses: the student's own work --------------------------------------------------
    Holding(
        "courses.Submission",
        "student",
        on_delete=ANONYMISE,
        exclude=("release_notified_at",),
        kept="Grades in courses you took (score, rubric levels, the instructor's feedback), "
        "under a nameless stand-in, so course records and averages stay right. Your "
        "text, files and videos are deleted.",
    ),
    Holding("courses.SubmissionVersion", "submission__student", on_delete=ANONYMISE),
    Holding("courses.SubmissionFile", "submission__student"),
    Holding("courses.CriterionScore", "submission__student", on_delete=ANONYMISE),
    Holding("courses.EssaySuggestion", "submission__student", export=False),
    Holding("courses.EssayCriterionSuggestion", "suggestion__submission__student", export=False),
    Holding(
        "courses.Enrollment",
        "user",
        on_delete=ANONYMISE,
        kept="Your place in the roster of courses you took as a student, under the same "
        "stand-in, so the gradebook still adds up.",
    ),
    Holding("courses.DueReminder", "student"),
    Holding("courses.CohortConsent", "user"),
    Holding("courses.CourseCompletion", "user"),
    Holding("courses.Video", "owner"),
    Holding("courses.VideoRendition", "video__owner", export=False),
    Holding(
        "courses.VideoComment",
        "author",
        on_delete=ANONYMISE,
        kept="Time-stamped feedback you left on other people's videos, signed by "
        "\u201ca deleted account\u201d: it is their feedback.",
    ),
    Holding(
        "courses.CoursePost",
        "author",
        on_delete=ANONYMISE,
        kept="Course feed posts and comments keep their place in the conversation, with "
        "your words replaced by \u201cdeleted with its author's account\u201d.",
    ),
    Holding("courses.CourseComment", "author", on_delete=ANONYMISE),
    Holding(
        "courses.PeerReview",
        "reviewer",
        on_delete=ANONYMISE,
        kept="Peer reviews you wrote for classmates, signed by \u201ca deleted account\u201d.",
    ),
    Holding("courses.PeerReview", "author", on_delete=ANONYMISE, export=False),
    Holding("courses.PeerReviewScore", "review__reviewer", on_delete=ANONYMISE),
    Holding("courses.TutorThread", "student"),
    Holding("courses.TutorMessage", "thread__student"),
    Holding("courses.TutorUsage", "student"),
    # --- Courses: what the user did to other people's rows --------------------------------
    Holding("courses.Course", "created_by", on_delete=DETACH, export=False),
    Holding("courses.CourseInvitation", "invited_by", on_delete=DETACH, export=False),
    Holding("courses.Assignment", "created_by", on_delete=DETACH, export=False),
    Holding("courses.LibraryComment", "created_by", on_delete=DETACH, export=False),
    Holding("courses.VideoCaption", "uploaded_by", on_delete=DETACH, export=False),
    Holding("courses.Submission", "graded_by", on_delete=DETACH, export=False),
    Holding("courses.EssaySuggestion", "requested_by", on_delete=DETACH, export=False),
    Holding("courses.CoursePost", "reviewed_by", on_delete=DETACH, export=False),
    Holding("courses.CourseComment", "reviewed_by", on_delete=DETACH, export=False),
    # --- LTI (a course platform's sign-in, roster and gradebook) --------------------------
    Holding("lti.LtiIdentity", "user"),
    Holding("lti.GradePassback", "submission__student", on_delete=ANONYMISE, export=False),
    Holding("lti.RosterSync", "requested_by", on_delete=DETACH, export=False),
)


def exported() -> list[Holding]:
    return [h for h in HOLDINGS if h.export]


def kept_after_deletion() -> list[str]:
    """What stays after an account is deleted, in the page's words."""
    return [h.kept for h in HOLDINGS if h.kept]
