"""Access control, flood limits, double taps, blocked chats and the per-update log, through the real
PTB stack and the fake Bot API (which can model Telegram's 429s and a user blocking the bot)."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator

import pytest

from corpus.load import Corpus, load_corpus
from tests.bot.fake_search import FakeSearch
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.harness import ANN, GROUP, HANS, LI, button, private, running, text_of


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture
def flood_api() -> Iterator[FakeBotApi]:
    # Stricter than the bot's own pace (bursts of three): the bot's first burst is bound to meet
    # 429s however fast or slow the machine, so the waiting-out is what gets tested.
    api = FakeBotApi(flood=True, private_burst=1.0).start()
    yield api
    api.stop()


async def test_strangers_get_one_refusal_a_day_and_no_search(api: FakeBotApi, corpus: Corpus) -> None:
    search = FakeSearch(corpus)
    async with running(
        api, lambda: search, corpus, allowed_user_ids=frozenset({ANN["id"]}), leave_unallowed_groups=True
    ) as tg:
        (refusal,) = await tg.say("洗钱", LI)
        assert text_of(refusal).startswith("抱歉，此机器人仅供成员使用")
        since = len(api.calls)
        api.send(private(LI), LI, "偷运移民")  # the second today: nothing
        api.inline("洗钱", LI)
        (inline,) = await tg.sent(since, methods=("answerInlineQuery",))
        assert inline.params["results"] == []
        api.send(GROUP, LI, "/ask 3.12")
        await tg.sent(since, methods=("leaveChat",))
        (allowed,) = await tg.say("洗钱", ANN)
        assert "recommendation" in text_of(allowed)
        made = [c.method for c in api.calls[since:]]
        assert made.count("sendMessage") == 1  # ANN's answer only
        assert search.queries == ["洗钱"]  # no search ran for anyone refused


async def test_a_burst_is_paced_through_429s_and_nothing_is_lost(flood_api: FakeBotApi, corpus: Corpus) -> None:
    api = flood_api
    async with running(api, lambda: FakeSearch(corpus), corpus) as tg:
        since = len(api.calls)
        questions = [f"{m}.{n}" for m in (1, 3) for n in range(1, 5)]
        for question in questions:
            api.send(private(LI), LI, question)
        sent = await tg.wait(
            lambda calls: sum(c.ok and c.method == "sendMessage" for c in calls) >= 8, since, timeout=40
        )
        answered = [c for c in sent if c.ok and c.method == "sendMessage"]
        assert len(answered) == len(questions)  # every answer went out, none twice
        assert len({text_of(c) for c in answered}) == len(questions)  # each item once: none lost, none twice
        assert api.refused_429 > 0  # Telegram's limit was hit, and waited out


async def test_over_the_question_limit_the_user_is_told_when_to_come_back(api: FakeBotApi, corpus: Corpus) -> None:
    async with running(api, lambda: FakeSearch(corpus), corpus, questions_per_minute=2) as tg:
        await tg.say("洗钱", HANS)
        await tg.say("偷运移民", HANS)
        (slow,) = await tg.say("海上", HANS)
        assert re.fullmatch(r"That is a lot of questions at once\. Please try again in \d+ s\.", text_of(slow))
        (other,) = await tg.say("海上", ANN)  # someone else is not held back
        assert "try again" not in text_of(other)
        # The rest of the flood gets nothing: each reply would count against Telegram's limits too.
        since = len(api.calls)
        for _ in range(5):
            api.send(private(HANS), HANS, "海上")
        await tg.say("洗钱", ANN)
        await asyncio.sleep(0.3)
        assert not [c for c in api.calls[since:] if str(c.params.get("chat_id")) == str(HANS["id"])]


async def test_a_double_tap_sends_one_message(api: FakeBotApi, corpus: Corpus) -> None:
    async with running(api, lambda: FakeSearch(corpus), corpus) as tg:
        (answer,) = await tg.say("3.12", ANN)
        data = button(answer, "Meeting 3 ▸")["callback_data"]
        since = len(api.calls)
        message = api.message(answer.result["chat"]["id"], answer.result["message_id"])
        public = {k: v for k, v in message.items() if k != "html"}
        for _ in range(5):
            api.press(public, data, ANN)
        await tg.wait(lambda calls: sum(c.method == "answerCallbackQuery" for c in calls) == 5, since)
        await asyncio.sleep(0.3)
        assert [c.method for c in api.calls[since:]].count("sendMessage") == 1


async def test_a_chat_that_blocked_the_bot_is_an_info_line_and_no_retry(
    api: FakeBotApi, corpus: Corpus, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with running(api, lambda: FakeSearch(corpus), corpus) as tg:
        api.block(LI["id"])
        since = len(api.calls)
        api.send(private(LI), LI, "洗钱")
        api.send(private(LI), LI, "3.12")
        await tg.wait(lambda calls: sum(c.method == "sendMessage" for c in calls) >= 2, since)
        await asyncio.sleep(0.3)
        assert [c.method for c in api.calls[since:]].count("sendMessage") == 2  # one try each, no "Sorry"
    blocked = [r for r in caplog.records if "blocked or removed the bot" in r.getMessage()]
    assert len(blocked) == 1 and blocked[0].levelno == logging.INFO
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_deleted_group_question_still_gets_its_answer(api: FakeBotApi, corpus: Corpus) -> None:
    async with running(api, lambda: FakeSearch(corpus), corpus) as tg:
        since = len(api.calls)
        question = api.send(GROUP, LI, "/ask 3.12")
        api.delete(GROUP["id"], question["message_id"])
        (answer,) = await tg.sent(since, chat_id=GROUP["id"])
        assert answer.ok and "建议12" in text_of(answer)


async def test_half_an_emoji_is_cleaned_not_an_outage(api: FakeBotApi, corpus: Corpus) -> None:
    async with running(api, lambda: FakeSearch(corpus), corpus) as tg:
        (answer,) = await tg.say("洗钱\ud83d 偷运移民", LI)
        assert "不可用" not in text_of(answer) and answer.ok


async def test_one_info_line_per_update_without_text_or_names(
    api: FakeBotApi, corpus: Corpus, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.updates")
    async with running(api, lambda: FakeSearch(corpus), corpus) as tg:
        await tg.say("偷运移民 洗钱 没收", LI)
        await tg.say("3.12", ANN)
        await tg.say("/meeting 3", ANN)
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.updates"]
    assert len(lines) == 3
    assert re.fullmatch(
        r"update \d+ message chat=private outcome=(answered|not_found) \d+ ms ids=\S+ user=[0-9a-f]{8}", lines[0]
    )
    assert " outcome=lookup " in lines[1] and "ids=3.12 " in lines[1]
    assert "command:meeting" in lines[2] and "outcome=list" in lines[2]
    everything = "\n".join(lines)
    for private_thing in ("偷运", "Li", "Ann", str(LI["id"]), str(ANN["id"])):
        assert private_thing not in everything


async def test_admins_get_stats_and_others_do_not(api: FakeBotApi, corpus: Corpus) -> None:
    async with running(api, lambda: FakeSearch(corpus), corpus, admin_user_ids=frozenset({ANN["id"]})) as tg:
        await tg.say("3.12", LI)
        await tg.say("偷运移民 洗钱", LI)
        (refused,) = await tg.say("/stats", LI)
        assert text_of(refused).startswith("未知命令")
        (stats,) = await tg.say("/stats", ANN)
    text = text_of(stats)
    assert text.startswith("Since this process started (in memory, no message text kept):")
    assert re.search(r"updates [34] · questions 1 · latency p50 \d+ ms, p95 \d+ ms", text)
    assert "top lookups: 3.12 (1)" in text and "偷运" not in text


async def test_admins_reopen_the_search_with_reindex(api: FakeBotApi, corpus: Corpus) -> None:
    opened: list[FakeSearch] = []

    def open_search() -> FakeSearch:
        opened.append(FakeSearch(corpus))
        return opened[-1]

    async with running(api, open_search, corpus, admin_user_ids=frozenset({ANN["id"]})) as tg:
        workers = len(opened)  # one search service per search worker
        (refused,) = await tg.say("/reindex", LI)
        assert text_of(refused).startswith("未知命令") and workers >= 1 and len(opened) == workers
        working, done = await tg.say("/reindex", ANN, replies=2)
        assert text_of(working).startswith("Reopening") and re.fullmatch(
            r"Search reopened in \d+\.\d s; the index is current\.", text_of(done)
        )
        # The old ones closed, as many new ones opened.
        assert len(opened) == 2 * workers and all(old.closed for old in opened[:workers])
        await tg.say("洗钱", ANN)
    assert [q for new in opened[workers:] for q in new.queries] == ["洗钱"]
