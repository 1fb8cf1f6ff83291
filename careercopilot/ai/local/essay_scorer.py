"""A per-prompt essay scorer fitted on the essays an instructor has already graded.

Real essay scorers are trained per prompt; so is this one, at run time, on the
instructor's own grades for one assignment (nothing fitted ships with the product).

- Each essay is measured (`measure`): length (words, log words), unique and long words,
  sentences and their mean length, mean word length, spelling and other likely errors per
  word (essay_mechanics), commas and punctuation, paragraphs, readability, relevance to
  the prompt, plus a MiniLM embedding: the essay is cut into chunks of whole sentences of
  at most CHUNK_WORDS words (MiniLM reads 128 tokens), each chunk is embedded and the
  chunk vectors are averaged (a single sentence longer than 128 tokens is cut there).
- `fit` standardises the measurements, reduces the embeddings of the graded essays to a
  few principal components, and fits ridge regression whose penalty is chosen by exact
  leave-one-out error on the graded essays alone. Ridge pulls predictions to the mean, so
  the leave-one-out predictions are stretched to the spread of the instructor's scores.
- `predict` gives a score, the nearest level on the scale, and a confidence: the
  probability that the level is the one the instructor would give, from the leave-one-out
  errors of graded essays scored near this one.
Below MIN_GRADED graded essays there is no model: callers offer measurements only.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from . import essay_mechanics
from .embeddings import embed
from .essay_text import Essay, parse

VERSION = "scorer-1"
MIN_GRADED = 15  # fewer: QWK falls below word count alone (measured on ASAP draws)
CHUNK_WORDS = 80
GRADED_PER_COMPONENT = 15  # 30 graded essays: 2 embedding components, 120: 8
MAX_COMPONENTS = 8
ALPHAS = tuple(float(a) for a in np.logspace(-1, 4, 26))
LONG_WORD = 7  # letters
# Counts enter as logarithms: their effect on a score flattens as essays grow.
FEATURES = (
    "log_words",
    "log_unique_words",
    "log_long_words",
    "log_sentences",
    "mean_sentence_words",
    "mean_word_length",
    "spelling_per_word",
    "errors_per_100",
    "log_commas",
    "log_paragraphs",
    "relevance",
)


@dataclass(frozen=True)
class Measured:
    """What the scorer reads of one essay."""

    features: np.ndarray
    embedding: np.ndarray

    def get(self, name: str) -> float:
        return float(self.features[FEATURES.index(name)])


def chunks(essay: Essay) -> list[str]:
    """Runs of whole sentences of at most CHUNK_WORDS words (a longer sentence alone)."""
    out: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in essay.sentences:
        size = len(sentence.words)
        if current and count + size > CHUNK_WORDS:
            out.append(" ".join(current))
            current, count = [], 0
        current.append(sentence.text)
        count += size
    if current:
        out.append(" ".join(current))
    return out


def _essay_vectors(essays: Sequence[Essay]) -> list[np.ndarray]:
    """The mean of each essay's chunk vectors, normalised; all chunks embedded in one batch."""
    parts = [chunks(essay) for essay in essays]
    flat = [chunk for essay_parts in parts for chunk in essay_parts]
    vectors = embed(flat) if flat else np.zeros((0, 384), dtype=np.float32)
    out, start = [], 0
    for essay_parts in parts:
        if not essay_parts:
            out.append(np.zeros(384, dtype=np.float32))
            continue
        vector = vectors[start : start + len(essay_parts)].mean(axis=0)
        start += len(essay_parts)
        out.append(vector / max(float(np.linalg.norm(vector)), 1e-12))
    return out


def measure(text: str, *, prompt: str = "") -> Measured:
    return measure_all([text], prompt=prompt)[0]


def _measure(essay: Essay, vector: np.ndarray, *, prompt: str, prompt_vector) -> Measured:
    mechanics = essay_mechanics.measure(essay, prompt=prompt)
    words = essay.words
    n = len(words)
    spelling = sum(1 for issue in mechanics.issues if issue.kind == "spelling")
    body = " ".join(p.text for p in essay.paragraphs)
    relevance = float(vector @ prompt_vector) if prompt_vector is not None and n else 0.0
    values = {
        "log_words": math.log1p(n),
        "log_unique_words": math.log1p(len({w.lower() for w in words})),
        "log_long_words": math.log1p(sum(1 for w in words if len(w) >= LONG_WORD)),
        "log_sentences": math.log1p(len(essay.sentences)),
        "mean_sentence_words": mechanics.mean_sentence_words,
        "mean_word_length": sum(len(w) for w in words) / n if n else 0.0,
        "spelling_per_word": spelling / n if n else 0.0,
        "errors_per_100": mechanics.errors_per_100,
        "log_commas": math.log1p(body.count(",")),
        "log_paragraphs": math.log1p(len(essay.paragraphs)),
        "relevance": relevance,
    }
    return Measured(np.array([values[f] for f in FEATURES], dtype=np.float64), vector)


