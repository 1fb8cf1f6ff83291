"""Everything that changes courses state. Views, admin and tasks call these."""

from .assignments import (
    assignment_publish,
    assignment_published_notify_run,
    assignment_unpublish,
    attachment_add,
    rubric_duplicate,
)
from .enrolment import (
    EmailEnrolmentResult,
    course_create,
    course_setup_new,
    enrollment_add,
    enrollment_join_by_code,
    enrollments_add_by_email,
    invitations_redeem,
    parse_emails,
    section_regenerate_code,
)
from .grading import (
    CriterionInput,
    GradeResult,
    grades_released_notify_run,
    submission_grade,
    submissions_apply_score,
    submissions_release,
    to_decimal,
)
from .previews import file_preview_build_run
from .reminders import due_reminders_send
from .submissions import (
    SubmissionRefused,
    submission_file_add,
    submission_file_remove,
    submission_save_draft,
    submission_submit,
)

__all__ = [
    "CriterionInput",
    "EmailEnrolmentResult",
    "GradeResult",
    "SubmissionRefused",
    "assignment_publish",
    "assignment_published_notify_run",
    "assignment_unpublish",
    "attachment_add",
    "course_create",
    "course_setup_new",
    "due_reminders_send",
    "enrollment_add",
    "enrollment_join_by_code",
    "enrollments_add_by_email",
    "file_preview_build_run",
    "grades_released_notify_run",
    "invitations_redeem",
    "parse_emails",
    "rubric_duplicate",
    "section_regenerate_code",
    "submission_file_add",
    "submission_file_remove",
    "submission_grade",
    "submission_save_draft",
    "submission_submit",
    "submissions_apply_score",
    "submissions_release",
    "to_decimal",
]
