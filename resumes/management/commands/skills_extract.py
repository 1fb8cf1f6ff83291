"""`manage.py skills_extract --json`: the skills named in each text read from stdin.

Each stdin line is `{"id": ..., "text": ...}`; each output line `{"id": ..., "skills":
[names]}`, found by the taxonomy lookup that fills a resume's skills on upload: the
vocabulary's names in the text, plus what its skills sections and skill-label lines list
(careercopilot/ai/local/skill_sections.py). Without --json, stdin is one plain text and
the skills are printed one a line.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from careercopilot.ai.local.taxonomy import taxonomy


def _stdin_text() -> str:
    """stdin as UTF-8 whatever the locale says."""
    return sys.stdin.buffer.read().decode("utf-8", errors="replace")


class Command(BaseCommand):
    help = "Print the skills named in texts read from stdin (JSON lines with --json)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help='stdin lines {"id", "text"}')

    def handle(self, *args, **options):
        tx = taxonomy()
        if not options["json"]:
            for name in tx.find(_stdin_text()).names():
                self.stdout.write(name)
            return
        for number, raw in enumerate(_stdin_text().splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw)
                text = row["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise CommandError(f'line {number}: expected {{"id": ..., "text": "..."}}') from exc
            line = {"id": row.get("id"), "skills": tx.find(text).names()}
            self.stdout.write(json.dumps(line))  # ASCII escapes: safe on any console
