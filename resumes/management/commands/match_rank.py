"""`manage.py match_rank --resumes R.jsonl --jobs J.jsonl`: every pair's match score.

Input lines are `{"id": ..., "text": ...}`. One JSON line per (resume, job) pair:
`{"resume", "job", "score", "subscores"}`, from the local engine's match analysis (the
code path of the match page).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careercopilot import ai
from careercopilot.ai.schemas import JobInput, ResumeInput


def read_jsonl(path: str) -> list[dict]:
    """`{"id", "text"}` rows of a JSON-lines file; a bad line is an error naming it."""
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"{path}: no such file")
    rows = []
    for number, raw in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("text"), str):
            raise CommandError(f'{path}:{number}: expected {{"id": ..., "text": "..."}}')
        rows.append(row)
    return rows


class Command(BaseCommand):
    help = "Score every resume against every job with the local match analysis (JSON lines)."

    def add_arguments(self, parser):
        parser.add_argument("--resumes", required=True, help="JSON lines: {id, text}")
        parser.add_argument("--jobs", required=True, help="JSON lines: {id, text}")

    def handle(self, *args, **options):
        resumes = read_jsonl(options["resumes"])
        jobs = read_jsonl(options["jobs"])
        engine = ai.get_engine("local")
        for resume in resumes:
            resume_input = ResumeInput(text=resume["text"])
            for job in jobs:
                result = engine.match(resume_input, JobInput(description=job["text"])).result
                line = {
                    "resume": resume["id"],
                    "job": job["id"],
                    "score": result.score,
                    "subscores": result.subscores.model_dump(),
                }
                self.stdout.write(json.dumps(line))  # ASCII escapes: safe on any console
