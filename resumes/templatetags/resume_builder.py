"""Where the tracker shows the builder: ``{% sent_resumes application %}`` on an
application's page (the versions and cover letters sent with it, and its tailored versions) and
``{% resume_response_rates %}`` in the analytics."""

from __future__ import annotations

from django import template

from ..builder import selectors
from ..builder.models import BuiltResume, SentResume

register = template.Library()


@register.inclusion_tag("resumes/builder/sent_panel.html", takes_context=True)
def sent_resumes(context, application) -> dict:
    user = context["request"].user
    if application.user_id != user.pk:
        return {"application": application, "sends": [], "tailored": []}
    return {
        "application": application,
        "sends": list(
            SentResume.objects.filter(application=application).select_related(
                "resume", "cover_letter"
            )[:10]
        ),
        "tailored": list(BuiltResume.objects.filter(user=user, application=application)[:10]),
    }


@register.inclusion_tag("resumes/builder/rates_card.html", takes_context=True)
def resume_response_rates(context) -> dict:
    return {"rates": selectors.response_rate_by_version(context["request"].user)}
