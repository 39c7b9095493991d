"""What the store relies on in Chroma's public API, pinned so that an upgrade that changes it fails
here by name: the exception types the store classifies errors by, the situations that raise them,
and the client setting that leaves no HTTP connection open. An in-memory client serves the fast
tests; the server cases run against `chroma run` on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import chromadb
import httpx
import pytest
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError, NotFoundError

from corpus.load import load_corpus
from retrieval.chroma_embedding import ChunkEmbeddingFunction
from retrieval.config import RetrievalSettings
from retrieval.errors import IndexMissing, StoreUnavailable
from retrieval.index import open_index
from retrieval.search import SearchService
from retrieval.store import COLLECTION, ChunkStore, connect
from tests.chroma_server import ChromaServer, running_chroma, server_settings
from tests.fake_embedder import HashingEmbedder

CORPUS = load_corpus()


@pytest.fixture
def memory_client() -> Iterator[ClientAPI]:
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    yield client
    client.close()  # the last in-memory client closed drops its data: each test starts empty


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ChromaServer]:
    with running_chroma(tmp_path) as server:
        yield server


def local_settings(path: Path) -> RetrievalSettings:
    return RetrievalSettings(data_dir=path, _env_file=None)  # type: ignore[call-arg]


def connections_to(port: int) -> int:
    """This process's established TCP connections to `port` on loopback (Linux's /proc)."""
    ours = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            ours.add(target[len("socket:[") : -1])
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        remote_port, state, inode = int(fields[2].split(":")[1], 16), fields[3], fields[9]
        count += remote_port == port and state == "01" and inode in ours
    return count


def test_not_found_is_a_chroma_error() -> None:
    assert issubclass(NotFoundError, ChromaError)


def test_a_missing_collection_raises_not_found(memory_client: ClientAPI) -> None:
    with pytest.raises(NotFoundError):
        memory_client.get_collection(COLLECTION)
    with pytest.raises(NotFoundError):
        memory_client.delete_collection(COLLECTION)


def test_the_store_calls_a_missing_collection_missing(memory_client: ClientAPI) -> None:
    store = ChunkStore(memory_client, ChunkEmbeddingFunction(HashingEmbedder()), owns_client=False)
    assert store.state("any-fingerprint", 1) == "missing"


def test_an_index_in_a_given_client_is_built_then_reused(memory_client: ClientAPI, tmp_path: Path) -> None:
    settings = local_settings(tmp_path)
    store, first = open_index(settings, CORPUS, HashingEmbedder(), client=memory_client)
    assert first.built and first.state_before == "missing"
    store.close()
    assert [c.name for c in memory_client.list_collections()] == [COLLECTION], "the caller's client stays open"
    again, second = open_index(settings, CORPUS, HashingEmbedder(), client=memory_client, build=False)
    assert not second.built and second.state_before == "ok"
    assert len(again.all_chunks()) == first.chunks
    assert not (tmp_path / "chroma").exists(), "nothing is written where the settings point"


def test_a_given_client_without_the_index_is_reported(memory_client: ClientAPI, tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="the given Chroma client"):
        open_index(local_settings(tmp_path), CORPUS, HashingEmbedder(), client=memory_client, build=False)


def test_the_service_searches_an_index_in_memory(memory_client: ClientAPI, tmp_path: Path) -> None:
    service = SearchService.open(local_settings(tmp_path), embedder=HashingEmbedder(), client=memory_client)
    assert service.search("洗钱的上游犯罪").hits[0].unit.id == "3.2"


@pytest.mark.slow
def test_over_http_a_missing_collection_raises_not_found(server: ChromaServer) -> None:
    client = connect(server_settings(server.port))
    with pytest.raises(NotFoundError):
        client.get_collection(COLLECTION)
    store = ChunkStore(client, ChunkEmbeddingFunction(HashingEmbedder()))
    assert store.state("any-fingerprint", 1) == "missing"
    store.close()


@pytest.mark.slow
def test_a_server_that_stops_answering_raises_transport_errors(server: ChromaServer) -> None:
    client = connect(server_settings(server.port))
    client.get_or_create_collection(COLLECTION)
    server.stop()
    with pytest.raises(httpx.TransportError):
        client.get_collection(COLLECTION)
    store = ChunkStore(client, ChunkEmbeddingFunction(HashingEmbedder()))
    with pytest.raises(StoreUnavailable, match="does not answer"):
        store.state("any-fingerprint", 1)
    store.close()


@pytest.mark.slow
def test_the_server_client_keeps_no_connection_open(server: ChromaServer) -> None:
    client = connect(server_settings(server.port))
    store = ChunkStore(client, ChunkEmbeddingFunction(HashingEmbedder()))
    client.get_or_create_collection("probe", embedding_function=None).add(ids=["a"], embeddings=[[0.5, 0.5]])
    assert store.state("any-fingerprint", 1) == "missing"
    assert connections_to(server.port) == 0
    store.close()
