"""The store through `chromadb.HttpClient` against a real `chroma run` on 127.0.0.1, stopped by PID."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from retrieval.config import RetrievalSettings
from retrieval.embed import HashingEmbedder
from retrieval.errors import RetrievalError
from retrieval.search import SearchService
from tests.chroma_server import ChromaServer, free_port


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    try:
        server.start()
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield server.port
    finally:
        server.stop()


def server_settings(port: int) -> RetrievalSettings:
    return RetrievalSettings(chroma_host="127.0.0.1", chroma_port=port, _env_file=None)  # type: ignore[call-arg]


def test_index_and_search_through_the_server(chroma_server: int) -> None:
    service = SearchService.open(server_settings(chroma_server), embedder=HashingEmbedder())
    try:
        assert service.timings.index.built
        assert service.search("洗钱的上游犯罪").hits[0].unit.id == "3.2"
    finally:
        service.close()
    again = SearchService.open(server_settings(chroma_server), embedder=HashingEmbedder())
    try:
        assert not again.timings.index.built, "a current index on the server is reused"
        assert again.search("第三次会议第12条").hits[0].unit.id == "3.12"
    finally:
        again.close()


def test_a_server_that_is_down_is_an_error_not_an_empty_answer() -> None:
    with pytest.raises(RetrievalError):
        SearchService.open(server_settings(free_port()), embedder=HashingEmbedder())
