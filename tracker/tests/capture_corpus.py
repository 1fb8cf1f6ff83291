"""The saved posting pages in fixtures/postings/ and how a parse is scored against them.

Each page ``<name>.html`` (or ``.txt`` for pasted text) has a sidecar ``<name>.json``:
``{"shape": ..., "url": ..., "expected": {field: value}, "description_contains": [...]}``.
Used by the parser tests and by bench/capture_bench.py.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "postings"
TEXT_FIELDS = ("title", "company", "location")
SALARY_FIELDS = ("salary_min", "salary_max", "salary_currency")


@dataclass(frozen=True)
class Fixture:
    name: str
    page: str
    url: str
    shape: str
    expected: dict
    description_contains: tuple[str, ...]

    @property
    def has_salary(self) -> bool:
        return (
            self.expected.get("salary_min") is not None
            or self.expected.get("salary_max") is not None
        )


def fixtures() -> list[Fixture]:
    found = []
    for sidecar in sorted(FIXTURES.glob("*.json")):
        page_path = next(
            path
            for path in (sidecar.with_suffix(".html"), sidecar.with_suffix(".txt"))
            if path.exists()
        )
        data = json.loads(sidecar.read_text())
        found.append(
            Fixture(
                name=sidecar.stem,
                page=page_path.read_text(encoding="utf-8"),
                url=data.get("url", ""),
                shape=data["shape"],
                expected=data["expected"],
                description_contains=tuple(data.get("description_contains", ())),
            )
        )
    return found


def same_text(got, want) -> bool:
    """Equal up to case, Unicode form, spacing and trailing punctuation."""

    def norm(value) -> str:
        text = unicodedata.normalize("NFKC", str(value or "")).casefold()
        return re.sub(r"\s+", " ", text).strip(" .,;")

    return norm(got) == norm(want)


def field_results(fixture: Fixture, parsed: dict) -> dict[str, bool]:
    """Per scored field, whether the parse got it right. Salary is one field (min, max
    and currency together); it and the dates are scored where the posting states them."""
    want = fixture.expected
    results = {name: same_text(parsed.get(name), want.get(name)) for name in TEXT_FIELDS}
    results["remote"] = bool(parsed.get("remote")) == bool(want.get("remote"))
    if fixture.has_salary:
        results["salary"] = all(
            parsed.get(k) == want.get(k) for k in ("salary_min", "salary_max")
        ) and same_text(parsed.get("salary_currency"), want.get("salary_currency"))
        if "salary_period" in want:
            results["salary"] = (
                results["salary"] and parsed.get("salary_period") == want["salary_period"]
            )
    else:
        results["no_false_salary"] = (
            parsed.get("salary_min") is None and parsed.get("salary_max") is None
        )
    for name in ("date_posted", "deadline"):
        if want.get(name):  # scored where the page states one, like the salary
            results[name] = parsed.get(name) == want[name]
    if "source" in want:
        results["source"] = parsed.get("source") == want["source"]
    description = parsed.get("description") or ""
    results["description"] = all(phrase in description for phrase in fixture.description_contains)
    return results
