"""The resumes pages: one module per feature."""

from .analyses import (
    analysis_detail,
    analysis_new,
    analysis_retry,
    fit_ranking,
    fit_ranking_refresh,
)
from .chat import (
    chat_delete,
    chat_index,
    chat_message,
    chat_new,
    chat_post,
    chat_retry,
    chat_thread,
)
from .letters import letter_detail, letter_edit, letter_export, letter_new, letter_retry
from .prep import answer_detail, practice_submit, prep_detail, prep_new, prep_retry
from .resumes import (
    resume_delete,
    resume_detail,
    resume_list,
    resume_rename,
    resume_set_default,
    version_detail,
    version_download,
    version_retry,
)

__all__ = [
    "analysis_detail",
    "analysis_new",
    "analysis_retry",
    "answer_detail",
    "chat_delete",
    "chat_index",
    "chat_message",
    "chat_new",
    "chat_post",
    "chat_retry",
    "chat_thread",
    "fit_ranking",
    "fit_ranking_refresh",
    "letter_detail",
    "letter_edit",
    "letter_export",
    "letter_new",
    "letter_retry",
    "practice_submit",
    "prep_detail",
    "prep_new",
    "prep_retry",
    "resume_delete",
    "resume_detail",
    "resume_list",
    "resume_rename",
    "resume_set_default",
    "version_detail",
    "version_download",
    "version_retry",
]
