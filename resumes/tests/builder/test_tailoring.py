"""Tailoring is honest: on 25 resume/posting pairs, with every proposal accepted, the
tailored resume holds no number, employer, title, date, degree or skill the base lacks.
Claude's rewordings (the real SDK against the fake Messages API) pass the same check."""

from __future__ import annotations

import re

import pytest

from careercopilot import ai
from careercopilot.ai.local import tailor
from careercopilot.ai.local.tailor_facts import check, document_text, skills_of
from careercopilot.ai.schemas import TailorInput

from .pairs import POSTINGS, RESUMES

PAIRS = [(r, p) for r in RESUMES for p in POSTINGS]
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _accept_all(proposals: list[dict]) -> list[dict]:
    return [{**p, "status": tailor.ACCEPTED} for p in proposals]


def _entries(document: dict, section: str, keys: tuple[str, ...]) -> set[tuple]:
    return {tuple(e.get(k) for k in keys) for e in document.get(section) or []}


def _tailored(resume_key: str, posting_key: str) -> tuple[dict, dict, list[dict]]:
    base = RESUMES[resume_key]
    title, description = POSTINGS[posting_key]
    result = tailor.tailor_local(TailorInput(document=base, title=title, description=description))
    return base, tailor.apply(base, _accept_all(result.proposals)), result.proposals


@pytest.mark.parametrize(("resume_key", "posting_key"), PAIRS)
def test_tailoring_fabricates_no_fact(resume_key, posting_key):
    """Guards honest tailoring: numbers, organisations, titles, dates, degrees and skills
    of the output all come from the base, and the contact details are unchanged."""
    base, out, _ = _tailored(resume_key, posting_key)
    base_text, out_text = document_text(base), document_text(out)

    assert {n.replace(",", "") for n in NUMBER.findall(out_text)} <= {
        n.replace(",", "") for n in NUMBER.findall(base_text)
    }
    work_keys = ("name", "position", "startDate", "endDate")
    assert _entries(out, "work", work_keys) <= _entries(base, "work", work_keys)
    school_keys = ("institution", "studyType", "area", "startDate", "endDate")
    assert _entries(out, "education", school_keys) == _entries(base, "education", school_keys)
    assert _entries(out, "certificates", ("name", "issuer", "date")) == _entries(
        base, "certificates", ("name", "issuer", "date")
    )
    assert skills_of(out_text) <= skills_of(base_text)
    assert out["basics"] == base["basics"]
    assert [k for k in out if out.get(k)] == [k for k in base if base.get(k)]  # sections kept
    for section in ("work", "projects"):  # every line is one of the base's, maybe reworded
        for before, after in zip(base.get(section) or [], out.get(section) or [], strict=True):
            assert len(after.get("highlights") or []) <= len(before.get("highlights") or [])
    assert check(base, out) == []


def test_tailoring_changes_something_for_a_matching_posting():
    """Guards against a tailor that passes by doing nothing: the backend resume for the
    backend posting leads with the API and latency lines and lists PostgreSQL."""
    base, out, proposals = _tailored("backend", "backend")
    kinds = {p["kind"] for p in proposals}
    assert {"reorder", "omit", "reword", "add_skill"} <= kinds
    first_two = out["work"][0]["highlights"][:2]
    assert any("REST APIs" in line for line in first_two)
    assert any("PostgreSQL read replicas" in line for line in out["work"][0]["highlights"])
    assert "Organised the office book club for 30 colleagues" not in first_two
    assert tailor.KEEP <= len(out["work"][0]["highlights"]) < len(base["work"][0]["highlights"])


def test_the_fact_check_catches_each_kind_of_fabrication():
    """Guards the check itself: each invented fact is reported."""
    base = RESUMES["backend"]
    cases = {
        "the number 45": ("work", 0, "Grew revenue 45% in a year"),
        "the skill kubernetes": ("work", 0, "Ran services on Kubernetes"),
        "the name netflix": ("work", 0, "Partnered with Netflix on streaming"),
    }
    for problem, (section, index, line) in cases.items():
        out = tailor.apply(base, [])
        out[section][index]["highlights"].append(line)
        assert problem in check(base, out), problem
    invented_employer = tailor.apply(base, [])
    invented_employer["work"].append({"name": "Google", "position": "Staff Engineer"})
    assert any("work entry" in p for p in check(base, invented_employer))
    new_dates = tailor.apply(base, [])
    new_dates["work"][1]["startDate"] = "2013-06"
    assert any("work entry" in p for p in check(base, new_dates))
    new_degree = tailor.apply(base, [])
    new_degree["education"][0]["studyType"] = "PhD"
    assert any("education entry" in p for p in check(base, new_degree))


def test_a_proposal_that_points_at_nothing_is_dropped():
    base = RESUMES["data"]
    forged = [
        {"id": "x1", "kind": "reword", "section": "work", "index": 7, "target": "a", "text": "b"},
        {"id": "x2", "kind": "reorder", "section": "work", "index": 0, "order": ["Invented"]},
    ]
    kept, dropped = tailor.screen(base, forged)
    assert kept == [] and len(dropped) == 2


def test_local_engine_says_it_is_the_local_engine(alice):
    title, description = POSTINGS["data"]
    outcome = ai.resume_tailor(
        inp=TailorInput(document=RESUMES["data"], title=title, description=description),
        user=alice,
    )
    assert outcome.engine == "local"
    assert "local engine" in outcome.result.note and "No AI model" in outcome.result.note


def test_claude_rewordings_are_fact_checked_and_the_dropped_ones_reported(fake_claude, alice):
    """Guards the Claude path: an honest rewording is proposed, one that invents a number
    and a skill is dropped and listed, and the tailored result still passes the check."""
    base = RESUMES["backend"]
    honest = "Built Django REST APIs that serve 2M requests a day"
    invented = "Built Django REST APIs on Kubernetes serving 5M requests a day"
    target = "Built Django REST APIs serving 2M requests a day"
    fake_claude.reply_json(
        {
            "rewordings": [
                {"section": "work", "index": 0, "target": target, "text": honest},
                {
                    "section": "work",
                    "index": 1,
                    "target": "Migrated 3 services from Python 2 to Python 3",
                    "text": invented,
                },
            ]
        }
    )
    title, description = POSTINGS["backend"]
    outcome = ai.resume_tailor(
        inp=TailorInput(document=base, title=title, description=description),
        user=alice,
        engine="anthropic",
    )
    assert outcome.engine == "anthropic" and not outcome.fallback
    rewordings = [p for p in outcome.result.proposals if p.get("engine") == "anthropic"]
    assert [p["text"] for p in rewordings] == [honest]
    dropped = [d for d in outcome.result.dropped if d.get("engine") == "anthropic"]
    assert [d["text"] for d in dropped] == [invented]
    assert {"the number 5", "the skill kubernetes"} <= set(dropped[0]["problems"])
    assert "1 was dropped" in outcome.note
    out = tailor.apply(base, _accept_all(outcome.result.proposals))
    assert honest in out["work"][0]["highlights"] and check(base, out) == []


def test_claude_failing_falls_back_to_the_local_engine_with_a_note(fake_claude, alice):
    fake_claude.reply_status(500)
    title, description = POSTINGS["nurse"]
    outcome = ai.resume_tailor(
        inp=TailorInput(document=RESUMES["nurse"], title=title, description=description),
        user=alice,
        engine="anthropic",
    )
    assert outcome.engine == "local" and outcome.fallback
    assert "Claude was not used" in outcome.note
