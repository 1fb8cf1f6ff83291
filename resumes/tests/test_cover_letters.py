"""Local cover letters: the chosen length, paragraphs, no filler, and only the user's facts.

Run on the team's own resume/job pairs (bench/eval), which read like real ones.
"""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from careercopilot.ai.local import letters
from careercopilot.ai.local.quality import weak_phrase_in
from careercopilot.ai.local.taxonomy import taxonomy
from careercopilot.ai.local.text import is_bullet
from careercopilot.ai.schemas import CandidateProfile, CoverLetterInput, JobInput, ResumeInput

from . import samples

EVAL = Path(settings.BASE_DIR) / "bench" / "eval"
PAIRS = json.loads((EVAL / "pairs.json").read_text())["pairs"]
TONES = ("professional", "warm", "confident")
CASES = [
    (pair, length, TONES[(index + offset) % 3])
    for index, pair in enumerate(PAIRS)
    for offset, length in enumerate(("short", "medium", "long"))
]
NUMBER_RE = re.compile(r"\d[\d,.]*\d|\d")
PROFILE = CandidateProfile(name="Robin Avery", email="robin.avery@example.com")


def _letter(pair: dict, length: str, tone: str) -> tuple[str, str, object]:
    resume = (EVAL / "resumes" / f"{pair['resume']}.txt").read_text()
    job = (EVAL / "jobs" / f"{pair['job']}.txt").read_text()
    result = letters.write(
        CoverLetterInput(
            resume=ResumeInput(text=resume),
            job=JobInput(description=job, company="Harbor & Pine"),
            profile=PROFILE,
            tone=tone,
            length=length,
        )
    )
    return resume, job, result


def _template_words() -> set[str]:
    fixed = [
        *letters.OPENINGS.values(),
        *letters.EVIDENCE_LEADS.values(),
        *letters.CLOSINGS.values(),
        *letters.SIGN_OFF.values(),
        letters.SKILLS_SENTENCE,
        "Dear Hiring Manager",
        "I am a an As at My roles so far current role last role education licences and "
        "certifications The skills section of my resume lists",
    ]
    return {w for text in fixed for w in re.findall(r"[A-Za-z]+", text)}


@pytest.mark.parametrize(
    "pair,length,tone", CASES, ids=[f"{p['resume']}-{p['job']}-{n}" for p, n, _ in CASES]
)
def test_letter_lands_in_its_range_as_paragraphs_without_filler(pair, length, tone):
    resume, job, result = _letter(pair, length, tone)
    low, high = letters.WORD_RANGES[length]
    assert low <= letters.word_count(result.body) <= high
    assert result.is_template
    assert not any(is_bullet(line) for line in result.body.splitlines())
    assert weak_phrase_in(result.body) is None
    paragraphs = result.body.split("\n\n")
    evidence = [p for p in paragraphs if any(s in p for s in letters.EVIDENCE_LEADS.values())]
    if result.evidence_lines:
        assert len(evidence) == 1 and evidence[0].count(". ") >= 1  # sentences, not a list


@pytest.mark.parametrize(
    "pair,length,tone", CASES, ids=[f"{p['resume']}-{p['job']}-{n}" for p, n, _ in CASES]
)
def test_every_fact_in_the_letter_comes_from_the_resume(pair, length, tone):
    resume, job, result = _letter(pair, length, tone)
    sources = f"{resume}\n{job}\nHarbor & Pine\n{PROFILE.name} {PROFILE.email}"
    for number in NUMBER_RE.findall(result.body):
        assert number in sources, number
    for line in result.evidence_lines:
        assert line in resume
        sentence = f"I {line[0].lower()}{line[1:].rstrip('.')}."
        assert sentence in result.body
    outside_brackets = re.sub(r"\[[^\]]*\]", "", result.body)
    canonical = " ".join(taxonomy().find(resume).named)  # a skill's own name, e.g. PostgreSQL
    known = _template_words() | set(re.findall(r"[A-Za-z]+", f"{sources} {canonical}"))
    for word in re.findall(r"(?<=[a-z,;] )[A-Z][A-Za-z]*", outside_brackets):
        assert word in known, word  # no name, product or place the user did not write


