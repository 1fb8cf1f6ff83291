"""The admin's sidebar (Unfold's ``SIDEBAR["navigation"]``): every app and model the
user may see, in the admin index's order, with a count badge on the queues that wait for
someone (shown only when something waits).

Built on every admin page, so it asks each model's admin for the user's permissions as
``AdminSite.get_app_list`` does, but reverses each list's URL once per process rather
than two or three URLs per model per page.
"""

from __future__ import annotations

from functools import lru_cache

from django.apps import apps
from django.contrib import admin
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.module_loading import import_string
from django.utils.text import capfirst

# "app_label.model_name" → the badge callback (request → count) Unfold renders.
BADGES = {
    "courses.coursepost": "courses.admin.moderation.held_posts_badge",
    "courses.coursecomment": "courses.admin.moderation.held_comments_badge",
}


@lru_cache(maxsize=1024)
def _changelist_url(prefix: str, site: str, label: str) -> str | None:
    try:
        return reverse(f"admin:{label.replace('.', '_')}_changelist", current_app=site)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> list[dict]:
    site = admin.site
    by_app: dict[str, list[dict]] = {}
    for model, model_admin in site._registry.items():
        if not model_admin.has_module_permission(request):
            continue
        perms = model_admin.get_model_perms(request)
        if not (perms.get("change") or perms.get("view")):
            continue
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        link = _changelist_url(get_script_prefix(), site.name, label)
        if link is None:
            continue
        item = {"title": capfirst(model._meta.verbose_name_plural), "link": link}
        badge = BADGES.get(label)
        if badge and import_string(badge)(request):
            item["badge"] = badge
        by_app.setdefault(model._meta.app_label, []).append(item)
    groups = [
        {
            "title": apps.get_app_config(app_label).verbose_name,
            "items": sorted(items, key=lambda item: item["title"]),
        }
        for app_label, items in by_app.items()
    ]
    return sorted(groups, key=lambda group: group["title"].lower())
