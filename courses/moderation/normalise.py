"""Forms of a text with common evasions undone, and word-list lookup on them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .lexicon import Table, alternation, words

LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
        "+": "t",
        "€": "e",
    }
)
QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})
# Letters from other scripts that look Latin ("fuсk" with a Cyrillic с), and characters
# that show nothing (zero-width spaces, soft hyphens), as used to slip past word lists.
LOOKALIKES = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ѕ": "s",
        "ј": "j",
        "ԁ": "d",
        "ɡ": "g",
        "ո": "n",
        "ս": "u",
        "ı": "i",
        "α": "a",
        "ο": "o",
        "ν": "v",
        "τ": "t",
        "κ": "k",
        "ι": "i",
        "υ": "u",
        "ε": "e",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
    }
)
SPACED = re.compile(r"\b(?:[a-z0-9@$!*](?:[\s._\-*]+|$)){3,}", re.IGNORECASE)
RUN = re.compile(r"(.)\1{2,}")
WORD = re.compile(r"[a-z0-9*]+")
HASHTAG = re.compile(r"#(\w+)")
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def plain_letters(text: str) -> str:
    """Accents dropped, look-alike letters of other scripts read as Latin, invisible
    characters removed: "fùck", "fuсk" and "f\u200buck" all read "fuck"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LOOKALIKES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def split_hashtags(text: str) -> str:
    """``#LyingSkank`` reads as "lying skank"."""
    return HASHTAG.sub(lambda m: CAMEL.sub(" ", m.group(1)), text)


# Capitalised words beside a listed word that make no name of it ("You Dick", "Big Dick").
NOT_NAMES = frozenset(
    """a an the you your ur u my his her our their this that what such big fat old little
    small huge stupid dumb limp head face move total lazy""".split()
)
_NAME_BEFORE = re.compile(r"([A-Z][a-z]+)\.?[\s-]*$")
_NAME_AFTER = re.compile(r"(?:'s)?(?:[\s-]+v\.)?[\s-]*([A-Z][a-z]+)")


def without_names(text: str) -> str:
    """A listed word written as part of someone's name ("Dick Durbin", "#DickDurbin",
    "Cumming v. Board", "Moby Dick") reads as "Name"; alone or beside "you" it stays."""
    listed = "|".join(word.capitalize() for word in words("name_words"))
    out, position = [], 0
    for match in re.finditer(rf"(?<![\w'])(?:{listed})(?![a-z])", text):
        before = _NAME_BEFORE.search(text[: match.start()])
        after = _NAME_AFTER.match(text[match.end() :])
        neighbours = [m.group(1).lower() for m in (before, after) if m]
        if any(neighbour not in NOT_NAMES for neighbour in neighbours):
            out.append(text[position : match.start()] + "Name")
            position = match.end()
    return "".join(out) + text[position:]


def variants(text: str) -> list[str]:
    """The text in lower case and its de-obfuscated forms: look-alike letters (``fuсk``),
    leetspeak (``sh1t``), spacing (``f u c k``), separators (``f.u.c.k``) and repeated
    characters (``fuuuck``)."""
    lower = plain_letters(split_hashtags(text).lower()).translate(QUOTES)
    leet = lower.translate(LEET)
    joined = SPACED.sub(lambda m: re.sub(r"[\s._\-*]+", "", m.group(0)) + " ", leet)
    once = RUN.sub(r"\1", joined)
    twice = RUN.sub(r"\1\1", joined)
    return list(dict.fromkeys((lower, leet, joined, once, twice)))


def _masked_match(token: str, candidates: tuple[str, ...]) -> bool:
    """``f*ck`` matches ``fuck``: a ``*`` stands for any one letter. At least three letters
    must show, and more letters than stars, so ``b****`` or ``**she`` match nothing."""
    letters = len(token) - token.count("*")
    return (
        token[0] != "*"
        and letters >= 3
        and letters > token.count("*")
        and any(all(t in ("*", c) for t, c in zip(token, word, strict=True)) for word in candidates)
    )


def _plural_of_listed(token: str, singles: frozenset[str]) -> bool:
    """``bastards`` for ``bastard``; not ``assess`` for ``asses``."""
    return len(token) > 3 and token[-1] == "s" and token[-2] != "s" and token[:-1] in singles


