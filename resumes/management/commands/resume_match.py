"""`manage.py resume_match RESUME_FILE JD_FILE [--engine local|anthropic] [--json]`."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from careercopilot import ai
from careercopilot.ai.schemas import JobInput, ResumeInput
from resumes.services.analyses import clean_job_description

from .resume_extract import read_resume


class Command(BaseCommand):
    help = "Match a resume file against a job description file: the analysis the page shows."

    def add_arguments(self, parser):
        parser.add_argument("resume_file")
        parser.add_argument("jd_file")
        parser.add_argument("--engine", choices=ai.ENGINES, default=None)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        found = read_resume(options["resume_file"])
        jd_path = Path(options["jd_file"])
        if not jd_path.is_file():
            raise CommandError(f"{jd_path}: no such file")
        try:
            description = clean_job_description(
                jd_path.read_text(encoding="utf-8", errors="replace")
            )
        except ValidationError as exc:
            raise CommandError(f"{jd_path}: {' '.join(exc.messages)}") from exc
        engine = options["engine"] or ai.engine_for("match")
        if engine == "anthropic" and not settings.ANTHROPIC_API_KEY:
            raise CommandError("--engine anthropic needs ANTHROPIC_API_KEY")
        # Batch use has no user to account to: the engine is called directly.
        outcome = ai.get_engine(engine).match(
            resume=ResumeInput(
                text=found.text,
                sections=found.sections,
                page_count=found.page_count,
                ocr_used=found.ocr_pages > 0,
            ),
            job=JobInput(description=description),
        )
        result = outcome.result.model_dump(mode="json")
        payload = {
            "score": result["score"],
            "subscores": result["subscores"],
            "matched_skills": result["matched_skills"],
            "missing_skills": result["missing_skills"],
            "implied_skills": result["implied_skills"],
            "suggestions": result["suggestions"],
            "summary": result["summary"],
            "facts": result["facts"],
            "engine": outcome.engine,
            "model": outcome.model,
            "note": outcome.note,
        }
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Score {payload['score']}/100 ({outcome.engine}) — {payload['summary']}")
        for key, value in payload["subscores"].items():
            self.stdout.write(f"  {key:<11}{value:>4}")
        self.stdout.write("Matched: " + ", ".join(s["skill"] for s in payload["matched_skills"]))
        self.stdout.write("Missing: " + ", ".join(s["skill"] for s in payload["missing_skills"]))
        for s in payload["suggestions"]:
            self.stdout.write(
                f"- [{s['priority']}] {s['text']}" + (f"  ← “{s['line']}”" if s["line"] else "")
            )
        if outcome.note:
            self.stdout.write(outcome.note)
