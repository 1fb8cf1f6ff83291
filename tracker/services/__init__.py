"""Everything that changes tracker state. Typed, keyword-only, each in one transaction."""

from .applications import (
    BULK_ACTIONS,
    MoveError,
    application_archive,
    application_create,
    application_delete,
    application_mark_followed_up,
    application_move,
    application_unarchive,
    application_update,
    applications_bulk_apply,
    move_problem,
    tags_get_or_create,
)
from .digest import digest_items, digest_send
from .exporting import export_request, export_retry
from .importing import ImportError_, csv_import_confirm, csv_import_preview, csv_import_upload
from .people import (
    contact_create,
    contact_delete,
    contact_link,
    contact_unlink,
    contact_update,
    interview_create,
    interview_delete,
    interview_update,
)
from .preferences import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    calendar_token_regenerate,
    preferences_get,
    preferences_update,
)

__all__ = [
    "BULK_ACTIONS",
    "ImportError_",
    "MoveError",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "application_archive",
    "application_create",
    "application_delete",
    "application_mark_followed_up",
    "application_move",
    "application_unarchive",
    "application_update",
    "applications_bulk_apply",
    "calendar_token_regenerate",
    "contact_create",
    "contact_delete",
    "contact_link",
    "contact_unlink",
    "contact_update",
    "csv_import_confirm",
    "csv_import_preview",
    "csv_import_upload",
    "digest_items",
    "digest_send",
    "export_request",
    "export_retry",
    "interview_create",
    "interview_delete",
    "interview_update",
    "move_problem",
    "preferences_get",
    "preferences_update",
    "tags_get_or_create",
]
