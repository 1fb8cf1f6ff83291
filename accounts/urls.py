from django.urls import path

from . import views, views_skills

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    # Profile skills and their sources (E12)
    path(
        "profile/skills/remove/",
        views_skills.profile_skill_remove_view,
        name="profile_skill_remove",
    ),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/bell/", views.notification_bell, name="notification_bell"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<id:pk>/read/", views.notification_read, name="notification_read"),
]
