"""Moderation (`moderate_text --json`) on OLID tweets and ETHOS comments.

Protocol (data README): one text per line, line breaks inside a text become spaces; OLID
`OFF` is positive, ETHOS positive when `isHate >= 0.5`. Metrics: precision, recall, F1 of
the positive class, false-positive rate, and the AUC of `score`.

OLID is split once, by a seeded shuffle (seed 7), into a development half and a held-out
half. Every design choice of the engine (which signals, their thresholds) was compared on the
development half only; the held-out half and all of ETHOS were never used to choose
anything, so those rows are the measure. The reference (TF-IDF 1-2-grams + logistic
regression, the README's settings) is fitted on the development half here, for comparison
only, and measured on the held-out half and on ETHOS.

Baselines from the same run: the toxicity model alone (`alt-profanity-check`,
`predict_prob >= 0.5`) and the word list alone (all of `better-profanity`'s list).
"""

from __future__ import annotations

import random
import statistics
import time

from evalkit import auc, data_file, manage, prf, read_csv, table, verdict

SEED = 7
TARGET_F1 = 0.60
TARGET_FPR = 0.05


def _clean(text: str) -> str:
    return " ".join(text.split())


def olid_split() -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """(development half, held-out half) of OLID as (text, offensive) pairs."""
    rows = [
        (_clean(r["tweet"]), r["label"] == "OFF")
        for r in read_csv("olid_train_levela.tsv.gz", delimiter="\t")
    ]
    random.Random(SEED).shuffle(rows)
    half = len(rows) // 2
    return rows[:half], rows[half:]


def ethos() -> list[tuple[str, bool]]:
    return [
        (_clean(r["comment"]), float(r["isHate"]) >= 0.5)
        for r in read_csv("ethos_binary.csv", delimiter=";")
    ]


def engine(texts: list[str]) -> list[dict]:
    out = manage(["moderate_text", "--json"], stdin="\n".join(texts) + "\n")
    if len(out) != len(texts):
        raise RuntimeError(f"moderate_text answered {len(out)} lines for {len(texts)} texts")
    return out


def toxicity_model(texts: list[str]) -> list[float]:
    from profanity_check import predict_prob

    return [float(p) for p in predict_prob(texts)]


def word_list(texts: list[str]) -> list[bool]:
    """better-profanity's whole list (no context rules), looked up by whole words on the
    text and its de-obfuscated forms, as the engine did before its context rules;
    `contains_profanity` gives the same answers at 10-50 ms a text."""
    from better_profanity import profanity

    from courses.moderation.lexicon import _table  # noqa: PLC0415
    from courses.moderation.normalise import find_listed, variants  # noqa: PLC0415

    profanity.load_censor_words()
    listed = {str(w).lower() for w in profanity.CENSOR_WORDSET}
    table = _table(listed)
    return [find_listed(variants(text), table) is not None for text in texts]


def _reference_model():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(class_weight="balanced", C=2.0, max_iter=2000),
    )


def reference(train: list[tuple[str, bool]], texts: list[str]) -> list[float]:
    """The README's reference, fitted on `train` only: evaluation, never shipped."""
    model = _reference_model().fit([t for t, _ in train], [g for _, g in train])
    return [float(p) for p in model.predict_proba(texts)[:, 1]]


