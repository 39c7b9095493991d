from __future__ import annotations

from typing import Any

import pytest

from bot.app import build_application
from bot.settings import Settings
from corpus.load import Corpus
from tests.bot.fake_search import FakeSearch


def _settings(**values: Any) -> Settings:
    return Settings(_env_file=None, telegram_bot_token="123:abc", **values)  # type: ignore[call-arg]


def test_the_application_uses_the_configured_api_server(corpus: Corpus) -> None:
    app = build_application(_settings(telegram_api_base_url="http://127.0.0.1:9/bot"), lambda: FakeSearch(corpus))
    assert app.bot.base_url == "http://127.0.0.1:9/bot123:abc"
    assert app.bot.defaults is not None and app.bot.defaults.link_preview_options.is_disabled  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="TELEGRAM_BOT_TOKEN"):
        build_application(Settings(_env_file=None), lambda: FakeSearch(corpus))  # type: ignore[call-arg]
