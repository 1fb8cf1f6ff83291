"""Essay grading (E6) offline: measurements per rubric criterion, and levels learned from
the instructor's own grading of the same assignment.

Each criterion is read for what it asks about (its title counts double, then its
description): thesis, evidence, counter-argument, reflection, organisation, conclusion,
language and mechanics, clarity, relevance to the prompt. Each of those is a detector over
measurable features of the essay, which says what it measured and quotes the essay:

- relevance: sentence embeddings (all-MiniLM-L6-v2) of the essay against the prompt, plus
  the prompt's own key words;
- markers: a stated position in the opening, examples, numbers, names, first-hand
  narrative, an opposing view and its answer, transitions at paragraph starts, a closing
  paragraph that sums up, what the writer says they learned;
- language: likely errors per 100 words, readability (textstat) and sentence variety;
- length and paragraphing.

Levels are not guessed from hand-set thresholds. Once the instructor has graded
essay_scorer.MIN_GRADED essays of the assignment, a scorer per criterion is fitted on the
points of the levels they chose (essay_scorer) and the nearest level to its prediction is
suggested, with the probability that it is the instructor's level as its confidence.
Below that, every criterion gets its measurements only, and says so. Every rationale
quotes the essay exactly; an instructor confirms each level before saving.
"""

from __future__ import annotations

from ..schemas import EssayCriterion, EssayCriterionGrade, EssayGradeInput, EssayGradeResult
from . import essay_scorer
from .essay_detectors import LABELS, Context, Finding, detectors_for

VERSION = "essay-1"


def _rationale(level_title: str, parts: list[tuple[str, Finding]], quotes: list[str]) -> str:
    clauses = []
    for name, finding in parts:
        if finding.notes:
            clauses.append(f"{LABELS[name].capitalize()}: " + "; ".join(finding.notes) + ".")
    text = f"{level_title}. " + " ".join(clauses)
    if quotes:
        text += " From the essay: " + " · ".join(f"“{q}”" for q in quotes)
    return text


def _evidence(
    ctx: Context, criterion: EssayCriterion
) -> tuple[list[tuple[str, Finding]], list[str]]:
    """What was measured for the criterion, and up to three exact quotes of the essay."""
    weights = detectors_for(criterion)
    parts = [(name, ctx.finding(name)) for name in sorted(weights, key=lambda k: -weights[k])]
    quotes: list[str] = []
    for _, finding in parts:
        for quote in finding.quotes:
            if quote and quote in ctx.essay.text and quote not in quotes and len(quotes) < 3:
                quotes.append(quote)
    return parts[:3], quotes


def grade_criterion(
    ctx: Context, criterion: EssayCriterion, suggestion: essay_scorer.Suggestion, graded: int
) -> EssayCriterionGrade:
    """The level nearest the score the assignment's scorer predicts for this essay."""
    parts, quotes = _evidence(ctx, criterion)
    level = min(criterion.levels, key=lambda lv: (abs(lv.points - suggestion.level), lv.points))
    title = (
        f"{level.title}: learned from {graded} graded essays of this assignment "
        f"(estimated {suggestion.score:.1f} points)"
    )
    return EssayCriterionGrade(
        criterion_id=criterion.id,
        level_id=level.id,
        rationale=_rationale(title, parts, quotes),
        quotes=quotes,
        confidence=round(min(1.0, max(0.0, suggestion.confidence)), 2),
    )


def measure_criterion(ctx: Context, criterion: EssayCriterion, graded: int) -> EssayCriterionGrade:
    """No level: what was measured, and how many graded essays level suggestions need."""
    parts, quotes = _evidence(ctx, criterion)
    title = (
        f"Measurements only; level suggestions start at {essay_scorer.MIN_GRADED} graded "
        f"essays of this assignment ({graded} so far)"
    )
    return EssayCriterionGrade(
        criterion_id=criterion.id,
        level_id=None,
        rationale=_rationale(title, parts, quotes),
        quotes=quotes,
        confidence=0.0,
    )


def _nothing_to_read(criterion: EssayCriterion) -> EssayCriterionGrade:
    lowest = min(criterion.levels, key=lambda level: level.points)
    return EssayCriterionGrade(
        criterion_id=criterion.id,
        level_id=lowest.id,
        rationale=f"{lowest.title}. The attempt has no words to read.",
        confidence=0.95,
    )


def learn(inp: EssayGradeInput) -> essay_scorer.Learned:
    """The assignment's scorers, one per criterion, fitted on the instructor's levels."""
    points = {c.id: {lv.id: lv.points for lv in c.levels} for c in inp.criteria}
    graded = [
        (
            example.essay,
            {
                cid: points[cid][lid]
                for cid, lid in example.levels.items()
                if lid in points.get(cid, {})
            },
        )
        for example in inp.graded
        if example.essay.strip()
    ]
    return essay_scorer.learn(
        graded=graded,
        levels={cid: list(options.values()) for cid, options in points.items()},
        prompt=inp.prompt,
        key=f"{inp.graded_key}:{sorted(points.items())}" if inp.graded_key else "",
    )


def grade(inp: EssayGradeInput) -> EssayGradeResult:
    ctx = Context(inp)
    learned = learn(inp)
    predicted: dict[str, essay_scorer.Suggestion] = {}
    if learned.scorers and ctx.essay.word_count:
        measured = essay_scorer.measure(inp.essay, prompt=ctx.prompt)
        for criterion_id, scorer in learned.scorers.items():
            predicted[criterion_id] = scorer.predict([measured])[0]
    grades = []
    for criterion in inp.criteria:
        if ctx.essay.word_count == 0:
            grades.append(_nothing_to_read(criterion))
        elif criterion.id in predicted:
            count = learned.scorers[criterion.id].count
            grades.append(grade_criterion(ctx, criterion, predicted[criterion.id], count))
        else:
            grades.append(measure_criterion(ctx, criterion, learned.graded))
    essay, m = ctx.essay, ctx.mechanics
    if ctx.relevance >= 0.6:
        fit = "addresses the prompt"
    elif ctx.relevance >= 0.35:
        fit = "only partly addresses the prompt"
    else:
        fit = "appears to answer a different prompt"
    summary = (
        f"{essay.word_count} words in {len(essay.paragraphs)} paragraph(s); the essay {fit}. "
        f"{len(m.issues)} likely language error(s); Flesch reading ease {m.flesch:.0f}. "
    )
    if predicted:
        summary += (
            f"Based on {learned.graded} graded essays of this assignment: levels come from a "
            "model fitted on your own grading (offline, not a language model). Confirm each "
            "one against the essay before saving."
        )
    else:
        summary += (
            f"Measurements only: level suggestions start at {essay_scorer.MIN_GRADED} graded "
            f"essays of this assignment ({learned.graded} so far)."
        )
    return EssayGradeResult(
        criteria=grades,
        summary=summary,
        measurements={
            "word_count": essay.word_count,
            "paragraphs": len(essay.paragraphs),
            "sentences": len(essay.sentences),
            "relevance": round(ctx.relevance, 3),
            "semantic_relevance": round(ctx.semantic, 3),
            "prompt_keyword_coverage": round(ctx.keyword_coverage, 3),
            "errors_per_100_words": round(m.errors_per_100, 2),
            "flesch_reading_ease": round(m.flesch, 1),
            "mean_sentence_words": round(m.mean_sentence_words, 1),
            "graded_essays": learned.graded,
            "min_graded_essays": essay_scorer.MIN_GRADED,
            "levels_suggested": int(bool(predicted)),
        },
    )
