"""The one settings object of the app: retrieval's settings plus Telegram, logging and webhook."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from retrieval.config import RetrievalSettings

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]

# What Telegram accepts as a webhook's secret_token.
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _http_url(value: str | None, name: str, example: str) -> str | None:
    if value is not None:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{name} must be an http(s) URL such as {example}")
    return value


class Settings(RetrievalSettings):
    # `KEY=` left empty in a copied .env.example means "not set", not "set to an empty string".
    model_config = SettingsConfigDict(env_ignore_empty=True)

    telegram_bot_token: SecretStr | None = Field(
        default=None, description="Token from @BotFather; without it `python -m bot` runs the terminal chat"
    )
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot",
        description="Bot API base URL, the token is appended (set for tests and self-hosted Bot API servers)",
    )
    log_level: LogLevel = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR")
    webhook_url: str | None = Field(
        default=None, description="Public URL Telegram posts updates to; polling when unset"
    )
    webhook_secret: SecretStr | None = Field(
        default=None, description="Secret Telegram sends with each update (required with WEBHOOK_URL)"
    )
    # Loopback by default: a webhook normally sits behind a TLS-terminating reverse proxy.
    webhook_listen: str = Field(default="127.0.0.1", description="Address the webhook server binds to")
    webhook_port: int = Field(default=8080, ge=1, le=65535, description="Port the webhook server binds to")
    webhook_max_body_bytes: int = Field(
        default=1_048_576, ge=1024, le=100 * 1_048_576, description="Larger webhook requests get a 413, unread"
    )
    feedback_enabled: bool = Field(default=True, description="Offer 👍 / 👎 / wrong item under answers and keep them")
    feedback_path: Path = Field(default=Path("data/feedback.sqlite3"), description="SQLite file keeping the feedback")
    feedback_retention_days: float = Field(default=180, gt=0, description="Feedback older than this is deleted")
    feedback_salt: SecretStr | None = Field(
        default=None, description="Salt for the hashed user ids (by default a random one kept in the feedback file)"
    )
    persist_state: bool = Field(
        default=True, description="Keep /lang choices and the questions behind answers' buttons across restarts"
    )
    state_dir: Path = Field(default=Path("data/state"), description="Where that state is kept (PERSIST_STATE)")
    admin_user_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), description="Telegram user ids allowed /feedback and /stats, comma-separated"
    )
    allowed_user_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), description="Only these users may use the bot (comma-separated; empty: everyone)"
    )
    allowed_chat_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), description="Everyone in these chats may use the bot (comma-separated group ids)"
    )
    leave_unallowed_groups: bool = Field(
        default=False, description="With allowlists: leave a group that is not allowed when added to it"
    )
    search_workers: int = Field(
        default=2,
        ge=1,
        le=8,
        description="Search threads, each with its own search service (~90 MB more each); the model's "
        "threads default to the CPU cores shared among them",
    )
    questions_per_minute: int = Field(default=20, ge=1, le=10_000, description="Questions a user may ask a minute")
    log_message_text: bool = Field(
        default=False, description="At DEBUG, also log message texts (off: texts never reach the log)"
    )

    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible endpoint for a written summary above the quotes, e.g. "
        "http://127.0.0.1:11434/v1 (Ollama); unset: quotes only",
    )
    llm_api_key: SecretStr | None = Field(default=None, description="Bearer key for LLM_BASE_URL, if it needs one")
    llm_model: str | None = Field(default=None, description="Model name for LLM_BASE_URL (required with it)")
    llm_timeout: float = Field(default=20.0, gt=0, le=300, description="Seconds to wait for the summary")

    @field_validator("admin_user_ids", "allowed_user_ids", "allowed_chat_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(p.lstrip("-").isdigit() for p in parts):
                raise ValueError("must be Telegram ids (numbers) separated by commas, such as 12345,-100200300")
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("webhook_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return _http_url(value, "WEBHOOK_URL", "https://example.org/telegram")

    @field_validator("llm_base_url")
    @classmethod
    def _llm_url(cls, value: str | None) -> str | None:
        url = _http_url(value, "LLM_BASE_URL", "http://127.0.0.1:11434/v1")
        return url.rstrip("/") if url else url

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _SECRET.match(value.get_secret_value()):
            # The message must not echo the secret.
            raise ValueError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        if self.webhook_url and self.telegram_bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is required when WEBHOOK_URL is set")
        if self.llm_base_url and not self.llm_model:
            raise ValueError("LLM_MODEL is required when LLM_BASE_URL is set")
        return self

    @property
    def model_threads(self) -> int:
        """Each search worker embeds on its own share of the cores: on two cores two 1-thread
        workers answer more questions a second, and sooner, than one 2-thread worker."""
        return self.embed_threads or max(1, (os.cpu_count() or 1) // self.search_workers)

    @property
    def webhook_path(self) -> str:
        """The path the webhook server listens on: the path of WEBHOOK_URL, without its leading slash."""
        return urlsplit(self.webhook_url or "").path.lstrip("/")

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never reach a log line or an error message."""
        values = (self.telegram_bot_token, self.webhook_secret, self.feedback_salt, self.llm_api_key)
        return tuple(v.get_secret_value() for v in values if v is not None and v.get_secret_value())
