"""One parser for every way in (page, bookmarklet, extension, API, command line).

Sources in order of trust: schema.org JobPosting JSON-LD, then microdata, then Open Graph
(and the board's title shapes), then the readable text. Each field comes from the first
source that states it; ``source`` names the source the posting was recognised from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from . import jsonld, microdata, opengraph, text
from .document import looks_like_html, parse_document
from .schema_org import posting_fields
from .values import Salary, find_salary

SOURCES = ("jsonld", "microdata", "opengraph", "text")
FIELD_NAMES = (
    "title",
    "company",
    "location",
    "remote",
    "salary",
    "date_posted",
    "deadline",
    "description",
)


@dataclass
class CapturedPosting:
    title: str = ""
    company: str = ""
    location: str = ""
    remote: bool = False
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    salary_period: str = ""
    date_posted: dt.date | None = None
    deadline: dt.date | None = None
    description: str = ""
    source: str = "text"
    url: str = ""  # the page's own canonical address, when it states one
    field_sources: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        """The JSON shape of the command line and the API (dates as ISO strings)."""
        data = asdict(self)
        for key in ("date_posted", "deadline"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @property
    def found_anything(self) -> bool:
        return bool(self.title or self.company or self.description)


def parse_posting(page: str, *, url: str = "") -> CapturedPosting:
    """The job posting in a page's HTML (or its pasted text)."""
    page = page or ""
    host = (urlsplit(url).hostname or "") if url else ""
    if not looks_like_html(page):
        return _merge({"text": text.text_fields(page)}, primary="text")
    root = parse_document(page)
    if root is None:
        return CapturedPosting()
    by_source: dict[str, dict] = {}
    graph = jsonld.graph(root)
    if graph.postings:
        by_source["jsonld"] = posting_fields(_pick(graph.postings, url), graph.resolve)
    item = microdata.job_posting(root)
    if item is not None:
        by_source["microdata"] = posting_fields(item)
    meta = opengraph.metas(root)
    canonical = opengraph.canonical_url(root, meta)
    host = host or (urlsplit(canonical).hostname or "")
    by_source["opengraph"] = opengraph.opengraph_fields(root, meta, host=host)
    page_text = text.page_fields(root)
    title_shape = opengraph.split_title(opengraph.head_title(root), host=host)
    for key, value in title_shape.items():
        page_text.setdefault(key, value)
    if "description" not in page_text and meta.get("og:description"):
        page_text["description"] = text.tidy(meta["og:description"])
    by_source["text"] = page_text
    primary = next((name for name in SOURCES if by_source.get(name, {}).get("title")), "text")
    posting = _merge(by_source, primary=primary)
    _salary_from_description(posting)
    posting.url = by_source.get("jsonld", {}).get("url") or canonical
    return posting


def _salary_from_description(posting: CapturedPosting) -> None:
    """Many postings state the pay only in their description (pay transparency laws)."""
    if posting.salary_min is not None or posting.salary_max is not None:
        return
    found = find_salary(posting.description)
    if found.present:
        posting.salary_min, posting.salary_max = found.low, found.high
        posting.salary_currency, posting.salary_period = found.currency, found.period
        posting.field_sources["salary"] = "description"


def _pick(postings: list[dict], url: str) -> dict:
    """The posting whose url is the page's, else the first with a title."""
    if url:
        for posting in postings:
            if isinstance(posting.get("url"), str) and posting["url"].rstrip("/") == url.rstrip(
                "/"
            ):
                return posting
    return next((p for p in postings if p.get("title") or p.get("name")), postings[0])


def _merge(by_source: dict[str, dict], *, primary: str) -> CapturedPosting:
    posting = CapturedPosting(source=primary)
    for name in FIELD_NAMES:
        for source in SOURCES:
            value = by_source.get(source, {}).get(name)
            if value in (None, "", False) or (isinstance(value, Salary) and not value.present):
                continue
            posting.field_sources[name] = source
            if isinstance(value, Salary):
                posting.salary_min, posting.salary_max = value.low, value.high
                posting.salary_currency, posting.salary_period = value.currency, value.period
            else:
                setattr(posting, name, value)
            break
    return posting
