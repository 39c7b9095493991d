"""The written summary in Telegram: the quotes go out at once, the summary is edited in above them."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from tests.e2e.conftest import assert_no_errors_logged
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.harness import ANN, LI, Harness, Shared, quotes_of, running, text_of
from tests.fake_llm import Behaviour, Completion, FakeLlm, Garbage, Hang, Status

QUESTION = "What did the group say about joint investigation teams?"
Answerer = Callable[[dict[str, Any]], Behaviour]


@pytest.fixture
def script() -> list[Answerer]:
    return []


@pytest.fixture
async def tg_llm(
    api: FakeBotApi, backend: Any, script: list[Answerer], caplog: pytest.LogCaptureFixture
) -> AsyncIterator[tuple[Harness, FakeLlm]]:
    llm = FakeLlm(lambda body: script.pop(0)(body) if script else Completion("NONE")).start()
    try:
        async with running(
            api,
            lambda: Shared(backend),
            backend.corpus,
            llm_base_url=llm.base_url,
            llm_model="fake-model",
            llm_timeout=1.0,
        ) as harness:
            yield harness, llm
        harness.check_everything_sent()
        assert_no_errors_logged(caplog)
    finally:
        llm.stop()


def _given(body: dict[str, Any]) -> list[str]:
    """The ids of the items the bot gave the model."""
    return re.findall(r"^\[([^\]]+)\] ", body["messages"][1]["content"], re.MULTILINE)


async def test_the_summary_is_edited_in_above_the_quotes(
    tg_llm: tuple[Harness, FakeLlm], script: list[Answerer]
) -> None:
    tg, llm = tg_llm
    script.append(
        lambda body: Completion(
            f"The group recommends joint investigation teams [{_given(body)[0]}]. It also cites [9.99]. "
            "And one sentence cites nothing.",
            delay=0.5,
        )
    )
    since = len(tg.api.calls)
    (answer,) = await tg.say(QUESTION, ANN)
    assert quotes_of(answer) and "Machine-written" not in text_of(answer)
    [edited] = await tg.sent(since, 1, methods=("editMessageText",))
    assert answer.at < llm.requests[0].at + 0.5  # the quotes went out before the model answered
    assert edited.params["message_id"] == answer.result["message_id"] and edited.at >= answer.at
    text = text_of(edited)
    given = _given(llm.requests[0].body)
    assert text.startswith(
        "Machine-written summary, not the UN's text (check it against the quotes):\n"
        f"The group recommends joint investigation teams [{given[0]}].\n\n"
    )
    assert "9.99" not in text and "cites nothing" not in text
    assert quotes_of(edited) == quotes_of(answer)  # the verbatim quotes, unchanged, below it


@pytest.mark.parametrize(
    "behaviour",
    [Status(429), Status(502), Garbage(b"not json"), Hang(2.0), Completion("Nothing cited here."), Completion("")],
)
async def test_when_the_model_fails_the_answer_stays_quotes_only(
    tg_llm: tuple[Harness, FakeLlm], script: list[Answerer], behaviour: Behaviour
) -> None:
    tg, llm = tg_llm
    script.append(lambda body: behaviour)
    since = len(tg.api.calls)
    (answer,) = await tg.say("海上救了偷渡的人会不会被追究责任", LI)
    assert quotes_of(answer)
    await tg.wait(lambda calls: len(llm.requests) == 1, since)
    await asyncio.sleep(1.5)  # past the model's timeout: whatever was coming has come
    made = [c.method for c in tg.api.calls[since:]]
    assert "editMessageText" not in made and made.count("sendMessage") == 1  # no edit, no error message


async def test_lookups_and_not_found_ask_no_model(tg_llm: tuple[Harness, FakeLlm]) -> None:
    tg, llm = tg_llm
    await tg.say("3.12", ANN)
    await tg.say("Did the group recommend the death penalty for smugglers?", ANN)
    await asyncio.sleep(0.3)
    assert llm.requests == []
