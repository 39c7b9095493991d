"""Scaled out on a Chroma server: one `chroma run` on 127.0.0.1, the index built once against it
with `python -m retrieval index`, then `python -m bot` processes that open it. Every process is
stopped by its PID at the end, whatever happened."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from corpus.load import Corpus, load_corpus
from corpus.units import layout_free
from prompts import texts
from tests.bot.verbatim import assert_verbatim
from tests.chroma_server import ChromaServer, free_port
from tests.e2e.fake_bot_api import Call, FakeBotApi
from tests.e2e.harness import ANN, LI, bot_env, private, start_bot
from tests.e2e.telegram_html import parse, quotes

pytestmark = pytest.mark.slow

SECRET = "scale-out_SECRET"
URL_PATH = "telegram/updates"
HEADING_3_12 = "偷运移民问题工作组第三次会议（2015年11月，维也纳）建议12"
TOPICAL = "商业承运人对偷运移民负有什么责任？"
UNAVAILABLE = texts("zh").messages["unavailable"]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """A `chroma run` holding the index, built once by `python -m retrieval index` pointed at it."""
    chroma = ChromaServer(tmp_path_factory.mktemp("chroma-shared"))
    try:
        chroma.start()
        cwd = tmp_path_factory.mktemp("indexer")
        built = subprocess.run(
            [sys.executable, "-m", "retrieval", "index"],
            cwd=cwd,
            env=bot_env(cwd / "unused", **chroma.env),
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert built.returncode == 0, built.stderr[-3000:]
        assert "1650 chunks" in built.stdout or "chunks" in built.stdout, built.stdout
        yield chroma
    finally:
        chroma.stop()


def _wait(what: str, done: Callable[[], bool], processes: list[subprocess.Popen[str]], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        for process in processes:
            assert process.poll() is None, f"a bot exited while awaiting {what}: {process.communicate()[1][-3000:]}"
        assert time.monotonic() < deadline, f"timed out awaiting {what}"
        time.sleep(0.05)


def _post(port: int, update: dict[str, Any]) -> int:
    """POSTs `update` as Telegram does, with the documented secret header; returns the HTTP status."""
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", f"/{URL_PATH}", body=json.dumps(update).encode(), headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _stop(processes: list[subprocess.Popen[str]]) -> list[str]:
    """SIGINT to each PID (what Ctrl-C does), SIGKILL after 30 s; returns their stderr."""
    errs = []
    for process in processes:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGINT)
    for process in processes:
        try:
            _, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            _, err = process.communicate(timeout=10)
        errs.append(err)
    return errs


def _replies(api: FakeBotApi, chat_id: int) -> list[Call]:
    return [c for c in api.calls if c.method == "sendMessage" and str(c.params.get("chat_id")) == str(chat_id)]


def _check_lookup(call: Call, corpus: Corpus) -> None:
    text, entities = parse(call.params["text"])
    assert text.startswith(HEADING_3_12), text[:200]
    (quote,) = quotes(text, entities)
    unit = corpus.get("3.12")
    assert unit is not None and layout_free(quote) == layout_free(unit.text)  # the whole item, word for word


def _check_topical(call: Call, corpus: Corpus) -> None:
    text, entities = parse(call.params["text"])
    found = quotes(text, entities)
    assert found and assert_verbatim(found, corpus) == len(found), text[:300]
    assert text.count("偷运移民问题工作组第") >= len(found)  # each quote under its meeting and number
    assert "4.11" in text or "第四次会议" in text, text[:300]  # the item on commercial carriers


def test_two_webhook_workers_answer_from_one_chroma_server(
    server: ChromaServer, corpus: Corpus, api: FakeBotApi, tmp_path: Path
) -> None:
    ports = [free_port(), free_port()]
    workers: list[subprocess.Popen[str]] = []
    try:
        for n, port in enumerate(ports):
            cwd = tmp_path / f"worker{n}"
            cwd.mkdir()
            workers.append(
                start_bot(
                    cwd / "data",
                    cwd,
                    TELEGRAM_BOT_TOKEN=api.token,
                    TELEGRAM_API_BASE_URL=api.base_url,
                    WEBHOOK_URL=f"http://127.0.0.1:{port}/{URL_PATH}",
                    WEBHOOK_SECRET=SECRET,
                    WEBHOOK_LISTEN="127.0.0.1",
                    WEBHOOK_PORT=str(port),
                    **server.env,
                )
            )
        users = [LI, {**ANN, "language_code": "zh-hans"}]
        for port, user in zip(ports, users, strict=True):
            # A refused POST is retried: the server listens a moment after setWebhook.
            _wait(f"the webhook on {port}", lambda p=port: _accepts(p), workers, timeout=300)
            assert _post(port, api.webhook_update(private(user), user, "3.12")) == 200
            assert _post(port, api.webhook_update(private(user), user, TOPICAL)) == 200
        for user in users:
            _wait(f"the answers to {user['id']}", lambda u=user: len(_replies(api, u["id"])) >= 2, workers, 120)
    finally:
        errs = _stop(workers)
    for user in users:
        lookup, topical = sorted(_replies(api, user["id"]), key=lambda c: HEADING_3_12 not in c.params["text"])
        _check_lookup(lookup, corpus)
        _check_topical(topical, corpus)
    assert not [(c.method, c.error) for c in api.calls if not c.ok]
    assert all(p.returncode == 0 for p in workers), errs
    for err in errs:
        assert " ERROR " not in err and "Traceback" not in err, err[-3000:]
        assert "rebuild" not in err.lower(), "a worker rebuilt the index the server already holds"


def _accepts(port: int) -> bool:
    """The webhook server listens (PTB starts it just after setWebhook)."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.connect()
        connection.close()
    except OSError:
        return False
    return True


