"""Small helpers for tracker templates, and the dashboard widget."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from .. import display

register = template.Library()


@register.simple_tag
def days_since(moment, now=None) -> int:
    if not moment:
        return 0
    return max(((now or timezone.now()) - moment).days, 0)


@register.simple_tag
def deadline_class(deadline: dt.date | None) -> str:
    return display.deadline_class(deadline)


@register.inclusion_tag("tracker/partials/dashboard.html", takes_context=True)
def tracker_dashboard(context) -> dict:
    """The job-search card for the dashboard: weekly goal, streak and what needs doing.

    Usage: ``{% load tracker_tags %}{% tracker_dashboard %}``. A fixed number of queries.
    """
    from ..selectors.reminders import (
        deadlines_soon,
        follow_ups_due,
        goal_progress,
        interviews_tomorrow,
        preferences_for,
    )

    user = context["request"].user
    prefs = preferences_for(user)
    return {
        "goal": goal_progress(user, goal=prefs["weekly_goal"]),
        "follow_up_count": follow_ups_due(user, days=prefs["follow_up_days"]).count(),
        "deadline_count": deadlines_soon(user).count(),
        "interview_count": interviews_tomorrow(user).count(),
    }


@register.inclusion_tag("tracker/partials/onboarding.html", takes_context=True)
def onboarding_checklist(context) -> dict:
    """The new seeker's first-run checklist; renders nothing once done or dismissed."""
    from accounts.roles import STAFF_ROLES, Role
    from accounts.selectors import user_roles

    from ..selectors.onboarding import onboarding_checklist as checklist_for

    user = context["request"].user
    roles = user_roles(user)
    if roles & STAFF_ROLES and Role.SEEKER not in roles:  # teaching staff: not a job search
        return {"checklist": None}
    return {"checklist": checklist_for(user), "csrf_token": context.get("csrf_token")}


@register.filter
def status_label(value: str) -> str:
    from ..models import Status

    try:
        return Status(value).label
    except ValueError:
        return value or "—"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.simple_tag
def stars(value: int) -> str:
    return display.stars(value)
