from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.__main__ import main
from bot.logs import RedactSecrets, setup_logging
from bot.settings import Settings
from retrieval.config import RetrievalSettings

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "987654:SECRET-token-value"


def test_env_example_lists_every_setting() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = re.findall(r"^([A-Z_]+)=", text, re.MULTILINE)
    assert sorted(listed) == sorted(name.upper() for name in Settings.model_fields)
    assert len(listed) == len(set(listed))


def test_the_env_example_as_copied_is_valid(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text(encoding="utf-8"), encoding="utf-8")
    settings = Settings()
    assert settings.telegram_bot_token is None and settings.webhook_url is None  # empty means unset
    assert settings.chroma_host is None and settings.data_dir == Path("data") and settings.log_level == "INFO"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("WEBHOOK_URL", "https://example.org/hooks/telegram")
    monkeypatch.setenv("WEBHOOK_SECRET", "s3cret_value")
    settings = Settings()
    assert settings.telegram_bot_token is not None and settings.telegram_bot_token.get_secret_value() == TOKEN
    assert settings.log_level == "DEBUG" and settings.webhook_path == "hooks/telegram"
    assert settings.secrets == (TOKEN, "s3cret_value")
    assert TOKEN not in repr(settings)


def test_a_webhook_needs_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("WEBHOOK_URL", "https://example.org/hook")
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET is required"):
        Settings()
    monkeypatch.setenv("WEBHOOK_SECRET", "not allowed!")
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET must be"):
        Settings()


def test_bad_configuration_is_reported_without_the_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("WEBHOOK_URL", "https://example.org/hook")
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "WEBHOOK_SECRET is required" in err and TOKEN not in err and "Traceback" not in err


def test_log_records_never_show_the_token(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redact")
    caplog.handler.addFilter(RedactSecrets([TOKEN]))
    with caplog.at_level(logging.DEBUG, logger="test.redact"):
        logger.debug("Set Bot API URL: %s", f"https://api.telegram.org/bot{TOKEN}")
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
        except RuntimeError:
            logger.exception("failed")
    assert TOKEN not in caplog.text and "https://api.telegram.org/bot[redacted]" in caplog.text
    assert "rejected by the server" in caplog.text


def test_setup_logging_quiets_httpx() -> None:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        setup_logging("DEBUG", [TOKEN])
        assert logging.getLogger("httpx").level == logging.WARNING
        assert any(isinstance(f, RedactSecrets) for h in root.handlers for f in h.filters)
    finally:
        for handler in root.handlers:
            handler.filters = [f for f in handler.filters if not isinstance(f, RedactSecrets)]
        root.handlers = before
        root.setLevel(level)


def test_admin_ids_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_USER_IDS", "12345, 67890")
    assert Settings().admin_user_ids == frozenset({12345, 67890})
    monkeypatch.setenv("ADMIN_USER_IDS", "12345,alice")
    with pytest.raises(ValidationError, match="separated by commas"):
        Settings()


def test_llm_settings_need_a_model_and_an_http_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_BASE_URL", "http://127.0.0.1:11434/v1/")
    with pytest.raises(ValidationError, match="LLM_MODEL is required"):
        Settings()
    monkeypatch.setenv("LLM_MODEL", "qwen2.5:7b")
    monkeypatch.setenv("LLM_API_KEY", "sk-secret-key")
    settings = Settings()
    assert settings.llm_base_url == "http://127.0.0.1:11434/v1" and "sk-secret-key" in settings.secrets
    monkeypatch.setenv("LLM_BASE_URL", "localhost:11434")
    with pytest.raises(ValidationError, match="LLM_BASE_URL must be an http"):
        Settings()


@pytest.mark.parametrize(
    ("cores", "workers", "explicit", "bot_threads", "cli_threads"),
    [(2, 2, None, 1, 2), (8, 2, None, 4, 8), (2, 1, None, 2, 2), (1, 2, None, 1, 1), (8, 2, 3, 3, 3)],
)
def test_the_model_threads_share_the_cores_among_the_search_workers(
    monkeypatch: pytest.MonkeyPatch, cores: int, workers: int, explicit: int | None, bot_threads: int, cli_threads: int
) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    settings = Settings(search_workers=workers, embed_threads=explicit)
    assert settings.model_threads == bot_threads
    assert RetrievalSettings(embed_threads=explicit).model_threads == cli_threads
