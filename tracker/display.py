"""Small presentation helpers shared by templates and the board's precomputed cards."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.html import format_html


def deadline_class(deadline: dt.date | None) -> str:
    """A pill class for a deadline: danger within 2 days, warning within a week."""
    if not deadline:
        return ""
    days = (deadline - timezone.localdate()).days
    if days < 0:
        return "pill-muted"
    if days <= 2:
        return "pill-danger"
    if days <= 7:
        return "pill-warning"
    return ""


def stars(value: int) -> str:
    """Five stars, filled up to ``value``, with a text equivalent for screen readers."""
    value = max(0, min(int(value or 0), 5))
    return format_html(
        '<span class="visually-hidden">Excitement {} of 5</span><span aria-hidden="true">{}</span>',
        value,
        "★" * value + "☆" * (5 - value),
    )


AVATAR_TONES = ("info", "success", "warning", "danger", "progress", "neutral")


def initials(company: str) -> str:
    """Up to two letters for a company's avatar: "Acme Cloud" -> "AC", "globex" -> "GL"."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in company or "").split()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[1][0]).upper()


def avatar_tone(company: str) -> str:
    """The same colour for a company on every card and every visit (a stable hash, not hash())."""
    import zlib

    key = " ".join((company or "").lower().split())
    return AVATAR_TONES[zlib.crc32(key.encode()) % len(AVATAR_TONES)]
