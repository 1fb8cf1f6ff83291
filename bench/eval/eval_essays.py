"""Essay score suggestions on ASAP prompts 1 and 2 (README protocol), beside word count.

Per prompt: DRAWS random draws (seed 7) of K essays given as graded, with their human
score; up to OTHERS of the prompt's other essays are scored by `essay_suggest_batch`.
Placeholders (@PERSON1, @CAPS2, ...) become plain words of their kind, the n-th of a fixed
list; runs of 2+ spaces become paragraph breaks. QWK after rounding and clipping, a null
counting as the scale's midpoint. Baseline: least squares `score = a + b * words` on the
same K graded essays. Nothing here is fitted on ASAP beyond each draw's own K essays.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence

from evalkit import data_file, manage, qwk, read_csv, scratch, table, verdict, write_jsonl

ASAP = "asap_sets_12.tsv.gz"
SEED = 7
DRAWS = 5
K = 30
OTHERS = 100
MARGIN = 0.05
FLOOR = 0.55
PROMPTS = {
    "1": "Effects of computers. More and more people use computers, but not everyone agrees "
    "that this benefits society. Those who support advances in technology believe that "
    "computers have a positive effect on people. Others are concerned that people are spending "
    "too much time on their computers and less time exercising, enjoying nature, and "
    "interacting with family and friends. Write a letter to your local newspaper in which you "
    "state your opinion on the effects computers have on people. Persuade the readers to agree "
    "with you.",
    "2": "Censorship in the libraries. Write a persuasive essay to a newspaper reflecting your "
    "views on censorship in libraries. Do you believe that certain materials, such as books, "
    "music, movies, magazines, etc., should be removed from the shelves if they are found "
    "offensive? Support your position with convincing arguments from your own experience, "
    "observations, and/or reading.",
}
# (prompt, score column, low, high)
TARGETS = (
    ("1", "domain1_score", 2, 12),
    ("2", "domain1_score", 1, 6),
    ("2", "domain2_score", 1, 4),
)

FIRST_NAMES = "Emma Liam Olivia Noah Ava James Sophia Lucas Mia Ethan Grace Owen Chloe Ryan Zoe Adam Lily Jack Ella Sam".split()  # noqa: E501
CITIES = "Boston Denver Seattle Austin Chicago Portland Atlanta Phoenix Dallas Miami".split()
COMPANIES = "Acme Globex Initech Umbrella Stark Wayne Hooli Vandelay Wonka Cyberdyne".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October".split()
NUMBERS = "three seven twelve forty ninety fifteen eight twenty sixty five".split()
PERCENTS = ["ten percent", "forty percent", "seventy percent", "half", "five percent"]
MONEY = ["ten dollars", "fifty dollars", "a hundred dollars", "five dollars"]
TIMES = ["noon", "midnight", "six o'clock", "nine o'clock"]
WORDS_BY_KIND = {
    "PERSON": FIRST_NAMES,
    "CAPS": FIRST_NAMES,
    "DR": FIRST_NAMES,
    "LOCATION": CITIES,
    "CITY": CITIES,
    "STATE": CITIES,
    "ORGANIZATION": COMPANIES,
    "DATE": WEEKDAYS,
    "MONTH": MONTHS,
    "NUM": NUMBERS,
    "PERCENT": PERCENTS,
    "MONEY": MONEY,
    "TIME": TIMES,
    "EMAIL": ["mail"],
}
PLACEHOLDER_RE = re.compile(r"@([A-Z]+)(\d*)")


def _placeholder(match: re.Match) -> str:
    words = WORDS_BY_KIND.get(match.group(1))
    if not words:
        return match.group(1).lower()
    n = int(match.group(2) or 1)
    return words[(n - 1) % len(words)]


def clean(text: str) -> str:
    text = PLACEHOLDER_RE.sub(_placeholder, text)
    return "\n\n".join(part.strip() for part in re.split(r" {2,}", text.strip()))


def essays(prompt: str) -> list[dict]:
    return [
        {**row, "text": clean(row["essay"])}
        for row in read_csv(ASAP, delimiter="\t")
        if row["essay_set"] == prompt
    ]


def draws(rows: Sequence[dict], *, seed: int = SEED) -> list[tuple[list[dict], list[dict]]]:
    """DRAWS (graded, to score) pairs: K graded essays, up to OTHERS of the rest."""
    rng = random.Random(seed)
    out = []
    for _ in range(DRAWS):
        graded = rng.sample(list(rows), K)
        taken = {row["essay_id"] for row in graded}
        rest = [row for row in rows if row["essay_id"] not in taken]
        out.append((graded, rng.sample(rest, min(OTHERS, len(rest)))))
    return out


def word_count_baseline(graded: Sequence[dict], column: str) -> tuple[float, float]:
    xs = [len(row["text"].split()) for row in graded]
    ys = [float(row[column]) for row in graded]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    return my - b * mx, b


def to_scale(value: float | None, low: int, high: int) -> int:
    """Rounded (halves up) and clipped; a null is the scale's midpoint."""
    value = (low + high) / 2 if value is None else value
    return int(min(high, max(low, math.floor(value + 0.5))))


BANDS = (("high", 0.6, 1.01), ("medium", 0.45, 0.6), ("low", 0.0, 0.45))


