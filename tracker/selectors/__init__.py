"""Named read queries of the tracker."""

from . import applications  # noqa: F401  (selectors.applications.*)
from .applications import (  # noqa: F401
    application_detail,
    application_table,
    application_timeline,
    applications_for_user,
    board_columns,
    contacts_for_user,
    days_in_stage,
    get_api_token_for_user,
    get_application_for_user,
    get_contact_for_user,
    get_export_for_user,
    get_import_for_user,
    get_interview_for_user,
    interviews_for_user,
    tags_for_user,
    with_stage_entered,
)
from .reminders import deadlines_soon, follow_ups_due, goal_progress, interviews_tomorrow  # noqa: F401
