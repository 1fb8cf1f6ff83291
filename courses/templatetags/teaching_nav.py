"""The navigation's link to the teaching home, with how many posts and comments wait for
moderation in the courses the user teaches."""

from __future__ import annotations

from django import template

from ..selectors.teaching import held_count, teaches_any_course

register = template.Library()


@register.inclusion_tag("courses/partials/teaching_nav.html", takes_context=True)
def teaching_nav_item(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    teaches = user is not None and teaches_any_course(user)
    match = getattr(request, "resolver_match", None)
    return {
        "teaches": teaches,
        "held": held_count(user) if teaches else 0,
        "current": getattr(match, "view_name", "") in ("courses:teaching", "courses:library"),
    }
