"""The per-prompt essay scorer (E6): its leave-one-out ridge, the spread of its suggestions,
what its confidence means, and essay_suggest_batch, the command the evaluation drives."""

import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from careercopilot.ai.local import essay_scorer
from careercopilot.ai.local.essay_text import parse
from courses.tests.essay_support import RANK, essay_text, labelled, prompt_text


def ridge_refit(x: np.ndarray, y: np.ndarray, alpha: float) -> np.ndarray:
    """Leave-one-out predictions by refitting without each essay (intercept not penalised)."""
    out = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        xm, ym = x[keep].mean(axis=0), y[keep].mean()
        xc = x[keep] - xm
        w = np.linalg.solve(xc.T @ xc + alpha * np.eye(x.shape[1]), xc.T @ (y[keep] - ym))
        out.append(ym + (x[i] - xm) @ w)
    return np.array(out)


def test_leave_one_out_shortcut_equals_refitting_without_each_essay():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(24, 6))
    y = x @ np.array([1.0, -0.5, 0.2, 0, 0, 0.8]) + rng.normal(scale=0.7, size=24)
    x = x - x.mean(axis=0)
    alpha, loo = essay_scorer._ridge_loo(x, y)
    assert alpha in essay_scorer.ALPHAS
    assert loo == pytest.approx(ridge_refit(x, y, alpha), abs=1e-8)
    # The chosen penalty has the least leave-one-out error of all.
    errors = {a: np.mean((y - ridge_refit(x, y, a)) ** 2) for a in essay_scorer.ALPHAS[::5]}
    assert np.mean((y - loo) ** 2) <= min(errors.values()) + 1e-9


def measured(n: int, seed: int = 5) -> tuple[list[essay_scorer.Measured], np.ndarray]:
    """Essays reduced to their measurements: the score follows log length and spelling."""
    rng = np.random.default_rng(seed)
    items, scores = [], []
    for _ in range(n):
        features = rng.normal(size=len(essay_scorer.FEATURES))
        embedding = rng.normal(size=384)
        items.append(essay_scorer.Measured(features, embedding / np.linalg.norm(embedding)))
        scores.append(3.5 + 1.2 * features[0] - 0.6 * features[6] + rng.normal(scale=0.4))
    return items, np.clip(np.round(scores), 1, 6)


def test_suggestions_keep_the_spread_of_the_instructors_scores():
    items, scores = measured(60)
    scorer = essay_scorer.fit(items[:30], scores[:30], levels=range(1, 7))
    assert scorer.stretch > 1  # ridge pulled the leave-one-out scores to the mean
    assert np.std(scorer.loo_scores) == pytest.approx(np.std(scores[:30]), rel=0.15)
    suggested = scorer.predict(items[30:])
    got = np.array([s.level for s in suggested])
    assert set(got) <= {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}
    assert np.corrcoef(got, scores[30:])[0, 1] > 0.7  # it learned the real signal
    assert np.std(got) > 0.6 * np.std(scores[30:])


def test_confidence_is_the_chance_that_the_level_is_right_and_falls_at_a_boundary():
    items, scores = measured(40)
    scorer = essay_scorer.fit(items, scores, levels=range(1, 7))
    centre = scorer._suggest(3.0)
    edge = scorer._suggest(3.49)
    assert (centre.level, edge.level) == (3.0, 3.0)
    assert 0 < edge.confidence < centre.confidence < 1
    top = scorer._suggest(6.0)  # the top level has no upper boundary
    assert top.confidence > scorer._suggest(5.0).confidence
    # On held-out essays the mean confidence is close to the share of exact levels.
    many, truth = measured(400, seed=9)
    suggested = scorer.predict(many)
    exact = np.mean([s.level == t for s, t in zip(suggested, truth, strict=True)])
    assert np.mean([s.confidence for s in suggested]) == pytest.approx(exact, abs=0.15)


def test_too_few_graded_essays_fit_nothing():
    items, scores = measured(essay_scorer.MIN_GRADED - 1)
    with pytest.raises(ValueError, match=f"at least {essay_scorer.MIN_GRADED}"):
        essay_scorer.fit(items, scores, levels=range(1, 7))


