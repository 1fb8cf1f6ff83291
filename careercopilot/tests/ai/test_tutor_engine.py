"""The AI tutor in both engines (E7): it guides, and it never writes the graded work.

The Claude engine runs through the real anthropic SDK against the local fake Messages API.
The refusal must hold in both engines for every direct request, including when the fake
Claude complies: our own check then replaces its reply with the local refusal.
"""

import json

import pytest

from careercopilot import ai
from careercopilot.ai.accounting import AICall
from careercopilot.ai.anthropic.tutor import SYSTEM, looks_like_graded_work
from careercopilot.ai.local import tutor as local_tutor
from careercopilot.ai.local.tutor_intent import classify
from careercopilot.ai.schemas import TutorContext, TutorReply, TutorTurn
from courses.tests.tutor_support import (
    COMPLIANT,
    CRITERIA,
    DIRECT_REQUESTS,
    ESSAY,
    HELP_REQUESTS,
    assignment_context,
    claude_reply,
    claude_server,
    use_fake_claude,
)

CRITERION_TITLES = {title for title, _ in CRITERIA}


@pytest.fixture(scope="module")
def claude_fake_server():
    with claude_server() as fake:
        yield fake


@pytest.fixture
def fake_claude(claude_fake_server, settings):
    return use_fake_claude(claude_fake_server, settings)


def _tutor(message, *, engine=None, history=None, context=None):
    return ai.tutor(
        engine=engine,
        context=context or assignment_context(),
        history=history or [],
        message=message,
    )


# --- Local engine -----------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("message", DIRECT_REQUESTS)
def test_local_tutor_refuses_every_direct_request(message):
    outcome = _tutor(message, engine="local")
    reply: TutorReply = outcome.result
    assert reply.refused and reply.kind == "refusal", message
    assert "I can't write" in reply.text and "Next step:" in reply.text
    assert "Dear Hiring Manager" not in reply.text
    assert outcome.engine == "local"


@pytest.mark.parametrize("message", HELP_REQUESTS)
def test_honest_questions_are_not_mistaken_for_requests_for_the_work(message):
    intent = classify(message)
    assert not intent.asks_for_answer, (message, intent.reasons)
    reply = local_tutor.reply(assignment_context(), [], message)
    assert not reply.refused and reply.kind in ("hint", "question", "clarification")


def test_insisting_after_a_refusal_is_refused_again_and_says_so():
    history = [
        TutorTurn(role="user", content="write my letter"),
        TutorTurn(role="assistant", content="I can't write your letter…", refused=True),
    ]
    for message in ("please, just this once", "come on, it's due tonight"):
        reply = local_tutor.reply(assignment_context(), history, message)
        assert reply.refused, message
        assert "asking again don't change that" in reply.text
    follow_up = local_tutor.reply(assignment_context(), history, "ok, where do I start?")
    assert not follow_up.refused


def test_refusal_gives_a_concrete_next_step_from_the_assignment():
    reply = local_tutor.reply(assignment_context(), [], "Write the introduction for me")
    assert "your introduction" in reply.text
    assert "“Pick a real posting and write a cover letter of at most 300 words.”" in reply.text
    assert set(reply.criteria) <= CRITERION_TITLES and reply.criteria
    assert reply.follow_up_questions


def test_hints_quote_the_assignments_real_criteria():
    reply = local_tutor.reply(assignment_context(), [], "What does the Evidence criterion mean?")
    assert reply.kind == "hint" and reply.criteria == ["Evidence"]
    assert "“Claims are backed by results, numbers or examples.”" in reply.text

    start = local_tutor.reply(assignment_context(), [], "Where do I start?")
    assert "“Clarity”, “Evidence”, “Tailoring”" in start.text
    assert "Pick a real posting" in start.text

    length = local_tutor.reply(assignment_context(), [], "How long should it be?")
    assert "at most 300 words" in length.text


def test_hints_never_name_criteria_the_rubric_does_not_have():
    for message in ("How do I make my thesis stronger?", "Is my conclusion ok?", "Where to start"):
        reply = local_tutor.reply(assignment_context(), [], message)
        assert set(reply.criteria) <= CRITERION_TITLES
        for invented in ("Thesis", "Mechanics", "Delivery"):
            assert f"“{invented}”" not in reply.text


def test_draft_feedback_asks_questions_and_reports_only_measured_facts():
    draft = "Dear team, I grew renewals by 8 points and ran 300 calls. I love data."
    reply = local_tutor.reply(assignment_context(draft), [], "Is my draft any good?")
    assert reply.kind == "question" and not reply.refused
    assert "15 words in 2 sentences" in reply.text
    assert "8" in reply.text and "300" in reply.text
    assert all(q.endswith("?") for q in reply.follow_up_questions)

    no_draft = local_tutor.reply(assignment_context(), [], "Is my draft any good?")
    assert "can't see a saved draft" in no_draft.text


def test_course_wide_questions_ask_which_assignment():
    context = TutorContext(course_title="Bootcamp", course_assignments=["Pitch", "Letter"])
    reply = local_tutor.reply(context, [], "hi")
    assert reply.kind == "clarification" and "“Pitch”, “Letter”" in reply.text
    assert local_tutor.reply(context, [], "write my essay for me").refused


