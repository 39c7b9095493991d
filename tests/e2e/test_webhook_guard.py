"""The webhook server under abuse: real HTTP over loopback to the real server and the real PTB
application, answering through the fake Bot API (search faked, so these run fast)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.app import ALLOWED_UPDATES, build_application
from bot.settings import Settings
from bot.webhook_server import WebhookConfig, WebhookServer, serving
from corpus.load import Corpus, load_corpus
from tests.bot.fake_search import FakeSearch
from tests.e2e.fake_bot_api import Call, FakeBotApi
from tests.e2e.harness import ANN, HANS, LI, private
from tests.e2e.raw_http import Answer, chunked, exchange, free_port

SECRET = "webhook-SECRET_never-logged"
URL_PATH = "telegram/updates"
BODY_MARK = "BODY-TEXT-never-logged"
LIMIT = 1_048_576  # the default WEBHOOK_MAX_BODY_BYTES


@dataclass
class Hook:
    api: FakeBotApi
    port: int
    caplog: pytest.LogCaptureFixture

    async def post(self, body: bytes, secret: str | None = SECRET, **extra: Any) -> Answer:
        headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        return await exchange(self.port, "POST", f"/{URL_PATH}", headers, [body], **extra)

    async def answers(self, chat_id: int, count: int = 1, timeout: float = 15.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while len(sent := self.sent(chat_id)) < count:
            assert time.monotonic() < deadline, f"no answer in chat {chat_id}; calls: {self.api.calls}"
            await asyncio.sleep(0.01)
        return sent

    def sent(self, chat_id: int) -> list[Call]:
        return [c for c in self.api.calls if c.method == "sendMessage" and str(c.params["chat_id"]) == str(chat_id)]

    def lines(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.caplog.records if r.name == "bot.webhook" and r.levelno == level]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def _settings(api: FakeBotApi, port: int) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=api.token,
        telegram_api_base_url=api.base_url,
        webhook_url=f"http://127.0.0.1:{port}/{URL_PATH}",
        webhook_secret=SECRET,
        webhook_port=port,
        feedback_enabled=False,
    )


@pytest.fixture
async def hook(api: FakeBotApi, corpus: Corpus, caplog: pytest.LogCaptureFixture) -> AsyncIterator[Hook]:
    port = free_port()
    settings = _settings(api, port)
    assert settings.webhook_max_body_bytes == LIMIT
    app = build_application(settings, lambda: FakeSearch(corpus), corpus=corpus)
    caplog.set_level(logging.INFO, logger="bot.webhook")
    async with serving(app, WebhookConfig.from_settings(settings, ALLOWED_UPDATES)):
        yield Hook(api, port, caplog)
    errors = [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors
    logged = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert SECRET not in logged and api.token not in logged and BODY_MARK not in logged


def _update(api: FakeBotApi, user: dict[str, Any], text: str = "3.12") -> bytes:
    return json.dumps(api.webhook_update(private(user), user, text)).encode()


async def test_the_webhook_is_registered_and_an_update_answered(hook: Hook) -> None:
    webhook = hook.api.webhook
    assert webhook["url"] == f"http://127.0.0.1:{hook.port}/{URL_PATH}" and webhook["secret_token"] == SECRET
    assert webhook["allowed_updates"] == ALLOWED_UPDATES
    answer = await hook.post(_update(hook.api, LI))
    assert answer.status == 200
    (reply,) = await hook.answers(LI["id"])
    assert "建议12" in reply.params["text"]


def _refused_cases(api: FakeBotApi) -> list[tuple[str, dict[str, str], list[bytes], int, str]]:
    """(what, headers, body parts, status, the reason logged). The body is ANN's real update
    wherever one is sent: had any got through, ANN would be answered."""
    update = _update(api, ANN)
    header = "X-Telegram-Bot-Api-Secret-Token"
    plain = {"Content-Type": "application/json"}
    signed = {**plain, header: SECRET}

    def sized(headers: dict[str, str], body: bytes) -> dict[str, str]:
        return {**headers, "Content-Length": str(len(body))}

    huge = {**signed, "Content-Length": str(5 * LIMIT)}
    not_update = b'{"update_id": 9, "message": 5}'
    return [
        ("no secret", sized(plain, update), [update], 403, "(no secret)"),
        ("an empty secret", sized({**plain, header: ""}, update), [update], 403, "(no secret)"),
        ("a wrong secret", sized({**plain, header: "nope"}, update), [update], 403, "(wrong secret)"),
        ("a wrong secret, 5 MB claimed", {**huge, header: SECRET + "x"}, [b"{"], 403, "(wrong secret)"),
        ("5 MB claimed, a few bytes sent", huge, [update[:20]], 413, "(too large)"),
        ("chunked past the limit", {**signed, "Transfer-Encoding": "chunked"},
         chunked([b"x" * 65536] * 16 + [b"y" * 1024], last=False), 413, "(too large)"),
        ("not JSON", sized(signed, BODY_MARK.encode()), [BODY_MARK.encode()], 400, "(malformed)"),
        ("a JSON array", sized(signed, b"[1, 2]"), [b"[1, 2]"], 400, "(malformed)"),
        ("no update_id", sized(signed, b'{"message": {}}'), [b'{"message": {}}'], 400, "(malformed)"),
        ("not an Update", sized(signed, not_update), [not_update], 400, "(malformed)"),
        ("an unreadable Content-Length", {**signed, "Content-Length": "12, 13"}, [b"{}"], 400, "(malformed)"),
    ]  # fmt: skip


async def test_refused_requests_get_their_status_at_once_and_one_warning_per_reason(hook: Hook) -> None:
    cases = _refused_cases(hook.api)
    for _ in range(3):  # three of each: still one line per reason
        for what, headers, body, status, _reason in cases:
            answer = await exchange(hook.port, "POST", f"/{URL_PATH}", headers, body, await_close=status == 413)
            assert answer.status == status, what
            # The server did not wait for the 5 MB it was promised, nor for the rest of the chunks.
            assert answer.seconds < 1.0, (what, answer.seconds)
            if status == 413:
                assert answer.closed, f"{what}: the connection stayed open, so the server would read on"
    # A good update afterwards still goes through, and nothing refused reached the bot.
    assert (await hook.post(_update(hook.api, LI))).status == 200
    await hook.answers(LI["id"])
    await asyncio.sleep(0.2)
    assert not hook.sent(ANN["id"])

    warnings = hook.lines()
    reasons = sorted({reason for *_, reason in cases})
    assert sorted(reason for line in warnings for reason in reasons if reason in line) == reasons, warnings
    assert len(warnings) == len(reasons), warnings
    assert any("does the reverse proxy pass it on?" in line for line in warnings)
    assert any("over WEBHOOK_MAX_BODY_BYTES=1048576" in line for line in warnings)


async def test_a_repeated_update_is_answered_once(hook: Hook) -> None:
    update = _update(hook.api, LI)
    assert [(await hook.post(update)).status for _ in range(3)] == [200, 200, 200]
    assert (await hook.post(_update(hook.api, HANS))).status == 200  # another chat, after the repeats
    await hook.answers(LI["id"])
    await hook.answers(HANS["id"])
    await asyncio.sleep(0.3)
    assert len(hook.sent(LI["id"])) == 1
    (line,) = hook.lines(logging.INFO)
    assert "came again and was not processed again" in line


async def test_health_says_up_without_the_secret(hook: Hook) -> None:
    answer = await exchange(hook.port, "GET", "/healthz")
    assert answer.status == 200 and json.loads(answer.body) == {"ok": True}
    assert answer.headers["content-type"].startswith("application/json") and SECRET.encode() not in answer.body


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("POST", "/healthz", 405), ("GET", f"/{URL_PATH}", 405), ("GET", "/", 404), ("POST", "/other", 404)],
)
async def test_other_methods_and_paths_are_turned_away(hook: Hook, method: str, path: str, status: int) -> None:
    headers = {"Content-Length": "0", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    answer = await exchange(hook.port, method, path, headers)
    assert answer.status == status and SECRET.encode() not in answer.body


async def test_health_is_503_until_the_application_runs(api: FakeBotApi, corpus: Corpus) -> None:
    port = free_port()
    settings = _settings(api, port)
    app = build_application(settings, lambda: FakeSearch(corpus), corpus=corpus)
    server = WebhookServer(app, WebhookConfig.from_settings(settings, ALLOWED_UPDATES))
    server.start()  # listening, but the application neither initialized nor started
    try:
        answer = await exchange(port, "GET", "/healthz")
    finally:
        await server.stop()
    assert answer.status == 503 and json.loads(answer.body)["ok"] is False
