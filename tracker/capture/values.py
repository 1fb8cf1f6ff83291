"""Small value parsers shared by every reader: text, amounts, currencies, periods, dates."""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import unicodedata
from dataclasses import dataclass

MAX_SALARY = 2**31 - 1  # the column's range
MAX_FIELD_CHARS = 200  # title, company and location columns

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
_TAG = re.compile(r"<[^>]{0,2000}>")
_SPACE = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape(text: str) -> str:
    """HTML entities decoded, also when a page escaped them twice (``&amp;amp;``)."""
    for _ in range(3):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def clean_line(value, *, limit: int = MAX_FIELD_CHARS) -> str:
    """One line of text: entities decoded, tags and control characters gone, spaces
    collapsed, cut at ``limit`` characters."""
    if value is None or isinstance(value, bool):
        return ""
    text = unescape(str(value)[: limit * 20])
    text = _TAG.sub(" ", text) if "<" in text else text
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text))
    return _SPACE.sub(" ", text).strip()[:limit].strip()


# --- Currencies ---------------------------------------------------------------------------

CODES = frozenset(
    "USD EUR GBP CAD AUD NZD INR CHF SEK NOK DKK PLN JPY SGD BRL MXN HKD ZAR ILS CZK "
    "HUF RON AED CNY KRW TWD PHP IDR MYR THB TRY ARS CLP COP PEN NGN KES EGP UAH".split()
)
# Longest first, so "CA$" wins over "$".
SYMBOLS = {
    "US$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "AU$": "AUD",
    "A$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "HK$": "HKD",
    "R$": "BRL",
    "MX$": "MXN",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "zł": "PLN",
    "₪": "ILS",
}


def currency_code(value) -> str:
    """An ISO 4217 code from a code or a symbol, or ""."""
    text = clean_line(value, limit=12).upper().replace(" ", "")
    if text in CODES:
        return text
    return SYMBOLS.get(clean_line(value, limit=12).replace(" ", ""), "")


# --- Periods ------------------------------------------------------------------------------

PERIODS = ("hour", "day", "week", "month", "year")
_PERIOD_WORDS = (
    ("hour", ("hour", "hr", "hourly", "/h")),
    ("day", ("day", "daily")),
    ("week", ("week", "wk", "weekly")),
    ("month", ("month", "mo", "monthly")),
    ("year", ("year", "yr", "annum", "annual", "annually", "yearly", "pa")),
)


def period_name(value) -> str:
    """ "hour", "day", "week", "month" or "year" from schema.org's unitText or prose."""
    text = clean_line(value, limit=40).lower()
    if not text:
        return ""
    words = re.findall(r"[a-z]+", text)
    for period, names in _PERIOD_WORDS:
        if any(word in names for word in words) or text in names:
            return period
    return ""


# --- Amounts ------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d[\d.,'\u00a0\u202f ]{0,20}")


