"""The fitted ranker and abstention classifier, kept as data (`data/model.json`, and beside it the
remembered training questions, `data/model.npz`) and written only by `python -m retrieval fit`. A
model fitted on other features is refused, never half-applied."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from retrieval.broad import BROAD_RANK_FEATURES
from retrieval.errors import RetrievalError
from retrieval.features import ABSTAIN_FEATURES, BROAD_FEATURES, UNIT_FEATURES
from retrieval.learn import LinearModel, Scaler
from retrieval.neighbours import QuestionMemory

MODEL_PATH = Path(__file__).parent / "data" / "model.json"


@dataclass(frozen=True)
class FittedModels:
    ranker: LinearModel
    abstainer: LinearModel
    threshold: float  # P(answerable) below this: not found
    broad_share: float = 0.0  # a broad question's relevant units score at least this share of the top's
    broad: LinearModel | None = None  # P(broad question); without it, the wording alone decides
    broad_ranker: LinearModel | None = None  # a broad question's second ranking (`retrieval.broad`)
    about: dict[str, object] = field(default_factory=dict)  # what it was fitted on, and how well
    memory: QuestionMemory = field(default_factory=QuestionMemory.empty)  # the abstainer's neighbours

    @classmethod
    def untrained(cls) -> FittedModels:
        """Zero weights: what `fit` starts from (every unit ties, every question is answerable)."""

        def zeros(names: tuple[str, ...]) -> LinearModel:
            return LinearModel(names, Scaler(np.zeros(len(names)), np.ones(len(names))), np.zeros(len(names)))

        return cls(zeros(UNIT_FEATURES), zeros(ABSTAIN_FEATURES), 0.0)

    def to_json(self) -> dict[str, object]:
        return {
            "ranker": self.ranker.to_json(),
            "abstainer": self.abstainer.to_json(),
            "threshold": self.threshold,
            "broad_share": self.broad_share,
            "broad": self.broad.to_json() if self.broad else None,
            "broad_ranker": self.broad_ranker.to_json() if self.broad_ranker else None,
            "about": self.about,
        }


def save_models(models: FittedModels, path: Path = MODEL_PATH) -> None:
    path.write_text(json.dumps(models.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    models.memory.save(path.with_suffix(".npz"))


def load_models(path: Path = MODEL_PATH) -> FittedModels:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        broad_ranker = data.get("broad_ranker")
        return FittedModels(
            LinearModel.from_json(data["ranker"], UNIT_FEATURES),
            LinearModel.from_json(data["abstainer"], ABSTAIN_FEATURES),
            float(data["threshold"]),
            float(data.get("broad_share", 0.0)),
            LinearModel.from_json(data["broad"], BROAD_FEATURES) if data.get("broad") else None,
            LinearModel.from_json(broad_ranker, BROAD_RANK_FEATURES) if broad_ranker else None,
            about=dict(data.get("about", {})),
            memory=QuestionMemory.load(path.with_suffix(".npz")),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise RetrievalError(
            f"the fitted ranking model cannot be used ({error}): run `python -m retrieval fit`"
        ) from error
