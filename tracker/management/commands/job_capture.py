"""`manage.py job_capture --html FILE [--url URL] [--json]`: a saved posting page, parsed.

The same parser as the capture page, the bookmarklet, the extension and the API. FILE may
be "-" for standard input; pasted text (not HTML) works too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.capture import normalise_url, parse_posting
from tracker.capture.document import MAX_HTML_CHARS, decode_bytes

OUTPUT_FIELDS = (
    "title",
    "company",
    "location",
    "remote",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "date_posted",
    "deadline",
    "description",
    "source",
    "url",
)


class Command(BaseCommand):
    help = "Read a job posting from a saved page (HTML or text) and print its fields."

    def add_arguments(self, parser):
        parser.add_argument("--html", required=True, metavar="FILE", help='page file, or "-"')
        parser.add_argument("--url", default="", help="the address the page was saved from")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        page = _read(options["html"])
        url = options["url"]
        if url and not normalise_url(url):
            raise CommandError(f"--url {url!r} is not an http(s) address")
        posting = parse_posting(page, url=url)
        data = posting.as_json()
        data["url"] = normalise_url(url) or posting.url
        payload = {key: data[key] for key in OUTPUT_FIELDS}
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for key in OUTPUT_FIELDS:
            value = payload[key]
            if key == "description" and value:
                value = value[:300] + (" …" if len(value) > 300 else "")
            self.stdout.write(f"{key:16} {'' if value is None else value}")
        if not posting.found_anything:
            self.stderr.write("No job posting was found in this page.")


def _read(name: str) -> str:
    if name == "-":
        data = sys.stdin.buffer.read(MAX_HTML_CHARS * 4 + 1)
    else:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with path.open("rb") as handle:
            data = handle.read(MAX_HTML_CHARS * 4 + 1)
    return decode_bytes(data)
