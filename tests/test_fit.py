"""Fitting end to end on a sample of the training sets, with the hashing embedder standing in for
the model: both models come out, the ranker learns something, the operating point is reported."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from retrieval.config import RetrievalSettings
from retrieval.evaluate import read_questions
from retrieval.fit import ABSTAIN_L2_GRID, NEGATIVES_FILE, TRAIN_FILE, fit_models, format_weights
from retrieval.fitted import FittedModels, load_models, save_models
from retrieval.search import SearchService
from tests.fake_embedder import HashingEmbedder

ROOT = Path(__file__).parent.parent


def test_fitting_a_sample_gives_models_that_rank_and_abstain(tmp_path: Path) -> None:
    settings = RetrievalSettings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    service = SearchService.open(settings, embedder=HashingEmbedder(), models=FittedModels.untrained())
    try:
        train = read_questions((ROOT / TRAIN_FILE).read_text(encoding="utf-8").splitlines())[::8]
        negatives = read_questions((ROOT / NEGATIVES_FILE).read_text(encoding="utf-8").splitlines())[::4]
        models = fit_models(service, train, negatives, validation=train[1::10] + negatives[1::10])
    finally:
        service.close()
    assert 0.0 < models.threshold < 1.0
    assert float(models.about["out_of_fold_r1"]) > 0.3  # the hashing embedder and BM25 alone
    assert {"validation_false_abstention", "validation_negatives_abstained"} <= set(models.about)
    assert models.about["abstention_l2"] in ABSTAIN_L2_GRID  # chosen out of fold, from the grid
    assert np.any(models.ranker.weights != 0) and np.any(models.abstainer.weights != 0)
    printed = format_weights(models)
    assert "dense_zh" in printed and "abstain below" in printed and "embedding" in printed
    assert models.broad_ranker is not None and "feedback_themes" in printed
    save_models(models, tmp_path / "model.json")
    again = load_models(tmp_path / "model.json")
    assert np.allclose(again.ranker.weights, models.ranker.weights) and again.threshold == models.threshold
    assert again.broad_ranker is not None and np.allclose(again.broad_ranker.weights, models.broad_ranker.weights)
    remembered = int(models.about["training_questions"]) + int(models.about["negatives"])  # type: ignore[call-overload]
    assert (
        len(again.memory.answerable) == remembered
        and again.memory.answerable.sum() == models.about["training_questions"]
    )


def test_the_shipped_model_fits_the_current_features() -> None:
    models = load_models()
    assert models.about["training_questions"] and 0.0 < models.threshold < 1.0
    assert models.broad_ranker is not None


def test_the_broad_cut_keeps_what_the_relevant_units_score() -> None:
    from retrieval.fit import fit_broad_share

    shares = np.array([[1.0, 0.4, 0.3, 0.01, 0.001], [1.0, 0.5, 0.02, 0.01, 0.0]])
    relevant = np.array([[True, True, True, False, False], [True, True, False, False, False]])
    share, f1 = fit_broad_share(shares, relevant)
    assert 0.02 < share <= 0.3 and f1 == 1.0
    assert fit_broad_share(np.zeros((0, 5)), np.zeros((0, 5), dtype=bool)) == (0.0, 0.0)
