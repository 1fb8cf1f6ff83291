"""The ``alt-profanity-check`` toxicity model (MIT; a TF-IDF vectorizer and five linear SVMs
with sigmoid calibration, inside its wheel), scored directly from its fitted parameters.

``predict_prob`` re-validates its input on every call and costs 10-20 ms for one comment on
a busy machine; the same arithmetic done here takes well under a millisecond after the
vectorizer. The tests check that both give the same probabilities.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .normalise import for_model


@lru_cache(maxsize=1)
def _parameters():
    from profanity_check import profanity_check as wheel

    parts = wheel.model.calibrated_classifiers_
    weights = np.column_stack([part.estimator.coef_.ravel() for part in parts])
    intercepts = np.array([float(part.estimator.intercept_[0]) for part in parts])
    slopes = np.array([float(part.calibrators[0].a_) for part in parts])
    offsets = np.array([float(part.calibrators[0].b_) for part in parts])
    return wheel.vectorizer, weights, intercepts, slopes, offsets


def model_probabilities(texts: list[str]) -> list[float]:
    """The wheel's ``predict_prob`` for each text, as it is."""
    if not texts:
        return []
    vectorizer, weights, intercepts, slopes, offsets = _parameters()
    margins = vectorizer.transform(texts) @ weights + intercepts
    calibrated = 1.0 / (1.0 + np.exp(slopes * margins + offsets))
    return [float(p) for p in calibrated.mean(axis=1)]


def toxicity(texts: list[str]) -> list[float]:
    """The model's probability for each text, ordinary uses of toxic-looking words
    neutralised first (``normalise.for_model``)."""
    return model_probabilities([for_model(text) for text in texts])
