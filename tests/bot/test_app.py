from __future__ import annotations

from typing import Any

import pytest
from telegram.ext import Application

from bot import app as app_module
from bot.app import ALLOWED_UPDATES, build_application, run
from bot.settings import Settings
from bot.webhook_server import WebhookConfig
from corpus.load import Corpus
from tests.bot.fake_search import FakeSearch


def _settings(**values: Any) -> Settings:
    return Settings(_env_file=None, telegram_bot_token="123:abc", **values)  # type: ignore[call-arg]


def test_polling_without_a_webhook(monkeypatch: pytest.MonkeyPatch, corpus: Corpus) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(Application, "run_polling", lambda self, **kwargs: seen.update(kwargs))
    run(_settings(), lambda: FakeSearch(corpus))
    assert seen == {"allowed_updates": ALLOWED_UPDATES}


def test_webhook_mode_passes_the_secret_token(monkeypatch: pytest.MonkeyPatch, corpus: Corpus) -> None:
    seen: list[WebhookConfig] = []
    monkeypatch.setattr(app_module, "run_webhook", lambda app, config: seen.append(config))
    run(
        _settings(
            webhook_url="https://bot.example.org/tg/hook",
            webhook_secret="s3cret-Value_1",
            webhook_listen="0.0.0.0",
            webhook_port=8443,
            webhook_max_body_bytes=65536,
        ),
        lambda: FakeSearch(corpus),
    )
    assert seen == [
        WebhookConfig(
            listen="0.0.0.0",
            port=8443,
            url_path="tg/hook",
            url="https://bot.example.org/tg/hook",
            secret="s3cret-Value_1",
            max_body=65536,
            allowed_updates=ALLOWED_UPDATES,
        )
    ]


def test_the_application_uses_the_configured_api_server(corpus: Corpus) -> None:
    app = build_application(_settings(telegram_api_base_url="http://127.0.0.1:9/bot"), lambda: FakeSearch(corpus))
    assert app.bot.base_url == "http://127.0.0.1:9/bot123:abc"
    assert app.bot.defaults is not None and app.bot.defaults.link_preview_options.is_disabled  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="TELEGRAM_BOT_TOKEN"):
        build_application(Settings(_env_file=None), lambda: FakeSearch(corpus))  # type: ignore[call-arg]
