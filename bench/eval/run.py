"""`make eval`: the local engine on real public data, beside baselines from the same run.

    python bench/eval/run.py                 # every feature
    python bench/eval/run.py match essays    # some of them
    python bench/eval/run.py --record        # also replace the section in bench/RESULTS.md

Each feature module has `evaluate() -> str` (a Markdown section) and reads its data from
EVAL_DATA_DIR (default ../shared/data/eval); a feature whose data is absent says so.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1]), str(HERE.parent)]

from evalkit import DATA  # noqa: E402

FEATURES = {
    "match": "eval_match",
    "skills": "eval_skills",
    "essays": "eval_essays",
    "moderation": "eval_moderation",
    "text": "eval_text",
}
HEADING = "Evaluation on real public data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("features", nargs="*", help=f"any of {', '.join(FEATURES)}")
    parser.add_argument("--record", action="store_true", help="write bench/RESULTS.md")
    args = parser.parse_args()
    chosen = args.features or list(FEATURES)
    unknown = set(chosen) - set(FEATURES)
    if unknown:
        parser.error(f"unknown feature(s): {', '.join(sorted(unknown))}")
    if not DATA.is_dir():
        print(f"No evaluation data at {DATA}: set EVAL_DATA_DIR. Nothing measured.")
        return 0
    from common import machine  # noqa: PLC0415 - bench/common.py

    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sections = [
        f"## {HEADING}\n\nMeasured {stamp} on {machine()}, local engine, through the "
        "management commands (the pages' code path). Data: `EVAL_DATA_DIR` "
        "(evaluation only, never shipped or trained on). Run: `make eval`."
    ]
    for name in chosen:
        started = time.perf_counter()
        module = importlib.import_module(FEATURES[name])
        section = module.evaluate()
        section += f"\n\n_{name}: evaluated in {time.perf_counter() - started:.0f} s._"
        print(section + "\n", flush=True)
        sections.append(section)
    if args.record and set(chosen) == set(FEATURES):
        from common import write_results  # noqa: PLC0415

        write_results(HEADING, "\n\n".join(sections))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
