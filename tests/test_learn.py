"""The fitted models on data whose answer is known: the ranker finds the informative feature, the
classifier separates the classes, the operating point keeps false abstention at its bound."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.features import reciprocal_rank
from retrieval.learn import LinearModel, fit_logistic, fit_ranker, sigmoid, threshold_for_false_abstention


def test_the_ranker_learns_which_feature_marks_the_right_unit() -> None:
    rng = np.random.default_rng(0)
    questions, units = 60, 30
    rows = rng.normal(size=(questions, units, 3))
    relevant = np.zeros((questions, units), dtype=bool)
    relevant[np.arange(questions), rng.integers(0, units, questions)] = True
    rows[..., 1] += 5.0 * relevant  # feature 1 marks the right unit; 0 and 2 are noise
    model = fit_ranker(rows, relevant, np.ones_like(relevant), ("noise", "signal", "noise2"))
    assert model.table()[0][0] == "signal" and model.weights[1] > 0
    top = np.argmax(model.score(rows), axis=1)
    assert relevant[np.arange(questions), top].mean() > 0.9


def test_the_ranker_ignores_units_outside_the_filter() -> None:
    rows = np.array([[[1.0], [5.0]], [[2.0], [0.0]]])
    relevant = np.array([[True, False], [True, False]])
    allowed = np.array([[True, False], [True, True]])
    model = fit_ranker(rows, relevant, allowed, ("x",))
    assert model.weights[0] > 0


def test_the_classifier_separates_two_classes_and_round_trips() -> None:
    rng = np.random.default_rng(1)
    rows = np.vstack([rng.normal(2, 1, size=(100, 2)), rng.normal(-2, 1, size=(100, 2))])
    labels = np.concatenate([np.ones(100), np.zeros(100)])
    model = fit_logistic(rows, labels, ("a", "b"))
    p = sigmoid(model.score(rows))
    assert ((p > 0.5) == labels).mean() > 0.95
    again = LinearModel.from_json(model.to_json(), ("a", "b"))
    assert np.allclose(again.score(rows), model.score(rows))
    with pytest.raises(ValueError, match="other features"):
        LinearModel.from_json(model.to_json(), ("a", "c"))


def test_the_operating_point_abstains_on_at_most_the_allowed_share() -> None:
    probs = np.linspace(0.01, 1.0, 200)
    cut = threshold_for_false_abstention(probs, 0.03)
    assert (probs < cut).mean() <= 0.03 and (probs < cut).sum() == 6


def test_reciprocal_rank_puts_the_best_first() -> None:
    assert reciprocal_rank(np.array([0.1, 0.9, 0.5])).tolist() == [1 / 3, 1.0, 0.5]


def test_for_broad_questions_the_ranker_spreads_the_mass_over_every_relevant_unit() -> None:
    # One feature marks one relevant unit sharply, a weaker one marks the other: the plain loss is
    # content with the first, the broad loss must lift the second as well.
    rng = np.random.default_rng(2)
    rows = rng.normal(size=(80, 20, 2))
    relevant = np.zeros((80, 20), dtype=bool)
    relevant[:, :2] = True
    rows[:, 0, 0] += 4.0
    rows[:, 1, 1] += 2.0

    def second_over_first(each_relevant: bool) -> float:
        model = fit_ranker(rows, relevant, np.ones_like(relevant), ("sharp", "weak"), each_relevant=each_relevant)
        scores = model.score(rows)
        return float(np.exp(scores[:, 1] - scores[:, 0]).mean())

    assert second_over_first(False) < 0.01
    assert second_over_first(True) > 0.3
