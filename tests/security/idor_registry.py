"""Which of Alice's objects fill each route that takes an id (test_idor_matrix.py).

REGISTRY: route name → a function of Alice's world (tests/security/world.py) giving the
URL's parameters for an object she owns. Bob must get 404 on each, an anonymous visitor
the sign-in redirect (pages) or 401 (API).

ALLOW_LIST: routes whose parameters name no owned object, each with the reason.

A new route with a parameter that is in neither fails the matrix with its name.
"""

from __future__ import annotations

from collections.abc import Callable

from .world import AliceWorld

Kwargs = Callable[[AliceWorld], dict]


def pk(kind: str, **extra) -> Kwargs:
    return lambda w: {"pk": getattr(w, kind).pk, **extra}


def course_id(w: AliceWorld) -> dict:
    return {"course_id": w.course.pk}


def assignment(w: AliceWorld) -> dict:
    return {"course_id": w.course.pk, "pk": w.assignment.pk}


REGISTRY: dict[str, Kwargs] = {
    # accounts (our pages and allauth's MFA key pages)
    "accounts:notification_read": pk("notification"),
    "accounts:data_export_status": pk("data_export"),
    "accounts:data_export_retry": pk("data_export"),
    "accounts:data_export_download": pk("data_export"),
    "mfa_remove_webauthn": pk("webauthn_key"),
    "mfa_edit_webauthn": pk("webauthn_key"),
    # tracker
    "tracker:board_move": pk("application"),
    "tracker:application_detail": pk("application"),
    "tracker:application_edit": pk("application"),
    "tracker:application_move": pk("application"),
    "tracker:application_archive": pk("application"),
    "tracker:application_unarchive": pk("application"),
    "tracker:application_delete": pk("application"),
    "tracker:application_follow_up": pk("application"),
    "tracker:application_contact_create": pk("application"),
    "tracker:application_contact_link": pk("application"),
    "tracker:application_contact_unlink": lambda w: {
        "pk": w.application.pk,
        "contact_pk": w.contact.pk,
    },
    "tracker:interview_create": pk("application"),
    "tracker:contact_detail": pk("contact"),
    "tracker:contact_edit": pk("contact"),
    "tracker:contact_delete": pk("contact"),
    "tracker:interview_edit": pk("interview"),
    "tracker:interview_delete": pk("interview"),
    "tracker:import_preview": pk("csv_import"),
    "tracker:import_confirm": pk("csv_import"),
    "tracker:export_detail": pk("export"),
    "tracker:export_retry": pk("export"),
    "tracker:export_download": pk("export"),
    "tracker:token_revoke": pk("api_token"),
    # resumes
    "resumes:resume_detail": lambda w: {"pk": w.version.resume_id},
    "resumes:resume_set_default": lambda w: {"pk": w.version.resume_id},
    "resumes:resume_rename": lambda w: {"pk": w.version.resume_id},
    "resumes:resume_delete": lambda w: {"pk": w.version.resume_id},
    "resumes:version_detail": pk("version"),
    "resumes:version_download": pk("version"),
    "resumes:version_retry": pk("version"),
    "resumes:analysis_detail": pk("analysis"),
    "resumes:analysis_retry": pk("analysis"),
    "resumes:letter_detail": pk("letter"),
    "resumes:letter_edit": pk("letter"),
    "resumes:letter_retry": pk("letter"),
    "resumes:letter_export": pk("letter", fmt="docx"),
    "resumes:prep_detail": pk("prep"),
    "resumes:prep_retry": pk("prep"),
    "resumes:practice_submit": pk("prep"),
    "resumes:answer_detail": pk("answer"),
    "resumes:chat_thread": pk("thread"),
    "resumes:chat_post": pk("thread"),
    "resumes:chat_delete": pk("thread"),
    "resumes:chat_message": pk("chat_reply"),
    "resumes:chat_retry": pk("chat_reply"),
    # resumes: the builder (structured resumes, tailoring, exports)
    "resumes:builder_edit": pk("built_resume"),
    "resumes:builder_section": pk("built_resume", section="basics"),
    "resumes:builder_move": pk("built_resume", section="work"),
    "resumes:builder_confirm": pk("built_resume", section="work"),
    "resumes:builder_undo": pk("built_resume"),
    "resumes:builder_rename": pk("built_resume"),
    "resumes:builder_delete": pk("built_resume"),
    "resumes:builder_json": pk("built_resume"),
    "resumes:builder_tailor": pk("built_resume"),
    "resumes:builder_proposal": pk("built_resume"),
    "resumes:builder_export": pk("built_resume"),
    "resumes:builder_send": pk("built_resume"),
    "resumes:builder_job": pk("builder_export"),
    "resumes:builder_job_retry": pk("builder_export"),
    "resumes:builder_job_download": pk("builder_export"),
    "resumes:builder_job_preview": pk("builder_export"),
    # billing
    "billing:invoice": lambda w: {"invoice_id": w.invoice_id},
    # courses: Alice is a student of the course; Bob is not enrolled there
    "courses:detail": course_id,
    "courses:grades": course_id,
    "courses:feed": course_id,
    "courses:post_create": course_id,
    "courses:assignment": assignment,
    "courses:draft_save": assignment,
    "courses:submit": assignment,
    "courses:file_upload": assignment,
    "courses:video_upload_start": assignment,
    "courses:file_download": pk("submission_file"),
    "courses:file_remove": pk("submission_file"),
    "courses:attachment_download": pk("attachment"),
    "courses:comment_create": pk("post"),
    "courses:video": pk("video"),
    "courses:video_status": pk("video"),
    "courses:video_state": pk("video"),
    "courses:video_retry": pk("video"),
    "courses:video_comment_add": pk("video"),
    "courses:video_comment_delete": pk("video_comment"),
    "courses:video_reflection_finish": pk("video"),
    "courses:video_caption_upload": pk("video"),
    "courses:video_caption": lambda w: {"pk": w.video_caption.video_id, "language": "en"},
    "courses:video_thumbnail": pk("video"),
    "courses:video_stream": pk("video", name="480p"),
    "courses:video_upload_complete": pk("uploading_video"),
    "courses:video_upload_cancel": pk("uploading_video"),
    "courses:outcome_sharing": course_id,
    # courses: AI tutor (a student's own threads)
    "courses:tutor": course_id,
    "courses:tutor_new": course_id,
    "courses:tutor_thread": lambda w: {"pk": w.tutor_reply.thread_id},
    "courses:tutor_send": lambda w: {"pk": w.tutor_reply.thread_id},
    "courses:tutor_delete": lambda w: {"pk": w.tutor_reply.thread_id},
    "courses:tutor_message": pk("tutor_reply"),
    "courses:tutor_retry": pk("tutor_reply"),
    # courses: peer review (a review is its reviewer's; the files are the reviewed attempt's)
    "courses:peer_reviews": course_id,
    "courses:peer_review": pk("peer_review"),
    "courses:peer_review_save": pk("peer_review"),
    "courses:peer_review_file": lambda w: {"pk": w.peer_review.pk, "file_pk": w.peer_file.pk},
    "courses:peer_review_file_page": lambda w: {
        "pk": w.peer_review.pk,
        "file_pk": w.peer_file.pk,
        "page": 1,
    },
    "courses:peer_feedback": lambda w: {
        "course_id": w.course.pk,
        "pk": w.peer_review.assignment_id,
    },
    # API (personal access tokens)
    "api:get_application": lambda w: {"application_id": w.application.pk},
    "api:update_application": lambda w: {"application_id": w.application.pk},
    "api:delete_application": lambda w: {"application_id": w.application.pk},
    "api:move_application": lambda w: {"application_id": w.application.pk},
    "api:application_timeline": lambda w: {"application_id": w.application.pk},
    "api:get_contact": lambda w: {"contact_id": w.contact.pk},
    "api:update_contact": lambda w: {"contact_id": w.contact.pk},
    "api:delete_contact": lambda w: {"contact_id": w.contact.pk},
    "api:get_interview": lambda w: {"interview_id": w.interview.pk},
    "api:update_interview": lambda w: {"interview_id": w.interview.pk},
    "api:delete_interview": lambda w: {"interview_id": w.interview.pk},
    "api:get_resume": lambda w: {"resume_id": w.built_resume.pk},
    "api:export_json_resume": lambda w: {"resume_id": w.built_resume.pk},
}

