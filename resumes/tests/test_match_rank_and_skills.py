"""match_rank and skills_extract (the evaluation's command-line contracts), the skill
matcher's precision rules, skills beyond software, and what the match score means."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from careercopilot import ai
from careercopilot.ai.local.taxonomy import taxonomy
from careercopilot.ai.schemas import JobInput, ResumeInput

from . import samples

ROOT = Path(settings.BASE_DIR)
OWN = ROOT / "bench" / "eval"


def manage(*args, stdin=None):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "careercopilot.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        input=stdin,
    )


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _own(kind: str, name: str) -> str:
    return (OWN / kind / f"{name}.txt").read_text()


def test_match_rank_prints_every_pair_with_the_pages_score(tmp_path):
    resumes = _jsonl(
        tmp_path / "r.jsonl",
        [{"id": "jane", "text": samples.RESUME}, {"id": "sam", "text": samples.WEAK_RESUME}],
    )
    jobs = _jsonl(tmp_path / "j.jsonl", [{"id": "backend", "text": samples.JOB}])
    done = manage("match_rank", "--resumes", str(resumes), "--jobs", str(jobs))
    assert done.returncode == 0, done.stderr
    rows = {(r["resume"], r["job"]): r for r in map(json.loads, done.stdout.splitlines())}
    assert set(rows) == {("jane", "backend"), ("sam", "backend")}
    page = (
        ai.get_engine("local")
        .match(ResumeInput(text=samples.RESUME), JobInput(description=samples.JOB))
        .result
    )
    assert rows["jane", "backend"]["score"] == page.score
    assert rows["jane", "backend"]["subscores"] == page.subscores.model_dump()
    assert rows["jane", "backend"]["score"] > rows["sam", "backend"]["score"]


def test_match_rank_names_the_bad_line(tmp_path):
    resumes = tmp_path / "r.jsonl"
    resumes.write_text('{"id": "a", "text": "fine"}\nnot json\n')
    jobs = _jsonl(tmp_path / "j.jsonl", [{"id": "j", "text": samples.JOB}])
    done = manage("match_rank", "--resumes", str(resumes), "--jobs", str(jobs))
    assert done.returncode != 0
    assert f"{resumes}:2: not JSON" in done.stderr


def test_skills_extract_is_the_upload_extraction_line_by_line():
    texts = {"jane": samples.RESUME, "hr": "Skills: Recruitment, Payroll, Employee Relations"}
    stdin = "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items())
    done = manage("skills_extract", "--json", stdin=stdin)
    assert done.returncode == 0, done.stderr
    rows = {row["id"]: row["skills"] for row in map(json.loads, done.stdout.splitlines())}
    assert rows == {k: taxonomy().find(v).names() for k, v in texts.items()}
    assert {"Django", "PostgreSQL", "Docker"} <= set(rows["jane"])
    assert {"Recruiting", "Payroll", "Employee relations"} <= set(rows["hr"])


@pytest.mark.parametrize(
    ("text", "not_a_skill"),
    [
        ("Handled employee grievances and employee records.", "iEmployee"),
        ("Filed e-TDS and AIR returns before the deadline.", "Adobe AIR"),
        ("Drafted plaints under the Income Tax Act.", "Act!"),
        ("company - Oracle Financial Services Software", "Oracle"),
        ("Analyst at Oracle Financial Services Software Ltd, Mumbai", "Oracle"),
        ("1. Drafting of plaint 2. Filing J. Smith's returns", "J"),
        ("Scored grade C in the 12th standard exam.", "C"),
        ("Prepared the work order and the help desk roster.", "Work order"),
    ],
)
def test_ordinary_words_employers_and_list_marks_are_not_skills(text, not_a_skill):
    assert not_a_skill not in taxonomy().find(text).named


def test_a_narrower_skill_is_named_as_itself_and_implies_the_broader_one():
    found = taxonomy().find("Automated the regression suite with Selenium and pytest.")
    assert {"Selenium", "pytest"} <= set(found.named)
    assert "Software testing" not in found.named
    assert "Software testing" in found.implied


def test_versions_and_vendor_names_are_the_skill_itself():
    found = taxonomy().find("Oracle PL/SQL, MySQL5.0 and HTML5 in Microsoft Visual Studio")
    assert {"PL/SQL", "MySQL", "HTML", "Visual Studio"} <= set(found.named)


def test_coordinated_names_share_their_head_word():
    found = taxonomy().find("Trained in Manual and Automation Testing; ad hoc and smoke testing.")
    assert {"Manual testing", "Test automation", "Ad hoc testing", "Smoke testing"} <= set(
        found.named
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Drafting of plaints, civil litigation and legal research for property disputes.",
            {"Legal drafting", "Litigation", "Legal research"},
        ),
        (
            "Personal training: strength training, aerobics, yoga and nutrition plans.",
            {"Fitness training", "Strength training", "Aerobics", "Yoga", "Nutrition"},
        ),
        (
            "Site supervision, quantity surveying, AutoCAD shop drawings and BOQ preparation.",
            {
                "Site supervision",
                "Quantity surveying",
                "AutoCAD",
                "Shop drawings",
                "Bill of quantities",
            },
        ),
        (
            "Oil painting, sculpture and calligraphy workshops for children.",
            {"Painting", "Sculpture", "Calligraphy"},
        ),
        (
            "End to end recruitment, payroll processing, performance appraisal and new hire onboarding.",
            {"Recruiting", "Payroll", "Performance management", "Employee onboarding"},
        ),
        (
            "PLC programming, SCADA and single line diagram design for substations.",
            {"PLC", "SCADA", "Single line diagram", "Substation"},
        ),
    ],
)
def test_skills_of_fields_beyond_software(text, expected):
    assert expected <= set(taxonomy().find(text).named)


def test_the_score_reads_as_fit_for_the_same_field_and_low_for_another():
    engine = ai.get_engine("local")

    def score(resume: str, job: str) -> int:
        return engine.match(
            ResumeInput(text=_own("resumes", resume)), JobInput(description=_own("jobs", job))
        ).result.score

    assert score("nurse_strong", "nurse") >= 55
    assert score("sales_strong", "sales") >= 55
    assert score("nurse_strong", "backend") <= 35
    assert score("backend_strong", "marketing") <= 35


def test_every_implied_skill_is_a_skill_of_the_vocabulary():
    tx = taxonomy()
    unknown = {
        (name, implied)
        for name, skill in tx.skills.items()
        for implied in skill.implies
        if implied not in tx.skills
    }
    assert unknown == set()


def test_covered_sentences_count_the_job_sentences_one_resume_line_covers():
    engine = ai.get_engine("local")
    job = JobInput(description=_own("jobs", "nurse"))
    same = engine.match(ResumeInput(text=_own("resumes", "nurse_strong")), job).result
    other = engine.match(ResumeInput(text=_own("resumes", "backend_strong")), job).result
    assert same.facts.semantic_coverage >= 50
    assert other.facts.semantic_coverage <= 10
