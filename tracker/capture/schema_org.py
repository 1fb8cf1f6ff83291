"""The fields of a schema.org JobPosting, from JSON-LD or microdata (same vocabulary).

https://schema.org/JobPosting and Google's job posting structured data guide: title,
hiringOrganization, jobLocation (Place → PostalAddress), jobLocationType TELECOMMUTE with
applicantLocationRequirements, baseSalary (MonetaryAmount → QuantitativeValue with
unitText), datePosted, validThrough, description (HTML).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .document import html_to_text
from .values import (
    MAX_FIELD_CHARS,
    Salary,
    clean_line,
    currency_code,
    find_salary,
    make_salary,
    parse_amount,
    parse_date,
    period_name,
)

Resolve = Callable[[Any], Any]
REMOTE_WORD = re.compile(r"\b(?:remote|telecommute|work from home|wfh)\b", re.I)
MAX_LOCATIONS = 10


def _items(value: Any, resolve: Resolve) -> list[Any]:
    values = value if isinstance(value, list) else [value]
    return [resolve(item) for item in values[:50] if item not in (None, "", [], {})]


def _first(value: Any, resolve: Resolve) -> Any:
    items = _items(value, resolve)
    return items[0] if items else None


def text_of(value: Any, resolve: Resolve = lambda v: v) -> str:
    """A name: the string itself, or a node's ``name`` (or ``@value``)."""
    value = _first(value, resolve)
    if isinstance(value, dict):
        for key in ("name", "@value", "legalName", "alternateName"):
            if value.get(key):
                return text_of(value[key], resolve)
        return ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return clean_line(value)
    return ""


def posting_fields(node: dict, resolve: Resolve = lambda v: v) -> dict[str, Any]:
    """The fields this JobPosting states; those it does not state are left out."""
    fields: dict[str, Any] = {}
    title = text_of(node.get("title"), resolve) or text_of(node.get("name"), resolve)
    if title:
        fields["title"] = title
    company = text_of(node.get("hiringOrganization"), resolve)
    if company:
        fields["company"] = company
    places = location_names(node.get("jobLocation"), resolve)
    remote = is_remote(node)
    if not places and remote:
        places = [
            text_of(item, resolve)
            for item in _items(node.get("applicantLocationRequirements"), resolve)
        ]
    location = join_locations(places)
    if location:
        fields["location"] = location
    if remote or REMOTE_WORD.search(location):
        fields["remote"] = True
    salary = salary_of(node, resolve)
    if salary.present:
        fields["salary"] = salary
    for key, name in (("datePosted", "date_posted"), ("validThrough", "deadline")):
        when = parse_date(_first(node.get(key), resolve))
        if when:
            fields[name] = when
    description = node.get("description")
    if isinstance(description, list):
        description = " ".join(d for d in description[:20] if isinstance(d, str))
    text = html_to_text(description) if isinstance(description, str) else ""
    if text:
        fields["description"] = text
    url = _first(node.get("url"), resolve)
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        fields["url"] = url.strip()[:1000]
    return fields


def is_remote(node: dict) -> bool:
    kinds = node.get("jobLocationType")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(
        isinstance(kind, str) and kind.strip().upper() in ("TELECOMMUTE", "REMOTE")
        for kind in kinds
    )


def location_names(value: Any, resolve: Resolve) -> list[str]:
    names = []
    for place in _items(value, resolve)[:MAX_LOCATIONS]:
        name = place_name(place, resolve)
        if name:
            names.append(name)
    return names


def place_name(place: Any, resolve: Resolve) -> str:
    """ "Locality, Region, Country" from a Place, a PostalAddress or a plain string."""
    if isinstance(place, str):
        return clean_line(place)
    if not isinstance(place, dict):
        return ""
    address = resolve(place.get("address")) if "address" in place else place
    if isinstance(address, list):
        address = _first(address, resolve)
    if isinstance(address, str):
        return clean_line(address)
    if not isinstance(address, dict):
        return text_of(place, resolve)
    parts: list[str] = []
    seen: set[str] = set()
    for key in ("addressLocality", "addressRegion", "addressCountry"):
        part = text_of(address.get(key), resolve)
        for piece in (p.strip() for p in part.split(",")):
            if piece and piece.lower() not in seen:
                seen.add(piece.lower())
                parts.append(piece)
    if parts:
        return ", ".join(parts)
    return text_of(place, resolve)


def join_locations(names: list[str]) -> str:
    unique: list[str] = []
    for name in names:
        if name and name.lower() not in (u.lower() for u in unique):
            unique.append(name)
    return "; ".join(unique)[:MAX_FIELD_CHARS].strip()


def salary_of(node: dict, resolve: Resolve) -> Salary:
    """baseSalary (or estimatedSalary): a MonetaryAmount, a number or a phrase."""
    for key in ("baseSalary", "estimatedSalary", "salary"):
        amount = _first(node.get(key), resolve)
        if amount is None:
            continue
        fallback_currency = currency_code(text_of(node.get("salaryCurrency"), resolve))
        salary = _monetary_amount(amount, fallback_currency, resolve)
        if salary.present:
            return salary
    return Salary()


def _monetary_amount(amount: Any, currency: str, resolve: Resolve) -> Salary:
    if isinstance(amount, str):
        found = find_salary(amount)
        if found.present:
            return found
        value = parse_amount(amount)
        return make_salary(value, value, currency) if value is not None else Salary()
    if isinstance(amount, int | float) and not isinstance(amount, bool):
        value = parse_amount(amount)
        return make_salary(value, value, currency) if value is not None else Salary()
    if not isinstance(amount, dict):
        return Salary()
    currency = currency_code(text_of(amount.get("currency"), resolve)) or currency
    value = resolve(amount.get("value"))
    if isinstance(value, list):
        value = _first(value, resolve)
    holder = value if isinstance(value, dict) else amount
    unit = text_of(holder.get("unitText"), resolve) or text_of(amount.get("unitText"), resolve)
    period = period_name(unit)
    low = parse_amount(_first(holder.get("minValue"), resolve))
    high = parse_amount(_first(holder.get("maxValue"), resolve))
    if low is None and high is None:
        single = holder.get("value") if isinstance(value, dict) else value
        single = _first(single, resolve)
        if isinstance(single, str):
            found = find_salary(single if currency == "" else f"{currency} {single}")
            if found.present:
                return Salary(
                    found.low, found.high, found.currency or currency, period or found.period
                )
        low = high = parse_amount(single)
    if low is None and high is None:
        # A distribution (estimatedSalary): its percentiles or median.
        low = parse_amount(_first(holder.get("percentile10"), resolve))
        high = parse_amount(_first(holder.get("percentile90"), resolve))
        if low is None and high is None:
            low = high = parse_amount(_first(holder.get("median"), resolve))
    if low is None and high is None:
        return Salary()
    return make_salary(low, high, currency, period)
