"""The AI seam: one engine decision for every feature, typed entry points, and one shared
Claude call (fallback, pricing, charging) that the tutor and the essay grader use too.

Claude is the real anthropic SDK against the local fake Messages API (tests/fakes/).
"""

import datetime as dt
import inspect
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.services import plan_grant
from careercopilot import ai
from careercopilot.ai.accounting import AICall
from careercopilot.ai.anthropic import call as claude
from careercopilot.ai.base import FEATURES
from courses.tests.essay_support import essay_input, prompt_text
from courses.tests.tutor_support import assignment_context, claude_reply

pytestmark = pytest.mark.django_db

CAREER_FEATURES = ("match", "cover_letter", "interview_prep", "practice_feedback", "chat")


def test_without_claude_every_feature_runs_locally(settings, alice):
    """Guards the one engine decision: nothing picks Claude when it is not configured."""
    settings.AI_ENGINE, settings.ANTHROPIC_API_KEY = "anthropic", ""
    assert {ai.engine_for(feature, user=alice) for feature in FEATURES} == {"local"}


def test_career_features_follow_the_plan_and_course_features_the_site(fake_claude, alice):
    """Guards that one function decides for every feature, the tutor and grader included:
    career features need a plan with Claude, course features come with the course, and
    the rule-based quality check always runs locally."""
    assert {f: ai.engine_for(f, user=alice) for f in CAREER_FEATURES} == dict.fromkeys(
        CAREER_FEATURES, "local"
    )
    assert ai.engine_for("tutor", user=alice) == "anthropic"
    assert ai.engine_for("essay_grade") == "anthropic"
    assert ai.engine_for("quality", user=alice) == "local"

    plan_grant(user=alice, plan_code="premium", until=timezone.now() + dt.timedelta(days=1))

    assert {f: ai.engine_for(f, user=alice) for f in CAREER_FEATURES} == dict.fromkeys(
        CAREER_FEATURES, "anthropic"
    )
    assert ai.engine_for("quality", user=alice) == "local"


def test_an_unknown_feature_is_refused(alice):
    with pytest.raises(ValueError, match="Unknown AI feature"):
        ai.engine_for("horoscope", user=alice)


def test_every_feature_has_a_typed_keyword_only_entry_point():
    """Guards go-to-definition: each feature is a function of its own, not a name to dispatch."""
    for feature in FEATURES:
        entry = getattr(ai, feature)
        parameters = inspect.signature(entry).parameters.values()
        assert {p.kind for p in parameters} == {inspect.Parameter.KEYWORD_ONLY}, feature
        assert inspect.signature(entry).return_annotation.startswith("Outcome["), feature
    assert not hasattr(ai, "run")  # no dispatch by name


def test_an_entry_point_without_an_engine_uses_the_users_engine(fake_claude, alice):
    """A free user's match runs locally even on a site with Claude: no paid call is made."""
    from careercopilot.tests.ai.claude_payloads import JOB, RESUME

    outcome = ai.match(user=alice, resume=RESUME, job=JOB)

    assert outcome.engine == "local" and not outcome.fallback
    assert fake_claude.requests == []
    assert AICall.objects.get(user=alice).requested_engine == "local"


def test_a_claude_tutor_reply_is_priced_and_charged_by_the_shared_call(fake_claude, alice):
    """Guards that the tutor goes through the shared call: the same price list and the
    ``charged_to`` hook apply to it as to every other feature."""
    fake_claude.reply_json(
        claude_reply("Which result has a number?", "question"), input_tokens=2000
    )
    charged: list[Decimal] = []

    with ai.charged_to(charged.append):
        outcome = ai.tutor(
            user=alice, context=assignment_context(), history=[], message="Help with evidence"
        )

    assert outcome.engine == "anthropic" and outcome.extra["intent"]
    expected = claude.cost(outcome.model, 2000, 300)
    assert outcome.cost_usd == expected > 0 and charged == [expected]
    assert AICall.objects.get(user=alice, feature="tutor").cost_usd == expected


def test_a_failed_claude_tutor_or_grader_falls_back_through_the_shared_call(fake_claude):
    """Both course features fall back the way every feature does, naming the model asked."""
    fake_claude.reply_status(503)
    fake_claude.reply_status(503)
    charged: list[Decimal] = []

    with ai.charged_to(charged.append):
        tutored = ai.tutor(context=assignment_context(), history=[], message="A hint?")
        graded = ai.essay_grade(
            inp=essay_input("soft-skills/01", prompt=prompt_text("soft-skills"))
        )

    for outcome, offline in ((tutored, "offline tutor"), (graded, "offline analysis")):
        assert outcome.engine == "local" and outcome.fallback
        assert outcome.note == (
            f"Claude was not used because it returned an error (503); this is the {offline}."
        )
        assert outcome.extra["requested_model"] == "claude-sonnet-4-6"
    assert charged == []
