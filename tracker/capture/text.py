"""The readable-text fallback: a page (or pasted text) with no structured data.

From the page: the <h1> for the title; elements whose class, id or test id name the
company, location or salary (what Lever, LinkedIn, Indeed and most career sites render);
labelled lines ("Location: Berlin"); then the main text as the description, where a
salary range in prose is found too.
"""

from __future__ import annotations

import re

from .document import MAX_TEXT_CHARS, element_text, tidy
from .schema_org import REMOTE_WORD
from .values import MAX_FIELD_CHARS, clean_line, find_salary, parse_date

MAX_HINTS = 400
_HINT_ATTRS = ("class", "id", "data-testid", "data-qa", "data-automation-id", "data-test")
_HINTS = {
    "company": re.compile(r"company|employer|org-name|hiring-?org|organization-name|brand", re.I),
    "location": re.compile(r"location|job-?place|address|primary-description|flavor--bullet", re.I),
    "salary": re.compile(r"salary|compensation|pay-?range|pay\b|wage", re.I),
    "title": re.compile(r"job-?title|posting-?title|position-?title|jobtitle", re.I),
}
_NOT_HINT = re.compile(
    r"logo|icon|img|avatar|filter|search|nav|menu|similar|related|footer|apply", re.I
)
_LABELS = {
    "title": re.compile(r"^(?:job title|position|role|title)\s*[:：]\s*(.+)$", re.I),
    "company": re.compile(
        r"^(?:company|employer|organi[sz]ation|hiring company)\s*[:：]\s*(.+)$", re.I
    ),
    "location": re.compile(
        r"^(?:location|locations|job location|based in|office|where)\s*[:：]\s*(.+)$", re.I
    ),
    "deadline": re.compile(
        r"^(?:apply by|deadline|closing date|applications close|application deadline)\s*[:：]?\s*(.+)$",
        re.I,
    ),
    "date_posted": re.compile(
        r"^(?:posted|date posted|posted on|published)\s*[:：]?\s*(.+)$", re.I
    ),
}
_MAIN = (
    ".//main",
    ".//*[@role='main']",
    ".//article",
    ".//*[contains(@class, 'job-description')]",
    ".//*[contains(@id, 'job-description')]",
    ".//*[contains(@class, 'description')]",
    ".//body",
)


def page_fields(root) -> dict:
    """Fields from the page's elements and text; only what was found."""
    fields: dict = {}
    h1 = root.find(".//h1")
    if h1 is not None:
        title = clean_line(h1.text_content())
        if 2 <= len(title) <= 150:
            fields["title"] = _strip_title_suffix(title)
    for name, value in _hinted(root).items():
        fields.setdefault(name, value)
    main = _main_element(root)
    text = element_text(main) if main is not None else ""
    for name, value in text_fields(text).items():
        if name == "title" and "title" in fields:
            continue
        fields.setdefault(name, value)
    return fields


def text_fields(text: str) -> dict:
    """Fields from plain text: labelled lines, a salary in prose, the text itself."""
    text = tidy(text, limit=MAX_TEXT_CHARS)
    fields: dict = {}
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:300]:
        for name, label in _LABELS.items():
            if name in fields:
                continue
            match = label.match(line)
            if match and len(match.group(1)) <= MAX_FIELD_CHARS:
                value = match.group(1).strip()
                if name in ("deadline", "date_posted"):
                    when = parse_date(value)
                    if when:
                        fields[name] = when
                else:
                    fields[name] = clean_line(value)
    if lines and "title" not in fields and len(lines[0]) <= 120:
        fields["title"] = _strip_title_suffix(clean_line(lines[0]))
    if len(lines) > 1 and " · " in lines[1] and len(lines[1]) <= 300:
        # "Company · Location · 1 week ago" under the title (LinkedIn, copied)
        pieces = [clean_line(piece) for piece in lines[1].split(" · ")]
        fields.setdefault("company", pieces[0])
        if len(pieces) > 1 and not re.search(r"\bago\b|applicant", pieces[1]):
            fields.setdefault("location", pieces[1])
    if "location" in fields:
        fields["location"] = fields["location"].split(" · ")[0].strip()
    head = "\n".join(line for line in lines[:12] if len(line) <= 60)
    if REMOTE_WORD.search(fields.get("location", "")) or re.search(
        r"^(?:remote|fully remote|remote[ -]first|100% remote)\b", head, re.I | re.M
    ):
        fields["remote"] = True
    salary = find_salary(text)
    if salary.present:
        fields["salary"] = salary
    if text:
        fields["description"] = text
    return fields


def _strip_title_suffix(title: str) -> str:
    return re.sub(r"\s*[-–|]\s*job post$", "", title, flags=re.I).strip()


def _hinted(root) -> dict:
    """Short texts of elements whose class/id/test id names a field."""
    found: dict = {}
    for count, element in enumerate(root.iter()):
        if count > 20_000 or len(found) == len(_HINTS):
            break
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "meta", "link"):
            continue
        hint = " ".join(element.get(attr) or "" for attr in _HINT_ATTRS)
        if not hint.strip() or _NOT_HINT.search(hint):
            continue
        for name, pattern in _HINTS.items():
            if name in found or not pattern.search(hint):
                continue
            value = clean_line(element.text_content(), limit=400)
            if name == "salary":
                salary = find_salary(value)
                if salary.present:
                    found[name] = salary
                continue
            if name == "location":
                value = value.split(" · ")[0].strip()
                value = re.sub(r"^(?:location|locations)\s*[:：]?\s*", "", value, flags=re.I)
            if name == "company":
                value = re.sub(r"^(?:at|company)\s*[:：]?\s+", "", value, flags=re.I)
            if 2 <= len(value) <= 120 and not _NOT_HINT.fullmatch(value):
                found[name] = value
    return found


def _main_element(root):
    for path in _MAIN:
        candidates = root.findall(path) if "contains" not in path else root.xpath(path)
        best = None
        for element in candidates[:20]:
            size = len(element.text_content())
            if size >= 200 and (best is None or size > best[0]):
                best = (size, element)
        if best is not None:
            return best[1]
    return root
