"""An embedder as Chroma sees it: an `EmbeddingFunction` with separate query and passage modes.

Chroma stores the function's config with the collection and rebuilds the function from it inside
its own calls (creating a collection, adding to it). The rebuilt function gets the embedder this
process already opened for that model id, so it keeps that embedder's settings (its thread count)
and no second copy of the model is loaded.
"""

from __future__ import annotations

import weakref
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from retrieval.embed import Embedder

# Weak: an embedder stays open as long as a store or service holds it, not because Chroma rebuilt it.
_open_embedders: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()


def open_embedder(model_id: str) -> Embedder | None:
    """The embedder of that model id that a `ChunkEmbeddingFunction` in this process wraps, if any."""
    embedder: Embedder | None = _open_embedders.get(model_id)
    return embedder


@register_embedding_function
class ChunkEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma calls `__call__` for stored documents and `embed_query` for queries."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        _open_embedders[embedder.model_id] = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embedder.passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [self.embedder.query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "wgsom-chunk-embedder"

    def get_config(self) -> dict[str, Any]:
        return {"model_id": self.embedder.model_id}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChunkEmbeddingFunction:
        model_id = str(config.get("model_id"))
        embedder = open_embedder(model_id)
        if embedder is None:
            raise ValueError(f"no embedder for the model {model_id!r} is open: open the index with one")
        return ChunkEmbeddingFunction(embedder)

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"
