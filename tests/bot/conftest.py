"""Unit tests of the bot: the real corpus, a fake search service, no network."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.service import BotService
from bot.settings import Settings
from corpus.load import Corpus, load_corpus
from tests.bot.fake_search import FakeSearch


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Settings read the environment and ./.env: every test starts from neither."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture
def search(corpus: Corpus) -> FakeSearch:
    return FakeSearch(corpus)


@pytest.fixture
async def service(corpus: Corpus, search: FakeSearch) -> AsyncIterator[BotService]:
    service = BotService(corpus, lambda: search, username="wg_recs_bot")
    await service.start()
    yield service
    await service.close()
