"""Shared fixtures: tests are offline, and the real search service is built once per session."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ["ANONYMIZED_TELEMETRY"] = "False"


def _is_loopback(address: Any) -> bool:
    if isinstance(address, tuple):
        address = address[0]
    if not isinstance(address, str):
        return True  # unix sockets
    if address in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection outside loopback fails the test that makes it."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise AssertionError(f"network access outside loopback in a test: {address!r}")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise AssertionError(f"network access outside loopback in a test: {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("real-index")


@pytest.fixture(scope="session")
def real_service(real_index_dir: Path) -> Iterator[Any]:
    """The production search service (real model, embedded Chroma), built once for the session."""
    from retrieval.config import RetrievalSettings
    from retrieval.search import SearchService

    service = SearchService.open(RetrievalSettings(data_dir=real_index_dir, _env_file=None))  # type: ignore[call-arg]
    yield service
    service.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs the real model's index (built once, in ~40 s) or a Chroma server is slow."""
    for item in items:
        if {"real_service", "real_index_dir", "chroma_server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
