"""The essay detectors (E6): what each rubric criterion is read for, measured once per
essay. ``Context`` holds the shared measurements (parsed text, mechanics, relevance to the
prompt); each ``detect_*`` returns a ``Finding`` (a 0-1 score, notes and exact quotes), and
``detectors_for`` chooses a criterion's detectors from its title and description."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..schemas import EssayCriterion, EssayGradeInput
from . import essay_mechanics
from .embeddings import similarity
from .essay_markers import (
    CONCLUSION_RE,
    COUNTER_RE,
    EXAMPLE_RE,
    EXPLAIN_RE,
    HEDGE_RE,
    NARRATIVE_RE,
    NUMBER_RE,
    REBUTTAL_RE,
    REFLECTION_RE,
    STANCE_RE,
    TRANSITION_RE,
)
from .essay_text import WORD_RE, Essay, Span, content_stems, parse, stems_overlap
from .text import stem

SHORT_WORDS = 80  # below this an essay cannot show structure or developed support
PROMPT_BOILERPLATE = content_stems(
    """take clear position support specific examples example argue evidence address least
    opposing view describe explain essay write words paragraph answer question prompt
    assignment discuss reflect why how what"""
)
DETECTOR_KEYWORDS: dict[str, tuple[str, ...]] = {
    "thesis": (
        "thesis",
        "claim",
        "position",
        "stance",
        "main idea",
        "central idea",
        "focus",
        "purpose",
        "argument",
        "controlling idea",
        "point of view",
    ),
    "evidence": (
        "evidence",
        "support",
        "example",
        "detail",
        "specific",
        "data",
        "research",
        "source",
        "fact",
        "reasoning",
        "result",
        "number",
        "proof",
        "anecdote",
        "illustrat",
        "backed",
    ),
    "counter": (
        "counter",
        "opposing",
        "rebut",
        "objection",
        "other view",
        "another view",
        "nuance",
        "perspectives",
        "limitation",
        "weigh",
        "both sides",
    ),
    "reflection": ("reflect", "insight", "lesson", "learn", "growth", "self-aware", "takeaway"),
    "organisation": (
        "organi",
        "structure",
        "flow",
        "coheren",
        "transition",
        "paragraph",
        "logical",
        "order",
        "arc",
        "sequence",
    ),
    "conclusion": ("conclusion", "closing", "ending", "wrap"),
    "mechanics": (
        "mechanic",
        "grammar",
        "spelling",
        "punctuation",
        "convention",
        "language",
        "proofread",
        "polish",
        "format",
        "tone",
        "usage",
        "errors",
    ),
    "clarity": (
        "clarity",
        "clear sentence",
        "concise",
        "readab",
        "easy to follow",
        "plain",
        "one idea per sentence",
        "style",
    ),
    "relevance": (
        "relevan",
        "prompt",
        "task",
        "on topic",
        "addresses",
        "answers",
        "tailor",
        "audience",
        "target",
        "role and company",
    ),
}
LABELS = {
    "thesis": "position",
    "evidence": "support",
    "counter": "other views",
    "reflection": "reflection",
    "organisation": "structure",
    "conclusion": "conclusion",
    "mechanics": "mechanics",
    "clarity": "clarity",
    "relevance": "relevance",
    "generic": "overall",
}


def _interp(x: float, xs: list[float], ys: list[float]) -> float:
    return float(np.interp(x, xs, ys))


@dataclass
class Finding:
    score: float
    notes: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


class Context:
    """Everything measured once per essay, shared by the detectors."""

    def __init__(self, inp: EssayGradeInput) -> None:
        self.essay: Essay = parse(inp.essay)
        self.prompt = " ".join(inp.prompt.split())
        essay = self.essay
        self.mechanics = essay_mechanics.measure(essay, prompt=self.prompt)
        sentences = [s.text for s in essay.sentences]
        if self.prompt and sentences:
            sims = similarity(sentences, [self.prompt[:600]])[:, 0]
        else:
            sims = np.full(len(sentences), 0.5, dtype=np.float32)
        # 0.15 is unrelated text, 0.45 a sentence squarely on the prompt's subject.
        self.sentence_relevance = np.clip((sims - 0.15) / 0.30, 0, 1)
        self.keywords = content_stems(self.prompt) - PROMPT_BOILERPLATE
        self.keyword_words = {stem(w): w for w in reversed(WORD_RE.findall(self.prompt.lower()))}
        essay_stems = content_stems(" ".join(p.text for p in essay.paragraphs))
        self.keywords_found = stems_overlap(self.keywords, essay_stems)
        coverage = len(self.keywords_found) / len(self.keywords) if self.keywords else 1.0
        ranked = np.sort(self.sentence_relevance)[::-1]
        top = float(ranked[: max(3, len(ranked) // 3)].mean()) if len(ranked) else 0.0
        self.semantic = top
        self.keyword_coverage = coverage
        self.relevance = min(1.0, 0.7 * top + 0.5 * coverage) if self.prompt else 1.0
        self.short = essay.word_count < SHORT_WORDS

        self._index = {s.start: i for i, s in enumerate(essay.sentences)}
        self._findings: dict[str, Finding] = {}

    def finding(self, name: str) -> Finding:
        """A detector's finding, measured once per essay."""
        if name not in self._findings:
            self._findings[name] = DETECTORS[name](self)
        return self._findings[name]

    def rel(self, span: Span) -> float:
        index = self._index.get(span.start)
        return float(self.sentence_relevance[index]) if index is not None else 0.0

    def quote(self, span: Span) -> str:
        return self.essay.quote(span)


