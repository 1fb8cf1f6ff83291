"""Automatic moderation of course feed posts and comments (E8).

Three signals, any of which flags a text for review:

- a toxicity model (``alt-profanity-check``: a linear model shipped inside the wheel),
  flagged at a probability of 0.6 or more (0.5 caught ordinary questions);
- a word list (``better-profanity``), run on the text and on normalised forms that undo
  common evasions: leetspeak (``sh1t``), spacing (``f u c k``), separators (``f.u.c.k``)
  and repeated characters (``fuuuuck``);
- spam signals: links, spam phrases, a high share of capitals, long character runs.

``moderate(text)`` returns a ``Verdict`` with the reasons; ``score`` is the highest signal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

TOXICITY_THRESHOLD = 0.6  # 0.5–0.6 flagged plain questions ("who wants to practise?")
CAPS_MIN_LETTERS = 12
CAPS_SHARE = 0.7
MAX_LINKS = 0  # any link in a course feed post is held for review

LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a",
     "$": "s", "!": "i", "|": "l", "+": "t", "€": "e"}
)  # fmt: skip
LINK = re.compile(
    r"(https?://|www\.|\b[a-z0-9-]+\.(?:com|net|org|io|co|ru|xyz|biz|info|top|ly|me)\b)",
    re.IGNORECASE,
)
SPACED = re.compile(r"\b(?:[a-z0-9@$!*](?:[\s._\-*]+|$)){3,}", re.IGNORECASE)
RUN = re.compile(r"(.)\1{2,}")
WORD = re.compile(r"[a-z0-9*]+")
LONG_RUN = re.compile(r"(.)\1{5,}")
SPAM_PHRASES = (
    "buy now", "click here", "free money", "make money fast", "work from home",
    "limited offer", "act now", "100% free", "earn $", "crypto giveaway", "dm me for",
    "cheap pills", "casino", "viagra", "followers for", "subscribe to my",
)  # fmt: skip


@dataclass(frozen=True)
class Verdict:
    flagged: bool
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0

    def as_dict(self) -> dict:
        return {"flagged": self.flagged, "reasons": self.reasons, "score": round(self.score, 3)}


@lru_cache(maxsize=1)
def _wordlist() -> tuple[frozenset[str], dict[int, tuple[str, ...]], tuple[str, ...]]:
    """better-profanity's word list as a set lookup (its own matcher costs ~3 ms a call):
    single words, single words by length (for ``*`` wildcards), and multi-word phrases."""
    from importlib.resources import files

    text = files("better_profanity").joinpath("profanity_wordlist.txt").read_text()
    words = {line.strip().lower() for line in text.splitlines() if line.strip()}
    singles = frozenset(w for w in words if " " not in w)
    by_length: dict[int, list[str]] = {}
    for word in singles:
        by_length.setdefault(len(word), []).append(word)
    phrases = tuple(sorted(w for w in words if " " in w))
    return singles, {n: tuple(ws) for n, ws in by_length.items()}, phrases


def _masked_match(token: str, candidates: tuple[str, ...]) -> bool:
    """``f*ck`` matches ``fuck``: a ``*`` stands for any one letter."""
    return token.strip("*") != "" and any(
        all(t in ("*", c) for t, c in zip(token, word, strict=True)) for word in candidates
    )


def has_profanity(forms: list[str]) -> bool:
    singles, by_length, phrases = _wordlist()
    for form in forms:
        tokens = WORD.findall(form)
        for token in tokens:
            if token in singles:
                return True
            if "*" in token and _masked_match(token, by_length.get(len(token), ())):
                return True
        joined = f" {' '.join(tokens)} "
        if any(f" {phrase} " in joined for phrase in phrases):
            return True
    return False


def _toxicity(texts: list[str]) -> float:
    from profanity_check import predict_prob

    return float(max(predict_prob(texts)))


def variants(text: str) -> list[str]:
    """The text and its de-obfuscated forms (leetspeak, spacing, repeats)."""
    lower = text.lower()
    leet = lower.translate(LEET)
    joined = SPACED.sub(lambda m: re.sub(r"[\s._\-*]+", "", m.group(0)) + " ", leet)
    once = RUN.sub(r"\1", joined)
    twice = RUN.sub(r"\1\1", joined)
    seen: list[str] = []
    for item in (lower, leet, joined, once, twice):
        if item not in seen:
            seen.append(item)
    return seen


def spam_reasons(text: str) -> list[str]:
    reasons = []
    links = len(LINK.findall(text))
    if links > MAX_LINKS:
        reasons.append("link")
    lower = text.lower()
    if any(phrase in lower for phrase in SPAM_PHRASES):
        reasons.append("spam phrase")
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= CAPS_MIN_LETTERS:
        share = sum(ch.isupper() for ch in letters) / len(letters)
        if share >= CAPS_SHARE:
            reasons.append("capitals")
    if LONG_RUN.search(text):
        reasons.append("repeated characters")
    return reasons


def moderate(text: str) -> Verdict:
    text = (text or "").strip()
    if not text:
        return Verdict(False)
    forms = variants(text)
    reasons: list[str] = []
    score = _toxicity(forms)
    if score >= TOXICITY_THRESHOLD:
        reasons.append("toxicity")
    if has_profanity(forms):
        reasons.append("profanity")
        score = max(score, 1.0)
    spam = spam_reasons(text)
    if spam:
        reasons.extend(spam)
        score = max(score, 0.9)
    return Verdict(bool(reasons), reasons, score)