def find_listed(forms: list[str], table: Table) -> str | None:
    """The first entry of a word table found as a whole word in any of the forms."""
    singles, by_length, phrases = table
    for form in forms:
        tokens = WORD.findall(form)
        for token in tokens:
            if token in singles or _plural_of_listed(token, singles):
                return token
            if "*" in token and _masked_match(token, by_length.get(len(token), ())):
                return token
        joined = f" {' '.join(tokens)} "
        for phrase in phrases:
            if f" {phrase} " in joined:
                return phrase
    return None


# Ordinary uses of words the toxicity model reads as toxic on their own: a form field
# ("Sex: male"), insults aimed at oneself ("I felt like an idiot", "stupid mistake on my
# part") or denied ("not an idiot"), idioms ("a hell of a lecture", "hell yes", "idiot-proof") and crimes in a report of a court
# case. They are neutralised before the model reads the text; nothing here hides an insult
# aimed at someone else.
_SELF_INSULT = (
    r"idiot|moron|fool|dummy|stupid|dumb|dumbass|klutz|mess|loser|failure|"
    r"disaster|wreck|joke|clown"
)
BENIGN = [
    (re.compile(r"\b(?:sex|gender)\s*[:=/]\s*", re.IGNORECASE), "field: "),
    (
        re.compile(
            rf"\b(?:i|i'm|im|i am|i was|i felt|i feel|i look|i looked|i sound|i sounded|"
            rf"made me|makes me|make me)(?:\s+(?:like|such|so|a|an|total|complete|"
            rf"bit|of|real|absolute|little|kind|sort))*\s+(?:{_SELF_INSULT})\b",
            re.IGNORECASE,
        ),
        "I was unsure",
    ),
    (
        re.compile(
            r"\b(?:stupid|dumb|silly|idiotic)\s+(?:mistake|question|error|typo|bug|"
            r"me|of\s+me)\b|\bmy\s+(?:own\s+)?(?:stupid|dumb|idiotic)\b",
            re.IGNORECASE,
        ),
        "small slip",
    ),
    (
        re.compile(
            rf"\b(?:not|never|no)\s+(?:(?:a|an|such\s+an?|that|so)\s+)?(?:{_SELF_INSULT}|liar)\b",
            re.IGNORECASE,
        ),
        "not wrong",
    ),
    (re.compile(r"\b(?:a\s+)?hell\s+of\s+an?\b", re.IGNORECASE), "quite a"),
    (re.compile(r"\bhell\s+(?:no|nah|naw|yes|yeah|ya|yea|yep)\b", re.IGNORECASE), "certainly"),
    (re.compile(r"\b(?:idiot|fool|dummy|moron)[\s-]?proof\b", re.IGNORECASE), "robust"),
    (
        re.compile(r"\b(?:freaking|freakin|fricking|frickin|friggin|frigging)\b", re.IGNORECASE),
        "very",
    ),
]
# A crime named in a report of the law at work ("the rapist was sentenced") is news, not abuse.
LEGAL_REPORT = re.compile(
    r"\b(?:sentenced|convicted|charged|accused|arrested|jailed|indicted|acquitted|trial|"
    r"court|judge|jury|police|prosecutors?|verdict|guilty|pleaded|reported|reports|"
    r"according\s+to|the\s+paper|news)\b",
    re.IGNORECASE,
)
CRIME_WORDS = re.compile(
    r"\b(?:rap(?:e|ed|es|ing|ist|ists)|murder(?:s|ed|er|ers|ing)?|killers?|killings?|"
    r"molest(?:ed|er|ers|ing|ation)?|pedophiles?|paedophiles?|abus(?:e|ed|er|ers))\b",
    re.IGNORECASE,
)


# Names of political movements and regimes: history and news, not abuse words (calling
# someone one is caught by the harassment rules).
MOVEMENTS = re.compile(r"\b(?:neo-?)?(?:nazis?|nazism|fascists?|fascism)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _identity() -> re.Pattern:
    terms = words("identity_terms") + words("groups") + words("factions")
    return re.compile(alternation(terms, plural=True), re.IGNORECASE)


def for_model(text: str) -> str:
    """The text the toxicity model reads: ordinary uses of toxic-looking words removed,
    and words naming who someone is, which side they take or a movement made neutral."""
    text = without_names(plain_letters(text))
    for pattern, replacement in BENIGN:
        text = pattern.sub(replacement, text)
    if LEGAL_REPORT.search(text):
        text = CRIME_WORDS.sub("offence", text)
    text = MOVEMENTS.sub("movement", text)
    return _identity().sub("person", text)
