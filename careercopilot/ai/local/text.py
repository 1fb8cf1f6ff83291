"""Plain-text helpers for the local engine: tokens, lines, sentences, stems."""

from __future__ import annotations

import re
import unicodedata

TOKEN_RE = re.compile(r"\.?[A-Za-z0-9][A-Za-z0-9.#+/&'\-]*")
_TRAILING = ".-/&'"
WORD_RE = re.compile(r"[a-z][a-z'\-]+")
BULLET_RE = re.compile(r"^\s*(?:[-*•·▪◦●○■►▶–—]|\d+[.)])\s*")
NUMBER_RE = re.compile(
    r"(?:[$€£¥]\s?\d[\d,.]*\s?(?:k|m|bn|b|million|billion|thousand)?|\d[\d,.]*\s?(?:%|percent|x\b|k\b|m\b)|\b\d[\d,.]*\b)",
    re.IGNORECASE,
)
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our ours out over
    own same she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why
    will with would you your yours within across etc e.g i.e via per including include includes
    well strong ability able work working experience years year plus using use used new must
    role team teams job candidate candidates looking join help ideal you'll we're our what's
    who's required requirements preferred responsibilities qualifications bonus nice""".split()
)


def normalise(text: str) -> str:
    """NFKC, unified quotes/dashes, no control characters, one space between words."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    if not text.replace("\n", "").replace("\t", "").isprintable():
        text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return text


def tokens(text: str) -> list[str]:
    out = []
    for match in TOKEN_RE.finditer(text):
        token = match.group(0).rstrip(_TRAILING)
        if token:
            out.append(token)
    return out


def lines(text: str) -> list[str]:
    """Non-empty lines without bullet markers."""
    out = []
    for raw in normalise(text).splitlines():
        line = BULLET_RE.sub("", raw).strip()
        if line:
            out.append(line)
    return out


def is_bullet(raw_line: str) -> bool:
    return bool(BULLET_RE.match(raw_line))


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in lines(text):
        out.extend(s.strip() for s in SENTENCE_RE.split(line) if len(s.strip()) > 2)
    return out


def words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


_SUFFIXES = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("isation", "ize"),
    ("ements", "e"),
    ("ement", "e"),
    ("ments", ""),
    ("ment", ""),
    ("ities", "ity"),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ers", ""),
    ("er", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
)


def stem(word: str) -> str:
    """A small suffix stripper: mentored/mentoring/mentors -> mentor, analyses -> analys."""
    word = word.lower().strip("'-")
    if len(word) <= 4:
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)] + replacement
            if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # planned -> plan, running -> run
            if base.endswith("e") and len(base) > 4:
                base = base[:-1]  # manage/managed/managing -> manag
            return base
    if word.endswith("e") and len(word) > 4:
        return word[:-1]
    return word


def stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1}


def numbers_in(text: str) -> list[str]:
    return [m.group(0).strip() for m in NUMBER_RE.finditer(text)]


def has_metric(text: str) -> bool:
    """A quantified line: money, a percentage, a multiplier, or a count of something."""
    for value in numbers_in(text):
        digits = re.sub(r"\D", "", value)
        if not digits:
            continue
        # Bare years (2019) and bare single digits in dates are not achievements.
        if re.fullmatch(r"(19|20)\d\d", value.strip()):
            continue
        return True
    return False
