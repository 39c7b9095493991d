from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

from bot import explain
from bot.actions import Browse, More, Show, Similar
from bot.backend import SearchBackend
from bot.remembered import RememberedQuestions
from bot.replies import Note, Reply
from bot.service import BotService
from corpus.load import Corpus
from prompts import texts
from retrieval.errors import IndexMissing
from retrieval.results import NoSuchRecommendation, NumberSpan, SearchResult
from tests.bot.fake_search import FakeSearch


def _notes(reply: Reply | None) -> list[str]:
    assert reply is not None
    return [b.text for b in reply.blocks if isinstance(b, Note)]


async def test_searches_run_off_the_event_loop(service: BotService, search: FakeSearch) -> None:
    await service.ask("洗钱", "zh")
    await service.similar("3.12", "zh")
    assert search.threads and threading.get_ident() not in search.threads


async def test_more_pages_through_a_remembered_question(service: BotService) -> None:
    first = await service.ask("建议1", "zh")  # six meetings have a recommendation 1
    more = next(a for a in first.actions if isinstance(a, More))
    assert [q.mark for q in first.quotes] == [1, 2, 3]
    second = await service.press(more, "zh")
    assert second is not None and [q.mark for q in second.quotes] == [4, 5, 6]
    assert not any(isinstance(a, More) for a in second.actions)
    assert await service.press(More("0" * 12, 3), "zh") is None  # never asked: stale
    assert await service.press(More(more.token, 30), "zh") is None  # past the end


async def test_buttons_for_things_that_do_not_exist_are_stale(service: BotService) -> None:
    assert await service.press(Show("9.9"), "en") is None
    assert await service.press(Similar("3.99"), "en") is None
    assert await service.press(Browse(3, 40), "en") is None
    assert await service.press(Browse(6, 0), "en") is None and await service.press(Browse(12, 0), "en") is None
    shown = await service.press(Show("3.12"), "en")
    assert shown is not None and shown.quotes[0].unit.id == "3.12"


async def test_a_failing_store_is_unavailable_not_nothing_found(corpus: Corpus) -> None:
    service = BotService(corpus, lambda: FakeSearch(corpus, fail=True))
    await service.start()
    try:
        for reply in (await service.ask("洗钱", "en"), await service.similar("3.12", "en")):
            assert _notes(reply) == [texts("en")("unavailable")]
        inline = await service.inline("洗钱", "en")
        assert not inline.results and inline.button is not None
        assert inline.button.text == texts("en")("inline_unavailable")
    finally:
        await service.close()


async def test_a_button_from_before_a_restart_says_unavailable_while_search_is_down(
    corpus: Corpus, tmp_path: Path
) -> None:
    path = tmp_path / "asked.sqlite"
    before = BotService(corpus, lambda: FakeSearch(corpus), remembered=RememberedQuestions(path))
    await before.start()
    more = next(a for a in (await before.ask("移民 偷运 合作", "en")).actions if isinstance(a, More))
    await before.close()
    after = BotService(corpus, lambda: FakeSearch(corpus, fail=True), remembered=RememberedQuestions(path))
    await after.start()
    try:
        assert _notes(await after.press(more, "en")) == [texts("en")("unavailable")]  # not "no longer valid"
        assert await after.press(More("0" * 12, 3), "en") is None  # never asked: still stale
    finally:
        await after.close()


async def test_a_service_that_fails_to_open_is_retried_later(corpus: Corpus) -> None:
    now = [0.0]
    opened: list[FakeSearch] = []

    def open_search() -> SearchBackend:
        if now[0] < 60:
            raise IndexMissing("no index yet")
        opened.append(FakeSearch(corpus))
        return opened[-1]

    service = BotService(corpus, open_search, retry_after=30, clock=lambda: now[0])
    await service.start()  # logs, does not raise
    assert _notes(await service.ask("洗钱", "zh")) == [texts("zh")("unavailable")]
    now[0] = 61
    assert (await service.ask("洗钱", "zh")).quotes
    await service.close()
    assert len(opened) == 1 and opened[0].closed


async def test_rec_takes_references_only(service: BotService, search: FakeSearch) -> None:
    assert _notes(await service.rec("money laundering", "en")) == [texts("en")("rec_usage")]
    assert (await service.rec("3.12", "en")).quotes[0].unit.id == "3.12"
    missing = NoSuchRecommendation(3, 99, NumberSpan(1, 41))
    assert _notes(await service.rec("3.99", "en"))[0] == explain.unresolved(missing, "en")
    assert "41 items" in _notes(await service.rec("meeting 3", "en"))[0]
    assert "money laundering" not in search.queries  # never a topical search


async def test_inline_offers_citation_and_quote(service: BotService) -> None:
    answer = await service.inline("3.12", "zh")
    (article,) = answer.results
    assert article.title == "偷运移民问题工作组第三次会议（2015年11月，维也纳）建议12"
    message = article.input_message_content.message_text  # type: ignore[union-attr]
    assert message.startswith("<code>偷运移民问题工作组第三次会议") and "<blockquote>" in message
    empty = await service.inline("  ", "zh")
    assert not empty.results and empty.button is not None and empty.button.start_parameter == "help"


async def test_start_opens_a_shared_item(service: BotService) -> None:
    assert service.opening("rec-5_2d", "zh").quotes[0].unit.id == "5.2(d)"
    assert _notes(service.opening("rec-9_9", "en")) == [texts("en")("help", bot="wg_recs_bot")]
    assert "@wg_recs_bot" in _notes(service.opening(None, "en"))[0]


async def test_one_users_burst_does_not_hold_up_another(corpus: Corpus) -> None:
    class Slow(FakeSearch):
        def search(self, query: str, **kwargs: object) -> SearchResult:
            time.sleep(0.03)
            return super().search(query, **kwargs)  # type: ignore[arg-type]

    slow = Slow(corpus)
    service = BotService(corpus, lambda: slow)
    await service.start()
    finished: list[str] = []

    async def ask(question: str, who: int) -> None:
        await service.ask(question, "zh", who=who)
        finished.append(question)

    try:
        burst = [asyncio.create_task(ask(f"洗钱 {i}", 1)) for i in range(8)]
        await asyncio.sleep(0)  # the burst is queued first
        other = asyncio.create_task(ask("偷运移民 海上", 2))
        await asyncio.gather(*burst, other)
    finally:
        await service.close()
    assert finished.index("偷运移民 海上") <= 2  # behind the search already running and at most one more


async def test_references_are_answered_without_waiting_for_search(corpus: Corpus) -> None:
    release = threading.Event()

    class Stuck(FakeSearch):
        def search(self, query: str, **kwargs: object) -> SearchResult:
            release.wait(10)
            return super().search(query, **kwargs)  # type: ignore[arg-type]

    stuck = Stuck(corpus)
    service = BotService(corpus, lambda: stuck)
    await service.start()
    try:
        topical = asyncio.create_task(service.ask("洗钱", "zh", who=1))
        await asyncio.sleep(0.05)  # the search thread is now busy with it
        lookup = await asyncio.wait_for(service.ask("第三次会议第12条", "zh", who=2), timeout=2)
        assert [q.unit.id for q in lookup.quotes] == ["3.12"] and not topical.done()
        assert "第三次会议第12条" not in stuck.queries
    finally:
        release.set()
        await topical
        await service.close()