def _run_draw(prompt: str, column: str, low: int, high: int, graded, others) -> dict:
    with scratch() as tmp:
        from pathlib import Path

        folder = Path(tmp)
        g = write_jsonl(
            ({"id": r["essay_id"], "text": r["text"], "score": float(r[column])} for r in graded),
            folder,
            "graded.jsonl",
        )
        e = write_jsonl(
            ({"id": r["essay_id"], "text": r["text"]} for r in others), folder, "e.jsonl"
        )
        prompt_file = folder / "prompt.txt"
        prompt_file.write_text(PROMPTS[prompt], encoding="utf-8")
        lines = manage(
            [
                "essay_suggest_batch",
                "--graded",
                str(g),
                "--essays",
                str(e),
                "--scale",
                str(low),
                str(high),
                "--prompt",
                str(prompt_file),
            ]
        )
    by_id = {line["id"]: line for line in lines}
    gold = [int(r[column]) for r in others]
    ours = [to_scale(by_id.get(r["essay_id"], {}).get("score"), low, high) for r in others]
    a, b = word_count_baseline(graded, column)
    base = [to_scale(a + b * len(r["text"].split()), low, high) for r in others]
    rated = [
        (by_id[r["essay_id"]]["confidence"], ours[i] - gold[i])
        for i, r in enumerate(others)
        if by_id.get(r["essay_id"], {}).get("score") is not None
    ]
    return {
        "ours": qwk(ours, gold, low, high),
        "base": qwk(base, gold, low, high),
        "declined": len(others) - len(rated),
        "rated": rated,
    }


def evaluate() -> str:
    if data_file(ASAP) is None:
        return "### Essay score suggestions\n\nASAP data not found: nothing measured."
    rows_out, bands, all_ok = [], {}, True
    by_prompt = {prompt: essays(prompt) for prompt in PROMPTS}
    for prompt, column, low, high in TARGETS:
        results = [
            _run_draw(prompt, column, low, high, graded, others)
            for graded, others in draws(by_prompt[prompt])
        ]
        ours = [r["ours"] for r in results]
        base = [r["base"] for r in results]
        mean_ours, mean_base = sum(ours) / len(ours), sum(base) / len(base)
        ok = mean_ours >= mean_base + MARGIN and mean_ours >= FLOOR
        all_ok &= ok
        rows_out.append(
            [
                prompt,
                f"{column} ({low}-{high})",
                mean_ours,
                f"{min(ours):.3f}–{max(ours):.3f}",
                mean_base,
                mean_ours - mean_base,
                sum(r["declined"] for r in results),
                verdict(ok),
            ]
        )
        label = f"{prompt} {column}"
        for result in results:
            for confidence, error in result["rated"]:
                band = next(name for name, lo, hi in BANDS if lo <= confidence < hi)
                bands.setdefault((label, band), []).append((confidence, error))
    band_rows = []
    for (label, band), pairs in sorted(
        bands.items(), key=lambda kv: (kv[0][0], [b[0] for b in BANDS].index(kv[0][1]))
    ):
        n = len(pairs)
        band_rows.append(
            [
                label,
                band,
                n,
                sum(c for c, _ in pairs) / n,
                sum(e == 0 for _, e in pairs) / n,
                sum(abs(e) <= 1 for _, e in pairs) / n,
            ]
        )
    head = (
        "### Essay score suggestions\n\n"
        f"ASAP prompts 1 and 2, README protocol: per prompt {DRAWS} draws (seed {SEED}) of "
        f"k = {K} essays given as graded with their human score, up to {OTHERS} other essays "
        "scored by `essay_suggest_batch` (a per-prompt model fitted at run time on the k "
        "graded essays only: measured features plus MiniLM embedding components, ridge with "
        "its penalty chosen by leave-one-out on the graded essays, leave-one-out predictions "
        "stretched to the graded scores' spread). Held-out split: no essay scored is among "
        "the graded ones. The method and its constants were chosen on other draws (seeds "
        "1-4 and 21-24) of these prompts, never on the seed-7 draws reported here. "
        "The minimum of graded essays (below it the command declines: null) is 15: on the "
        "development draws (seeds 21-24) QWK at k = 10 / 15 / 30 was 0.68 / 0.76 / 0.81 on "
        "prompt 1 (word count 0.71 / 0.73 / 0.74), 0.54 / 0.56 / 0.66 on prompt 2 (0.49 / "
        "0.50 / 0.53) and 0.46 / 0.56 / 0.69 on its conventions score (0.23 / 0.21 / 0.33): "
        "15 is the smallest k at or above 0.55 and above word count on all three. "
        f"Target per row: mean QWK >= baseline + {MARGIN} and >= {FLOOR}. Baseline: least "
        "squares on word count fitted on the same k essays. Draws: `random.Random(7)` per "
        "prompt, each draw samples k graded essays, then up to 100 of the rest; the README "
        "does not fix the sampling beyond the seed, so the baseline here differs slightly "
        "from its figures (0.739 and 0.493).\n\n"
    )
    main_table = table(
        [
            "prompt",
            "score",
            "ours QWK",
            "ours range",
            "word count QWK",
            "gain",
            "declined",
            "target",
        ],
        rows_out,
    )
    bands_table = table(
        ["target", "confidence band", "essays", "mean confidence", "exact", "within 1"],
        band_rows,
    )
    return (
        head + main_table + "\n\nAccuracy per confidence band (confidence is the model's "
        "probability that the suggested level is exactly the human's: high >= 0.6, "
        "medium 0.45-0.6, low < 0.45):\n\n" + bands_table + f"\n\nAll targets: {verdict(all_ok)}."
    )