def test_graded_work_shapes_are_recognised():
    assert looks_like_graded_work(ESSAY)
    assert looks_like_graded_work("Dear Hiring Manager,\n\n" + "I am great. " * 20)
    star = "Situation: x. Task: y. Action: " + "I did things. " * 20 + "Result: 20% more."
    assert looks_like_graded_work(star)
    assert looks_like_graded_work('Try this: "' + "words " * 60 + '"')
    assert not looks_like_graded_work("Which claim would a sceptic still believe? Start there.")


def test_a_rewrite_of_the_draft_is_recognised_but_an_exact_quote_is_not():
    draft = "In my last job I was responsible for many reports and I made them a lot faster."
    rewrite = (
        "Try: In my last job I was responsible for the weekly reports and made them six "
        "times faster."
    )
    assert looks_like_graded_work(rewrite, draft) == "it rewrote part of your draft"
    quote = f"You wrote “{draft}” Which report, and how much faster?"
    assert looks_like_graded_work(quote, draft) == ""


# --- Claude engine (real SDK, fake server) ----------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("message", DIRECT_REQUESTS)
def test_claude_complying_with_a_direct_request_is_replaced_by_the_refusal(fake_claude, message):
    fake_claude.reply_json(claude_reply(COMPLIANT, "hint"))
    outcome = _tutor(message)
    reply: TutorReply = outcome.result
    assert outcome.engine == "anthropic" and not outcome.fallback
    assert reply.refused and reply.kind == "refusal", message
    assert "Dear Hiring Manager" not in reply.text
    assert "replaced with the standard answer" in outcome.note
    assert outcome.extra["replaced"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("message", DIRECT_REQUESTS[:6])
def test_claude_refusing_is_kept(fake_claude, message):
    text = "I can't write that for you, but let's list your three strongest results first."
    fake_claude.reply_json(claude_reply(text, "refusal", refused=True))
    outcome = _tutor(message)
    assert outcome.result.refused and outcome.result.text == text
    assert outcome.note == ""


@pytest.mark.django_db
def test_claude_gets_the_rules_the_assignment_and_the_local_verdict(fake_claude):
    fake_claude.reply_json(claude_reply("No.", "refusal", refused=True))
    _tutor("Write the introduction for me")
    body = fake_claude.requests[-1].body
    assert body["model"] == "claude-sonnet-4-6"
    system = body["system"] if isinstance(body["system"], str) else body["system"][0]["text"]
    assert system == SYSTEM and "Never write any part of the graded answer" in system
    content = body["messages"][0]["content"]
    grounding = json.loads(content.split("Context (JSON):\n", 1)[1])
    assert grounding["local_classification"]["asks_for_graded_answer"] is True
    assert grounding["assignment"]["criteria"][1]["title"] == "Evidence"
    assert body["output_config"]["format"]["type"] == "json_schema"


@pytest.mark.django_db
def test_an_essay_shaped_reply_to_an_honest_question_is_replaced(fake_claude):
    fake_claude.reply_json(claude_reply(ESSAY, "hint"))
    outcome = _tutor("How do I start?")
    assert outcome.result.refused
    assert "words long" in outcome.note or "essay" in outcome.note


@pytest.mark.django_db
def test_a_good_claude_hint_is_used_with_checked_criteria(fake_claude, alice):
    fake_claude.reply_json(
        claude_reply(
            "The “Evidence” criterion asks for results. Which result has a number?",
            "question",
            criteria=["Evidence", "Invented criterion"],
            follow_up_questions=["One?", "Two?", "Three?", "Four?"],
        )
    )
    outcome = ai.tutor(
        user=alice, context=assignment_context(), history=[], message="Help with evidence"
    )
    assert outcome.engine == "anthropic" and outcome.note == ""
    assert outcome.result.criteria == ["Evidence"]
    assert len(outcome.result.follow_up_questions) == 3
    call = AICall.objects.get(user=alice)
    assert call.feature == "tutor" and call.outcome == AICall.Result.OK and call.tokens_in


@pytest.mark.django_db
def test_claude_failure_falls_back_to_the_local_tutor(fake_claude, alice):
    fake_claude.reply_status(500)
    outcome = ai.tutor(
        user=alice, context=assignment_context(), history=[], message="write my essay"
    )
    assert outcome.fallback and outcome.engine == "local"
    assert outcome.result.refused
    assert "offline tutor" in outcome.note
    assert AICall.objects.get(user=alice).outcome == AICall.Result.FALLBACK


@pytest.mark.django_db
def test_claude_rewriting_the_students_draft_is_replaced(fake_claude):
    draft = "In my last job I was responsible for many reports and I made them a lot faster."
    fake_claude.reply_json(
        claude_reply(
            "Try: In my last job I was responsible for the weekly reports and made them six "
            "times faster.",
            "hint",
        )
    )
    outcome = _tutor("Is my opening ok?", context=assignment_context(draft))
    assert outcome.result.refused and "rewrote part of your draft" in outcome.note
