"""Suggests scores for essays of one prompt from the essays an instructor already graded.

    python manage.py essay_suggest_batch --graded G.jsonl --essays E.jsonl --scale 1 6 \
        [--prompt FILE]

G lines are {"id", "text", "score"}, E lines {"id", "text"}. Prints {"id", "score",
"level", "confidence", "graded"} per essay of E; "score" is null when the engine declines
(fewer than the minimum of graded essays, or an empty essay). It fits and predicts with
the same code as the grading worker (careercopilot.ai.local.essay_scorer.learn), local
engine, no database.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careercopilot.ai.local import essay_scorer

CRITERION = "score"


def _read_jsonl(path: str, *, fields: tuple[str, ...]) -> list[dict]:
    rows = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            missing = [name for name in fields if name not in row]
            if missing:
                raise CommandError(f"{path}:{number}: missing {', '.join(missing)}")
            rows.append(row)
    return rows


class Command(BaseCommand):
    help = "Suggest essay scores learned from an instructor's graded essays of one prompt."
    requires_system_checks = []  # no database, no URLs: only the engine runs

    def add_arguments(self, parser):
        parser.add_argument("--graded", required=True, help="JSONL: id, text, score")
        parser.add_argument("--essays", required=True, help="JSONL: id, text")
        parser.add_argument("--scale", required=True, nargs=2, type=int, metavar=("MIN", "MAX"))
        parser.add_argument("--prompt", help="A file with the assignment's text.")

    def handle(self, *args, **options):
        low, high = options["scale"]
        if low >= high:
            raise CommandError("--scale needs MIN < MAX")
        graded = _read_jsonl(options["graded"], fields=("id", "text", "score"))
        essays = _read_jsonl(options["essays"], fields=("id", "text"))
        prompt = Path(options["prompt"]).read_text(encoding="utf-8") if options["prompt"] else ""
        learned = essay_scorer.learn(
            graded=[(row["text"], {CRITERION: float(row["score"])}) for row in graded],
            levels={CRITERION: [float(v) for v in range(low, high + 1)]},
            prompt=prompt,
        )
        scorer = learned.scorers.get(CRITERION)
        if scorer is None:
            suggestions = [None] * len(essays)
        else:
            measured = essay_scorer.measure_all([row["text"] for row in essays], prompt=prompt)
            suggestions = scorer.predict(measured)
        for row, suggestion in zip(essays, suggestions, strict=True):
            out = {"id": row["id"], "score": None, "graded": learned.graded}
            if suggestion is not None and row["text"].strip():  # nothing to read: declined
                out.update(
                    score=round(suggestion.score, 3),
                    level=suggestion.level,
                    confidence=round(suggestion.confidence, 3),
                )
            self.stdout.write(json.dumps(out))
