"""The match page: a score with what it means, sub-scores that agree with the skills
listed, skills as chips grouped by need, evidence lines and next actions."""

from __future__ import annotations

import re

import pytest

from careercopilot.jobs.models import JobState
from resumes import services
from resumes.match_view import match_view

from . import samples

pytestmark = pytest.mark.django_db

# The demo's saved jobs read like this: a posting that names no skill we recognise.
SKILL_FREE_JOB = (
    "We're hiring a Backend Engineer to join our team. You'll design, build and run "
    "services used by millions."
)


def _analyse(user, version, on_commit, job: str):
    with on_commit():
        analysis = services.analysis_request(user=user, version=version, job_description=job)
    analysis.refresh_from_db()
    assert analysis.state == JobState.DONE, analysis.error
    return analysis


def _subscore_row(html: str, key: str) -> str:
    found = re.search(rf'data-subscore="{key}">(.*?)</div>', html, re.S)
    assert found, f"no {key} sub-score row"
    return found.group(1)


def test_skills_are_not_scored_when_the_job_names_none(
    alice, alice_client, alice_version, on_commit
):
    """Guards the demo's "Skills 44" beside 0 matched and 0 missing: with nothing listed,
    the skills row says it was not scored instead of showing a text-similarity number."""
    analysis = _analyse(alice, alice_version, on_commit, SKILL_FREE_JOB)
    result = analysis.result
    assert not (result["matched_skills"] or result["missing_skills"] or result["implied_skills"])
    html = alice_client.get(analysis.get_absolute_url()).content.decode()
    row = _subscore_row(html, "skills")
    assert "Not scored" in row and "<meter" not in row
    assert "names no skills we recognise" in row
    assert "<meter" in _subscore_row(html, "keywords")


def test_the_page_explains_the_score_and_groups_skills(
    alice, alice_client, alice_version, on_commit
):
    analysis = _analyse(alice, alice_version, on_commit, samples.JOB)
    result = analysis.result
    html = alice_client.get(analysis.get_absolute_url()).content.decode()
    view = match_view(result)
    # The score with its meaning.
    assert f'data-testid="match-score">{result["score"]}<' in html
    assert f'data-testid="match-band">{view.band_label}<' in html and view.band_means in html
    # Skills scored from the listed skills, shown with its number.
    assert f'<span class="subscore-value">{result["subscores"]["skills"]}</span>' in (
        _subscore_row(html, "skills")
    )
    # Every listed skill is a chip in its section; missing ones split by need.
    missing = re.search(r'data-section="missing">(.*?)</section>', html, re.S).group(1)
    for skill in result["missing_skills"]:
        assert f">{skill['skill']}</li>" in missing
    assert "Kubernetes" in missing and 'class="chip chip-danger"' in missing
    matched = re.search(r'data-section="matched">(.*?)</section>', html, re.S).group(1)
    assert all(f">{s['skill']}</li>" in matched for s in result["matched_skills"])
    # Evidence lines, and next actions that ask for honesty.
    assert "Where your resume shows it" in html
    line = next(s["lines"][0] for s in result["matched_skills"] if s["lines"])
    assert line.replace("'", "&#x27;") in html
    assert "Add missing skills honestly" in html and "Upload a tailored version" in html


def test_a_skills_score_is_kept_when_skills_are_listed():
    result = {
        "score": 80,
        "subscores": {
            "skills": 67,
            "keywords": 50,
            "title": 70,
            "experience": 90,
            "education": 100,
            "ats": 100,
        },
        "matched_skills": [
            {"skill": "Python", "required": True, "lines": ["Built APIs in Python"]},
            {"skill": "Kafka", "required": False, "lines": []},
        ],
        "missing_skills": [{"skill": "Go", "required": True, "lines": ["Go in production"]}],
        "implied_skills": [],
    }
    view = match_view(result)
    assert view.subscores[0].value == 67 and view.band == "strong"
    matched, implied, missing = view.sections
    assert matched.groups == [
        ("Required", [result["matched_skills"][0]]),
        ("Nice to have", [result["matched_skills"][1]]),
    ]
    assert implied.count == 0 and missing.count == 1 and view.missing_count == 1
    assert view.evidence == [("Python", "Built APIs in Python")]
    assert view.asks == [("Go", "Go in production")]