def test_search_comes_back_after_the_chroma_server_restarts(
    server: ChromaServer, corpus: Corpus, api: FakeBotApi, tmp_path: Path
) -> None:
    """A bot started while the server is down says "unavailable", never "not found"; once the
    server is back on the same path and port, the next open (retried every 30 s) answers; and a
    server that goes away after that leaves the answers standing: the index was read at open."""
    server.stop()
    assert not server.answers()
    bot = start_bot(
        tmp_path / "data", tmp_path, TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url, **server.env
    )
    chat = private(LI)
    try:
        _wait("the bot's commands", lambda: bool(api.commands), [bot], timeout=300)
        api.send(chat, LI, TOPICAL)
        _wait("the first answer", lambda: len(_replies(api, LI["id"])) >= 1, [bot], timeout=60)
        assert parse(_replies(api, LI["id"])[0].params["text"])[0] == UNAVAILABLE

        server.start()  # the same path and port
        deadline = time.monotonic() + 90
        while True:
            asked = len(_replies(api, LI["id"]))
            api.send(chat, LI, TOPICAL)
            _wait("an answer", lambda n=asked: len(_replies(api, LI["id"])) > n, [bot], timeout=60)
            answer = _replies(api, LI["id"])[-1]
            if parse(answer.params["text"])[0] != UNAVAILABLE:
                break
            assert time.monotonic() < deadline, "search did not come back within 90 s of the server"
            time.sleep(3)
        _check_topical(answer, corpus)

        server.stop()  # gone again: what the bot read at open still answers
        asked = len(_replies(api, LI["id"]))
        api.send(chat, LI, "3.12")
        _wait("the lookup", lambda: len(_replies(api, LI["id"])) > asked, [bot], timeout=60)
        _check_lookup(_replies(api, LI["id"])[-1], corpus)
    finally:
        (err,) = _stop([bot])
        if not server.answers():
            server.start()  # for any test after this one
    assert bot.returncode == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    assert not [(c.method, c.error) for c in api.calls if not c.ok]
