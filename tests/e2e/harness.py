"""Drives the real PTB application against the fake Bot API: push what users do, await what the bot sends."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.app import ALLOWED_UPDATES, BotApp, build_application
from bot.backend import Opener, SearchBackend
from bot.settings import Settings
from corpus.load import Corpus
from retrieval.results import Hit, SearchResult
from tests.bot.verbatim import assert_verbatim
from tests.e2e.fake_bot_api import Call, FakeBotApi
from tests.e2e.telegram_html import parse, quotes

LI = {"id": 1001, "is_bot": False, "first_name": "Li", "language_code": "zh-hans"}
ANN = {"id": 1002, "is_bot": False, "first_name": "Ann", "language_code": "en"}
HANS = {"id": 1003, "is_bot": False, "first_name": "Hans", "language_code": "de"}
GROUP = {"id": -100200300, "type": "supergroup", "title": "Smuggling law reading group"}
SENT = ("sendMessage", "editMessageText")


def private(user: dict[str, Any]) -> dict[str, Any]:
    return {"id": user["id"], "type": "private", "first_name": user["first_name"]}


@dataclass
class Harness:
    api: FakeBotApi
    app: BotApp
    corpus: Corpus

    async def wait(self, found: Callable[[list[Call]], bool], since: int, timeout: float = 15.0) -> list[Call]:
        """The calls made since `since`, once `found` accepts them (polled: the bot runs on this loop)."""
        deadline = time.monotonic() + timeout
        while True:
            calls = self.api.calls[since:]
            if found(calls):
                return calls
            if time.monotonic() > deadline:
                made = [(c.method, c.error) for c in calls]
                raise AssertionError(f"the bot did not do what was awaited; it made: {made}")
            await asyncio.sleep(0.005)

    async def sent(
        self, since: int, count: int = 1, *, chat_id: int | None = None, methods: tuple[str, ...] = SENT
    ) -> list[Call]:
        def mine(calls: list[Call]) -> list[Call]:
            return [
                c
                for c in calls
                if c.method in methods and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))
            ]

        return mine(await self.wait(lambda calls: len(mine(calls)) >= count, since))

    async def say(
        self,
        text: str | None,
        user: dict[str, Any] = LI,
        chat: dict[str, Any] | None = None,
        replies: int = 1,
        **extra: Any,
    ) -> list[Call]:
        """A user's message; returns the bot's `replies` messages to that chat."""
        chat = chat or private(user)
        since = len(self.api.calls)
        self.api.send(chat, user, text, **extra)
        return await self.sent(since, replies, chat_id=chat["id"])

    async def press(
        self,
        reply: Call,
        data: str,
        user: dict[str, Any] = LI,
        methods: tuple[str, ...] = (*SENT, "answerCallbackQuery"),
        count: int = 2,
    ) -> list[Call]:
        """A tap on a button of the message `reply` made; returns the answer and what the bot sent."""
        since = len(self.api.calls)
        message = self.api.message(reply.result["chat"]["id"], reply.result["message_id"])
        self.api.press({k: v for k, v in message.items() if k != "html"}, data, user)
        return await self.sent(since, count, methods=methods)

    def check_everything_sent(self) -> int:
        """No request the fake refused, and every quote in every message verbatim. Returns quotes seen."""
        calls = self.api.calls
        refused = [(c.method, c.error) for c in calls if not c.ok]
        assert not refused, f"the fake Bot API refused: {refused}"
        sent: list[str] = []
        for call in calls:
            if call.method in SENT:
                sent += quotes(*parse(call.params["text"]))
            elif call.method == "answerInlineQuery":
                for result in call.params["results"]:
                    sent += quotes(*parse(result["input_message_content"]["message_text"]))
        return assert_verbatim(sent, self.corpus)


class Shared:
    """The session's search service lent to one application: its post_shutdown must not close it."""

    def __init__(self, service: SearchBackend) -> None:
        self._service = service

    def search(self, query: str, *, meeting: int | None = None, theme: str | None = None, k: int = 10) -> SearchResult:
        return self._service.search(query, meeting=meeting, theme=theme, k=k)

    def similar(self, unit_id: str, *, k: int = 5) -> list[Hit]:
        return self._service.similar(unit_id, k=k)

    def close(self) -> None:
        pass


@contextlib.asynccontextmanager
async def running(
    api: FakeBotApi, open_search: Opener, corpus: Corpus, **settings_extra: Any
) -> AsyncIterator[Harness]:
    """The application started and stopped in the order `run_polling` uses, hooks included."""
    settings_extra.setdefault("feedback_enabled", False)
    settings = Settings(
        _env_file=None,
        telegram_bot_token=api.token,  # type: ignore[call-arg]
        telegram_api_base_url=api.base_url,
        **settings_extra,
    )
    app = build_application(settings, open_search, corpus=corpus)
    assert app.updater is not None and app.post_init is not None and app.post_shutdown is not None
    await app.initialize()
    await app.post_init(app)
    await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
    await app.start()
    try:
        yield Harness(api, app, corpus)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await app.post_shutdown(app)


def bot_env(index_dir: Path, **extra: str) -> dict[str, str]:
    """A clean environment: only what the bot needs, so a developer's own settings cannot leak in."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")}
    return {**keep, "DATA_DIR": str(index_dir), "ANONYMIZED_TELEMETRY": "False", "PYTHONUNBUFFERED": "1", **extra}


def start_bot(index_dir: Path, cwd: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    """`python -m bot` as a user starts it, in `cwd` (so no .env of the repository is read)."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=bot_env(index_dir, **env),
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def buttons(call: Call) -> list[list[dict[str, Any]]]:
    markup = call.params.get("reply_markup") or {}
    rows: list[list[dict[str, Any]]] = markup.get("inline_keyboard", [])
    return rows


def button(call: Call, label: str) -> dict[str, Any]:
    return next(b for row in buttons(call) for b in row if b["text"] == label)


def text_of(call: Call) -> str:
    return parse(call.params["text"])[0]


def quotes_of(call: Call) -> list[str]:
    return quotes(*parse(call.params["text"]))
