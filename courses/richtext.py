"""Rich text for course descriptions and assignment instructions.

HTML is cleaned with nh3 when it is saved (models call ``sanitise``) and again when it
is rendered (views pass ``sanitise(...)`` output to templates), against the same
allow-list: formatting, lists, links, headings, quotes, code and simple tables.
Scripts, event handlers, styles, iframes and ``javascript:`` URLs never survive.
"""

from __future__ import annotations

import re
from html import unescape

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "blockquote",
        "br",
        "code",
        "del",
        "div",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "hr",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|h[1-6]|blockquote|pre|table|thead|tbody|tr|td|th)\b[^>]*>", re.I
)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def sanitise(html: str) -> str:
    """The HTML with everything outside the allow-list removed."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def render(html: str) -> SafeString:
    """Sanitised again at render time, then marked safe for templates."""
    return mark_safe(sanitise(html))  # noqa: S308 (cleaned against the allow-list above)


def plain_text(html: str) -> str:
    """Text only (for notifications, previews and search)."""
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", sanitise(html)))
    return _SPACE.sub(" ", unescape(text)).strip()
