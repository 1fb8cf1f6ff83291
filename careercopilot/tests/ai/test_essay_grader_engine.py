"""The essay grader (E6) in both engines, and the kappa the evaluation reports.

The local engine grades essays from bench/eval/essays/; the Claude engine runs through the
real anthropic SDK against the local fake Messages API (tests/fakes/anthropic_server.py).
"""

import pytest

from bench.essay_eval import quadratic_weighted_kappa
from careercopilot import ai
from careercopilot.ai.accounting import AICall
from careercopilot.ai.anthropic.essay import locate
from careercopilot.ai.local import essay_scorer
from careercopilot.ai.local.essay_detectors import detectors_for
from careercopilot.ai.schemas import EssayCriterion, EssayGradeInput, EssayGradeResult
from courses.tests.essay_support import RANK, RUBRIC, examples, labelled, prompt_text
from courses.tests.essay_support import essay_input as raw_input

LEVELS = {c["id"]: {lv["id"] for lv in c["levels"]} for c in RUBRIC["criteria"]}


def essay_input(name: str, prompt: str = "soft-skills", **kwargs) -> EssayGradeInput:
    return raw_input(f"{prompt}/{name}", prompt=prompt_text(prompt), **kwargs)


def levels(result: EssayGradeResult) -> dict[str, int]:
    return {g.criterion_id: RANK[g.level_id] for g in result.criteria}


def grade(inp: EssayGradeInput) -> EssayGradeResult:
    return ai.get_engine("local").essay_grade(inp).result


def assert_quotes_are_exact(inp: EssayGradeInput, result: EssayGradeResult) -> None:
    for grade_ in result.criteria:
        assert grade_.rationale
        for quote in grade_.quotes:
            assert quote and quote in inp.essay  # an exact excerpt
            assert f"“{quote}”" in grade_.rationale  # and the rationale quotes it verbatim


# --- Quadratic weighted kappa ---------------------------------------------------------------


def test_qwk_matches_a_hand_computed_example_and_scikit_learn():
    # observed [[1, 1], [0, 2]]; expected disagreement 1.5 + 0.5 = 2; observed 1 -> 1 - 1/2
    assert quadratic_weighted_kappa([0, 0, 1, 1], [0, 1, 1, 1]) == pytest.approx(0.5)
    assert quadratic_weighted_kappa([0, 1, 2, 3], [0, 1, 2, 3]) == pytest.approx(1.0)
    assert quadratic_weighted_kappa([0, 3, 0, 3], [3, 0, 3, 0]) < 0
    from sklearn.metrics import cohen_kappa_score

    a = [0, 1, 2, 3, 3, 2, 1, 0, 2, 2, 3, 1, 0, 1]
    b = [0, 2, 2, 3, 2, 2, 0, 0, 3, 1, 3, 1, 1, 1]
    assert quadratic_weighted_kappa(a, b, categories=4) == pytest.approx(
        cohen_kappa_score(a, b, weights="quadratic")
    )


# --- Local engine ---------------------------------------------------------------------------


def test_below_the_minimum_of_graded_essays_only_measurements_are_offered():
    graded = examples(labelled("remote-work")[: essay_scorer.MIN_GRADED - 3])
    inp = essay_input("01", graded=graded)
    result = grade(inp)
    EssayGradeResult.model_validate(result.model_dump())
    assert [g.level_id for g in result.criteria] == [None] * 4  # no level is guessed
    for grade_ in result.criteria:
        assert grade_.confidence == 0
        assert f"level suggestions start at {essay_scorer.MIN_GRADED} graded essays" in (
            grade_.rationale
        )
        assert f"({len(graded)} so far)" in grade_.rationale
    assert_quotes_are_exact(inp, result)
    assert "Measurements only" in result.summary and "not a language model" not in result.summary
    m = result.measurements
    assert (m["graded_essays"], m["levels_suggested"]) == (len(graded), 0)
    assert m["min_graded_essays"] == essay_scorer.MIN_GRADED and m["word_count"] > 300