def reference_threshold_at(train: list[tuple[str, bool]], fpr: float) -> float:
    """The reference's threshold for a false-positive rate of `fpr`, chosen by 5-fold
    cross-validation (seed 7) inside `train`, so it is never chosen on what it is scored on."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    texts, gold = [t for t, _ in train], [g for _, g in train]
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    probs = cross_val_predict(_reference_model(), texts, gold, cv=folds, method="predict_proba")
    negatives = sorted(p for p, g in zip(probs[:, 1], gold, strict=True) if not g)
    return float(negatives[min(len(negatives) - 1, int(len(negatives) * (1 - fpr)))])


def scores_row(name: str, flags: list[bool], scores: list[float], gold: list[bool]) -> list:
    m = prf(flags, gold)
    pos = [s for s, g in zip(scores, gold, strict=True) if g]
    neg = [s for s, g in zip(scores, gold, strict=True) if not g]
    return [name, m["precision"], m["recall"], m["f1"], m["fpr"], auc(pos, neg)]


def measure(
    data: list[tuple[str, bool]], train: list[tuple[str, bool]], ref_threshold: float
) -> tuple[list[list], dict]:
    texts = [text for text, _ in data]
    gold = [label for _, label in data]
    ours = engine(texts)
    tox = toxicity_model(texts)
    words = word_list(texts)
    ref = reference(train, texts)
    rows = [
        scores_row(
            "**our engine**", [o["flagged"] for o in ours], [float(o["score"]) for o in ours], gold
        ),
        scores_row("toxicity model alone (p ≥ 0.5)", [p >= 0.5 for p in tox], tox, gold),
        scores_row("word list alone", words, [float(w) for w in words], gold),
        scores_row(
            "reference TF-IDF + LR (fitted on OLID dev half)", [p >= 0.5 for p in ref], ref, gold
        ),
        scores_row(
            f"same reference, threshold for FPR {TARGET_FPR:.2f} by CV on dev "
            f"({ref_threshold:.2f})",
            [p >= ref_threshold for p in ref],
            ref,
            gold,
        ),
    ]
    reasons: dict[str, list[int]] = {}
    for verdict_, label in zip(ours, gold, strict=True):
        for reason in verdict_.get("reasons", []):
            hits = reasons.setdefault(reason, [0, 0])
            hits[0 if label else 1] += 1
    return rows, reasons


def context_cases() -> str:
    from courses.tests.test_moderation import CLEAN, FLAGGED  # noqa: PLC0415

    groups = {
        "threat, identity hate, harassment": [
            t for t, r in FLAGGED if r in ("threat", "identity hate", "harassment")
        ],
        "profanity and evasions": [t for t, r in FLAGGED if r == "profanity"],
        "spam": [t for t, r in FLAGGED if r == "spam"],
    }
    texts = [t for ts in groups.values() for t in ts] + CLEAN
    ours = dict(zip(texts, [o["flagged"] for o in engine(texts)], strict=True))
    tox = dict(zip(texts, [p >= 0.5 for p in toxicity_model(texts)], strict=True))
    words = dict(zip(texts, word_list(texts), strict=True))
    rows = []
    for name, flags in (
        ("**our engine**", ours),
        ("toxicity model alone", tox),
        ("word list alone", words),
    ):
        caught = [f"{sum(flags[t] for t in ts)}/{len(ts)}" for ts in groups.values()]
        passed = f"{sum(not flags[t] for t in CLEAN)}/{len(CLEAN)}"
        rows.append([name, *caught, passed])
    return table(["method", *[f"{g}: flagged" for g in groups], "ordinary texts: passed"], rows)


def latency() -> tuple[float, float]:
    """p50 and p95 of one `moderate` call per comment, in ms (it needs no Django setup)."""
    from courses.moderation import moderate  # noqa: PLC0415

    texts = [text for text, _ in olid_split()[1][:400]]
    moderate("warm-up")
    timings = []
    for text in texts:
        started = time.perf_counter()
        moderate(text)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


HEADERS = ["method", "P", "R", "F1", "FPR", "AUC of score"]


def evaluate() -> str:
    if not data_file("olid_train_levela.tsv.gz"):
        return "### Moderation\n\nOLID data absent: not measured."
    dev, held = olid_split()
    ref_threshold = reference_threshold_at(dev, TARGET_FPR)
    parts = ["### Moderation"]
    held_rows, held_reasons = measure(held, dev, ref_threshold)
    ours = held_rows[0]
    parts += [
        f"OLID held-out half ({len(held)} tweets, {sum(g for _, g in held)} OFF; never used "
        "to choose anything). Target F1 ≥ 0.60 with FPR ≤ 0.05: "
        f"F1 {verdict(ours[3] >= TARGET_F1)}, FPR {verdict(ours[4] <= TARGET_FPR)}.",
        table(HEADERS, held_rows),
    ]
    if data_file("ethos_binary.csv"):
        rows, _ = measure(ethos(), dev, ref_threshold)
        parts += [
            "ETHOS binary (998 comments; hate speech only, so plain profanity is a negative "
            "here; never used to choose anything):",
            table(HEADERS, rows),
        ]
    dev_rows, _ = measure(dev, dev, ref_threshold)
    parts += [
        f"OLID development half ({len(dev)} tweets; the engine's choices were compared here, "
        "and the reference is fitted on it, so its row is training accuracy):",
        table(HEADERS, dev_rows),
        "Reasons given by our engine on the OLID held-out half (how often each reason "
        "fired on an offensive tweet and on a harmless one):",
        table(
            ["reason", "on OFF", "on NOT"],
            [[name, hits[0], hits[1]] for name, hits in sorted(held_reasons.items())],
        ),
    ]
    parts += [
        "Hand-written context cases (`courses/tests/test_moderation.py`, the "
        "regression test), share handled right:",
        context_cases(),
    ]
    p50, p95 = latency()
    parts.append(
        f"Latency of `moderate` per comment (400 held-out tweets, one at a time): "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms."
    )
    return "\n\n".join(parts)


def dev_misses(limit: int) -> None:
    """Diagnostics on the OLID development half only: its figures, reasons, and up to
    `limit` misses of each kind. The held-out half and ETHOS are never read here."""
    dev, _ = olid_split()
    gold = [label for _, label in dev]
    ours = engine([text for text, _ in dev])
    flags = [o["flagged"] for o in ours]
    m = prf(flags, gold)
    print(
        f"dev half ({len(dev)}): P {m['precision']:.3f} R {m['recall']:.3f} "
        f"F1 {m['f1']:.3f} FPR {m['fpr']:.3f}"
    )
    reasons: dict[str, list[int]] = {}
    for o, label in zip(ours, gold, strict=True):
        for reason in o["reasons"]:
            reasons.setdefault(reason, [0, 0])[0 if label else 1] += 1
    for name, (on_off, on_not) in sorted(reasons.items()):
        print(f"  {name}: {on_off} OFF, {on_not} NOT")
    rows = list(zip(dev, ours, strict=True))
    for title, wanted in (("false positives", False), ("false negatives", True)):
        misses = [(t, o) for (t, g), o in rows if g == wanted and o["flagged"] != g]
        print(f"\n# {title} ({len(misses)})")
        for text, o in misses[:limit]:
            print(f"{o['score']:.2f}\t{','.join(o['reasons'])}\t{text}")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Moderation diagnostics (development half).")
    parser.add_argument(
        "--dev-misses",
        action="store_true",
        required=True,
        help="print figures and misclassified tweets of the OLID dev half",
    )
    parser.add_argument("--limit", type=int, default=200, help="misses shown of each kind")
    dev_misses(parser.parse_args().limit)
