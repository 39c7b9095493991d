"""A second ranking for broad questions ("everything on X"), over the first one.

The first ranker is fitted to put *a* right unit first, so it is sharp: one unit takes most of the
probability and the rest of a theme trails behind units that share the question's words. A broad
question wants every relevant unit near the top. The second ranking adds what the first ranking's best
units have in common (pseudo-relevance feedback): how close each unit is to their mean embedding, and
how many of their themes it shares. It is fitted so that every relevant unit scores high, not just one.
Pure numpy, no I/O.
"""

from __future__ import annotations

import numpy as np

from retrieval.features import UNIT_FEATURES

FEEDBACK_UNITS = 5  # the best first-pass units read for feedback (3 and 10 covered the same)
BROAD_RANK_FEATURES = (*UNIT_FEATURES, "first_pass_log_p", "feedback_dense", "feedback_themes")


def softmax_allowed(scores: np.ndarray) -> np.ndarray:
    """Softmax of a ranking's scores; units outside the meeting filter (-inf) get 0."""
    allowed = np.isfinite(scores)
    if not allowed.any():
        return np.zeros(len(scores))
    shifted = np.where(allowed, np.exp(np.where(allowed, scores, 0.0) - scores[allowed].max()), 0.0)
    return np.asarray(shifted / shifted.sum())


def broad_rows(
    rows: np.ndarray,
    first_scores: np.ndarray,
    unit_vectors: np.ndarray,
    themes: np.ndarray,
    feedback: int = FEEDBACK_UNITS,
) -> np.ndarray:
    """The units' rows for the second ranking: the first ranking's features, its log-probability, and
    each unit's closeness to the best `feedback` units (their probability-weighted mean embedding;
    their probability-weighted themes). rows: units x UNIT_FEATURES; unit_vectors: unit-length rows."""
    p = softmax_allowed(first_scores)
    top = np.argsort(-p, kind="stable")[:feedback]
    weights = p[top] / p[top].sum() if p[top].sum() > 0 else np.full(len(top), 1.0 / max(len(top), 1))
    centroid = weights @ unit_vectors[top]
    norm = float(np.linalg.norm(centroid))
    closeness = unit_vectors @ (centroid / norm) if norm > 0 else np.zeros(len(rows))
    shared_themes = themes @ (weights @ themes[top])
    log_p = np.log(np.maximum(p, 1e-12))
    return np.column_stack([rows, log_p, closeness, shared_themes])


def broad_order(first_scores: np.ndarray, second_scores: np.ndarray) -> list[int]:
    """The allowed units in a broad question's order: the first ranking's best unit stays first (it is
    fitted to find the one best answer), then the rest by the second ranking."""
    allowed = np.isfinite(first_scores)
    if not allowed.any():
        return []
    top = int(np.argmax(np.where(allowed, first_scores, -np.inf)))
    rest = [int(i) for i in np.argsort(-np.where(allowed, second_scores, -np.inf), kind="stable")]
    return [top] + [i for i in rest if i != top and allowed[i]]
