"""The fields of each section as the editor shows them, and the POST that saves one.

A section form posts ``e-<index>-<field>`` for each entry (``f-<field>`` for basics).
Fields the editor does not show (kept from an import) stay as they were: nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import SECTION_LABELS


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    # text, textarea, lines (one item a line), bullets (one input each), words (comma list)
    kind: str = "text"
    hint: str = ""


DATE_HINT = "2021, 2021-04 or 2021-04-30"
BASICS = (
    Field("name", "Full name"),
    Field("label", "Headline", hint="e.g. Backend engineer"),
    Field("email", "Email", "email"),
    Field("phone", "Phone"),
    Field("url", "Website", "url", "https://…"),
    Field("location.city", "City"),
    Field("location.region", "Region or state"),
    Field("location.countryCode", "Country code", hint="e.g. US"),
    Field("summary", "Summary", "textarea"),
)
FIELDS: dict[str, tuple[Field, ...]] = {
    "work": (
        Field("position", "Job title"),
        Field("name", "Employer"),
        Field("location", "Location"),
        Field("startDate", "Start", "date", DATE_HINT),
        Field("endDate", "End", "date", "Leave empty if current"),
        Field("url", "Employer website", "url"),
        Field("summary", "Summary", "textarea"),
        Field("highlights", "Highlights", "bullets", "One accomplishment each"),
    ),
    "education": (
        Field("institution", "School"),
        Field("studyType", "Degree", hint="e.g. Bachelor"),
        Field("area", "Field of study"),
        Field("startDate", "Start", "date", DATE_HINT),
        Field("endDate", "End", "date", DATE_HINT),
        Field("score", "Grade"),
        Field("courses", "Courses", "lines", "One a line"),
    ),
    "skills": (
        Field("name", "Skill or group"),
        Field("level", "Level"),
        Field("keywords", "Keywords", "words", "Comma-separated"),
    ),
    "projects": (
        Field("name", "Project"),
        Field("description", "Description", "textarea"),
        Field("startDate", "Start", "date", DATE_HINT),
        Field("endDate", "End", "date", DATE_HINT),
        Field("url", "Link", "url"),
        Field("highlights", "Highlights", "bullets"),
        Field("keywords", "Keywords", "words", "Comma-separated"),
    ),
    "certificates": (
        Field("name", "Certificate"),
        Field("issuer", "Issuer"),
        Field("date", "Date", "date", DATE_HINT),
        Field("url", "Link", "url"),
    ),
    "awards": (
        Field("title", "Award"),
        Field("awarder", "Awarded by"),
        Field("date", "Date", "date", DATE_HINT),
        Field("summary", "Summary", "textarea"),
    ),
    "volunteer": (
        Field("position", "Role"),
        Field("organization", "Organisation"),
        Field("startDate", "Start", "date", DATE_HINT),
        Field("endDate", "End", "date", DATE_HINT),
        Field("summary", "Summary", "textarea"),
        Field("highlights", "Highlights", "bullets"),
    ),
    "publications": (
        Field("name", "Title"),
        Field("publisher", "Publisher"),
        Field("releaseDate", "Date", "date", DATE_HINT),
        Field("url", "Link", "url"),
        Field("summary", "Summary", "textarea"),
    ),
    "languages": (Field("language", "Language"), Field("fluency", "Fluency")),
    "interests": (Field("name", "Interest"), Field("keywords", "Keywords", "words")),
    "references": (Field("name", "Name"), Field("reference", "Reference", "textarea")),
}
EDITABLE = ("basics", *FIELDS)


def _get(entry: dict, name: str):
    value = entry
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _set(entry: dict, name: str, value) -> None:
    *parents, last = name.split(".")
    for part in parents:
        child = entry.get(part)
        if not isinstance(child, dict):
            if value in ("", [], None):
                return
            child = entry[part] = {}
        entry = child
    if value in ("", [], None):
        entry.pop(last, None)
    else:
        entry[last] = value


def shown(field: Field, value) -> str | list[str]:
    if field.kind == "bullets":
        return list(value or [])
    if field.kind == "lines":
        return "\n".join(value or [])
    if field.kind == "words":
        return ", ".join(value or [])
    return value if isinstance(value, str) else ""


def parsed(field: Field, raw):
    if field.kind == "bullets":
        return [line.strip() for line in raw if line.strip()]
    raw = (raw or "").replace("\r\n", "\n")
    if field.kind == "lines":
        return [line.strip() for line in raw.split("\n") if line.strip()]
    if field.kind == "words":
        return [word.strip() for word in raw.split(",") if word.strip()]
    return raw.strip()


def section_from_post(section: str, current, post) -> dict | list:
    """The section's new value: the posted fields over the current entries (unknown
    fields kept); entries ticked for removal are left out."""
    if section == "basics":
        basics = {k: v for k, v in (current or {}).items()}
        if isinstance(basics.get("location"), dict):
            basics["location"] = dict(basics["location"])
        for field in BASICS:
            _set(basics, field.name, parsed(field, post.get(f"f-{field.name}", "")))
        if basics.get("location") == {}:
            basics.pop("location")
        return basics
    entries = [dict(e) for e in current or []]
    count = min(int(post.get("count") or 0), len(entries))
    out = []
    for index in range(count):
        if post.get("delete") == str(index):
            continue
        entry = entries[index]
        for field in FIELDS[section]:
            key = f"e-{index}-{field.name}"
            raw = post.getlist(key) if field.kind == "bullets" else post.get(key, "")
            _set(entry, field.name, parsed(field, raw))
        _bullet_change(entry, index, post)
        out.append(entry)
    return out + entries[count:]


def _bullet_change(entry: dict, index: int, post) -> None:
    """A bullet moved up or down, removed, or added (``bullet=<entry>:<line>:<action>``,
    ``add_bullet=<entry>``)."""
    lines = list(entry.get("highlights") or [])
    where, _, action = post.get("bullet", "").rpartition(":")
    entry_at, _, line_at = where.partition(":")
    if entry_at == str(index) and line_at.isdigit() and int(line_at) < len(lines):
        at = int(line_at)
        target = at - 1 if action == "up" else at + 1
        if action == "remove":
            lines.pop(at)
        elif action in ("up", "down") and 0 <= target < len(lines):
            lines[at], lines[target] = lines[target], lines[at]
    if post.get("add_bullet") == str(index):
        lines.append("")
    if lines:
        entry["highlights"] = lines
    else:
        entry.pop("highlights", None)


def rows(section: str, value, errors: dict | None = None, posted=None) -> list[dict]:
    """What the template draws: per entry, its fields with values and inline errors.
    ``posted``: the user's input, shown back when it could not be saved."""
    errors = errors or {}
    if section == "basics":
        return [
            {
                "index": None,
                "fields": [
                    {
                        "field": f,
                        "id": f"f-{f.name}",
                        "value": posted.get(f"f-{f.name}", "")
                        if posted is not None
                        else shown(f, _get(value or {}, f.name)),
                        "error": errors.get((f.name.split(".")[0],)),
                    }
                    for f in BASICS
                ],
            }
        ]
    out = []
    for index, entry in enumerate(value or []):
        out.append(
            {
                "index": index,
                "title": _title(section, entry),
                "fields": [
                    {
                        "field": f,
                        "id": f"e-{index}-{f.name}",
                        "value": _posted(posted, f"e-{index}-{f.name}", f)
                        if posted is not None
                        else shown(f, _get(entry, f.name)),
                        "error": errors.get((index, f.name)),
                    }
                    for f in FIELDS[section]
                ],
            }
        )
    return out


def _posted(posted, key: str, field: Field):
    return posted.getlist(key) if field.kind == "bullets" else posted.get(key, "")


def _title(section: str, entry: dict) -> str:
    first = FIELDS[section][0].name
    second = FIELDS[section][1].name if len(FIELDS[section]) > 1 else ""
    parts = [entry.get(first), entry.get(second)]
    return ", ".join(p for p in parts if isinstance(p, str) and p) or "New entry"


def field_errors(section: str, where: list[tuple[tuple, str]]) -> dict:
    """(index, field) -> message for list sections; (field,) -> message for basics."""
    out: dict = {}
    for path, message in where:
        if not path or path[0] != section:
            continue
        rest = path[1:]
        if section == "basics":
            out.setdefault(rest[:1] or ("name",), message)
        elif len(rest) >= 2:
            out.setdefault((rest[0], rest[1]), message)
    return out


def label(section: str) -> str:
    return SECTION_LABELS[section]
