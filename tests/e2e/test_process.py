"""`python -m bot` as a user starts it: the terminal chat without a token, polling with one."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

from bot.app import ALLOWED_UPDATES
from tests.bot.verbatim import assert_verbatim
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.harness import LI, private, start_bot
from tests.e2e.telegram_html import parse, quotes

ROOT = Path(__file__).resolve().parents[2]


def test_the_terminal_chat_answers_without_a_token(index_dir: Path, tmp_path: Path, backend: object) -> None:
    process = start_bot(index_dir, tmp_path)
    out, err = process.communicate(
        "偷运移民的根源问题\nHow should smuggled migrants be protected?\n3.12\n", timeout=120
    )
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert out.count("偷运移民问题工作组第") >= 3  # the Chinese answer
    assert "Working Group on the Smuggling of Migrants, " in out  # the English answer
    assert "偷运移民问题工作组第三次会议（2015年11月，维也纳）建议12\n> 各国应在共同承诺的基础上" in out


def test_ctrl_c_leaves_the_terminal_chat_cleanly(index_dir: Path, tmp_path: Path) -> None:
    process = start_bot(index_dir, tmp_path, "--terminal")
    assert process.stdout is not None
    deadline = time.monotonic() + 120
    seen = ""
    while "Ctrl-C" not in seen and time.monotonic() < deadline:
        seen += process.stdout.readline()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0 and "Traceback" not in err and "KeyboardInterrupt" not in err


def test_polling_against_any_bot_api_server(index_dir: Path, tmp_path: Path, api: FakeBotApi) -> None:
    process = start_bot(
        index_dir,
        tmp_path,
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=api.base_url,
        LOG_LEVEL="DEBUG",
        LOG_MESSAGE_TEXT="true",
    )
    try:
        api.send(private(LI), LI, "3.12")
        deadline = time.monotonic() + 120
        while not any(c.method == "sendMessage" for c in api.calls) and process.poll() is None:
            assert time.monotonic() < deadline, "no answer from the bot process"
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGINT)  # what Ctrl-C does: PTB stops polling and shuts down
        out, err = process.communicate(timeout=60)
    reply = next(c for c in api.calls if c.method == "sendMessage")
    text, entities = parse(reply.params["text"])
    assert text.startswith("偷运移民问题工作组第三次会议（2015年11月，维也纳）建议12")
    from corpus.load import load_corpus

    assert assert_verbatim(quotes(text, entities), load_corpus()) == 1
    assert process.returncode == 0, err
    assert "Traceback" not in err and api.token not in out + err and "[redacted]" in err
    assert {c.method for c in api.calls} >= {"getMe", "setMyCommands", "sendMessage"}
    asked_for = json.loads(api.polled_for) if isinstance(api.polled_for, str) else api.polled_for
    assert asked_for == ALLOWED_UPDATES  # only what the handlers use


def test_a_rejected_token_is_a_clear_message_without_the_token(
    index_dir: Path, tmp_path: Path, api: FakeBotApi
) -> None:
    wrong = "654321:WRONG-token-do-not-print"
    process = start_bot(index_dir, tmp_path, TELEGRAM_BOT_TOKEN=wrong, TELEGRAM_API_BASE_URL=api.base_url)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "Telegram rejected TELEGRAM_BOT_TOKEN" in err and wrong not in out + err and "Traceback" not in err
