"""The abstention classifier's memory of training questions: closeness to negatives and to answerable
questions, never a question's own fold, kept as a file beside the model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from retrieval.features import EMBEDDING_DIMENSIONS, NEIGHBOUR_FEATURES
from retrieval.neighbours import QuestionMemory, leave_one_out


def _vectors(count: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(count, EMBEDDING_DIMENSIONS))


def test_a_question_like_the_negatives_comes_closer_to_them() -> None:
    vectors = _vectors(8)
    memory = QuestionMemory.of(vectors, np.array([False] * 4 + [True] * 4))
    near_negative = vectors[0] + 0.05 * _vectors(1, seed=1)[0]
    near_answerable = vectors[5] + 0.05 * _vectors(1, seed=2)[0]
    negative_side, answerable_side = memory.nearest(np.stack([near_negative, near_answerable]))
    assert negative_side[2] > 0 > answerable_side[2]
    assert np.isclose(negative_side[2], negative_side[0] - negative_side[1])


def test_nothing_remembered_gives_zeros() -> None:
    assert not QuestionMemory.empty().nearest(_vectors(3)).any()


def test_extend_puts_the_neighbours_between_signals_and_embedding() -> None:
    vectors = _vectors(4)
    memory = QuestionMemory.of(vectors, np.array([True, False, True, False]))
    rows = np.column_stack([np.full((2, 5), 7.0), vectors[:2]])
    extended = memory.extend(rows)
    assert extended.shape == (2, 5 + len(NEIGHBOUR_FEATURES) + EMBEDDING_DIMENSIONS)
    assert (extended[:, :5] == 7.0).all() and np.allclose(extended[:, -EMBEDDING_DIMENSIONS:], vectors[:2])


def test_leave_one_out_never_finds_a_question_itself() -> None:
    v, w = _vectors(2)
    cosine = float(v @ w / np.linalg.norm(v) / np.linalg.norm(w))
    rows = np.column_stack([np.zeros((3, 1)), np.stack([v, v, w])])
    memory, extended = leave_one_out(rows, np.array([False, True, True]))
    # The only negative has no other negative to be near, and finds its answerable copy.
    assert np.allclose(extended[0, 1:3], [0.0, (1.0 + cosine) / 2], atol=1e-5)
    # The copy finds the negative, and of the answerable ones only the other.
    assert np.allclose(extended[1, 1:4], [1.0, cosine, 1.0 - cosine], atol=1e-5)
    assert len(memory.answerable) == 3 and np.allclose(extended[:, 4:], rows[:, 1:])


def test_the_memory_survives_its_file(tmp_path: Path) -> None:
    vectors = _vectors(5)
    memory = QuestionMemory.of(vectors, np.array([True, False, True, True, False]))
    memory.save(tmp_path / "model.npz")
    again = QuestionMemory.load(tmp_path / "model.npz")
    assert (again.answerable == memory.answerable).all()
    assert np.allclose(again.nearest(vectors), memory.nearest(vectors), atol=1e-2)
