"""BM25 over the chunks read back from the store (the store stays the single source of truth)."""

from __future__ import annotations

import logging

import bm25s
import numpy as np

from retrieval.text import tokens

logging.getLogger("bm25s").setLevel(logging.WARNING)


class LexicalIndex:
    def __init__(self, chunk_texts: list[str]) -> None:
        doc_tokens = [tokens(text) for text in chunk_texts]
        self._documents = len(doc_tokens)
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
            return np.zeros(self._documents)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float64)
