"""Open the index, building it when missing, stale or corrupt: the one place that writes the store."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from chromadb.api import ClientAPI

from corpus.load import Corpus
from corpus.records import Records, load_records
from retrieval.chroma_embedding import ChunkEmbeddingFunction
from retrieval.chunks import chunk_corpus
from retrieval.config import RetrievalSettings
from retrieval.embed import Embedder
from retrieval.errors import IndexCorrupt, IndexMissing
from retrieval.store import ChunkStore, IndexState, connect, index_fingerprint, wipe_local_store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexReport:
    state_before: IndexState
    built: bool
    chunks: int
    seconds: float


def open_index(
    settings: RetrievalSettings,
    corpus: Corpus,
    embedder: Embedder,
    *,
    client: ClientAPI | None = None,
    build: bool = True,
    force: bool = False,
    records: Records | None = None,
) -> tuple[ChunkStore, IndexReport]:
    """A store that is current. With `build=False` a missing, stale or corrupt index is an error.

    The store connects as `settings` say, or uses `client` (which stays the caller's to close).
    """
    started = time.perf_counter()
    chunks = chunk_corpus(corpus, records if records is not None else load_records())
    fingerprint = index_fingerprint(corpus, embedder.model_id, chunks)
    ef = ChunkEmbeddingFunction(embedder)
    if client is not None:
        store = ChunkStore(client, ef, owns_client=False)
        state = store.state(fingerprint, len(chunks))
    else:
        store, state = _connect_store(settings, ef, fingerprint, len(chunks), build)
    if state == "ok" and not force:
        return store, IndexReport(state, False, len(chunks), time.perf_counter() - started)
    if not build:
        where = _where(settings) if client is None else "the given Chroma client"
        if state == "missing":
            raise IndexMissing(f"no index in {where}: run `python -m retrieval index`")
        raise IndexCorrupt(f"the index in {where} is {state}: run `python -m retrieval index` to rebuild it")
    if state != "missing":
        log.info("index is %s; rebuilding", state)
    store.build(chunks, fingerprint)
    return store, IndexReport(state, True, len(chunks), time.perf_counter() - started)


def _connect_store(
    settings: RetrievalSettings, ef: ChunkEmbeddingFunction, fingerprint: str, expected_chunks: int, build: bool
) -> tuple[ChunkStore, IndexState]:
    """The store that `settings` point at, and its state; a local store that cannot be opened is wiped."""
    try:
        store = ChunkStore(connect(settings), ef)
        try:
            return store, store.state(fingerprint, expected_chunks)
        except Exception:
            store.close()
            raise
    except IndexCorrupt:
        if not build or settings.uses_server:
            raise
        log.warning("the local index cannot be opened; rebuilding it from the source texts")
        wipe_local_store(settings)
        return ChunkStore(connect(settings), ef), "corrupt"


def _where(settings: RetrievalSettings) -> str:
    return f"{settings.chroma_host}:{settings.chroma_port}" if settings.uses_server else str(settings.data_dir)
