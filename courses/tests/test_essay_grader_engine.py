"""The essay grader (E6) in both engines, and the kappa the evaluation reports.

The local engine grades essays from bench/eval/essays/; the Claude engine runs through the
real anthropic SDK against the local fake Messages API (tests/fakes/anthropic_server.py).
"""

import json
from pathlib import Path

import pytest

from bench.essay_eval import quadratic_weighted_kappa
from careercopilot import ai
from careercopilot.ai.accounting import AICall
from careercopilot.ai.essay_claude import locate
from careercopilot.ai.local.essay import detectors_for
from careercopilot.ai.schemas import EssayCriterion, EssayGradeInput, EssayGradeResult

EVAL = Path(__file__).resolve().parents[2] / "bench" / "eval" / "essays"
RUBRIC = json.loads((EVAL / "rubric.json").read_text())
PROMPTS = json.loads((EVAL / "prompts.json").read_text())
RANK = {"beginning": 1, "developing": 2, "proficient": 3, "excellent": 4}


def essay_input(name: str, prompt: str = "soft-skills") -> EssayGradeInput:
    p = PROMPTS[prompt]
    return EssayGradeInput(
        prompt=f"{p['title']}. {p['prompt']}",
        essay=(EVAL / prompt / f"{name}.txt").read_text(),
        criteria=RUBRIC["criteria"],
    )


def levels(result: EssayGradeResult) -> dict[str, int]:
    return {g.criterion_id: RANK[g.level_id] for g in result.criteria}


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


def test_local_engine_orders_strong_weak_and_off_topic_essays():
    strong = levels(ai.get_engine("local").essay_grade(essay_input("01")).result)
    weak = levels(ai.get_engine("local").essay_grade(essay_input("08")).result)
    off_topic = levels(ai.get_engine("local").essay_grade(essay_input("10")).result)
    assert strong["thesis"] == 4 and strong["evidence"] >= 3 and strong["mechanics"] == 4
    assert weak["thesis"] < strong["thesis"] and weak["mechanics"] == 1
    assert weak["evidence"] < strong["evidence"]
    assert off_topic["thesis"] == 1 and off_topic["evidence"] == 1  # a different subject
    assert off_topic["organisation"] >= 3  # ... though well organised, as a teacher would say
    assert sum(strong.values()) > sum(weak.values())
    assert sum(strong.values()) > sum(off_topic.values())


@pytest.mark.parametrize("name", ["01", "06", "08", "10", "12"])
def test_local_result_fits_the_schema_and_quotes_the_essay_exactly(name):
    inp = essay_input(name, "failure")
    result = ai.get_engine("local").essay_grade(inp).result
    EssayGradeResult.model_validate(result.model_dump())  # the schema Claude is held to
    by_id = {c["id"]: {lv["id"] for lv in c["levels"]} for c in RUBRIC["criteria"]}
    assert [g.criterion_id for g in result.criteria] == list(by_id)
    for grade in result.criteria:
        assert grade.level_id in by_id[grade.criterion_id]
        assert 0 <= grade.confidence <= 1
        assert grade.rationale
        for quote in grade.quotes:
            assert quote and quote in inp.essay  # an exact excerpt
            assert f"“{quote}”" in grade.rationale  # and the rationale quotes it verbatim
    assert "not a language model" in result.summary
    assert result.measurements["word_count"] > 0


def test_criteria_map_to_detectors_by_their_words_with_a_generic_fallback():
    def names(title, description=""):
        criterion = EssayCriterion(
            id="c", title=title, description=description,
            levels=[{"id": "a", "title": "A", "points": 1}],
        )  # fmt: skip
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
            {"id": "1", "title": "Overall impression", "levels": [
                {"id": "lo", "title": "Low", "points": 0},
                {"id": "hi", "title": "High", "points": 5},
            ]},
            {"id": "2", "title": "Thesis", "levels": [{"id": "only", "title": "Only", "points": 1}]},
        ],
    )  # fmt: skip
    result = ai.get_engine("local").essay_grade(inp).result
    assert [g.level_id for g in result.criteria] == ["lo", "only"]
    empty = ai.get_engine("local").essay_grade(inp.model_copy(update={"essay": " \n"})).result
    assert [g.level_id for g in empty.criteria] == ["lo", "only"]
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
    outcome = ai.run("essay_grade", inp=inp)
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
    outcome = ai.run("essay_grade", inp=inp)
    assert outcome.engine == "local" and outcome.fallback
    assert "reply was not valid" in outcome.note and "offline" in outcome.note
    assert reason in outcome.error
    assert outcome.result.summary.endswith("before saving.")  # the local suggestions
    assert AICall.objects.get(feature="essay_grade").outcome == "fallback"


@pytest.mark.django_db
def test_a_server_error_falls_back_to_local(fake_claude):
    fake_claude.reply_status(500)
    outcome = ai.run("essay_grade", inp=essay_input("04", "remote-work"))
    assert outcome.engine == "local" and outcome.fallback
    assert "returned an error (500)" in outcome.note
    assert len(outcome.result.criteria) == 4


def test_quotes_are_located_despite_different_line_breaks():
    essay = "First line of the essay\nwraps here. Second sentence."
    assert locate("line of the essay wraps here.", essay) == "line of the essay\nwraps here."
    assert locate("“Second sentence.”", essay) == "Second sentence."
    assert locate("Not in it.", essay) is None