def parse_amount(value) -> float | None:
    """A number from ``120000``, ``"120,000.00"``, ``"120.000"``, ``"$120k"``, ``"1.2M"``."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = clean_line(value, limit=60)
        match = _NUMBER.search(text)
        if not match:
            return None
        digits = match.group(0).rstrip(" ,.'\u00a0\u202f")
        number = _number(digits)
        if number is None:
            return None
        rest = text[match.start() + len(digits) :].lstrip()[:2].lower()
        if rest[:1] == "k":
            number *= 1000
        elif rest[:1] == "m" and not rest.startswith("mo"):
            number *= 1_000_000
    if number != number or number < 0 or number > MAX_SALARY:  # NaN, negative, too large
        return None
    return number


def _number(digits: str) -> float | None:
    digits = re.sub(r"[\u00a0\u202f' ]", "", digits)
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        digits = digits.replace(thousands, "").replace(decimal, ".")
    elif "," in digits or "." in digits:
        sep = "," if "," in digits else "."
        groups = digits.split(sep)
        if len(groups) > 2 or (len(groups[-1]) == 3 and groups[0] != "0"):
            digits = "".join(groups)  # thousands separators
        else:
            digits = ".".join(groups)
    try:
        return float(digits)
    except ValueError:
        return None


@dataclass(frozen=True)
class Salary:
    low: int | None = None
    high: int | None = None
    currency: str = ""
    period: str = ""

    @property
    def present(self) -> bool:
        return self.low is not None or self.high is not None


def make_salary(low, high, currency: str = "", period: str = "") -> Salary:
    """A consistent range: whole numbers, in order; either end may be open."""
    low = _whole(low) if low is not None else None
    high = _whole(high) if high is not None else None
    if low is not None and high is not None and low > high:
        low, high = high, low
    if low is None and high is None:
        return Salary()
    return Salary(low, high, currency, period)


def _whole(value: float) -> int:
    return int(math.floor(value + 0.5))  # half up: 48.5 an hour is 49


# --- Salaries in prose ----------------------------------------------------------------------

_CODE_ALT = "|".join(sorted(CODES))
_SYMBOL_ALT = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
_AMOUNT = (
    rf"(?:(?P<{{p}}pre>{_SYMBOL_ALT}|\b(?:{_CODE_ALT})\b)\s?)?"
    r"(?P<{p}num>\d{{1,3}}(?:[,.\u00a0\u202f]\d{{3}})+(?:[.,]\d{{1,2}})?|\d{{1,7}}(?:[.,]\d{{1,2}})?)"
    r"\s?(?P<{p}k>[kK](?![a-zA-Z]))?"
    rf"(?:\s?(?P<{{p}}post>{_SYMBOL_ALT}|\b(?:{_CODE_ALT})\b))?"
)
_PER = (
    r"(?:\s*(?:/|per|an?|each)\s*(?P<{p}per>hour|hr|h|day|week|wk|month|mo|year|yr|annum)\b"
    r"|\s*(?P<{p}ly>hourly|daily|weekly|monthly|annually|yearly)\b)?"
)
_SALARY = re.compile(
    _AMOUNT.format(p="a")
    + _PER.format(p="a")
    + r"(?:\s*(?:-|–|—|to|and)\s*"
    + _AMOUNT.format(p="b")
    + _PER.format(p="b")
    + r")?"
    + r"(?:\s*(?P<trail>USD|EUR|GBP|CAD|AUD)\b)?"
    + r"(?:[ \t,]*(?:gross |brutto |before tax )?(?:/|per|an?|each)\s*(?P<per>hour|hr|day|week|month|year|yr|annum)\b"
    + r"|[ \t,]*(?P<ly>hourly|daily|weekly|monthly|annually|yearly)\b)?",
)
_SALARY_WORDS = re.compile(
    r"salary|compensation|\bpay\b|pay range|base|\bwage|\bOTE\b|remuneration|rate", re.I
)


def find_salary(text: str) -> Salary:
    """The most salary-like amount or range in running text, or an empty Salary.

    A match needs a currency, and a score: a range, a period, the word "salary" (or pay,
    compensation...) just before it, a plausible yearly figure. "$5M raised" or a "$1,000
    learning budget" stay out.
    """
    best, best_score = Salary(), 2
    for match in _SALARY.finditer(text[:200_000]):
        found = _salary_from_match(match)
        if found is None:
            continue
        salary, has_range = found
        before = text[max(0, match.start() - 80) : match.start()]
        score = (
            2 * has_range
            + 2 * bool(salary.period)
            + 2 * bool(_SALARY_WORDS.search(before))
            + (salary.high is not None and 10_000 <= salary.high <= 5_000_000)
        )
        if score > best_score:
            best, best_score = salary, score
    return best


def _salary_from_match(match: re.Match) -> tuple[Salary, bool] | None:
    g = match.groupdict()
    currency = ""
    for key in ("apre", "apost", "bpre", "bpost", "trail"):
        if g.get(key):
            currency = currency or currency_code(g[key])
    if not currency:
        return None
    low = _amount(g["anum"], g["ak"])
    high = _amount(g["bnum"], g["bk"]) if g.get("bnum") else None
    if high is not None and g["ak"] is None and g["bk"] and low is not None and low < 1000:
        low *= 1000  # "$120-150k"
    period = ""
    for key in ("aper", "aly", "bper", "bly", "per", "ly"):
        if g.get(key):
            period = period or period_name(g[key])
    if low is None or (high is not None and high < low / 2):
        return None
    salary = make_salary(low, high if high is not None else low, currency, period)
    if not salary.period and (salary.high or 0) < 1000:
        if (salary.high or 0) < 5:
            return None
        salary = Salary(salary.low, salary.high, salary.currency, "hour")
    return salary, high is not None


def _amount(number: str | None, k: str | None) -> float | None:
    if not number:
        return None
    value = _number(number)
    if value is None:
        return None
    return value * 1000 if k else value


# --- Dates --------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TEXT_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%m/%d/%Y", "%B %d %Y")


def parse_date(value) -> dt.date | None:
    """A date from ISO dates and datetimes (as written, no zone shift) or common prose."""
    text = clean_line(value, limit=64)
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text).replace(".", "")
    for fmt in _TEXT_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None