def test_measurements_read_length_errors_and_relevance_from_the_text():
    prompt = prompt_text("soft-skills")
    strong, off_topic, errors = essay_scorer.measure_all(
        [essay_text(i) for i in ("soft-skills/01", "soft-skills/10", "soft-skills/08")],
        prompt=prompt,
    )
    assert strong.get("relevance") > off_topic.get("relevance") + 0.1
    assert errors.get("spelling_per_word") > strong.get("spelling_per_word")
    assert strong.get("log_words") > np.log(300)
    assert strong.embedding.shape == (384,) and np.linalg.norm(strong.embedding) == pytest.approx(1)


def test_essays_are_embedded_in_chunks_of_whole_sentences():
    essay = parse(" ".join("The cat sat on the warm red mat." for _ in range(40)))
    parts = essay_scorer.chunks(essay)
    assert len(parts) == 4  # 320 words in chunks of at most 80
    assert all(len(p.split()) <= essay_scorer.CHUNK_WORDS for p in parts)
    assert " ".join(parts) == " ".join(s.text for s in essay.sentences)


# --- essay_suggest_batch -------------------------------------------------------------------


def write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def batch(tmp_path, graded, essays, *scale, prompt=""):
    args = [
        "--graded",
        write(tmp_path / "g.jsonl", graded),
        "--essays",
        write(tmp_path / "e.jsonl", essays),
        "--scale",
        *map(str, scale),
    ]
    if prompt:
        (tmp_path / "prompt.txt").write_text(prompt, encoding="utf-8")
        args += ["--prompt", str(tmp_path / "prompt.txt")]
    out = []
    call_command("essay_suggest_batch", *args, stdout=_Lines(out))
    return {row["id"]: row for row in out}


class _Lines:
    def __init__(self, out):
        self.out = out

    def write(self, text):
        for line in text.splitlines():
            if line.startswith("{"):
                self.out.append(json.loads(line))

    def flush(self):
        pass


def total(essay) -> int:
    return sum(RANK[level] for level in essay["levels"].values())


def test_batch_suggests_scores_learned_from_the_graded_essays(tmp_path):
    held_out = ("failure/01", "failure/08", "failure/12")  # strong, weak, very short
    graded = [
        {"id": e["id"], "text": essay_text(e["id"]), "score": total(e)}
        for e in labelled(skip=held_out)
    ]
    essays = [{"id": i, "text": essay_text(i)} for i in held_out]
    out = batch(tmp_path, graded, [*essays, {"id": "blank", "text": " "}], 4, 16)
    assert out.pop("blank")["score"] is None  # nothing to read
    assert set(out) == set(held_out)
    for row in out.values():
        assert 4 <= row["score"] <= 16 and row["level"] == round(row["level"])
        assert 0 < row["confidence"] <= 1 and row["graded"] == len(graded)
    assert out["failure/01"]["score"] > out["failure/08"]["score"]  # human: 16 against 8
    assert out["failure/01"]["score"] > out["failure/12"]["score"]  # human: 16 against 7


def test_batch_declines_below_the_minimum_of_graded_essays(tmp_path):
    few = [
        {"id": e["id"], "text": essay_text(e["id"]), "score": total(e)}
        for e in labelled()[: essay_scorer.MIN_GRADED - 1]
    ]
    out = batch(
        tmp_path,
        few,
        [{"id": "x", "text": essay_text("failure/01")}],
        4,
        16,
        prompt=prompt_text("failure"),
    )
    assert out == {"x": {"id": "x", "score": None, "graded": essay_scorer.MIN_GRADED - 1}}


def test_batch_rejects_a_bad_scale_and_incomplete_lines(tmp_path):
    with pytest.raises(CommandError, match="MIN < MAX"):
        batch(tmp_path, [], [], 6, 1)
    with pytest.raises(CommandError, match="missing score"):
        batch(tmp_path, [{"id": "a", "text": "An essay."}], [], 1, 6)
