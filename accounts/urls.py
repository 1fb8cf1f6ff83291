from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    # Profile skills and their sources (E12)
    path(
        "profile/skills/remove/",
        views.profile_skill_remove_view,
        name="profile_skill_remove",
    ),
    # Your data (A6): export and account deletion
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/export/", views.data_export_create, name="data_export_create"),
    path("privacy/export/<id:pk>/", views.data_export_status, name="data_export_status"),
    path(
        "privacy/export/<id:pk>/retry/",
        views.data_export_retry_view,
        name="data_export_retry",
    ),
    path(
        "privacy/export/<id:pk>/download/",
        views.data_export_download,
        name="data_export_download",
    ),
    path("privacy/delete/", views.account_delete, name="account_delete"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/bell/", views.notification_bell, name="notification_bell"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<id:pk>/read/", views.notification_read, name="notification_read"),
]
