"""Reading CSV exports: encodings, header names (ours, Huntr's, Teal's), dates, statuses, salaries."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator

from .models import Status, WorkMode

# Normalised header -> our field. Headers are lower-cased with punctuation removed.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "company": ("company", "company name", "employer", "organization", "organisation"),
    "position": ("position", "job position", "job title", "title", "role", "job", "job name"),
    "status": (
        "status",
        "stage",
        "list",
        "column",
        "pipeline stage",
        "state",
        "application status",
    ),
    "posting_url": (
        "posting url",
        "url",
        "job url",
        "link",
        "job link",
        "job posting url",
        "post url",
        "job posting",
    ),
    "location": ("location", "job location", "city"),
    "work_mode": (
        "work mode",
        "remote",
        "workplace type",
        "location type",
        "work type",
        "work arrangement",
        "workplace",
    ),
    "salary_min": (
        "salary min",
        "min salary",
        "minimum salary",
        "salary minimum",
        "salary from",
        "min salary",
    ),
    "salary_max": ("salary max", "max salary", "maximum salary", "salary maximum", "salary to"),
    "salary": ("salary", "compensation", "salary range", "pay"),
    "salary_currency": ("salary currency", "currency"),
    "source": ("source", "job source", "found via", "found on", "found through"),
    "applied_on": (
        "applied on",
        "applied",
        "date applied",
        "applied date",
        "application date",
        "applied at",
    ),
    "created": (
        "date saved",
        "created",
        "date added",
        "created at",
        "added",
        "date created",
        "saved",
    ),
    "deadline": ("deadline", "application deadline", "due date", "closing date", "apply by"),
    "description": ("description", "job description", "jd"),
    "notes": ("notes", "note", "comments", "comment"),
    "tags": ("tags", "tag", "labels", "label"),
    "excitement": ("excitement", "rating", "stars", "interest", "excitement level"),
}
FIELD_LABELS = {
    "company": "Company",
    "position": "Position",
    "status": "Status",
    "posting_url": "Posting URL",
    "location": "Location",
    "work_mode": "Work mode",
    "salary_min": "Salary (min)",
    "salary_max": "Salary (max)",
    "salary": "Salary range",
    "salary_currency": "Currency",
    "source": "Source",
    "applied_on": "Applied on",
    "created": "Date saved",
    "deadline": "Deadline",
    "description": "Job description",
    "notes": "Notes",
    "tags": "Tags",
    "excitement": "Excitement",
}
_ALIAS_TO_FIELD = {alias: field for field, aliases in HEADER_ALIASES.items() for alias in aliases}

STATUS_ALIASES: dict[str, str] = {
    **{s.value: s.value for s in Status},
    **{s.label.lower(): s.value for s in Status},
    "wishlist": Status.SAVED,
    "bookmarked": Status.SAVED,
    "interested": Status.SAVED,
    "to apply": Status.SAVED,
    "saved": Status.SAVED,
    "applying": Status.APPLIED,
    "phone": Status.PHONE_SCREEN,
    "screen": Status.PHONE_SCREEN,
    "screening": Status.PHONE_SCREEN,
    "phone screen": Status.PHONE_SCREEN,
    "recruiter screen": Status.PHONE_SCREEN,
    "interview": Status.TECHNICAL,
    "interviewing": Status.TECHNICAL,
    "technical": Status.TECHNICAL,
    "final": Status.FINAL,
    "final round": Status.FINAL,
    "onsite": Status.FINAL,
    "offered": Status.OFFER,
    "negotiating": Status.OFFER,
    "hired": Status.ACCEPTED,
    "not selected": Status.REJECTED,
    "declined": Status.WITHDRAWN,
    "withdrew": Status.WITHDRAWN,
    "no response": Status.GHOSTED,
}
WORK_MODE_ALIASES = {
    "onsite": WorkMode.ONSITE,
    "on site": WorkMode.ONSITE,
    "in office": WorkMode.ONSITE,
    "office": WorkMode.ONSITE,
    "hybrid": WorkMode.HYBRID,
    "remote": WorkMode.REMOTE,
    "fully remote": WorkMode.REMOTE,
    "yes": WorkMode.REMOTE,
    "true": WorkMode.REMOTE,
    "no": WorkMode.ONSITE,
    "false": WorkMode.ONSITE,
}


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).split())


def map_headers(headers: list[str]) -> list[str | None]:
    """Our field for each column, or None for columns we ignore (the first match wins)."""
    used: set[str] = set()
    mapping: list[str | None] = []
    for header in headers:
        field = _ALIAS_TO_FIELD.get(normalise(header))
        if field in used:
            field = None
        if field:
            used.add(field)
        mapping.append(field)
    return mapping


def decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), else Windows-1252/Latin-1."""
    if b"\x00" in raw:  # anywhere: a text column cannot hold NUL (PostgreSQL refuses it)
        raise ValueError("This file looks binary, not like a CSV. Export it as CSV and try again.")
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"


def reader(text: str) -> Iterator[list[str]]:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text, newline=""), dialect)


DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
)


def parse_date(value: str) -> dt.date | None:
    """A date from the formats exports use; raises ValueError with a message for others."""
    value = (value or "").strip()
    if not value:
        return None
    head = value[:10]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", head) and (len(value) == 10 or value[10] in "T "):
        try:
            return dt.date.fromisoformat(head)
        except ValueError:
            raise ValueError(f"“{value}” is not a date we understand; use YYYY-MM-DD.") from None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})(?:\s.*)?", value)
    if match:
        first, second, year = (int(part) for part in match.groups())
        year += 2000 if year < 100 else 0
        month, day = (
            (second, first) if first > 12 else (first, second)
        )  # US order unless impossible
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise ValueError(f"“{value}” is not a date we understand; use YYYY-MM-DD.")


def parse_status(value: str) -> str:
    key = normalise(value)
    if not key:
        return Status.SAVED
    if key in STATUS_ALIASES:
        return STATUS_ALIASES[key]
    raise ValueError(f"Unknown status “{value}”. Use one of: {', '.join(s.label for s in Status)}.")


def parse_work_mode(value: str) -> str:
    key = normalise(value)
    if not key:
        return ""
    if key in WORK_MODE_ALIASES:
        return WORK_MODE_ALIASES[key]
    raise ValueError(f"Unknown work mode “{value}”; use on-site, hybrid or remote.")


def parse_amount(value: str) -> int | None:
    text = (value or "").strip().lower().replace(",", "").replace(" ", "")
    if not text:
        return None
    match = re.fullmatch(r"[^\d]*(\d+(?:\.\d+)?)(k?)[^\d]*", text)
    if not match:
        raise ValueError(f"“{value}” is not an amount.")
    number = float(match.group(1)) * (1000 if match.group(2) else 1)
    return int(round(number))


def parse_salary_range(value: str) -> tuple[int | None, int | None]:
    parts = re.split(r"\s*(?:-|–|—|to)\s*", (value or "").strip(), maxsplit=1)
    low = parse_amount(parts[0]) if parts and parts[0] else None
    high = parse_amount(parts[1]) if len(parts) > 1 else low
    return low, high


def guess_currency(value: str) -> str:
    for symbol, code in (("€", "EUR"), ("£", "GBP"), ("₹", "INR"), ("¥", "JPY"), ("$", "USD")):
        if symbol in (value or ""):
            return code
    match = re.search(r"\b([A-Z]{3})\b", value or "")
    return match.group(1) if match else ""


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """A cell that spreadsheets show as text: a leading ' defuses = + - @ formulas."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
