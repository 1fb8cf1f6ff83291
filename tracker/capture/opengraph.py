"""Open Graph and the page's own head: og:title and the titles job boards write.

Boards put the job in their titles in known shapes, for example
"Acme hiring Data Engineer in Austin, TX | LinkedIn", "Data Engineer - Acme - Austin, TX -
Indeed.com", "Job Application for Data Engineer at Acme" (Greenhouse) and "Acme - Data
Engineer" (Lever); these are split into title, company and location.
"""

from __future__ import annotations

import re

from .values import clean_line

MAX_METAS = 500
BOARD_NAMES = frozenset(
    "linkedin indeed indeed.com greenhouse lever ashby workday glassdoor ziprecruiter monster "
    "wellfound angellist careers jobs smartrecruiters jobvite workable bamboohr recruitee "
    "myworkdayjobs otta welcome to the jungle dice stepstone totaljobs reed seek".split()
)
_SHAPES = [
    re.compile(
        r"^(?P<company>.+?) hiring (?P<title>.+?) in (?P<location>.+?)(?:\s*\|\s*LinkedIn)?$", re.I
    ),
    re.compile(
        r"^(?P<title>.+?) - (?P<company>[^-]+?) - (?P<location>.+?) [-|] Indeed(?:\.com)?$", re.I
    ),
    re.compile(r"^(?P<title>.+?) - (?P<company>[^-]+?) [-|] Indeed(?:\.com)?$", re.I),
    re.compile(r"^Job Application for (?P<title>.+?) at (?P<company>.+)$", re.I),
    re.compile(r"^(?P<title>.+?) (?:job )?at (?P<company>[^|–—]+?)(?:\s*[|–—].*)?$"),
]
_LEVER = re.compile(r"^(?P<company>.+?) [-–—] (?P<title>.+)$")
_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|·)\s+")


def metas(root) -> dict[str, str]:
    """``<meta property|name=... content=...>``, first of each, keys lower-cased."""
    found: dict[str, str] = {}
    for count, meta in enumerate(root.iter("meta")):
        if count >= MAX_METAS:
            break
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = meta.get("content")
        if key and content and key not in found:
            found[key] = content[:5000]
    return found


def head_title(root) -> str:
    title = root.find(".//title")
    return clean_line(title.text_content()) if title is not None else ""


def canonical_url(root, meta: dict[str, str]) -> str:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            href = (link.get("href") or "").strip()
            if href.startswith(("http://", "https://")):
                return href[:1000]
    url = (meta.get("og:url") or "").strip()
    return url[:1000] if url.startswith(("http://", "https://")) else ""


def is_board(name: str) -> bool:
    return clean_line(name).lower() in BOARD_NAMES


def split_title(raw: str, *, site_name: str = "", host: str = "") -> dict[str, str]:
    """Title, company and location from a page or og:title in a board's known shape."""
    text = re.sub(r"^\(\d+\)\s*", "", clean_line(raw))  # "(4) " unread notifications
    if not text or is_board(text):
        return {}
    if host.endswith("lever.co") and (match := _LEVER.match(text)):
        return _clean(match.groupdict())
    for shape in _SHAPES:
        match = shape.match(text)
        if match:
            return _clean(match.groupdict())
    parts = [part for part in _SEPARATORS.split(text) if part]
    if len(parts) > 1:
        site = clean_line(site_name).lower()
        rest = [p for p in parts if p.lower() != site and not is_board(p)]
        fields = {"title": rest[0] if rest else parts[0]}
        if site and site in (p.lower() for p in parts) and not is_board(site_name):
            fields["company"] = clean_line(site_name)
        elif len(rest) == 2 and rest[0] != rest[1]:
            fields["company"] = rest[1]
        return _clean(fields)
    return {"title": text}


def _clean(fields: dict) -> dict[str, str]:
    return {key: clean_line(value) for key, value in fields.items() if value and clean_line(value)}


def opengraph_fields(root, meta: dict[str, str], *, host: str = "") -> dict:
    """What og:title (or twitter:title) and og:site_name say, or {} without them."""
    title = meta.get("og:title") or meta.get("twitter:title") or ""
    if not clean_line(title) or is_board(title):
        return {}
    site_name = meta.get("og:site_name") or ""
    fields: dict = split_title(title, site_name=site_name, host=host)
    if "company" not in fields and site_name and not is_board(site_name):
        company = clean_line(site_name)
        if company.lower() != fields.get("title", "").lower():
            fields["company"] = company
    return fields
