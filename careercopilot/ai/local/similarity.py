"""Whole-document similarity of a resume and a job: shared vocabulary and shared meaning.

`lexical` is the cosine of sublinear term-frequency x inverse-document-frequency vectors
over word stems; the document frequencies come from O*NET occupations (`idf.json.gz`), so
the weights do not depend on which texts are being compared. `semantic` is the cosine of
the two texts' MiniLM embeddings, each the mean over up to four chunks spread over the
text, so a long resume counts from its headline to its last role instead of being cut at the
model's 128 tokens.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from .embeddings import embed
from .taxonomy import word_frequencies
from .text import STOPWORDS, stem, words

CHUNK_WORDS = 90  # about 120 WordPiece tokens: one chunk fits the model's 128
MAX_CHUNKS = 4  # per text: keeps a cold analysis under a second; more did not rank better


def _frequencies() -> tuple[dict[str, int], int]:
    data = word_frequencies()
    return data["frequency"], data["documents"]


def idf(term: str) -> float:
    """Inverse document frequency over occupations; 0 for a word no occupation uses (names
    of people, employers and places, typos), so only occupational vocabulary counts."""
    frequency, documents = _frequencies()
    found = frequency.get(term, 0)
    return math.log((documents + 1) / (found + 1)) + 1 if found else 0.0


def key_terms(text: str, *, top: int) -> list[tuple[str, str]]:
    """The `top` heaviest stems of a text, each with the first word that spelled it."""
    vector = term_vector(text)
    spelled: dict[str, str] = {}
    for word in words(text):
        spelled.setdefault(stem(word), word)
    ranked = sorted(vector, key=lambda term: -vector[term])[:top]
    return [(term, spelled.get(term, term)) for term in ranked]


def term_vector(text: str) -> dict[str, float]:
    """Stem -> (1 + log tf) x idf, L2-normalised."""
    counts = Counter(stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1)
    vector = {
        term: (1 + math.log(n)) * weight for term, n in counts.items() if (weight := idf(term))
    }
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


def chunks(text: str, *, limit: int | None = MAX_CHUNKS) -> list[str]:
    """Consecutive runs of CHUNK_WORDS words; past `limit` of them, that many spread evenly
    from the first to the last (a resume's headline, middle and latest lines all count)."""
    tokens = text.split()
    parts = [" ".join(tokens[i : i + CHUNK_WORDS]) for i in range(0, len(tokens), CHUNK_WORDS)]
    if limit is None or len(parts) <= limit:
        return parts
    if limit == 1:
        return parts[:1]
    step = (len(parts) - 1) / (limit - 1)
    return [parts[round(i * step)] for i in range(limit)]


def document_vector(text: str) -> np.ndarray:
    parts = chunks(text)
    if not parts:
        return np.zeros(384, dtype=np.float32)
    mean = embed(parts).mean(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)


def semantic(a: str, b: str) -> float:
    return float(document_vector(a) @ document_vector(b))
