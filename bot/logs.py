"""Logging set-up that keeps the bot token and the webhook secret out of every log line."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram.error import TelegramError

REDACTED = "[redacted]"


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites a record's message and traceback without the secrets, whoever logged it.

    PTB logs its API URL (which holds the token) at DEBUG, and its InvalidToken error quotes the
    token, so filtering at our own call sites would not be enough.
    """

    def __init__(self, secrets: Iterable[str], *, brief: bool = False) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets if s)
        self._brief = brief

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if self._brief and isinstance(error, TelegramError):
            # Telegram unreachable or refusing is an operating condition, not a bug: one line, no traceback.
            record.msg, record.args = f"{record.getMessage()} ({type(error).__name__}: {error})", None
            record.exc_info = record.exc_text = None
        if not self._secrets:
            return True
        record.msg = redact(record.getMessage(), self._secrets)
        record.args = None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), self._secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self._secrets)
        return True


def setup_logging(level: str, secrets: Iterable[str], *, message_text: bool = False) -> None:
    """`message_text`: let PTB's DEBUG lines through, which hold every update and every request
    (message texts, names, usernames); off, the library logs at INFO at most."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(level)
    library = logging.getLogger("telegram")
    library.setLevel(logging.NOTSET if message_text else max(logging.INFO, logging.getLevelName(level)))
    guard = RedactSecrets(secrets, brief=level != "DEBUG")
    for handler in logging.getLogger().handlers:
        handler.addFilter(guard)
    # httpx logs every request URL at INFO, and a Bot API URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
