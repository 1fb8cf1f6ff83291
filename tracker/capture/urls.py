"""Posting addresses: cleaned for storage, and keyed so one posting is tracked once.

``normalise_url`` lower-cases the scheme and host, drops the default port, the fragment,
tracking parameters (utm_*, gclid, LinkedIn's trk/refId, Indeed's from/tk, Greenhouse's
gh_src, Lever's lever-source, ...) and a trailing slash. ``posting_key`` goes further for
matching: scheme and "www." ignored, parameters sorted, and the job id of LinkedIn and
Indeed addresses in all their forms (search panes, redirects, slugs).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    """gclid gbraid wbraid fbclid msclkid dclid yclid twclid igshid li_fat_id mc_cid mc_eid
    _hsenc _hsmi hsctatracking _ga _gl gh_src lever-source lever-origin lever-via trk
    trkinfo refid trackingid lipi ebp midtoken midsig eid otptoken src source ref referrer
    referer from tk vjs advn adid alid spm share_id sharedid""".split()
)
_LINKEDIN_ID = re.compile(r"/jobs/view/(?:[^/?#]*?-)?(\d{6,})")
_MAX_URL = 1000


def is_web_address(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _kept_params(query: str) -> list[tuple[str, str]]:
    return [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)[:50]
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith("utm_")
    ]


def normalise_url(url: str) -> str:
    """The address as stored: same posting, no tracking, consistent case; "" if not a
    web address."""
    url = (url or "").strip()[:4000]
    if not is_web_address(url):
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    scheme = parts.scheme.lower()
    if ":" in host:
        host = f"[{host}]"  # IPv6
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = urlencode(_kept_params(parts.query))
    return urlunsplit((scheme, host, path, query, ""))[:_MAX_URL]


def posting_key(url: str) -> str:
    """What two addresses of the same posting share (for matching, never shown)."""
    cleaned = normalise_url(url)
    if not cleaned:
        return ""
    parts = urlsplit(cleaned)
    host = parts.netloc.removeprefix("www.")
    params = dict(_kept_params(parts.query))
    if host.endswith("linkedin.com"):
        job_id = params.get("currentJobId") or params.get("currentjobid")
        match = _LINKEDIN_ID.search(parts.path)
        if match or (job_id and job_id.isdigit()):
            return f"linkedin.com/jobs/view/{match.group(1) if match else job_id}"
    if "indeed." in host and params.get("jk"):
        return f"{host.removeprefix('m.')}/viewjob?jk={params['jk']}"
    query = urlencode(sorted(params.items()))
    path = parts.path if parts.path != "/" else ""
    return f"{host}{path}" + (f"?{query}" if query else "")


def key_token(key: str) -> str:
    """A distinctive piece of the key (the job id, or the last part of the path) that
    any stored form of the same address contains."""
    rest = key.split("/", 1)[1] if "/" in key else ""
    pieces = [piece for piece in re.split(r"[^A-Za-z0-9_-]+", rest) if len(piece) >= 3]
    if not pieces:
        return key.split("/", 1)[0]
    return pieces[-1]


def board_name(url: str) -> str:
    """Where the posting was found, for the application's ``source``."""
    host = (urlsplit(url).hostname or "").lower()
    for fragment, name in (
        ("linkedin.", "LinkedIn"),
        ("indeed.", "Indeed"),
        ("greenhouse.io", "Greenhouse"),
        ("lever.co", "Lever"),
        ("ashbyhq.com", "Ashby"),
        ("myworkdayjobs.com", "Workday"),
        ("workday.com", "Workday"),
        ("glassdoor.", "Glassdoor"),
        ("wellfound.com", "Wellfound"),
        ("smartrecruiters.com", "SmartRecruiters"),
    ):
        if fragment in host:
            return name
    return "Company website" if host else ""
