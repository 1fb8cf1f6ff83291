"""Template helpers: ``{% load billing %}``.

- ``{% billing_enabled as on %}``: whether Stripe billing is configured.
- ``{% claude_available as on %}``: whether Claude is set up on this site (Premium uses it then).
- ``{% current_plan user as plan %}``: the plan in force for ``user`` (Free when signed out).
- ``{% usage_bars user %}``: the usage bars of the current period (billing/partials/usage.html).
- ``{% quota_exceeded exc %}``: the over-quota message with its upgrade link.
"""

from django import template

from ..plans import FREE
from ..selectors import billing_enabled as _billing_enabled
from ..selectors import entitlement_state, usage_for_user

register = template.Library()


@register.simple_tag
def billing_enabled() -> bool:
    return _billing_enabled()


@register.simple_tag
def claude_available() -> bool:
    from careercopilot.ai import default_engine_name

    return default_engine_name() == "anthropic"


@register.simple_tag
def current_plan(user):
    if not getattr(user, "is_authenticated", False):
        return FREE
    return entitlement_state(user).plan


@register.inclusion_tag("billing/partials/usage.html")
def usage_bars(user):
    state = entitlement_state(user)
    return {"usage": usage_for_user(user, state=state), "period_end": state.period.end}


@register.inclusion_tag("billing/partials/quota_exceeded.html")
def quota_exceeded(exc):
    return {"exc": exc}
