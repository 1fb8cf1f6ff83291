"""Small pieces of English for the local engine's templates: articles, lists, sentences."""

from __future__ import annotations

import re

from . import sections as sec

# Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = re.compile(r"^(uni|use|usu|uti|one|once|eu|ur[aeiou])", re.I)
_VOWEL_SOUND = re.compile(r"^(hour|honest|honou?r|heir)", re.I)
_VOWEL_LETTERS = re.compile(r"^[aeiou]", re.I)
# Initialisms read letter by letter: an MBA, an RN, an SQL query, a UX designer.
_VOWEL_INITIAL = set("AEFHILMNORSX")
# What a sentence must not end on: it was cut off.
DANGLING = frozenset(
    "a an the and or but of to with for in on at by from as your my our their its "
    "this that which who".split()
)


def article(phrase: str) -> str:
    """'a' or 'an' for the phrase, by how its first word sounds."""
    word = phrase.strip().split()[0] if phrase.strip() else ""
    if not word:
        return "a"
    letters = re.sub(r"[^A-Za-z]", "", word)
    if letters.isupper() and 1 < len(letters) <= 5:
        return "an" if letters[0] in _VOWEL_INITIAL else "a"
    if _VOWEL_SOUND.match(word):
        return "an"
    if _CONSONANT_SOUND.match(word):
        return "a"
    return "an" if _VOWEL_LETTERS.match(word) else "a"


def with_article(phrase: str) -> str:
    return f"{article(phrase)} {phrase}"


def in_prose(name: str, *, context: str = "") -> str:
    """How a skill reads mid-sentence: 'machine learning', but 'Python' and 'CI/CD'.

    A capitalised name is lowered when the rest of it is lower case and it is more than
    one word ('Software testing'), or when `context` (the user's or the job's text)
    writes it in lower case ('telemetry').
    """
    words = name.split()
    if not words or not words[0][:1].isupper() or not words[0][1:].islower():
        return name
    if not all(w.islower() or not w[:1].isalpha() for w in words[1:]):
        return name  # 'Registered Nurse', 'Google Analytics'
    lowered = name[0].lower() + name[1:]
    if len(words) > 1 or re.search(rf"(?<![\w-]){re.escape(lowered)}(?![\w-])", context):
        return lowered
    return name


def join_list(items: list[str], conjunction: str = "and") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def as_sentence(line: str) -> str:
    """A resume line as a sentence: no bullet, a capital first letter and a full stop."""
    line = sec.normalise(line).strip(" -•*·▪◦●–\t").rstrip(" .;,:")
    return line[0].upper() + line[1:] + "." if line else ""


def is_complete_sentence(text: str) -> bool:
    """Starts with a capital (or a number), ends with . ? or !, and no sentence is cut off."""
    text = text.strip()
    starts_well = text[:1].isupper() or text[:1].isdigit() or text[:1] in '“"['
    if not text or not starts_well or text[-1] not in '.?!”"':
        return False
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return False
    if "{" in text or "}" in text:
        return False
    for sentence in re.split(r"(?<=[.?!])\s+", text):
        words = [w.strip('.,;:?!"“”()') for w in sentence.split()]
        words = [w for w in words if w]
        if len(words) < 2 or words[-1] in DANGLING:  # lower case: 'a', not 'FP&A' or 'A'
            return False
    return True
