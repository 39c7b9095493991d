"""`python -m bot` in webhook mode, on loopback: it registers its URL and secret with the Bot API,
answers an update POSTed to that URL, and turns away POSTs without the secret."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.app import ALLOWED_UPDATES
from corpus.load import load_corpus
from corpus.units import layout_free
from tests.bot.verbatim import assert_verbatim
from tests.e2e.fake_bot_api import Call, FakeBotApi
from tests.e2e.harness import ANN, LI, private, start_bot
from tests.e2e.telegram_html import parse, quotes

SECRET = "webhook-SECRET_never-logged"
URL_PATH = "telegram/updates"


def _free_port() -> int:
    # Bound and released at once: the bot then binds it (a race only with another process
    # taking the same port in those milliseconds).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait(what: str, done: Callable[[], bool], process: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert process.poll() is None, f"the bot exited while awaiting {what}"
        assert time.monotonic() < deadline, f"timed out awaiting {what}"
        time.sleep(0.02)


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return False
    return True


def _post(port: int, update: dict[str, Any], secret: str | None) -> int:
    """POSTs `update` as Telegram does; returns the HTTP status. http.client: no proxy settings apply."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", f"/{URL_PATH}", body=json.dumps(update).encode(), headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    process.send_signal(signal.SIGINT)  # what Ctrl-C does: PTB stops the webhook server and shuts down
    try:
        return process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate(timeout=10)
        raise AssertionError(f"the bot did not stop on SIGINT; its stderr:\n{err[-3000:]}") from None


def _sent(api: FakeBotApi) -> list[Call]:
    return [c for c in api.calls if c.method == "sendMessage"]


def test_webhook_mode_answers_updates_posted_with_the_secret(index_dir: Path, tmp_path: Path, api: FakeBotApi) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{URL_PATH}"
    process = start_bot(
        index_dir,
        tmp_path,
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=api.base_url,
        WEBHOOK_URL=url,
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        LOG_LEVEL="DEBUG",
        LOG_MESSAGE_TEXT="true",
    )
    try:
        _wait("setWebhook", lambda: bool(api.webhook), process, timeout=60)
        assert api.webhook["url"] == url and api.webhook["secret_token"] == SECRET
        assert api.webhook["allowed_updates"] == ALLOWED_UPDATES
        # PTB calls setWebhook just before its server starts listening.
        _wait("the webhook server", lambda: _listening(port), process, timeout=10)

        # Wrong and missing secrets first, from another chat: updates are handled in order, so had
        # either got through, its answer would come before the one awaited below.
        intruder = api.webhook_update(private(ANN), ANN, "3.12")
        assert _post(port, intruder, "not-the-secret") == 403
        assert _post(port, intruder, None) == 403

        assert _post(port, api.webhook_update(private(LI), LI, "3.12"), SECRET) == 200
        _wait("the answer", lambda: bool(_sent(api)), process, timeout=15)
    finally:
        out, err = _stop(process)

    (reply,) = _sent(api)
    assert str(reply.params["chat_id"]) == str(LI["id"])
    text, entities = parse(reply.params["text"])
    assert text.startswith("偷运移民问题工作组第三次会议（2015年11月，维也纳）建议12")
    corpus = load_corpus()
    (quote,) = quotes(text, entities)
    unit = corpus.get("3.12")
    assert unit is not None and layout_free(quote) == layout_free(unit.text)  # the whole item, word for word
    assert assert_verbatim([quote], corpus) == 1
    refused = [(c.method, c.error) for c in api.calls if not c.ok]
    assert not refused, f"the fake Bot API refused: {refused}"

    assert process.returncode == 0, err
    # At DEBUG, PTB logs each refused POST with its traceback; any other would be a real failure.
    assert err.count("Traceback") == err.count("tornado.web.HTTPError: HTTP 403: ") == 2, err
    assert " ERROR " not in err and " CRITICAL " not in err, err
    assert api.token not in out + err and SECRET not in out + err and "[redacted]" in err
