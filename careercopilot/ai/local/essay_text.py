"""An essay as spans of its own text: title, paragraphs, sentences and words.

Every span keeps its offsets, so whatever the grader quotes is an exact excerpt of what
the student wrote (the rationale never paraphrases a "quote").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from .text import STOPWORDS, stem

WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
BLOCK_RE = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")  # lines up to a blank line
SENTENCE_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)")
ABBREVIATIONS = frozenset(
    "e.g i.e etc dr mr mrs ms vs st a.m p.m no u.s u.k jr sr prof inc ltd co approx fig".split()
)
QUOTE_WORDS = 28  # longer sentences are quoted up to here (still an exact excerpt)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    paragraph: int = 0

    @cached_property
    def words(self) -> list[str]:
        return WORD_RE.findall(self.text)


@dataclass
class Essay:
    text: str
    title: Span | None
    paragraphs: list[Span]
    sentences: list[Span]
    words: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return len(self.words)

    def paragraph_sentences(self, index: int) -> list[Span]:
        return [s for s in self.sentences if s.paragraph == index]

    def quote(self, span: Span, max_words: int = QUOTE_WORDS) -> str:
        """The span as an exact excerpt, cut at a word boundary when it is long."""
        text = span.text.strip()
        if len(span.words) <= max_words:
            return text
        count = 0
        for match in WORD_RE.finditer(text):
            count += 1
            if count == max_words:
                return text[: match.end()]
        return text

    def window(self, start: int, end: int, *, words: int = 5) -> str:
        """An exact excerpt around [start, end): a few words either side, within one line."""
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end == -1 else line_end
        left = [m.start() for m in WORD_RE.finditer(self.text, line_start, start)]
        right = [m.end() for m in WORD_RE.finditer(self.text, end, line_end)]
        a = left[-words] if len(left) >= words else (left[0] if left else start)
        b = right[words - 1] if len(right) >= words else (right[-1] if right else end)
        return self.text[a:b].strip()


def _sentences_in(text: str, offset: int, paragraph: int) -> list[Span]:
    out: list[Span] = []
    position = 0
    for match in SENTENCE_END_RE.finditer(text):
        before = text[position : match.start()].split()
        last = before[-1].lower() if before else ""
        if match.group().startswith(".") and (
            last.rstrip(".") in ABBREVIATIONS
            or (len(last) == 1 and last.isalpha() and last != "i")
            or re.fullmatch(r"(?:[a-z]\.)+[a-z]\.?", last)  # J.K., U.S.
        ):
            continue
        _add(out, text, position, match.end(), offset, paragraph)
        position = match.end()
    _add(out, text, position, len(text), offset, paragraph)
    return out


def _add(out: list[Span], text: str, start: int, end: int, offset: int, paragraph: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped or not WORD_RE.search(stripped):
        return
    lead = len(chunk) - len(chunk.lstrip())
    begin = offset + start + lead
    out.append(Span(begin, begin + len(stripped), stripped, paragraph))


def _is_title(block: str) -> bool:
    words = WORD_RE.findall(block)
    return "\n" not in block.strip() and 0 < len(words) <= 14 and block.strip()[-1] not in ".!?:;,"


def parse(text: str) -> Essay:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [(m.start(), m.group()) for m in BLOCK_RE.finditer(text)]
    if len(blocks) == 1 and blocks[0][1].count("\n") >= 2:
        # One block with single line breaks: each line is a paragraph.
        start, block = blocks[0]
        blocks = []
        for m in re.finditer(r"[^\n]*\S[^\n]*", block):
            blocks.append((start + m.start(), m.group()))
    title = None
    if len(blocks) > 1 and _is_title(blocks[0][1]):
        start, block = blocks.pop(0)
        lead = len(block) - len(block.lstrip())
        title = Span(start + lead, start + lead + len(block.strip()), block.strip(), -1)
    paragraphs: list[Span] = []
    sentences: list[Span] = []
    for index, (start, block) in enumerate(blocks):
        lead = len(block) - len(block.lstrip())
        stripped = block.strip()
        paragraphs.append(Span(start + lead, start + lead + len(stripped), stripped, index))
        sentences.extend(_sentences_in(block, start, index))
    body = " ".join(p.text for p in paragraphs)
    return Essay(
        text=text,
        title=title,
        paragraphs=paragraphs,
        sentences=sentences,
        words=WORD_RE.findall(body),
    )


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in WORD_RE.findall(text.lower()) if w not in STOPWORDS and len(w) > 2}


def stems_overlap(wanted: set[str], found: set[str]) -> set[str]:
    """Stems of `wanted` present in `found`, one being a prefix of the other (fail ~ failur)."""
    hits = set()
    for w in wanted:
        for f in found:
            shorter, longer = (w, f) if len(w) <= len(f) else (f, w)
            if len(shorter) >= 4 and longer.startswith(shorter) or w == f:
                hits.add(w)
                break
    return hits