LIBRARY_REASON = (
    "the comment library is the teaching staff's (a student owns nothing there); a stranger, "
    "a student and another course's instructor get 404 (courses/tests/test_library.py)"
)

# Routes with parameters that name no object of a user's, and why.
ALLOW_LIST: dict[str, str] = {
    "courses:held_decide": (
        "a teaching-staff decision on a held post or comment of a course they teach; a student "
        "owns nothing there, and another course's instructor gets 404 "
        "(courses/tests/test_teaching_home.py)"
    ),
    "courses:library": LIBRARY_REASON,
    "courses:library_add": LIBRARY_REASON,
    "courses:library_edit": LIBRARY_REASON,
    "courses:library_delete": LIBRARY_REASON,
    "courses:library_move": LIBRARY_REASON,
    "account_confirm_email": (
        "the key is a one-time secret mailed to the address; it names no object the "
        "visitor must own (allauth answers an unknown key with its own error page)"
    ),
    "account_reset_password_from_key": (
        "uid + one-time token from the reset email, verified by allauth; anonymous by design"
    ),
    "tracker:calendar_feed": (
        "a capability URL: the secret token is the credential (calendar apps cannot sign "
        "in); unknown and regenerated tokens get 404 (tracker/tests/test_ownership.py)"
    ),
    "tracker:calendar_kind_feed": (
        "a capability URL like tracker:calendar_feed, one per kind of event; the same token "
        "(tracker/tests/test_calendar.py)"
    ),
    "billing:checkout": "the plan code names a public plan of the price list, not a user's object",
    "lti:deep_link_pick": (
        "the launch id is a random key of a validated LTI launch kept server-side; an unknown "
        "one gets the refusal page (lti/tests/test_hostile.py)"
    ),
    "lti:register": "a signed one-use registration link made in the admin; no user's object",
    "lti:register_finish": "a signed one-use registration link made in the admin; no user's object",
}

# The admin is staff-only and scoped per course; test_idor_matrix checks that strangers
# never get past its login, and courses/tests/test_admin_scoping.py that an instructor
# reaches only their own courses' objects.
ADMIN_REASON = "admin: staff only (see test_admin_routes_refuse_strangers)"
