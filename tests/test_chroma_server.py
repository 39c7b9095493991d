"""The store through `chromadb.HttpClient` against a real `chroma run` on 127.0.0.1, stopped by PID."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from retrieval.config import RetrievalSettings
from retrieval.errors import RetrievalError
from retrieval.search import SearchService
from tests.fake_embedder import HashingEmbedder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if chroma is None:
        pytest.fail("the `chroma` command is not installed (it comes with chromadb)")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("w")
    process = subprocess.Popen(
        [chroma, "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                pytest.fail(f"chroma run exited: {(path / 'server.log').read_text()}")
            time.sleep(0.25)
        else:
            pytest.fail("chroma run did not start within 60 s")
        yield port
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


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
