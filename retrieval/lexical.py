"""BM25 over the chunks read back from the store (the store stays the single source of truth)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import bm25s
import numpy as np

from retrieval.text import tokens

logging.getLogger("bm25s").setLevel(logging.WARNING)


@dataclass(frozen=True)
class LexicalHit:
    chunk_index: int
    score: float
    matched: frozenset[str]  # query tokens found in the chunk


class LexicalIndex:
    def __init__(self, chunk_texts: list[str]) -> None:
        doc_tokens = [tokens(text) for text in chunk_texts]
        self._doc_sets = [frozenset(t) for t in doc_tokens]
        self._bm25 = bm25s.BM25()
        self._bm25.index([t or ["\u0000"] for t in doc_tokens], show_progress=False)
        self._vocab: dict[str, int] = self._bm25.vocab_dict

    @property
    def vocabulary(self) -> set[str]:
        return set(self._vocab)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """The BM25 score of every document (zero where no query token occurs)."""
        known = [t for t in query_tokens if t in self._vocab]
        if not known:
            return np.zeros(len(self._doc_sets))
        return np.asarray(self._bm25.get_scores(known), dtype=np.float64)

    def search(self, query_tokens: list[str], allowed: np.ndarray | None = None) -> list[LexicalHit]:
        """Chunks matching at least one query token, best first; `allowed` masks chunks out."""
        known = [t for t in query_tokens if t in self._vocab]
        if not known:
            return []
        scores = self._bm25.get_scores(known)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        order = np.argsort(-scores)
        query_set = set(known)
        hits = []
        for index in order:
            if scores[index] <= 0:
                break
            hits.append(LexicalHit(int(index), float(scores[index]), frozenset(query_set & self._doc_sets[index])))
        return hits
