"""End-to-end: the real PTB application over HTTP against the fake Bot API, with the real search service."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.harness import Harness, Shared, running


@pytest.fixture(scope="session")
def backend(real_service: Any) -> Any:
    """The production search service (real model, embedded Chroma) that tests/conftest.py opens once per run."""
    return real_service


@pytest.fixture(scope="session")
def index_dir(backend: Any, real_index_dir: Path) -> Path:
    """Where `backend`'s index is, built and current: a `python -m bot` process opens it at once."""
    return real_index_dir


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    api = FakeBotApi().start()
    yield api
    api.stop()


def assert_no_errors_logged(caplog: pytest.LogCaptureFixture) -> None:
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [f"{r.name}: {r.getMessage()}" for r in errors]


@pytest.fixture
async def tg(api: FakeBotApi, backend: Any, caplog: pytest.LogCaptureFixture, tmp_path: Path) -> AsyncIterator[Harness]:
    async with running(
        api,
        lambda: Shared(backend),
        backend.corpus,
        feedback_enabled=True,
        feedback_path=tmp_path / "feedback.sqlite3",
        admin_user_ids=frozenset({1002}),
    ) as harness:
        yield harness
    harness.check_everything_sent()
    assert_no_errors_logged(caplog)
