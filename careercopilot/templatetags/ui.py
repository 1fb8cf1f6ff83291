"""Presentation filters shared by every app's templates."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def breakable_email(email: str) -> str:
    """The address with a line-break opportunity after the "@", so a narrow column wraps
    it there instead of mid-word."""
    local, at, domain = str(email or "").partition("@")
    if not at:
        return email
    return format_html("{}@<wbr>{}", local, domain)
