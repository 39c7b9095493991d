"""What the index needs of an embedding model: a model id and the two modes e5 models have.

The real model is in `retrieval/e5.py`; Chroma sees embedders through `retrieval/chroma_embedding.py`.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

DIMENSIONS = 384


class Embedder(Protocol):
    model_id: str

    def query(self, text: str) -> np.ndarray: ...

    def passages(self, texts: list[str]) -> np.ndarray: ...
