"""The admin's sidebar (Unfold's ``SIDEBAR["navigation"]``): every app and model the
user may see, as Django lists them, with a count badge on the queues that wait for
someone (shown only when something waits)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.module_loading import import_string

# "app_label.model_name" → the badge callback (request → count) Unfold renders.
BADGES = {
    "courses.coursepost": "courses.admin.moderation.held_posts_badge",
    "courses.coursecomment": "courses.admin.moderation.held_comments_badge",
}


def navigation(request: HttpRequest) -> list[dict]:
    groups = []
    for app in admin.site.get_app_list(request):
        items = []
        for model in app["models"]:
            if not model.get("admin_url"):
                continue
            item = {"title": model["name"], "link": model["admin_url"]}
            badge = BADGES.get(f"{app['app_label']}.{model['object_name'].lower()}")
            if badge and import_string(badge)(request):
                item["badge"] = badge
            items.append(item)
        groups.append({"title": app["name"], "items": items})
    return groups
