from django.urls import path

from .views import applications, board, calendar, capture, insights, people, settings, transfer

app_name = "tracker"

urlpatterns = [
    path("", board.board, name="board"),
    path("board/<id:pk>/move/", board.board_move, name="board_move"),
    path("board/add/", board.board_quick_add, name="board_quick_add"),
    # Applications
    path("applications/", applications.application_list, name="application_list"),
    path("applications/new/", applications.application_create, name="application_create"),
    path("applications/bulk/", applications.application_bulk, name="application_bulk"),
    # Job capture (paste, bookmarklet; the extension uses /api/v1/capture/)
    path("capture/", capture.capture, name="capture"),
    path("capture/save/", capture.capture_save, name="capture_save"),
    path("capture/bookmarklet/", capture.capture_bookmarklet, name="capture_bookmarklet"),
    path("applications/<id:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<id:pk>/edit/", applications.application_edit, name="application_edit"),
    path("applications/<id:pk>/move/", applications.application_move, name="application_move"),
    path(
        "applications/<id:pk>/archive/",
        applications.application_archive,
        name="application_archive",
    ),
    path(
        "applications/<id:pk>/restore/",
        applications.application_unarchive,
        name="application_unarchive",
    ),
    path(
        "applications/<id:pk>/delete/", applications.application_delete, name="application_delete"
    ),
    path(
        "applications/<id:pk>/followed-up/",
        applications.application_follow_up,
        name="application_follow_up",
    ),
    path(
        "applications/<id:pk>/contacts/new/",
        people.application_contact_create,
        name="application_contact_create",
    ),
    path(
        "applications/<id:pk>/contacts/link/",
        people.application_contact_link,
        name="application_contact_link",
    ),
    path(
        "applications/<id:pk>/contacts/<id:contact_pk>/unlink/",
        people.application_contact_unlink,
        name="application_contact_unlink",
    ),
    path("applications/<id:pk>/interviews/new/", people.interview_create, name="interview_create"),
    # Contacts and interviews
    path("contacts/", people.contact_list, name="contact_list"),
    path("contacts/new/", people.contact_create, name="contact_create"),
    path("contacts/<id:pk>/", people.contact_detail, name="contact_detail"),
    path("contacts/<id:pk>/edit/", people.contact_edit, name="contact_edit"),
    path("contacts/<id:pk>/delete/", people.contact_delete, name="contact_delete"),
    path("interviews/", people.interview_list, name="interview_list"),
    path("interviews/<id:pk>/edit/", people.interview_edit, name="interview_edit"),
    path("interviews/<id:pk>/delete/", people.interview_delete, name="interview_delete"),
    path("calendar/", calendar.calendar_month, name="calendar"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path(
        "calendar/<str:token>/<slug:kind>.ics",
        calendar.calendar_kind_feed,
        name="calendar_kind_feed",
    ),
    # Insights
    path("analytics/", insights.analytics, name="analytics"),
    path("reminders/", insights.reminders, name="reminders"),
    # Import and export
    path("import/", transfer.import_upload, name="import_upload"),
    path("import/<id:pk>/", transfer.import_preview, name="import_preview"),
    path("import/<id:pk>/confirm/", transfer.import_confirm, name="import_confirm"),
    path("export/", transfer.export_create, name="export_create"),
    path("export/<id:pk>/", transfer.export_detail, name="export_detail"),
    path("export/<id:pk>/retry/", transfer.export_retry, name="export_retry"),
    path("export/<id:pk>/download/", transfer.export_download, name="export_download"),
    # Settings (linked from the profile)
    path("settings/", settings.tracker_settings, name="settings"),
    path("settings/calendar/regenerate/", settings.calendar_regenerate, name="calendar_regenerate"),
    path("settings/tokens/new/", settings.token_create, name="token_create"),
    path("settings/tokens/<id:pk>/revoke/", settings.token_revoke, name="token_revoke"),
    path("onboarding/dismiss/", settings.onboarding_dismiss, name="onboarding_dismiss"),
]