# --- Detectors ------------------------------------------------------------------------------


def _opening(ctx: Context) -> list[Span]:
    essay = ctx.essay
    if not essay.sentences:
        return []
    first = essay.paragraph_sentences(0)
    return first[:3] if len(essay.paragraphs) > 1 else first[:2]


def detect_thesis(ctx: Context) -> Finding:
    essay = ctx.essay
    opening = _opening(ctx)
    if not opening:
        return Finding(0.0, ["there is no text to find a position in"])
    hedged = [s for s in essay.sentences if HEDGE_RE.search(s.text)]
    scored = []
    for span in opening:
        stance = 1.0 if STANCE_RE.search(span.text) else 0.0
        specific = 1.0 if (EXPLAIN_RE.search(span.text) or len(span.words) >= 18) else 0.4
        scored.append((0.45 * stance + 0.35 * ctx.rel(span) + 0.2 * specific, stance, span))
    best_score, stance, best = max(scored, key=lambda t: t[0])
    if hedged:
        best_score -= 0.3
    # Frequent language errors blur even a stated position.
    best_score *= _interp(ctx.mechanics.errors_per_100, [0, 5, 15], [1.0, 0.8, 0.6])
    body = range(1, len(essay.paragraphs)) if len(essay.paragraphs) > 1 else range(0)
    on_topic = [
        i for i in body if max([ctx.rel(s) for s in essay.paragraph_sentences(i)] or [0]) >= 0.3
    ]
    focus = len(on_topic) / len(body) if len(body) else ctx.relevance
    # A thesis is only as clear as the essay that develops it: length and support count.
    development = 0.5 * min(1.0, essay.word_count / 280) + 0.5 * ctx.finding("evidence").score
    score = 0.45 * best_score + 0.2 * focus + 0.35 * development
    score = min(score, 0.1 + 0.9 * ctx.relevance)
    notes = []
    if ctx.relevance < 0.35:
        notes.append("the essay is about a different subject than the prompt; it opens")
    elif hedged:
        notes.append("the position is hedged rather than argued")
    elif stance:
        notes.append("the opening states a position")
    else:
        notes.append("the opening does not state a clear position; it begins")
    if len(body) and ctx.relevance >= 0.35:
        notes.append(f"{len(on_topic)} of {len(body)} body paragraphs stay on the prompt")
    if ctx.short:
        score = min(score, 0.45)
        notes.append(f"only {essay.word_count} words, so the idea is not developed")
    quotes = [ctx.quote(best)] + ([ctx.quote(hedged[0])] if hedged else [])
    return Finding(score, notes, quotes)


