"""The command-line tools, run as real subprocesses: JSON out, one-line errors, exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from . import samples

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, env_extra=None):
    import os

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "careercopilot.settings", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture
def files(tmp_path):
    resume = tmp_path / "resume.docx"
    resume.write_bytes(samples.docx_file())
    job = tmp_path / "job.txt"
    job.write_text(samples.JOB)
    return tmp_path, resume, job


def test_resume_extract_json(files):
    _, resume, _ = files
    result = manage("resume_extract", str(resume), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "Built REST APIs" in data["text"]
    assert {"experience", "education", "skills"} <= set(data["sections"])
    assert "Django" in data["skills"]


def test_resume_match_json_and_bad_input(files):
    tmp, resume, job = files
    result = manage("resume_match", str(resume), str(job), "--engine", "local", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"score", "subscores", "matched_skills", "missing_skills", "suggestions"}
    assert data["engine"] == "local" and 0 <= data["score"] <= 100
    fake = tmp / "fake.pdf"
    fake.write_bytes(b"GIF89a not a pdf")
    empty = tmp / "empty.txt"
    empty.write_text("")
    for args, message in [
        (("resume_extract", str(fake)), "not a PDF, DOCX, PNG or JPEG"),
        (("resume_extract", str(tmp / "missing.pdf")), "no such file"),
        (("resume_match", str(resume), str(empty)), "Paste the job description"),
    ]:
        bad = manage(*args)
        assert bad.returncode != 0
        lines = [line for line in bad.stderr.strip().splitlines() if line]
        assert len(lines) == 1 and message in lines[0], bad.stderr