def measure_all(texts: Sequence[str], *, prompt: str = "") -> list[Measured]:
    prompt_vector = embed([" ".join(prompt.split())[:600]])[0] if prompt.strip() else None
    essays = [parse(text) for text in texts]
    vectors = _essay_vectors(essays)
    return [
        _measure(essay, vector, prompt=prompt, prompt_vector=prompt_vector)
        for essay, vector in zip(essays, vectors, strict=True)
    ]


# --- Ridge regression with leave-one-out choice of the penalty ------------------------------


def _ridge_loo(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """The penalty with the least leave-one-out squared error, and those LOO predictions.

    x is centred; the intercept (mean of y) is not penalised. Exact LOO via the hat matrix.
    """
    n = len(y)
    yc = y - y.mean()
    u, s, _ = np.linalg.svd(x, full_matrices=False)
    uty = u.T @ yc
    best: tuple[float, float, np.ndarray] = (0.0, math.inf, y.copy())
    for alpha in ALPHAS:
        shrink = s**2 / (s**2 + alpha)
        fitted = u @ (shrink * uty) + y.mean()
        hat = (u**2) @ shrink + 1.0 / n
        loo = y - (y - fitted) / np.clip(1.0 - hat, 1e-6, None)
        error = float(np.mean((y - loo) ** 2))
        if error < best[1]:
            best = (alpha, error, loo)
    return best[0], best[2]


@dataclass(frozen=True)
class Suggestion:
    score: float  # on the scale of the targets, before snapping to a level
    level: float  # the nearest of the known levels
    confidence: float  # probability that `level` is the instructor's level


@dataclass(frozen=True)
class Scorer:
    """A fitted per-prompt model; cheap to keep in memory per assignment."""

    count: int
    levels: tuple[float, ...]
    mean: np.ndarray
    scale: np.ndarray
    components: np.ndarray
    embedding_mean: np.ndarray
    weights: np.ndarray
    intercept: float
    stretch: float
    centre: float
    loo_scores: np.ndarray  # stretched leave-one-out scores of the graded essays
    targets: np.ndarray
    alpha: float

    def _design(self, items: Sequence[Measured]) -> np.ndarray:
        features = np.stack([m.features for m in items])
        features = (features - self.mean) / self.scale
        embeddings = np.stack([m.embedding for m in items]) - self.embedding_mean
        return np.hstack([features, embeddings @ self.components.T])

    def _stretch(self, raw: np.ndarray) -> np.ndarray:
        low, high = self.levels[0], self.levels[-1]
        return np.clip(self.centre + self.stretch * (raw - self.centre), low, high)

    def predict(self, items: Sequence[Measured]) -> list[Suggestion]:
        if not items:
            return []
        raw = self._design(items) @ self.weights + self.intercept
        return [self._suggest(float(score)) for score in self._stretch(raw)]

    def _suggest(self, score: float) -> Suggestion:
        levels = np.array(self.levels)
        index = int(np.argmin(np.abs(levels - score)))
        return Suggestion(score, float(levels[index]), self._confidence(score, index))

    def _confidence(self, score: float, index: int) -> float:
        """P(instructor's level == suggested level), with errors ~ Normal(0, local spread).

        The spread is the root mean square leave-one-out error of graded essays whose own
        LOO score was near this one (a Gaussian kernel), shrunk towards the overall error.
        """
        errors = self.targets - self.loo_scores
        overall = float(np.mean(errors**2))
        width = max(float(np.std(self.targets)), 1e-6) / 2
        weights = np.exp(-0.5 * ((self.loo_scores - score) / width) ** 2)
        prior = 3.0
        spread = math.sqrt((float(weights @ errors**2) + prior * overall) / (weights.sum() + prior))
        spread = max(spread, 1e-3)
        levels = self.levels
        below = (levels[index - 1] + levels[index]) / 2 if index > 0 else -math.inf
        above = (levels[index] + levels[index + 1]) / 2 if index + 1 < len(levels) else math.inf
        return _normal_cdf((above - score) / spread) - _normal_cdf((below - score) / spread)


def _normal_cdf(z: float) -> float:
    if math.isinf(z):
        return 1.0 if z > 0 else 0.0
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def fit(items: Sequence[Measured], targets: Sequence[float], *, levels: Sequence[float]) -> Scorer:
    """Fits a scorer on graded essays; `levels` are the possible scores (rubric points)."""
    if len(items) < MIN_GRADED:
        raise ValueError(f"at least {MIN_GRADED} graded essays are needed, got {len(items)}")
    y = np.asarray(targets, dtype=np.float64)
    features = np.stack([m.features for m in items])
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale < 1e-9] = 1.0
    embeddings = np.stack([m.embedding for m in items]).astype(np.float64)
    embedding_mean = embeddings.mean(axis=0)
    centred = embeddings - embedding_mean
    keep = min(MAX_COMPONENTS, len(items) // GRADED_PER_COMPONENT)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:keep]
    projected = centred @ components.T
    projected /= np.clip(projected.std(axis=0), 1e-9, None)
    components = components / np.clip((centred @ components.T).std(axis=0), 1e-9, None)[:, None]
    x = np.hstack([(features - mean) / scale, projected])
    alpha, loo = _ridge_loo(x, y)
    xc = x - x.mean(axis=0)  # already ~0: features and projections are centred
    weights = np.linalg.solve(xc.T @ xc + alpha * np.eye(x.shape[1]), xc.T @ (y - y.mean()))
    intercept = float(y.mean() - x.mean(axis=0) @ weights)
    spread = float(np.std(loo))
    stretch = float(np.clip(np.std(y) / spread, 1.0, 3.0)) if spread > 1e-9 else 1.0
    centre = float(y.mean())
    ordered = tuple(sorted(set(float(v) for v in levels)))
    loo_scores = np.clip(centre + stretch * (loo - centre), ordered[0], ordered[-1])
    return Scorer(
        count=len(items),
        levels=ordered,
        mean=mean,
        scale=scale,
        components=components,
        embedding_mean=embedding_mean,
        weights=weights,
        intercept=intercept,
        stretch=stretch,
        centre=centre,
        loo_scores=loo_scores,
        targets=y,
        alpha=alpha,
    )


# --- One home for the worker and essay_suggest_batch: fitted models per graded set ----------


@dataclass(frozen=True)
class Learned:
    """The scorers fitted on one assignment's graded essays, one per rubric criterion."""

    graded: int  # graded essays given
    scorers: dict[str, Scorer]  # criteria with at least MIN_GRADED graded essays

    def ready(self, criterion: str) -> bool:
        return criterion in self.scorers


_learned: OrderedDict[str, Learned] = OrderedDict()
_learned_lock = threading.Lock()
LEARNED_KEPT = 32  # assignments kept in a worker's memory


def learn(
    *,
    graded: Sequence[tuple[str, Mapping[str, float]]],
    levels: Mapping[str, Sequence[float]],
    prompt: str,
    key: str = "",
) -> Learned:
    """Fits a scorer per criterion on graded essays: (text, {criterion: points given}).

    `key` names the graded set (assignment, how many graded, when last graded): the same
    key returns the model already fitted in this process, a changed set fits a new one.
    """
    cache_key = f"{VERSION}:{key}" if key else ""
    if cache_key:
        with _learned_lock:
            if cache_key in _learned:
                _learned.move_to_end(cache_key)
                return _learned[cache_key]
    scorers: dict[str, Scorer] = {}
    if len(graded) >= MIN_GRADED:
        measured = measure_all([text for text, _ in graded], prompt=prompt)
        for criterion, options in levels.items():
            rows = [
                (m, given[criterion])
                for m, (_, given) in zip(measured, graded, strict=True)
                if given.get(criterion) is not None
            ]
            if len(rows) >= MIN_GRADED:
                items, targets = zip(*rows, strict=True)
                scorers[criterion] = fit(items, targets, levels=options)
    learned = Learned(graded=len(graded), scorers=scorers)
    if cache_key:
        with _learned_lock:
            _learned[cache_key] = learned
            while len(_learned) > LEARNED_KEPT:
                _learned.popitem(last=False)
    return learned