def test_levels_are_learned_from_the_instructors_graded_essays():
    """The other 33 labelled essays are the graded set (mixed prompts: fitted promptless)."""
    held_out = ("soft-skills/01", "soft-skills/08", "soft-skills/12")
    graded = examples(labelled(skip=held_out))
    key = "test-learned"
    results = {}
    for essay_id in held_out:
        inp = raw_input(essay_id, graded=graded, key=key)
        result = grade(inp)
        assert_quotes_are_exact(inp, result)
        for grade_ in result.criteria:
            assert grade_.level_id in LEVELS[grade_.criterion_id]
            assert 0 < grade_.confidence <= 1
            assert f"learned from {len(graded)} graded essays" in grade_.rationale
        assert result.summary.count(f"Based on {len(graded)} graded essays of this assignment")
        assert result.measurements["levels_suggested"] == 1
        results[essay_id] = levels(result)
    strong, weak, short = (results[e] for e in held_out)
    assert sum(strong.values()) > sum(weak.values())  # human: 16 against 7
    assert sum(strong.values()) > sum(short.values())  # human: 16 against 7
    assert strong["mechanics"] >= 3 and weak["mechanics"] <= 2  # many language errors


def test_a_graded_set_is_fitted_once_per_key_and_again_when_it_changes():
    graded = [(e.essay, {"c": RANK[e.levels["thesis"]]}) for e in examples(labelled()[:16])]
    options = {"c": [1.0, 2.0, 3.0, 4.0]}
    first = essay_scorer.learn(graded=graded, levels=options, prompt="", key="k-16")
    assert essay_scorer.learn(graded=graded, levels=options, prompt="", key="k-16") is first
    changed = essay_scorer.learn(graded=graded[:15], levels=options, prompt="", key="k-15")
    assert changed is not first and (first.graded, changed.graded) == (16, 15)
    assert changed.ready("c") and first.ready("c")
    unkeyed = essay_scorer.learn(graded=graded, levels=options, prompt="")
    assert unkeyed is not essay_scorer.learn(graded=graded, levels=options, prompt="")


def test_a_criterion_the_instructor_rated_too_rarely_gets_measurements_only():
    graded = examples(labelled()[:20])
    for example in graded[5:]:
        del example.levels["mechanics"]  # rated on 5 essays only
    result = grade(essay_input("02", graded=graded))
    by_id = {g.criterion_id: g for g in result.criteria}
    assert by_id["mechanics"].level_id is None and "(20 so far)" in by_id["mechanics"].rationale
    assert by_id["thesis"].level_id in LEVELS["thesis"]


def test_criteria_map_to_detectors_by_their_words_with_a_generic_fallback():
    def names(title, description=""):
        criterion = EssayCriterion(
            id="c",
            title=title,
            description=description,
            levels=[{"id": "a", "title": "A", "points": 1}],
        )
        return set(detectors_for(criterion))

    assert names("Grammar and spelling") == {"mechanics"}
    assert "evidence" in names("Use of sources", "Claims are backed by data and examples.")
    assert names("Counter-argument") == {"counter"}
    assert names("Conclusion") == {"conclusion"}
    assert "reflection" in names("Insight", "Reflects on the lesson learned.")
    assert names("Creativity") == {"generic"}


def test_local_engine_handles_odd_rubrics_and_tiny_essays():
    inp = EssayGradeInput(
        prompt="",
        essay="Ok.",
        criteria=[
            {
                "id": "1",
                "title": "Overall impression",
                "levels": [
                    {"id": "lo", "title": "Low", "points": 0},
                    {"id": "hi", "title": "High", "points": 5},
                ],
            },
            {
                "id": "2",
                "title": "Thesis",
                "levels": [{"id": "only", "title": "Only", "points": 1}],
            },
        ],
    )
    result = grade(inp)
    assert [g.level_id for g in result.criteria] == [None, None]  # nothing graded yet
    empty = grade(inp.model_copy(update={"essay": " \n"}))
    assert [g.level_id for g in empty.criteria] == ["lo", "only"]  # nothing to read is a fact
    assert "no words" in empty.criteria[0].rationale


