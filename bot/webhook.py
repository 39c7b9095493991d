"""What the webhook decides about a request, without the HTTP server: the secret, the size, the
body, duplicates, the rate-limited log of refusals and the health answer. bot/webhook_server.py
is the tornado glue around it."""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from telegram import Bot, Update

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
RECENT_UPDATES = 5000  # Telegram retries an unanswered update for a while, not thousands of updates later
LOG_EVERY = 60.0  # seconds between two log lines for the same reason

log = logging.getLogger("bot.webhook")


class Reason(StrEnum):
    NO_SECRET = "no secret"
    WRONG_SECRET = "wrong secret"
    TOO_LARGE = "too large"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: Reason
    detail: str  # for the log: never the body, the secret or the token


def check_secret(given: str | None, secret: str) -> Refusal | None:
    if not given:
        # The usual cause: a reverse proxy that does not pass the header on.
        return Refusal(403, Reason.NO_SECRET, f"no {SECRET_HEADER} header (does the reverse proxy pass it on?)")
    # Constant time, so the secret cannot be guessed a character at a time from response times.
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return Refusal(403, Reason.WRONG_SECRET, f"a wrong {SECRET_HEADER} header (is WEBHOOK_SECRET current?)")
    return None


def check_declared_size(content_length: str | None, limit: int) -> Refusal | None:
    """Content-Length checked before any of the body is read; a chunked body is counted as it comes."""
    if content_length is None:
        return None
    # Proxies sometimes repeat the header ("12, 12"); tornado accepts that when the values agree.
    values = {v.strip() for v in content_length.split(",")}
    if len(values) != 1 or not (value := values.pop()).isdigit():
        return Refusal(400, Reason.MALFORMED, "an unreadable Content-Length header")
    return check_received_size(int(value), limit)


def check_received_size(size: int, limit: int) -> Refusal | None:
    if size > limit:
        return Refusal(413, Reason.TOO_LARGE, f"a body of {size} bytes, over WEBHOOK_MAX_BODY_BYTES={limit}")
    return None


def parse_update(body: bytes, bot: Bot) -> Update | Refusal:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested too deep to parse
        return Refusal(400, Reason.MALFORMED, f"a body of {len(body)} bytes that is not JSON")
    if not isinstance(data, dict):
        return Refusal(400, Reason.MALFORMED, f"JSON that is not an object ({type(data).__name__})")
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return Refusal(400, Reason.MALFORMED, "a JSON object without a numeric update_id")
    try:
        update = Update.de_json(data, bot)
    except Exception as error:  # whatever PTB cannot read is the sender's fault, not ours
        return Refusal(400, Reason.MALFORMED, f"update {update_id} that is not an Update ({type(error).__name__})")
    return update


class RecentIds:
    """The last `size` update ids seen: Telegram resends an update it got no 200 for in time."""

    def __init__(self, size: int = RECENT_UPDATES) -> None:
        self._order: deque[int] = deque()
        self._seen: set[int] = set()
        self._size = size

    def first_time(self, update_id: int) -> bool:
        """True the first time an id comes, and remembers it; False for a repeat."""
        if update_id in self._seen:
            return False
        self._seen.add(update_id)
        self._order.append(update_id)
        if len(self._order) > self._size:
            self._seen.discard(self._order.popleft())
        return True


class RefusalLog:
    """One line a minute per reason, however many requests are refused; the next line says how
    many were held back, so a flood shows as a count and not as a flood of lines."""

    def __init__(
        self, logger: logging.Logger = log, *, every: float = LOG_EVERY, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._logger = logger
        self._every = every
        self._clock = clock
        self._last: dict[str, float] = {}
        self._held: dict[str, int] = {}

    def note(self, reason: str, line: str, *, level: int = logging.WARNING) -> None:
        now = self._clock()
        last = self._last.get(reason)
        if last is not None and now - last < self._every:
            self._held[reason] = self._held.get(reason, 0) + 1
            return
        self._last[reason] = now
        held = self._held.pop(reason, 0)
        more = f" ({held} more like it since the last such line)" if held else ""
        self._logger.log(level, "webhook: %s%s", line, more)

    def refused(self, refusal: Refusal) -> None:
        self.note(refusal.reason, f"refused a request with {refusal.status} ({refusal.reason}): {refusal.detail}")


def health(running: bool, started: bool) -> tuple[int, dict[str, Any]]:
    """For the reverse proxy or a supervisor: up once the application runs and the search service is open."""
    if running and started:
        return 200, {"ok": True}
    return 503, {"ok": False, "status": "not running" if not running else "search service not open"}
