"""The Chroma collection holding chunk text, metadata and embeddings: embedded or over HTTP.

The collection records a fingerprint of what it was built from (source texts, chunking, model);
a mismatch means stale, and a stale or unreadable index is rebuilt or reported, never served.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import chromadb
import httpx
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from corpus.load import Corpus
from retrieval.chroma_embedding import ChunkEmbeddingFunction
from retrieval.chunks import CHUNK_CHARS, CHUNK_OVERLAP, Chunk
from retrieval.config import RetrievalSettings
from retrieval.errors import IndexCorrupt, IndexMissing, StoreUnavailable

log = logging.getLogger(__name__)

COLLECTION = "wgsom_chunks"
SCHEMA_VERSION = "2"  # 2: every view of a unit, not only its Chinese text
_BATCH = 64

IndexState = Literal["ok", "missing", "stale", "corrupt"]


def index_fingerprint(corpus: Corpus, model_id: str, chunks: list[Chunk] | None = None) -> str:
    """What the index was built from: the texts, the model, the chunking, and every view's text."""
    views = hashlib.sha256(
        "\0".join(f"{c.id}\t{c.text}\t{sorted(c.metadata.items())}" for c in chunks or []).encode()
    ).hexdigest()[:16]
    recipe = f"{SCHEMA_VERSION}|{corpus.fingerprint}|{model_id}|{CHUNK_CHARS}|{CHUNK_OVERLAP}|{views}"
    return hashlib.sha256(recipe.encode()).hexdigest()[:16]


def chroma_dir(settings: RetrievalSettings) -> Path:
    return settings.data_dir / "chroma"


def connect(settings: RetrievalSettings) -> ClientAPI:
    """A Chroma client: `HttpClient` when a server is configured, else a store under the data dir."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.uses_server:
        _check_server(settings)
        # No idle connections kept: a client's close() leaves its HTTP pool open, and the store
        # talks to the server only while it opens or builds the index.
        http_settings = ChromaSettings(anonymized_telemetry=False, chroma_http_max_keepalive_connections=0)
        try:
            return chromadb.HttpClient(
                host=settings.chroma_host or "", port=settings.chroma_port or 8000, settings=http_settings
            )
        except Exception as error:
            raise StoreUnavailable(
                f"cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} ({error})"
            ) from error
    path = chroma_dir(settings)
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as error:
        raise IndexCorrupt(f"the index in {path} cannot be opened ({type(error).__name__}: {error})") from error


def _check_server(settings: RetrievalSettings) -> None:
    """Ask the server's heartbeat first: a Chroma client that cannot connect leaks its connections."""
    url = f"http://{settings.chroma_host}:{settings.chroma_port or 8000}/api/v2/heartbeat"
    try:
        with httpx.Client(timeout=5) as client:
            client.get(url).raise_for_status()
    except httpx.HTTPError as error:
        raise StoreUnavailable(
            f"cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} ({error})"
        ) from error


def wipe_local_store(settings: RetrievalSettings) -> None:
    """Remove an unreadable embedded store so it can be rebuilt (only our own subdirectory)."""
    SharedSystemClient.clear_system_cache()
    shutil.rmtree(chroma_dir(settings), ignore_errors=True)


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str
    metadata: dict[str, Any]
    embedding: np.ndarray


class ChunkStore:
    """The collection in a Chroma client; `close()` closes the client only when the store owns it."""

    def __init__(
        self, client: ClientAPI, embedding_function: ChunkEmbeddingFunction, *, owns_client: bool = True
    ) -> None:
        self._client = client
        self._owns_client = owns_client
        # Chroma's stubs type embedding functions over images too; ours embeds text only.
        self._ef: Any = embedding_function
        self._collection: Collection | None = None

    def state(self, fingerprint: str, expected_chunks: int) -> IndexState:
        try:
            collection = self._client.get_collection(COLLECTION, embedding_function=self._ef)
            meta = collection.metadata or {}
            count = collection.count()
        except NotFoundError:
            return "missing"
        except httpx.TransportError as error:  # Chroma's HTTP client lets its transport's errors through
            raise StoreUnavailable(f"the Chroma server does not answer ({error})") from error
        except Exception as error:  # anything else reading it: the stored index is damaged
            log.warning("index unreadable: %s", error)
            return "corrupt"
        if meta.get("fingerprint") != fingerprint:
            return "stale"
        if count != expected_chunks:
            return "corrupt"
        self._collection = collection
        return "ok"

    def build(self, chunks: list[Chunk], fingerprint: str) -> None:
        with contextlib.suppress(NotFoundError):  # nothing to replace
            self._client.delete_collection(COLLECTION)
        collection = self._client.create_collection(
            COLLECTION,
            embedding_function=self._ef,
            metadata={"fingerprint": fingerprint, "chunks": len(chunks)},
            configuration={"hnsw": {"space": "cosine"}},
        )
        # Embedded all at once: the embedder batches texts of about the same length together, and
        # across every chunk the short views (titles, questions) no longer pad to long texts.
        vectors = self._ef([c.text for c in chunks])
        for start in range(0, len(chunks), _BATCH):
            batch = chunks[start : start + _BATCH]
            collection.add(
                ids=[c.id for c in batch],
                documents=[c.text for c in batch],
                metadatas=[dict(c.metadata) for c in batch],
                embeddings=vectors[start : start + _BATCH],
            )
        self._collection = collection

    def close(self) -> None:
        """Release the client this store opened: the embedded store's files, or the server's System."""
        # Chroma's clients have close(), though its ClientAPI type does not declare it.
        close = getattr(self._client, "close", None)
        if self._owns_client and callable(close):
            close()

    @property
    def collection(self) -> Collection:
        if self._collection is None:
            raise IndexMissing("the index has not been opened or built")
        return self._collection

    def all_chunks(self) -> list[StoredChunk]:
        """Every chunk read back from the store, with its embedding."""
        try:
            got: Any = self.collection.get(include=["documents", "metadatas", "embeddings"])
        except Exception as error:
            raise StoreUnavailable(f"the store cannot be read ({type(error).__name__}: {error})") from error
        rows = zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True)
        chunks = [StoredChunk(cid, doc, dict(meta), np.asarray(vec, dtype=np.float32)) for cid, doc, meta, vec in rows]
        return sorted(chunks, key=lambda c: c.id)