def test_longer_lengths_carry_more_of_the_users_evidence():
    pair = {"resume": "backend_strong", "job": "backend"}
    counts = [
        len(_letter(pair, length, "professional")[2].evidence_lines)
        for length in ("short", "medium", "long")
    ]
    assert counts[0] >= 2 and counts[0] <= counts[1] <= counts[2]


def test_lines_with_weak_phrases_are_left_out_and_nothing_is_made_up():
    result = letters.write(
        CoverLetterInput(
            resume=ResumeInput(text=samples.WEAK_RESUME),
            job=JobInput(description=samples.JOB, company="Acme Data"),
            profile=CandidateProfile(name="Sam Smith"),
            length="medium",
        )
    )
    assert weak_phrase_in(result.body) is None
    assert result.evidence_lines == []
    assert "Retail Sales Associate at ShopMart" in result.body  # the role it does state
    assert "[Why Acme Data: one specific reason, in your own words]" in result.placeholders
    assert all(p in result.body for p in result.placeholders)


def test_missing_company_role_and_name_are_placeholders():
    result = letters.write(
        CoverLetterInput(
            resume=ResumeInput(text=samples.RESUME),
            job=JobInput(description="We need someone to build data pipelines in Python."),
            profile=CandidateProfile(),
            length="short",
        )
    )
    assert {"[Company]", "[Role]", "[Your name]"} <= set(re.findall(r"\[[^\]]+\]", result.body))
    assert "[Company]" in result.placeholders and "[Your name]" in result.placeholders
    assert "[Why this company: one specific reason, in your own words]" in result.placeholders
    assert not re.search(r"\[[^\]]*\[", result.body)  # no bracket inside another


def test_a_resume_pasted_without_line_breaks_still_gives_sentences_of_its_own():
    flat = (
        "Priya Nair priya@example.com Summary Operations lead for a regional courier. "
        "Experience Operations Manager, Swift Parcels - 2019 - Present • Manages a team of 12 "
        "dispatchers across three depots • Cut late deliveries by 18% with a new routing "
        "rota • Management of vendor contracts and invoices etc. 4. Verifies driver logs "
        "against GPS records every week. Education B.Com, Mumbai University, 2015"
    )
    result = letters.write(
        CoverLetterInput(
            resume=ResumeInput(text=flat),
            job=JobInput(description="Operations Manager\nRun dispatch and vendor contracts."),
            profile=PROFILE,
            length="medium",
        )
    )
    assert "I manage a team of 12 dispatchers across three depots." in result.body
    assert "I cut late deliveries by 18% with a new routing rota." in result.body
    assert "I verify driver logs against GPS records every week." in result.body
    assert "I management" not in result.body and " 4." not in result.body
    assert weak_phrase_in(result.body) is None  # the 'etc.' line is left out
    low, high = letters.WORD_RANGES["medium"]
    assert low <= letters.word_count(result.body) <= high


def test_lines_that_start_with_gerunds_become_first_person_sentences():
    from careercopilot.ai.local.resume_facts import first_person

    assert first_person("Leading and coordinating a team of 12 people") == (
        "I lead and coordinate a team of 12 people."
    )
    assert first_person("Managing, planning and building the budget") == (
        "I manage, plan and build the budget."
    )
    assert first_person("Spring Boot services for payments") == ""  # not a verb


@pytest.mark.django_db
def test_text_write_command_prints_one_letter_or_question_set_per_line(monkeypatch, capsys):
    import io

    from django.core.management import call_command

    row = {
        "id": "r1",
        "resume": samples.RESUME,
        "job": samples.JOB,
        "company": "Acme Data",
        "length": "short",
    }
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(row) + "\n"))
    call_command("text_write", "--kind", "letter")
    letter = json.loads(capsys.readouterr().out.strip())
    assert letter["id"] == "r1" and letter["is_template"]
    low, high = letters.WORD_RANGES["short"]
    assert low <= letters.word_count(letter["body"]) <= high
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(row) + "\n"))
    call_command("text_write", "--kind", "questions")
    questions = json.loads(capsys.readouterr().out.strip())["questions"]
    assert questions and all(q.endswith(("?", ".")) for q in questions)
