"""The training questions the abstention classifier remembers: how close a new question comes to
questions known to be unanswerable, and to ones known to be answerable. Pure.

The question's embedding enters the classifier as one direction; its nearest neighbours are local:
a question after a figure the documents never give sits among the negatives that ask for figures,
even where that one direction cannot tell it from a question the documents answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.features import EMBEDDING_DIMENSIONS, NEIGHBOUR_FEATURES

NEIGHBOURS = 3  # the mean of the closest three: one near-duplicate alone does not decide


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.where(norms > 0, norms, 1.0), dtype=np.float32)


@dataclass(frozen=True)
class QuestionMemory:
    vectors: np.ndarray  # questions x dimensions, unit length
    answerable: np.ndarray  # bool, one per question

    @classmethod
    def of(cls, vectors: np.ndarray, answerable: np.ndarray) -> QuestionMemory:
        return cls(_unit_rows(vectors.reshape(len(vectors), EMBEDDING_DIMENSIONS)), answerable.astype(bool))

    @classmethod
    def empty(cls) -> QuestionMemory:
        return cls(np.zeros((0, EMBEDDING_DIMENSIONS), dtype=np.float32), np.zeros(0, dtype=bool))

    def nearest(self, vectors: np.ndarray, *, themselves: bool = False) -> np.ndarray:
        """Per question: mean cosine of its closest negatives, of its closest answerable questions,
        and the first minus the second (zeros while nothing is remembered). `themselves`: the
        questions are the remembered ones, each in its place, and none is its own neighbour."""
        out = np.zeros((len(vectors), len(NEIGHBOUR_FEATURES)))
        if not len(self.vectors):
            return out
        similarity = _unit_rows(vectors) @ self.vectors.T
        if themselves:
            np.fill_diagonal(similarity, -np.inf)
        for column, side in ((0, ~self.answerable), (1, self.answerable)):
            if side.any():
                k = min(NEIGHBOURS, int(side.sum()))
                closest = -np.partition(-similarity[:, side], k - 1, axis=1)[:, :k]
                found = np.isfinite(closest)  # not the question itself
                out[:, column] = np.where(found, closest, 0.0).sum(axis=1) / np.maximum(found.sum(axis=1), 1)
        out[:, 2] = out[:, 0] - out[:, 1]
        return out

    def extend(self, rows: np.ndarray, *, themselves: bool = False) -> np.ndarray:
        """Question rows (signals, then embedding) with the neighbour features between the two."""
        rows = np.atleast_2d(rows)
        signals, vectors = rows[:, :-EMBEDDING_DIMENSIONS], rows[:, -EMBEDDING_DIMENSIONS:]
        return np.column_stack([signals, self.nearest(vectors, themselves=themselves), vectors])

    def save(self, path: Path) -> None:
        np.savez_compressed(path, vectors=self.vectors.astype(np.float16), answerable=self.answerable)

    @classmethod
    def load(cls, path: Path) -> QuestionMemory:
        with np.load(path) as data:
            return cls.of(data["vectors"].astype(np.float32), data["answerable"])


def leave_one_out(rows: np.ndarray, answerable: np.ndarray) -> tuple[QuestionMemory, np.ndarray]:
    """The memory of these question rows, and the rows extended with neighbour features found among
    all the others: a question is never its own neighbour, but as at run time, other questions
    about its unit are there to be found."""
    memory = QuestionMemory.of(rows[:, -EMBEDDING_DIMENSIONS:], answerable)
    return memory, memory.extend(rows, themselves=True)
