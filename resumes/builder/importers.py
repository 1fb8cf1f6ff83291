"""Documents from outside: a JSON Resume file, a LinkedIn data export, an extracted upload.

Each returns a JSON Resume v1.0.0 document (``schema.validate``) or raises ImportProblem
with a message the user can act on.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

from careercopilot.ai.local import sections as sec
from careercopilot.ai.local.taxonomy import taxonomy

from .schema import SCHEMA_URL, DocumentInvalid, validate

MAX_JSON_BYTES = 2 * 1024 * 1024
MAX_ZIP_BYTES = 10 * 1024 * 1024
MAX_ZIP_MEMBERS = 400
MAX_CSV_BYTES = 2 * 1024 * 1024
BULLET = re.compile(r"^\s*(?:[•▪●◦·*\-–]|\d{1,2}[.)])\s+")
MONTH_YEAR = re.compile(r"^(?P<month>[A-Za-z]{3,9})\.?\s+(?P<year>[12]\d{3})$")


class ImportProblem(ValueError):
    """Why a file could not be imported; ``errors`` lists the details, if any."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.errors = errors or []


# --- JSON Resume ----------------------------------------------------------------------------
def from_json_resume(data: bytes) -> dict:
    if len(data) > MAX_JSON_BYTES:
        raise ImportProblem("This file is larger than 2 MB; a JSON Resume is much smaller.")
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportProblem("This file is not UTF-8 text. Save it as UTF-8 JSON.") from None
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            f"This is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    try:
        return validate(parsed)
    except DocumentInvalid as exc:
        raise ImportProblem(
            "This file does not follow the JSON Resume v1.0.0 schema. Nothing was imported.",
            exc.errors,
        ) from None


def to_json_resume(document: dict) -> bytes:
    out = {"$schema": SCHEMA_URL, **{k: v for k, v in document.items() if k != "$schema"}}
    return json.dumps(out, indent=2, ensure_ascii=False).encode()


# --- LinkedIn data export -------------------------------------------------------------------
def _iso(value: str) -> str:
    """'Jan 2020' -> '2020-01', '2020' -> '2020'; anything else -> ''."""
    value = (value or "").strip()
    if re.fullmatch(r"[12]\d{3}", value):
        return value
    if match := MONTH_YEAR.match(value):
        month = sec.MONTHS.get(match.group("month").lower()[:3])
        if month:
            return f"{match.group('year')}-{month:02d}"
    if re.fullmatch(r"[12]\d{3}-[01]\d(-[0-3]\d)?", value):
        return value
    return ""


def _rows(archive: zipfile.ZipFile, name: str, must_have: str) -> list[dict[str, str]]:
    """The rows of one CSV of the export (any folder, any case); [] when it is absent.
    LinkedIn puts notes above some headers: the header is the line naming ``must_have``."""
    members = [i for i in archive.infolist() if i.filename.rsplit("/", 1)[-1].lower() == name]
    if not members:
        return []
    info = members[0]
    if info.file_size > MAX_CSV_BYTES:
        raise ImportProblem(f"{name} in this export is larger than we accept (2 MB).")
    with archive.open(info) as handle:
        raw = handle.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:
        raise ImportProblem(f"{name} in this export is larger than we accept (2 MB).")
    text = raw.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if must_have in line), None)
    if start is None:
        raise ImportProblem(f"{name} does not have the columns of a LinkedIn export.")
    reader = csv.DictReader(io.StringIO("\n".join(lines[start:])))
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def _lines(text: str) -> list[str]:
    return [BULLET.sub("", line).strip() for line in (text or "").splitlines() if line.strip()]


