"""`python -m bot` in webhook mode, on loopback: it registers its URL and secret with the Bot API,
answers an update POSTed to that URL, turns away POSTs without the secret, and stops on SIGTERM."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.app import ALLOWED_UPDATES
from corpus.load import load_corpus
from corpus.units import layout_free
from tests.bot.verbatim import assert_verbatim
from tests.e2e.fake_bot_api import Call, FakeBotApi
from tests.e2e.harness import ANN, LI, bot_env, private, start_bot
from tests.e2e.telegram_html import parse, quotes

SECRET = "webhook-SECRET_never-logged"
URL_PATH = "telegram/updates"
ROOT = Path(__file__).resolve().parents[2]


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
    process.send_signal(signal.SIGINT)  # what Ctrl-C does: the webhook server stops and the bot shuts down
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
        # setWebhook comes just before the server starts listening.
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
    # Each refusal is one WARNING line with its reason (a line a minute per reason), no traceback.
    assert "Traceback" not in err and " ERROR " not in err and " CRITICAL " not in err, err
    assert err.count("WARNING bot.webhook: webhook: refused a request with 403 (wrong secret)") == 1, err
    assert err.count("WARNING bot.webhook: webhook: refused a request with 403 (no secret)") == 1, err
    assert api.token not in out + err and SECRET not in out + err and "[redacted]" in err


# `run()` as `python -m bot` calls it, with the fake search: no index needed, so this one is fast.
_RUN_WITH_FAKE_SEARCH = """
from bot.app import run
from bot.logs import setup_logging
from bot.settings import Settings
from corpus.load import load_corpus
from tests.bot.fake_search import FakeSearch

settings = Settings(_env_file=None)
setup_logging(settings.log_level, settings.secrets)
corpus = load_corpus()
run(settings, lambda: FakeSearch(corpus))
"""


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_sigterm_stops_the_webhook_after_the_update_taken(tmp_path: Path, api: FakeBotApi) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{URL_PATH}"
    env = {
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "WEBHOOK_URL": url,
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_PORT": str(port),
        "FEEDBACK_ENABLED": "false",
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", _RUN_WITH_FAKE_SEARCH],
        cwd=tmp_path,
        env=bot_env(tmp_path, **env),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait("setWebhook", lambda: bool(api.webhook), process, timeout=60)
        assert api.webhook["url"] == url and api.webhook["secret_token"] == SECRET
        _wait("the webhook server", lambda: _listening(port), process, timeout=10)
        _wait("healthy", lambda: _get(port, "/healthz")[0] == 200, process, timeout=10)
        assert _get(port, "/healthz") == (200, b'{"ok": true}')
        assert _post(port, api.webhook_update(private(LI), LI, "3.12"), SECRET) == 200
        # SIGTERM at once: the update already taken is still answered before the process ends.
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert len(_sent(api)) == 1, err
    assert "Traceback" not in err and " ERROR " not in err, err
    assert api.token not in out + err and SECRET not in out + err
