"""The two small fitted models: a linear ranker (listwise softmax over every unit of a question) and a
logistic abstention classifier. Pure numpy; deterministic; the weights print as a table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_STEPS = 1500
_LEARNING_RATE = 0.05


@dataclass(frozen=True)
class Scaler:
    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, rows: np.ndarray) -> Scaler:
        std = rows.std(axis=0)
        return cls(rows.mean(axis=0), np.where(std < 1e-9, 1.0, std))

    def apply(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray((rows - self.mean) / self.std)


@dataclass(frozen=True)
class LinearModel:
    """score = scaled(features) . weights + bias; for the classifier, P(answerable) = sigmoid(score)."""

    names: tuple[str, ...]
    scaler: Scaler
    weights: np.ndarray
    bias: float = 0.0

    def score(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(self.scaler.apply(rows) @ self.weights + self.bias)

    def to_json(self) -> dict[str, object]:
        return {
            "names": list(self.names),
            "mean": self.scaler.mean.tolist(),
            "std": self.scaler.std.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
        }

    @classmethod
    def from_json(cls, data: dict[str, object], names: tuple[str, ...]) -> LinearModel:
        stored: tuple[str, ...] = tuple(data["names"])  # type: ignore[arg-type]
        if stored != names:
            raise ValueError(f"the model was fitted on other features: {stored} != {names}")
        bias = float(data["bias"])  # type: ignore[arg-type]
        return cls(names, Scaler(np.array(data["mean"]), np.array(data["std"])), np.array(data["weights"]), bias)

    def table(self) -> list[tuple[str, float]]:
        """The weights per feature, largest effect first (features are scaled, so they compare)."""
        return sorted(zip(self.names, self.weights.tolist(), strict=True), key=lambda pair: -abs(pair[1]))


def _adam(gradient: object, size: int, steps: int = _STEPS) -> np.ndarray:
    """Plain full-batch Adam from zero: `gradient(w)` returns (loss, grad)."""
    w = np.zeros(size)
    m, v = np.zeros(size), np.zeros(size)
    beta1, beta2 = 0.9, 0.999
    for step in range(1, steps + 1):
        _loss, grad = gradient(w)  # type: ignore[operator]
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad * grad
        w = w - _LEARNING_RATE * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + 1e-8)
    return w


def fit_ranker(
    rows: np.ndarray,
    relevant: np.ndarray,
    allowed: np.ndarray,
    names: tuple[str, ...],
    l2: float = 1e-3,
    *,
    each_relevant: bool = False,
) -> LinearModel:
    """Listwise softmax: for each question (axis 0) the relevant units (mask) should take the
    probability mass among the allowed units; with `each_relevant`, the mass should be spread evenly
    over all of them (for broad questions, where every relevant unit is wanted, not any one).
    rows: questions x units x features."""
    scaler = Scaler.fit(rows[allowed])
    x = scaler.apply(rows)
    questions = rows.shape[0]

    def gradient(w: np.ndarray) -> tuple[float, np.ndarray]:
        scores = np.where(allowed, x @ w, -np.inf)
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        pr = np.where(relevant, p, 0.0)
        mass = pr.sum(axis=1, keepdims=True)
        if each_relevant:
            target = relevant / np.maximum(relevant.sum(axis=1, keepdims=True), 1)
        else:
            target = pr / np.where(mass > 0, mass, 1.0)
        loss = float(-np.log(np.maximum(mass, 1e-300)).mean() + l2 * w @ w)
        grad = np.einsum("qu,quf->f", p - target, x) / questions + 2 * l2 * w
        return loss, grad

    return LinearModel(names, scaler, _adam(gradient, rows.shape[2]))


def fit_logistic(rows: np.ndarray, labels: np.ndarray, names: tuple[str, ...], l2: float = 1e-3) -> LinearModel:
    """P(label = 1) = sigmoid(scaled rows . w + b), classes weighted to count equally."""
    scaler = Scaler.fit(rows)
    x = np.column_stack([scaler.apply(rows), np.ones(len(rows))])
    y = labels.astype(np.float64)
    weight = np.where(y > 0, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1))

    def gradient(w: np.ndarray) -> tuple[float, np.ndarray]:
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        eps = 1e-12
        loss = float(-(weight * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))).sum() + l2 * w[:-1] @ w[:-1])
        grad = x.T @ (weight * (p - y)) + 2 * l2 * np.append(w[:-1], 0.0)
        return loss, grad

    w = _adam(gradient, x.shape[1])
    return LinearModel(names, scaler, w[:-1], float(w[-1]))


def sigmoid(values: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-values)))


def threshold_for_false_abstention(positive_probs: np.ndarray, max_false_abstention: float) -> float:
    """The highest cut that abstains on at most that share of answerable questions."""
    ordered = np.sort(positive_probs)
    allowed = int(np.floor(max_false_abstention * len(ordered)))
    return float(ordered[allowed]) if len(ordered) else 0.5