def _evidence_strength(span: Span) -> float:
    text = span.text
    proper = len(re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+", text[1:])) > 0
    return min(
        1.0,
        0.35 * bool(NUMBER_RE.search(text))
        + 0.35 * bool(EXAMPLE_RE.search(text))
        + 0.2 * proper
        + 0.25 * bool(NARRATIVE_RE.search(text)),
    )


def detect_evidence(ctx: Context) -> Finding:
    essay = ctx.essay
    rows = [(_evidence_strength(s), s) for s in essay.sentences]
    support = [(w, s) for w, s in rows if w >= 0.35]
    amount = sum(w for w, _ in support)
    explained = sum(1 for s in essay.sentences if EXPLAIN_RE.search(s.text))
    score = _interp(amount, [0, 0.5, 1.5, 2.5, 4], [0.1, 0.3, 0.5, 0.7, 0.9])
    score += 0.05 * min(explained, 2)
    if essay.word_count >= 150 and ctx.mechanics.lexical_variety >= 0.65:
        score = max(score, 0.3)  # developed general reasoning, even without specifics
    score = min(score, 0.1 + 0.9 * ctx.relevance)
    if ctx.short:
        score = min(score, 0.2)
    best = sorted(support, key=lambda r: r[0] + 0.5 * ctx.rel(r[1]), reverse=True)[:2]
    numbers = sum(1 for _, s in support if NUMBER_RE.search(s.text))
    if not support:
        notes = ["no specific example, number, name or first-hand detail was found"]
        claims = [x for x in essay.sentences[1:] if len(x.words) >= 5] or essay.sentences
        if claims:
            notes[0] += "; the claims stay general"
            best = [(0.0, max(claims, key=ctx.rel))]
    else:
        notes = [
            f"{len(support)} sentence(s) carry specifics (examples, numbers, names or "
            f"first-hand detail; {numbers} with numbers)"
        ]
    if support and ctx.relevance < 0.35:
        notes.append("but they support a different subject than the prompt")
    return Finding(score, notes, [ctx.quote(s) for _, s in sorted(best, key=lambda r: r[1].start)])


def detect_counter(ctx: Context) -> Finding:
    counters = [s for s in ctx.essay.sentences if COUNTER_RE.search(s.text)]
    if not counters:
        return Finding(0.15, ["no opposing view or limitation is considered"])
    answered = any(
        REBUTTAL_RE.search(s.text)
        or any(REBUTTAL_RE.search(n.text) for n in ctx.essay.sentences if n.start > s.start)
        for s in counters
    )
    score = 0.85 if answered else 0.6
    score = min(score, 0.1 + 0.9 * ctx.relevance)
    note = "another view or limitation is weighed" + (" and answered" if answered else "")
    return Finding(score, [note], [ctx.quote(counters[0])])


def detect_reflection(ctx: Context) -> Finding:
    found = [s for s in ctx.essay.sentences if REFLECTION_RE.search(s.text)]
    score = _interp(len(found), [0, 1, 2, 4], [0.15, 0.5, 0.7, 0.9])
    score = min(score, 0.1 + 0.9 * ctx.relevance)
    if not found:
        return Finding(score, ["the essay does not say what was learned"])
    return Finding(
        score, [f"{len(found)} sentence(s) reflect on what was learned"], [ctx.quote(found[-1])]
    )


def _conclusion(ctx: Context) -> tuple[bool, Span | None]:
    essay = ctx.essay
    if len(essay.paragraphs) < 2:
        last = essay.sentences[-1] if essay.sentences else None
        return bool(last and CONCLUSION_RE.search(last.text)), last
    closing = essay.paragraph_sentences(len(essay.paragraphs) - 1)
    marked = next((s for s in closing if CONCLUSION_RE.search(s.text)), None)
    if marked:
        return True, marked
    opening, ending = essay.paragraphs[0].text, essay.paragraphs[-1].text
    echoes = float(similarity([opening[:600]], [ending[:600]])[0, 0]) >= 0.6
    return echoes, closing[0] if closing else None


def detect_conclusion(ctx: Context) -> Finding:
    has, span = _conclusion(ctx)
    score = 0.8 if has and len(ctx.essay.paragraphs) > 1 else (0.4 if has else 0.15)
    if ctx.short:
        score = min(score, 0.15)
    note = "a closing paragraph sums up" if has else "there is no closing paragraph that sums up"
    return Finding(score, [note], [ctx.quote(span)] if has and span else [])


def detect_organisation(ctx: Context) -> Finding:
    essay = ctx.essay
    paragraphs = len(essay.paragraphs)
    has_end, end_span = _conclusion(ctx)
    if ctx.short or not essay.sentences:
        return Finding(0.1, [f"{essay.word_count} words: too short to show a structure"])
    if paragraphs == 1:
        opening = _opening(ctx)
        last = essay.sentences[-1]
        opens = bool(opening) and (STANCE_RE.search(opening[0].text) or ctx.rel(opening[0]) >= 0.5)
        closes = has_end or bool(re.match(r"(?i)so\b", last.text))
        ordered = bool(opens and closes)
        end_span = end_span if has_end else last
        score = 0.35 if ordered else 0.12
        notes = [f"one block of {essay.word_count} words with no paragraph breaks"]
        notes.append(
            "though it opens with its point and ends by summing up"
            if ordered
            else "and no planned opening or closing"
        )
        return Finding(score, notes, [ctx.quote(end_span)] if ordered and end_span else [])
    starts = [
        essay.paragraph_sentences(i)[0]
        for i in range(1, paragraphs)
        if essay.paragraph_sentences(i)
    ]
    linked = [s for s in starts if TRANSITION_RE.search(s.text)]
    words_per = essay.word_count / paragraphs
    score = _interp(paragraphs, [2, 3, 4, 5], [0.3, 0.45, 0.55, 0.62])
    score += 0.15 * (len(linked) / len(starts) if starts else 0)
    score += 0.15 if has_end else 0
    score += _interp(words_per, [15, 30, 45], [-0.2, -0.1, 0.0])  # thin paragraphs
    notes = [f"{paragraphs} paragraphs", f"{len(linked)} of {len(starts)} open with a transition"]
    notes.append("a closing paragraph sums up" if has_end else "no closing paragraph sums up")
    quotes = [ctx.essay.quote(Span(s.start, s.end, s.text), 6) for s in linked[:2]]
    if has_end and end_span:
        quotes.append(ctx.quote(end_span))
    return Finding(min(score, 0.95), notes, quotes)


def detect_mechanics(ctx: Context) -> Finding:
    m = ctx.mechanics
    score = _interp(m.errors_per_100, [0, 0.8, 2.5, 6, 12], [0.95, 0.78, 0.55, 0.3, 0.05])
    simple = m.mean_sentence_words < 12 and m.lexical_variety < 0.75
    if simple and score > 0.7:
        score = 0.7
    if ctx.short:
        score = min(score, 0.7 if ctx.essay.word_count >= 10 else 0.1)
    notes = [f"{len(m.issues)} likely error(s) ({m.errors_per_100:.1f} per 100 words)"]
    if m.issues:
        notes[0] += ": " + ", ".join(m.kinds()[:4])
    if simple:
        notes.append("short, repetitive sentences")
    if ctx.short:
        notes.append("too little text to show control of language")
    quotes: list[str] = []
    for issue in m.issues:
        excerpt = ctx.essay.window(issue.start, issue.end, words=3)
        if excerpt and not any(excerpt in q or q in excerpt for q in quotes):
            quotes.append(excerpt)
        if len(quotes) == 2:
            break
    return Finding(score, notes, quotes)


def detect_clarity(ctx: Context) -> Finding:
    m = ctx.mechanics
    sentence = _interp(m.mean_sentence_words, [6, 12, 22, 30, 40], [0.45, 0.85, 0.85, 0.5, 0.2])
    reading = _interp(m.flesch, [0, 30, 50, 90, 110], [0.2, 0.5, 0.9, 0.9, 0.6])
    errors = _interp(m.errors_per_100, [0, 2, 6, 12], [1.0, 0.75, 0.4, 0.1])
    score = 0.35 * sentence + 0.25 * reading + 0.4 * errors
    if ctx.short:
        score = min(score, 0.7 if ctx.essay.word_count >= 10 else 0.1)
    notes = [
        f"{m.mean_sentence_words:.0f} words per sentence on average, "
        f"{m.long_sentences} over {essay_mechanics.RUN_ON_WORDS}",
        f"Flesch reading ease {m.flesch:.0f}",
    ]
    longest = max(ctx.essay.sentences, key=lambda s: len(s.words), default=None)
    return Finding(score, notes, [ctx.quote(longest)] if longest and m.long_sentences else [])


def detect_relevance(ctx: Context) -> Finding:
    sentences = ctx.essay.sentences
    if not sentences:
        return Finding(0.0, ["the essay is empty"])
    best = max(sentences, key=ctx.rel)
    found = ", ".join(sorted(ctx.keyword_words.get(k, k) for k in ctx.keywords_found)[:6])
    if ctx.relevance >= 0.6:
        note = "the essay addresses the prompt"
    elif ctx.relevance >= 0.35:
        note = "the essay only partly addresses the prompt"
    else:
        note = "the essay is mostly about something other than the prompt"
    notes = [note, f"prompt key words used: {found or 'none'}"]
    score = ctx.relevance
    if ctx.short:
        score = min(score, 0.45)
        notes.append(f"{ctx.essay.word_count} words cannot answer it fully")
    return Finding(score, notes, [ctx.quote(best)])


def detect_generic(ctx: Context) -> Finding:
    parts = [ctx.finding(name) for name in ("relevance", "evidence", "organisation", "mechanics")]
    score = float(np.mean([p.score for p in parts]))
    notes = [f"{ctx.essay.word_count} words", parts[0].notes[0], parts[1].notes[0]]
    return Finding(score, notes, parts[1].quotes[:1] or parts[0].quotes[:1])


DETECTORS = {
    "thesis": detect_thesis,
    "evidence": detect_evidence,
    "counter": detect_counter,
    "reflection": detect_reflection,
    "organisation": detect_organisation,
    "conclusion": detect_conclusion,
    "mechanics": detect_mechanics,
    "clarity": detect_clarity,
    "relevance": detect_relevance,
    "generic": detect_generic,
}


# --- Criteria -> detectors -> levels ---------------------------------------------------------


def _mentions(text: str, keyword: str) -> bool:
    """A keyword at the start of a word ("organi" in "organisation", not "argument" in
    "counter-argument")."""
    return re.search(r"(?<![\w-])" + re.escape(keyword), text) is not None


def detectors_for(criterion: EssayCriterion) -> dict[str, float]:
    """Detector weights for a criterion: title keywords count 2, description keywords 1."""
    title, description = criterion.title.lower(), criterion.description.lower()
    weights: dict[str, float] = {}
    for name, keywords in DETECTOR_KEYWORDS.items():
        weight = sum(2 for k in keywords if _mentions(title, k)) + sum(
            1 for k in keywords if _mentions(description, k)
        )
        if weight:
            weights[name] = float(weight)
    if not weights:
        return {"generic": 1.0}
    strongest = max(weights.values())
    return {k: v for k, v in weights.items() if v >= strongest / 3}
