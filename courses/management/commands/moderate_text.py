"""Moderates lines from stdin: ``moderate_text --json`` prints one JSON verdict per line."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from courses.moderation import moderate_many

BATCH = 500


class Command(BaseCommand):
    help = "Check each line of standard input with the course feed moderation."
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="One JSON object per line.")

    def handle(self, *args, **options):
        lines = [line.rstrip("\r\n") for line in options.get("stdin") or sys.stdin]
        for start in range(0, len(lines), BATCH):
            batch = lines[start : start + BATCH]
            for line, verdict in zip(batch, moderate_many(batch), strict=True):
                if options["json"]:
                    self.stdout.write(json.dumps(verdict.as_dict()))
                else:
                    mark = "FLAGGED" if verdict.flagged else "ok"
                    self.stdout.write(f"{mark}\t{','.join(verdict.reasons)}\t{line}")
