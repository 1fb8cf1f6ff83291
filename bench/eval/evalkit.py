"""Shared pieces of the evaluation on real public data (`make eval`).

The data lives outside the repository (its licences allow evaluation only); point
EVAL_DATA_DIR at it, or keep the default `../shared/data/eval` beside the project.
Every engine figure comes from a management command's JSON lines, on the same code path
as the pages, and every metric is computed here, never taken from the engine's report.
"""

from __future__ import annotations

import bisect
import csv
import gzip
import json
import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("EVAL_DATA_DIR") or ROOT.parent / "shared" / "data" / "eval")
HERE = Path(__file__).resolve().parent


def data_file(name: str) -> Path | None:
    path = DATA / name
    return path if path.is_file() else None


def read_csv(name: str, *, delimiter: str = ",") -> list[dict]:
    path = DATA / name
    opener = gzip.open if name.endswith(".gz") else open
    csv.field_size_limit(sys.maxsize)
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def command_env() -> dict[str, str]:
    """The embedded settings in their own state folder: no service, no key, local engine."""
    env = dict(os.environ)
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "AWS_STORAGE_BUCKET_NAME",
        "EMAIL_URL",
        "DJANGO_ENV",
        "ANTHROPIC_API_KEY",
        "AI_ENGINE",
    ):
        env.pop(name, None)
    env.update(
        STATE_DIR=str(ROOT / "var" / "eval"),
        LOG_LEVEL="WARNING",
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="careercopilot.settings",
    )
    return env


def manage(args: Sequence[str], *, stdin: str | None = None) -> list[dict]:
    """Runs `manage.py ARGS` and returns the JSON objects it printed, one per line."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=command_env(),
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    out = []
    for line in done.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            out.append(json.loads(line))
    return out


def write_jsonl(rows: Iterable[dict], directory: Path, name: str) -> Path:
    path = directory / name
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def scratch() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="cc-eval-")


# --- metrics ---------------------------------------------------------------------------
def auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """Probability that a positive outscores a negative; ties count half."""
    if not positives or not negatives:
        return float("nan")
    ordered = sorted(negatives)
    wins = 0.0
    for p in positives:  # O(P log N): thousands of texts per side stay fast
        below, up_to = bisect.bisect_left(ordered, p), bisect.bisect_right(ordered, p)
        wins += below + 0.5 * (up_to - below)
    return wins / (len(positives) * len(negatives))


def qwk(a: Sequence[int], b: Sequence[int], low: int, high: int) -> float:
    """Quadratic weighted kappa between two integer ratings on [low, high]."""
    size = high - low + 1
    observed = [[0.0] * size for _ in range(size)]
    for x, y in zip(a, b, strict=True):
        observed[x - low][y - low] += 1
    n = len(a)
    hist_a = [sum(row) for row in observed]
    hist_b = [sum(observed[i][j] for i in range(size)) for j in range(size)]
    num = den = 0.0
    for i in range(size):
        for j in range(size):
            weight = (i - j) ** 2 / (size - 1) ** 2
            num += weight * observed[i][j]
            den += weight * hist_a[i] * hist_b[j] / n
    return 1.0 - num / den if den else 0.0


def prf(flags: Sequence[bool], gold: Sequence[bool]) -> dict[str, float]:
    """Precision, recall, F1 of the positive class and the false-positive rate."""
    tp = sum(f and g for f, g in zip(flags, gold, strict=True))
    fp = sum(f and not g for f, g in zip(flags, gold, strict=True))
    fn = sum(g and not f for f, g in zip(flags, gold, strict=True))
    negatives = sum(not g for g in gold)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "fpr": fp / negatives if negatives else 0.0,
    }


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


# --- output ----------------------------------------------------------------------------
def fmt(value) -> str:
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def table(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A Markdown table; numbers are right-aligned."""
    rows = [[fmt(cell) for cell in row] for row in rows]
    align = [
        "---:" if rows and all(_numeric(r[i]) for r in rows) else "---" for i in range(len(headers))
    ]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _numeric(cell: str) -> bool:
    try:
        float(cell.replace("–", "nan"))
    except ValueError:
        return False
    return True


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"
