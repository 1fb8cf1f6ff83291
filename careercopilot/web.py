"""Helpers the views of every app share (the htmx sign-in guard is
``accounts.decorators.htmx_login_required``; rate limits are ``careercopilot.ratelimit``)."""

from __future__ import annotations


def error_text(exc: Exception) -> str:
    """One line to show a person: every message of a ValidationError (field errors too),
    or the text of any other error."""
    return " ".join(getattr(exc, "messages", None) or [str(exc)])