def from_linkedin_zip(data: bytes) -> dict:
    if len(data) > MAX_ZIP_BYTES:
        raise ImportProblem("This file is larger than 10 MB. Upload the export's ZIP as is.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if len(archive.infolist()) > MAX_ZIP_MEMBERS:
            raise ImportProblem("This ZIP holds too many files to be a LinkedIn data export.")
        profile = _rows(archive, "profile.csv", "First Name")
        positions = _rows(archive, "positions.csv", "Company Name")
        education = _rows(archive, "education.csv", "School Name")
        skills = _rows(archive, "skills.csv", "Name")
        emails = _rows(archive, "email addresses.csv", "Email Address")
        phones = _rows(archive, "phonenumbers.csv", "Number")
        certifications = _rows(archive, "certifications.csv", "Name")
        languages = _rows(archive, "languages.csv", "Name")
        projects = _rows(archive, "projects.csv", "Title")
    except zipfile.BadZipFile:
        raise ImportProblem("This is not a ZIP file. Upload the ZIP LinkedIn sent you.") from None
    if not (profile or positions or education):
        raise ImportProblem(
            "This ZIP has no Profile.csv, Positions.csv or Education.csv: it does not look like "
            "a LinkedIn data export."
        )
    document: dict = {}
    basics: dict = {}
    if profile:
        person = profile[0]
        name = " ".join(p for p in (person.get("First Name"), person.get("Last Name")) if p)
        basics.update(
            name=name, label=person.get("Headline", ""), summary=person.get("Summary", "")
        )
        if location := person.get("Geo Location"):
            basics["location"] = {"city": location}
        websites = re.findall(r"https?://[^\s,\]]+", person.get("Websites", ""))
        if websites:
            basics["url"] = websites[0]
    primary = [e for e in emails if e.get("Primary", "").lower() == "yes"] or emails
    if primary and primary[0].get("Email Address"):
        basics["email"] = primary[0]["Email Address"]
    if phones and phones[0].get("Number"):
        basics["phone"] = phones[0]["Number"]
    document["basics"] = {k: v for k, v in basics.items() if v}
    document["work"] = [
        _drop_empty(
            name=row.get("Company Name", ""),
            position=row.get("Title", ""),
            location=row.get("Location", ""),
            startDate=_iso(row.get("Started On", "")),
            endDate=_iso(row.get("Finished On", "")),
            highlights=_lines(row.get("Description", "")),
        )
        for row in positions
    ]
    document["education"] = [
        _drop_empty(
            institution=row.get("School Name", ""),
            studyType=row.get("Degree Name", ""),
            startDate=_iso(row.get("Start Date", "")),
            endDate=_iso(row.get("End Date", "")),
            courses=_lines(row.get("Notes", "")),
        )
        for row in education
    ]
    names = [row["Name"] for row in skills if row.get("Name")]
    if names:
        document["skills"] = [{"name": name} for name in names]
    document["certificates"] = [
        _drop_empty(
            name=row.get("Name", ""),
            issuer=row.get("Authority", ""),
            url=row.get("Url", ""),
            date=_iso(row.get("Started On", "")),
        )
        for row in certifications
    ]
    document["languages"] = [
        _drop_empty(language=row.get("Name", ""), fluency=row.get("Proficiency", ""))
        for row in languages
    ]
    document["projects"] = [
        _drop_empty(
            name=row.get("Title", ""),
            description=row.get("Description", ""),
            url=row.get("Url", ""),
            startDate=_iso(row.get("Started On", "")),
            endDate=_iso(row.get("Finished On", "")),
        )
        for row in projects
    ]
    document = {k: v for k, v in document.items() if v}
    try:
        return validate(document)
    except DocumentInvalid as exc:  # a URL LinkedIn let through, say: keep the rest
        raise ImportProblem("Parts of this export could not be read.", exc.errors) from None


def _drop_empty(**fields) -> dict:
    return {k: v for k, v in fields.items() if v}


# --- An uploaded resume's extracted text ----------------------------------------------------
def from_extracted(text: str, sections: dict[str, str]) -> dict:
    """A best-effort draft from the offline parser's sections; the user confirms each one."""
    contact = sec.contact_details(text)
    head = [line.strip() for line in text.splitlines() if line.strip()][:3]
    basics = _drop_empty(
        name=head[0] if head and not sec.EMAIL_RE.search(head[0]) else "",
        email=contact.get("email", ""),
        phone=contact.get("phone", ""),
        summary=" ".join(_lines(sections.get("summary", ""))),
    )
    if link := contact.get("link", ""):
        basics["url"] = link if link.startswith("http") else f"https://{link}"
    if location := contact.get("location"):
        basics["location"] = {"city": location}
    document: dict = {"basics": basics}
    document["work"] = _work_from(sections.get("experience", ""))
    document["education"] = [
        _drop_empty(institution=line) for line in _lines(sections.get("education", ""))[:6]
    ]
    skill_names = list(taxonomy().find(sections.get("skills", "") or text).named)
    document["skills"] = [{"name": name} for name in skill_names]
    document["projects"] = [{"name": line} for line in _lines(sections.get("projects", ""))[:8]]
    document["certificates"] = [
        {"name": line} for line in _lines(sections.get("certifications", ""))[:8]
    ]
    document = {k: v for k, v in document.items() if v}
    try:
        return validate(document)
    except DocumentInvalid:  # an odd link: leave it out rather than lose the draft
        document["basics"].pop("url", None)
        return validate(document)


def _work_from(experience: str) -> list[dict]:
    """Roles start at a line with a date range; the lines after it are its highlights."""
    jobs: list[dict] = []
    previous = ""
    for raw in experience.splitlines():
        line = raw.strip()
        if not line:
            continue
        match = sec.DATE_RANGE_RE.search(line)
        if match:
            before = line[: match.start()].strip(" ,|-–—()")
            header = before or previous
            parts = [
                p.strip() for p in re.split(r"\s+(?:at|@)\s+|\s[|–—-]\s|,\s", header) if p.strip()
            ]
            title = parts[0] if parts else ""
            employer = parts[1] if len(parts) > 1 else ""
            if (
                not before
                and jobs
                and jobs[-1].get("highlights")
                and jobs[-1]["highlights"][-1] == previous
            ):
                jobs[-1]["highlights"].pop()  # the header line was taken as a bullet
            start = sec._parse_point(match.group("start"), end=False)
            end_word = match.group("end").lower()
            end = (
                None
                if end_word in ("present", "current", "now", "today")
                else sec._parse_point(match.group("end"), end=True)
            )
            jobs.append(
                _drop_empty(
                    position=title,
                    name=employer,
                    startDate=start.strftime("%Y-%m") if start else "",
                    endDate=end.strftime("%Y-%m") if end else "",
                    highlights=[],
                )
            )
            jobs[-1].setdefault("highlights", [])
        elif jobs:
            jobs[-1]["highlights"].append(BULLET.sub("", line))
        previous = line
    for job in jobs:
        if not job["highlights"]:
            del job["highlights"]
    return jobs
