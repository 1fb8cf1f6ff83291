"""Whole-document similarity of a resume and a job: shared vocabulary and shared meaning.

`lexical` is the cosine of sublinear term-frequency x inverse-document-frequency vectors
over word stems; the document frequencies come from O*NET occupations (`idf.json.gz`), so
the weights do not depend on which texts are being compared. `semantic` is the cosine of
the two texts' MiniLM embeddings, each the mean over consecutive chunks of the text, so a
long resume counts whole instead of being cut at the model's 128 tokens.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from .embeddings import embed
from .taxonomy import word_frequencies
from .text import STOPWORDS, stem, words

CHUNK_WORDS = 90  # about 120 WordPiece tokens: one chunk fits the model's 128
MAX_CHUNKS = 16


def _frequencies() -> tuple[dict[str, int], int]:
    data = word_frequencies()
    return data["frequency"], data["documents"]


def idf(term: str) -> float:
    """Inverse document frequency over occupations; 0 for a word no occupation uses (names
    of people, employers and places, typos), so only occupational vocabulary counts."""
    frequency, documents = _frequencies()
    found = frequency.get(term, 0)
    return math.log((documents + 1) / (found + 1)) + 1 if found else 0.0


def term_vector(text: str) -> dict[str, float]:
    """Stem -> (1 + log tf) x idf, L2-normalised."""
    counts = Counter(stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1)
    vector = {term: (1 + math.log(n)) * weight for term, n in counts.items()
              if (weight := idf(term))}  # fmt: skip
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {term: v / norm for term, v in vector.items()}


def lexical(a: str, b: str) -> float:
    va, vb = term_vector(a), term_vector(b)
    if len(vb) < len(va):
        va, vb = vb, va
    return sum(v * vb.get(term, 0.0) for term, v in va.items())


def shared_terms(a: str, b: str, *, top: int = 12) -> list[str]:
    """The stems that contribute most to `lexical(a, b)`, heaviest first."""
    va, vb = term_vector(a), term_vector(b)
    common = sorted(set(va) & set(vb), key=lambda t: -va[t] * vb[t])
    return common[:top]


def chunks(text: str) -> list[str]:
    """Consecutive runs of CHUNK_WORDS words covering the text (at most MAX_CHUNKS)."""
    tokens = text.split()
    if not tokens:
        return []
    step = max(CHUNK_WORDS, math.ceil(len(tokens) / MAX_CHUNKS))
    return [" ".join(tokens[i : i + step]) for i in range(0, len(tokens), step)]


def document_vector(text: str) -> np.ndarray:
    parts = chunks(text)
    if not parts:
        return np.zeros(384, dtype=np.float32)
    mean = embed(parts).mean(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)


def semantic(a: str, b: str) -> float:
    return float(document_vector(a) @ document_vector(b))
