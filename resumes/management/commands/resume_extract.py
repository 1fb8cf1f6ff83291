"""`manage.py resume_extract FILE [--json]`: the text, sections and skills of a resume file."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from resumes.extraction import ExtractionError, extract
from resumes.extraction.validation import validate_upload


def read_resume(path: str):
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"{path}: no such file")
    data = file.read_bytes()
    try:
        sniffed = validate_upload(data)
        return extract(data, sniffed.kind)
    except ValidationError as exc:
        raise CommandError(f"{path}: {' '.join(exc.messages)}") from exc
    except ExtractionError as exc:
        raise CommandError(f"{path}: {exc}") from exc


class Command(BaseCommand):
    help = "Print the text, sections and detected skills of a PDF, DOCX, PNG or JPEG resume."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        found = read_resume(options["file"])
        if options["json"]:
            payload = {
                "text": found.text,
                "sections": found.sections,
                "skills": found.skills,
                "pages": found.page_count,
                "ocr_pages": found.ocr_pages,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(found.text)
        self.stdout.write("\nSections: " + ", ".join(found.sections))
        self.stdout.write("Skills: " + ", ".join(found.skills))
