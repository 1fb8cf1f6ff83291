"""The JSON Resume v1.0.0 document (https://jsonresume.org/schema), as pydantic models.

Every object keeps the fields it does not know (the schema allows additional properties),
so an import followed by an export loses nothing. Dates are ISO 8601 (YYYY, YYYY-MM or
YYYY-MM-DD); emails and URLs are checked like the schema's ``email`` and ``uri`` formats.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
DATE_RE = re.compile(
    r"^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$"
)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$")


def _date(value: str) -> str:
    if value and not DATE_RE.match(value):
        raise ValueError("use a date like 2021, 2021-04 or 2021-04-30")
    return value


def _email(value: str) -> str:
    if value and not EMAIL_RE.match(value):
        raise ValueError("this is not an email address")
    return value


def _uri(value: str) -> str:
    if value and not URI_RE.match(value):
        raise ValueError("use a full address starting with https://")
    return value


IsoDate = Annotated[str, AfterValidator(_date)]
Email = Annotated[str, AfterValidator(_email)]
Uri = Annotated[str, AfterValidator(_uri)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class Location(_Part):
    address: str | None = None
    postalCode: str | None = None  # noqa: N815 - the schema's names
    city: str | None = None
    countryCode: str | None = None  # noqa: N815
    region: str | None = None


class Profile(_Part):
    network: str | None = None
    username: str | None = None
    url: Uri | None = None


class Basics(_Part):
    name: str | None = None
    label: str | None = None
    image: str | None = None
    email: Email | None = None
    phone: str | None = None
    url: Uri | None = None
    summary: str | None = None
    location: Location | None = None
    profiles: list[Profile] | None = None


class Work(_Part):
    name: str | None = None
    location: str | None = None
    description: str | None = None
    position: str | None = None
    url: Uri | None = None
    startDate: IsoDate | None = None  # noqa: N815
    endDate: IsoDate | None = None  # noqa: N815
    summary: str | None = None
    highlights: list[str] | None = None


class Volunteer(_Part):
    organization: str | None = None
    position: str | None = None
    url: Uri | None = None
    startDate: IsoDate | None = None  # noqa: N815
    endDate: IsoDate | None = None  # noqa: N815
    summary: str | None = None
    highlights: list[str] | None = None


class Education(_Part):
    institution: str | None = None
    url: Uri | None = None
    area: str | None = None
    studyType: str | None = None  # noqa: N815
    startDate: IsoDate | None = None  # noqa: N815
    endDate: IsoDate | None = None  # noqa: N815
    score: str | None = None
    courses: list[str] | None = None


class Award(_Part):
    title: str | None = None
    date: IsoDate | None = None
    awarder: str | None = None
    summary: str | None = None


class Certificate(_Part):
    name: str | None = None
    date: IsoDate | None = None
    url: Uri | None = None
    issuer: str | None = None


class Publication(_Part):
    name: str | None = None
    publisher: str | None = None
    releaseDate: IsoDate | None = None  # noqa: N815
    url: Uri | None = None
    summary: str | None = None


class Skill(_Part):
    name: str | None = None
    level: str | None = None
    keywords: list[str] | None = None


class Language(_Part):
    language: str | None = None
    fluency: str | None = None


class Interest(_Part):
    name: str | None = None
    keywords: list[str] | None = None


class Reference(_Part):
    name: str | None = None
    reference: str | None = None


class Project(_Part):
    name: str | None = None
    description: str | None = None
    highlights: list[str] | None = None
    keywords: list[str] | None = None
    startDate: IsoDate | None = None  # noqa: N815
    endDate: IsoDate | None = None  # noqa: N815
    url: Uri | None = None
    roles: list[str] | None = None
    entity: str | None = None
    type: str | None = None


class Meta(_Part):
    canonical: Uri | None = None
    version: str | None = None
    lastModified: str | None = None  # noqa: N815


class ResumeDocument(_Part):
    schema_: str | None = Field(default=None, alias="$schema")
    basics: Basics | None = None
    work: list[Work] | None = None
    volunteer: list[Volunteer] | None = None
    education: list[Education] | None = None
    awards: list[Award] | None = None
    certificates: list[Certificate] | None = None
    publications: list[Publication] | None = None
    skills: list[Skill] | None = None
    languages: list[Language] | None = None
    interests: list[Interest] | None = None
    references: list[Reference] | None = None
    projects: list[Project] | None = None
    meta: Meta | None = None

    model_config = ConfigDict(extra="allow", strict=True, populate_by_name=True)


# The sections the builder edits, in the order a resume shows them.
SECTIONS = (
    "work",
    "education",
    "skills",
    "projects",
    "certificates",
    "awards",
    "volunteer",
    "publications",
    "languages",
    "interests",
    "references",
)
SECTION_LABELS = {
    "basics": "Contact and summary",
    "work": "Experience",
    "education": "Education",
    "skills": "Skills",
    "projects": "Projects",
    "certificates": "Certifications",
    "awards": "Awards",
    "volunteer": "Volunteering",
    "publications": "Publications",
    "languages": "Languages",
    "interests": "Interests",
    "references": "References",
}
ITEM_MODELS: dict[str, type[_Part]] = {
    "work": Work,
    "volunteer": Volunteer,
    "education": Education,
    "awards": Award,
    "certificates": Certificate,
    "publications": Publication,
    "skills": Skill,
    "languages": Language,
    "interests": Interest,
    "references": Reference,
    "projects": Project,
}


class DocumentInvalid(ValueError):
    """A document that does not fit the schema; ``errors`` say where and why."""

    def __init__(self, errors: list[str], where: list[tuple[tuple, str]] | None = None):
        super().__init__("; ".join(errors))
        self.errors = errors
        self.where = where or []  # (path such as ("work", 0, "startDate"), message)


def _path(loc: tuple) -> tuple:
    """pydantic's location without its type tags: ("work", 0, "startDate")."""
    return tuple(
        part
        for part in loc
        if isinstance(part, int) or not str(part).startswith(("str", "list", "function"))
    )


def _where(path: tuple) -> str:
    parts = []
    for part in path:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if parts else part))
    return "".join(parts) or "the document"


def validate(data: Any) -> dict:
    """The document as stored (unknown fields kept, None left out), or DocumentInvalid."""
    if not isinstance(data, dict):
        raise DocumentInvalid(["A JSON Resume is a JSON object ({ ... }) at the top level."])
    try:
        document = ResumeDocument.model_validate(data)
    except ValidationError as exc:
        errors, where = [], []
        for error in exc.errors():
            message = error["msg"].removeprefix("Value error, ")
            path = _path(error["loc"])
            errors.append(f"{_where(path)}: {message}")
            where.append((path, message))
        raise DocumentInvalid(list(dict.fromkeys(errors))[:20], where) from None
    return document.model_dump(mode="json", by_alias=True, exclude_none=True)


def validate_item(section: str, item: Any) -> dict:
    """One entry of a section, checked like the whole document."""
    return validate({section: [item]})[section][0]
