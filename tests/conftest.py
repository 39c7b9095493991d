"""Shared fixtures: tests are offline, and the real search service is built once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.netguard import no_network

__all__ = ["no_network"]  # the autouse guard, registered for every test

os.environ["ANONYMIZED_TELEMETRY"] = "False"


@pytest.fixture(autouse=True)
def _no_state_in_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bots built in tests keep no state unless a test asks for it (in its own directory)."""
    monkeypatch.setenv("PERSIST_STATE", "false")


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
