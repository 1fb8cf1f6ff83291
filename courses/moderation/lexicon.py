"""The word lists moderation reads: our own files in ``words/`` and better-profanity's list
(MIT, inside its wheel). Loaded once per process."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

WORDS = Path(__file__).resolve().parent / "words"


@cache
def words(name: str) -> tuple[str, ...]:
    """Entries of ``words/<name>.txt``: one per line, lower case, ``#`` starts a comment."""
    lines = (WORDS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    entries = (line.split("#", 1)[0].strip().lower() for line in lines)
    return tuple(dict.fromkeys(entry for entry in entries if entry))


def alternation(entries: tuple[str, ...] | list[str], *, plural: bool = False) -> str:
    """A regex group matching any entry as whole words (longest first); spaces and hyphens
    inside an entry match any run of spaces or hyphens. With ``plural``, "-s", "-es" and
    "-y" as "-ies" ("bully", "bullies") match too. A word may be followed by a dash
    ("traitor--always"), not by a hyphenated word ("idiot-proof")."""
    if plural:
        entries = [*entries, *(e[:-1] + "ies" for e in entries if re.search(r"[^aeiou]y$", e))]
    ordered = sorted(entries, key=len, reverse=True)
    parts = [
        r"[\s-]+".join(re.escape(piece) for piece in re.split(r"[\s-]+", entry))
        for entry in ordered
    ]
    suffix = r"(?:s|es)?" if plural else ""
    return rf"(?<![\w-])(?:{'|'.join(parts)}){suffix}(?!\w|-\w)"


Table = tuple[frozenset[str], dict[int, tuple[str, ...]], tuple[str, ...]]


def _table(entries: set[str]) -> Table:
    """Single words, single words by length (for ``*`` wildcards), multi-word phrases."""
    singles = frozenset(w for w in entries if " " not in w)
    by_length: dict[int, list[str]] = {}
    for word in singles:
        by_length.setdefault(len(word), []).append(word)
    phrases = tuple(sorted(w for w in entries if " " in w))
    return singles, {n: tuple(ws) for n, ws in by_length.items()}, phrases


@lru_cache(maxsize=1)
def profanity() -> Table:
    """better-profanity's list and ``profanity_extra.txt``, less the ordinary words of
    ``not_profanity.txt`` and less the slurs, which are a signal of their own."""
    text = files("better_profanity").joinpath("profanity_wordlist.txt").read_text()
    listed = {line.strip().lower() for line in text.splitlines() if line.strip()}
    listed |= set(words("profanity_extra"))
    return _table(listed - set(words("not_profanity")) - set(words("slurs")))


@lru_cache(maxsize=1)
def slurs() -> Table:
    return _table(set(words("slurs")))