# --- Claude engine --------------------------------------------------------------------------


def claude_review(inp: EssayGradeInput, **overrides) -> dict:
    first_sentence = inp.essay.split("\n\n")[1].split(". ")[0]
    criteria = [
        {
            "criterion_id": c.id,
            "level_id": c.levels[1].id,
            "rationale": f"{c.title}: clear, with room to deepen the analysis.",
            "quotes": [first_sentence],
            "confidence": 0.7,
        }
        for c in inp.criteria
    ]
    review = {"criteria": criteria, "summary": "A solid essay; push the evidence further."}
    review.update(overrides)
    return review


@pytest.mark.django_db
def test_claude_suggestions_are_used_when_they_fit_the_rubric_and_the_essay(fake_claude):
    inp = essay_input("01")
    review = claude_review(inp)
    review["criteria"][0]["quotes"] = [" ".join(review["criteria"][0]["quotes"][0].split())]
    fake_claude.reply_json(review, input_tokens=3000, output_tokens=600)
    outcome = ai.essay_grade(inp=inp)
    assert outcome.engine == "anthropic" and not outcome.fallback and outcome.note == ""
    assert [g.level_id for g in outcome.result.criteria] == ["proficient"] * 4
    assert outcome.result.summary.startswith("A solid essay")
    assert outcome.result.measurements["word_count"] > 300  # the local measurements stay
    request = fake_claude.requests[0]
    assert request.body["model"] == "claude-sonnet-4-6"  # Sonnet for grading feedback
    assert request.body["output_config"]["format"]["type"] == "json_schema"
    grounding = request.body["messages"][0]["content"]
    assert "local_measurements" in grounding and "local_suggestions" in grounding
    call = AICall.objects.get(feature="essay_grade")
    assert (call.engine, call.outcome, call.tokens_in) == ("anthropic", "ok", 3000)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spoil, reason",
    [
        (lambda r: r["criteria"][1].update(level_id="excellent-plus"), "not a level"),
        (lambda r: r["criteria"][2].update(quotes=["Words the student never wrote."]), "quote"),
        (lambda r: r["criteria"].pop(), "no suggestion for criteria"),
        (lambda r: r["criteria"][0].update(criterion_id="style"), "unknown criterion"),
    ],
)
def test_a_reply_that_does_not_fit_falls_back_to_local_with_a_note(fake_claude, spoil, reason):
    inp = essay_input("01")
    review = claude_review(inp)
    spoil(review)
    fake_claude.reply_json(review)
    outcome = ai.essay_grade(inp=inp)
    assert outcome.engine == "local" and outcome.fallback
    assert "reply was not valid" in outcome.note and "offline" in outcome.note
    assert reason in outcome.error
    assert "Measurements only" in outcome.result.summary  # the local result
    assert AICall.objects.get(feature="essay_grade").outcome == "fallback"


@pytest.mark.django_db
def test_a_server_error_falls_back_to_local(fake_claude):
    fake_claude.reply_status(500)
    outcome = ai.essay_grade(inp=essay_input("04", "remote-work"))
    assert outcome.engine == "local" and outcome.fallback
    assert "returned an error (500)" in outcome.note
    assert len(outcome.result.criteria) == 4


def test_quotes_are_located_despite_different_line_breaks():
    essay = "First line of the essay\nwraps here. Second sentence."
    assert locate("line of the essay wraps here.", essay) == "line of the essay\nwraps here."
    assert locate("“Second sentence.”", essay) == "Second sentence."
    assert locate("Not in it.", essay) is None
