"""Language and mechanics of an essay, measured: likely errors with their place in the text,
readability (textstat) and sentence variety.

The checks are deliberately conservative: each one is a pattern a teacher would mark (a
sentence starting in lower case, "i" for "I", "dont", "more better", "he say", a word no
English dictionary knows). British and American spellings are both accepted.
"""

from __future__ import annotations

import re
import statistics
import threading
from dataclasses import dataclass, field
from functools import cache

from .essay_text import WORD_RE, Essay

RUN_ON_WORDS = 40
MISSING_APOSTROPHE = frozenset(
    """dont cant didnt doesnt wont isnt wasnt werent couldnt wouldnt shouldnt havent hasnt
    arent im ive youre theyre thats whats todays hes shes""".split()
)
# Workplace words newer than most dictionaries: not spelling errors.
MODERN_WORDS = frozenset(
    """app apps webinar webinars email emails online offline startup startups onboarding
    upskilling reskilling inbox workflow workflows dashboard dashboards smartphone ebook ebooks
    blog blogs podcast podcasts website websites wifi login logins covid zoom slack hybrid
    workaround workarounds teammate teammates coworker coworkers freelancer freelancers
    internship internships linkedin resume resumes spreadsheet spreadsheets""".split()
)
DAY_MONTH_RE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|"
    r"june|july|august|september|october|november|december)\b"
)
PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (label, re.compile(pattern, re.IGNORECASE))
    for label, pattern in (
        (
            "then/than",
            r"\b(?:more|less|better|worse|faster|slower|bigger|smaller|rather|higher|lower|other) then\b",
        ),
        ("a lot", r"\balot\b"),
        ("could have", r"\b(?:could|should|would|must) of\b"),
        ("double comparative", r"\bmore (?:better|worse|easier|harder|faster|bigger|happier)\b"),
        ("your/you're", r"\byou're (?:job|work|boss|team|own|life|career|manager|company)\b"),
        (
            "its/it's",
            r"\bits (?:a|an|the|not|very|more|really|so|too|been|going|important|hard|easy)\b",
        ),
        (
            "agreement",
            r"\b(?:he|she|it) (?:have|do|dont|don't|say|go|want|need|keep|make|think|like|know|answer|warn|fire|work|play|come|get)\b",
        ),
        (
            "agreement",
            r"\b(?:he|she|it) (?:never|always|often|also|only|just|usually) (?:have|do|say|go|want|need|keep|make|answer|work|come|get|know)\b",
        ),
        ("agreement", r"\b(?:they|we|you|them|people|colleagues|workers|employees) was\b"),
        (
            "word form",
            r"\b(?:informations|advices|equipments|feedbacks|knowledges|homeworks)\b|\bwithout to \w+",
        ),
        ("agreement", r"\bwho was (?:helping|sharing|working)\b"),
        ("agreement", r"\bskills is\b|\bskill are\b|\bskill is\b(?= (?:like|also|good))"),
        (
            "agreement",
            r"\bmy (?:cousin|friend|freind|brother|sister|team|manager|boss|colleague|father|mother) (?:have|do|dont|say|work|want|need)\b",
        ),
        ("everybody", r"\bevery body\b"),
        ("repeated word", r"\b(\w+) \1\b"),
        ("punctuation", r"[!?]{2,}|\s+[,.;:](?=\s)"),
    )
)
_lock = threading.Lock()


@dataclass
class Issue:
    start: int
    end: int
    kind: str


@dataclass
class Mechanics:
    issues: list[Issue] = field(default_factory=list)
    errors_per_100: float = 0.0
    flesch: float = 0.0
    mean_sentence_words: float = 0.0
    sentence_spread: float = 0.0
    long_sentences: int = 0
    lexical_variety: float = 0.0

    def kinds(self) -> list[str]:
        seen: dict[str, int] = {}
        for issue in self.issues:
            seen[issue.kind] = seen.get(issue.kind, 0) + 1
        return [f"{kind} ×{n}" if n > 1 else kind for kind, n in seen.items()]


@cache
def _speller():
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


