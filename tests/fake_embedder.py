"""A deterministic stand-in for the embedding model in tests: no model file, no threads."""

from __future__ import annotations

import hashlib
from itertools import pairwise

import numpy as np

from retrieval.embed import DIMENSIONS


class HashingEmbedder:
    """Character bigrams hashed into a unit vector: texts that share bigrams are near."""

    model_id = "hashing-bigrams-test"

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(DIMENSIONS, dtype=np.float32)
        for left, right in pairwise(text):
            digest = hashlib.blake2b((left + right).encode(), digest_size=4).digest()
            vector[int.from_bytes(digest, "little") % DIMENSIONS] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self._vector(t) for t in texts]) if texts else np.zeros((0, DIMENSIONS), np.float32)
