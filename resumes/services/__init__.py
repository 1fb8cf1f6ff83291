"""Everything that changes state in resumes."""

from careercopilot.jobs.runner import UserFacingError

from .analyses import (
    analysis_request,
    analysis_retry,
    analysis_run_now,
    cache_key_for,
    clean_job_description,
    fit_ranking_refresh,
)
from .chat import (
    message_post,
    reply_retry,
    reply_run,
    thread_create,
    thread_delete,
)
from .exports import (
    as_docx,
    as_pdf,
    as_text,
    filename,
)
from .inputs import (
    job_input,
    profile_input,
    resume_input,
)
from .uploads import (
    resume_delete,
    resume_rename,
    resume_set_default,
    resume_upload,
    version_extract_run,
    version_retry,
)
from .writing import (
    letter_request,
    letter_retry,
    letter_run_now,
    letter_update,
    practice_run_now,
    practice_submit,
    prep_request,
    prep_retry,
    prep_run_now,
)

__all__ = [
    "UserFacingError",
    "analysis_request",
    "analysis_retry",
    "analysis_run_now",
    "as_docx",
    "as_pdf",
    "as_text",
    "cache_key_for",
    "clean_job_description",
    "filename",
    "fit_ranking_refresh",
    "job_input",
    "letter_request",
    "letter_retry",
    "letter_run_now",
    "letter_update",
    "message_post",
    "practice_run_now",
    "practice_submit",
    "prep_request",
    "prep_retry",
    "prep_run_now",
    "profile_input",
    "reply_retry",
    "reply_run",
    "resume_delete",
    "resume_input",
    "resume_rename",
    "resume_set_default",
    "resume_upload",
    "thread_create",
    "thread_delete",
    "version_extract_run",
    "version_retry",
]