def _british_variants(word: str) -> list[str]:
    variants = []
    for a, b in (
        ("isation", "ization"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ising", "izing"),
        ("our", "or"),
        ("yse", "yze"),
        ("tre", "ter"),
        ("ence", "ense"),
        ("lled", "led"),
        ("lling", "ling"),
        ("ogue", "og"),
        ("ae", "e"),
    ):
        if a in word:
            variants.append(word.replace(a, b))
    if word.endswith("practise") or word.startswith("practis"):
        variants.append(word.replace("practis", "practic"))
    return variants


def unknown_words(words: list[str], *, allow: set[str]) -> set[str]:
    """Lower-case words no dictionary knows (names and acronyms are capitalised: skipped)."""
    candidates = set()
    for word in words:
        if not word.islower() or len(word) < 3:
            continue
        word = re.sub(r"['’]s$", "", word).replace("’", "'")
        if word in allow or word in MISSING_APOSTROPHE or word in MODERN_WORDS:
            continue
        candidates.add(word)
    if not candidates:
        return set()
    with _lock:
        speller = _speller()
        unknown = speller.unknown(candidates)
        return {
            w
            for w in unknown
            if not any(v in speller for v in _british_variants(w)) and not _compound(speller, w)
        }


def _compound(speller, word: str) -> bool:
    """Two known words run together (workaround, deliverables-style coinages)."""
    return any(word[:i] in speller and word[i:] in speller for i in range(3, len(word) - 2))


@cache
def _textstat():
    import textstat

    return textstat


def measure(essay: Essay, *, prompt: str = "") -> Mechanics:
    text = essay.text
    body_start = essay.paragraphs[0].start if essay.paragraphs else 0
    issues: list[Issue] = []
    for sentence in essay.sentences:
        first = sentence.text.lstrip("\"'“‘(")[:1]
        if first.islower():
            issues.append(Issue(sentence.start, sentence.start + 1, "lower-case sentence start"))
        if len(sentence.words) > RUN_ON_WORDS:
            issues.append(Issue(sentence.start, sentence.end, "run-on sentence"))
    for match in re.finditer(r"(?<![\w'’])i(?![\w'’])", text[body_start:]):
        start = body_start + match.start()
        issues.append(Issue(start, start + 1, "“i” for “I”"))
    allow = {w.lower() for w in WORD_RE.findall(prompt)}
    unknown = unknown_words(essay.words, allow=allow)
    for match in WORD_RE.finditer(text, body_start):
        word = match.group().lower().replace("’", "'")
        if word in MISSING_APOSTROPHE:
            issues.append(Issue(match.start(), match.end(), "missing apostrophe"))
        elif (bare := re.sub(r"'s$", "", word)) in unknown and match.group().islower():
            unknown.discard(bare)  # a word is misspelt once, however often it is used
            issues.append(Issue(match.start(), match.end(), "spelling"))
    for match in DAY_MONTH_RE.finditer(text, body_start):
        issues.append(Issue(match.start(), match.end(), "capital letter"))
    for label, pattern in PATTERNS:
        for match in pattern.finditer(text, body_start):
            if label == "repeated word" and match.group(1).lower() in ("had", "that"):
                continue
            issues.append(Issue(match.start(), match.end(), label))
    issues.sort(key=lambda i: i.start)

    lengths = [len(s.words) for s in essay.sentences] or [0]
    content = [w.lower() for w in essay.words if len(w) > 3]
    window = content[:120]
    body = " ".join(p.text for p in essay.paragraphs)
    with _lock:
        flesch = float(_textstat().flesch_reading_ease(body)) if body.strip() else 0.0
    return Mechanics(
        issues=issues,
        errors_per_100=100 * len(issues) / max(essay.word_count, 60),
        flesch=flesch,
        mean_sentence_words=statistics.fmean(lengths),
        sentence_spread=statistics.pstdev(lengths) if len(lengths) > 1 else 0.0,
        long_sentences=sum(1 for n in lengths if n > RUN_ON_WORDS),
        lexical_variety=len(set(window)) / len(window) if window else 0.0,
    )
