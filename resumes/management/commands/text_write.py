"""`manage.py text_write`: cover letters or interview questions for JSON lines on stdin.

Each stdin line is `{"id", "resume", "job"}` plus, for letters, `"company"`, `"length"`
(short, medium, long) and `"tone"`. Each output line is, with `--kind letter`,
`{"id", "body", "is_template", "evidence_lines"}`; with `--kind questions`,
`{"id", "questions": [text, ...]}`. Same engine call as the pages, on the local engine.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from careercopilot import ai
from careercopilot.ai.schemas import CandidateProfile, CoverLetterInput, JobInput, ResumeInput


class Command(BaseCommand):
    help = "Write cover letters or interview questions for JSON lines read from stdin."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=("letter", "questions"), default="letter")

    def handle(self, *args, **options):
        engine = ai.get_engine("local")
        for number, raw in enumerate(sys.stdin, start=1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
                resume = ResumeInput(text=row["resume"])
                job = JobInput(description=row["job"], company=row.get("company", ""))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise CommandError(f'line {number}: expected {{"id", "resume", "job"}}') from exc
            if options["kind"] == "questions":
                result = engine.interview_prep(resume, job).result
                out = {"id": row.get("id"), "questions": [q.question for q in result.questions]}
            else:
                inp = CoverLetterInput(
                    resume=resume,
                    job=job,
                    profile=CandidateProfile(name=row.get("name", "")),
                    length=row.get("length", "medium"),
                    tone=row.get("tone", "professional"),
                )
                letter = engine.cover_letter(inp).result
                out = {
                    "id": row.get("id"),
                    "body": letter.body,
                    "is_template": letter.is_template,
                    "evidence_lines": letter.evidence_lines,
                }
            self.stdout.write(json.dumps(out, ensure_ascii=False))
