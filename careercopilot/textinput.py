"""Free text typed by a user, checked the same way everywhere before it is stored."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def refuse_null_characters(text: str, *, what: str = "your text") -> str:
    """NUL is never valid text, and PostgreSQL cannot store it: say so instead of a 500."""
    if "\x00" in (text or ""):
        raise ValidationError(f"Remove the invalid (null) characters from {what}.")
    return text
