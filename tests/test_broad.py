"""A broad question's second ranking: what the first ranking's best units share lifts the units like
them, even when they share no word with the question."""

from __future__ import annotations

import numpy as np

from retrieval.broad import BROAD_RANK_FEATURES, broad_order, broad_rows, softmax_allowed
from retrieval.features import UNIT_FEATURES


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=float)
    return vector / np.linalg.norm(vector)


def test_units_outside_the_filter_take_no_probability() -> None:
    p = softmax_allowed(np.array([2.0, -np.inf, 0.0]))
    assert p[1] == 0.0 and abs(p.sum() - 1.0) < 1e-12 and p[0] > p[2]
    assert not softmax_allowed(np.array([-np.inf, -np.inf])).any()


def test_feedback_lifts_the_units_close_to_the_best_ones() -> None:
    # Units 0 and 1 lead the first ranking; unit 2 is like them (embedding, theme), unit 3 is not.
    vectors = np.vstack([_unit(1, 0.1), _unit(1, -0.1), _unit(1, 0.0), _unit(0, 1)])
    themes = np.array([[1, 0], [1, 0], [1, 0], [0, 1]], dtype=float)
    rows = np.zeros((4, len(UNIT_FEATURES)))
    first = np.array([5.0, 4.0, 0.0, 0.0])
    out = broad_rows(rows, first, vectors, themes, feedback=2)
    assert out.shape == (4, len(BROAD_RANK_FEATURES))
    log_p, closeness, shared = out[:, -3], out[:, -2], out[:, -1]
    assert log_p[0] > log_p[1] > log_p[2] == log_p[3]
    assert closeness[2] > 0.9 > 0.2 > closeness[3]
    assert shared[2] == 1.0 and shared[3] == 0.0


def test_feedback_reads_only_units_inside_the_filter() -> None:
    vectors = np.vstack([_unit(1, 0), _unit(0, 1), _unit(0.1, 1)])
    themes = np.array([[1.0], [0.0], [0.0]])
    out = broad_rows(np.zeros((3, len(UNIT_FEATURES))), np.array([-np.inf, 1.0, 0.0]), vectors, themes, feedback=1)
    assert out[2, -2] > 0.9 and out[0, -2] < 0.2  # the filtered-out unit 0 is not the feedback


def test_the_first_rankings_best_unit_stays_first_and_filtered_units_stay_out() -> None:
    first = np.array([1.0, 3.0, -np.inf, 2.0])
    second = np.array([5.0, 0.0, 9.0, 4.0])
    assert broad_order(first, second) == [1, 0, 3]
    assert broad_order(np.full(2, -np.inf), np.zeros(2)) == []
