"""Spam signals. Links are normal in a career course, so no single weak signal holds a
post: a post is spam when its signals add up to ``SPAM_POINTS`` (a strong spam phrase
counts two; a link, a weak phrase, a throwaway domain or link shortener count one each,
and shouting (capitals, a long run of one character) one in all)."""

from __future__ import annotations

import re

SPAM_POINTS = 2
CAPS_MIN_LETTERS = 12
CAPS_SHARE = 0.7

LINK = re.compile(
    r"(https?://\S+|www\.\S+|\b[a-z0-9-]+\.(?:com|net|org|io|co|ru|xyz|biz|info|top|ly|me|"
    r"click|link|online|site|shop|loan|win|bid|vip|cn|tk)\b\S*)",
    re.IGNORECASE,
)
THROWAWAY_DOMAIN = re.compile(
    r"\.(?:xyz|top|click|loan|win|bid|tk|gq|ml|cf)\b|"
    r"\b(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly)\b",
    re.IGNORECASE,
)
LONG_RUN = re.compile(r"(.)\1{5,}")
STRONG_PHRASES = (
    "free money",
    "make money fast",
    "crypto giveaway",
    "cheap pills",
    "viagra",
    "cialis",
    "online casino",
    "casino bonus",
    "earn $",
    "double your money",
    "guaranteed income",
    "buy followers",
    "followers for",
    "essay writing service",
    "we write your essay",
    "pay someone to do",
    "adult dating",
    "hot singles",
)
WEAK_PHRASES = (
    "buy now",
    "click here",
    "limited offer",
    "limited time offer",
    "act now",
    "100% free",
    "dm me for",
    "subscribe to my",
    "follow me for",
    "check my profile",
    "whatsapp me",
    "telegram me",
    "order now",
    "discount code",
    "promo code",
)


def spam_signals(text: str) -> tuple[int, list[str]]:
    """Points and the evidence behind them."""
    lower = text.lower()
    evidence: list[str] = []
    points = 0
    strong = [p for p in STRONG_PHRASES if _has_phrase(lower, p)]
    weak = [p for p in WEAK_PHRASES if _has_phrase(lower, p)]
    if strong or weak:
        evidence.append("spam phrase")
        points += 2 * len(strong) + len(weak)
    links = LINK.findall(text)
    if links:
        evidence.append("link")
        points += 1
        if THROWAWAY_DOMAIN.search(text):
            evidence.append("throwaway domain")
            points += 1
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= CAPS_MIN_LETTERS:
        if sum(ch.isupper() for ch in letters) / len(letters) >= CAPS_SHARE:
            evidence.append("capitals")
    if LONG_RUN.search(text):
        evidence.append("repeated characters")
    if "capitals" in evidence or "repeated characters" in evidence:
        points += 1  # shouting counts once, however loud
    return points, evidence


def _has_phrase(lower: str, phrase: str) -> bool:
    at = lower.find(phrase)
    while at >= 0:
        before = lower[at - 1] if at else " "
        end = at + len(phrase)
        after = lower[end] if end < len(lower) else " "
        if not before.isalnum() and (not after.isalnum() or not phrase[-1].isalnum()):
            return True
        at = lower.find(phrase, at + 1)
    return False
