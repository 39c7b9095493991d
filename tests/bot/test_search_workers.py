"""SEARCH_WORKERS: several search threads, each with a backend of its own, users still taking turns."""

from __future__ import annotations

import asyncio
import threading
import time

from bot.backend import SearchBackend, SearchRunner
from bot.service import BotService
from corpus.load import Corpus
from retrieval.results import SearchResult
from tests.bot.fake_search import FakeSearch


class Tracked(FakeSearch):
    """A slow backend that records the thread it was opened, used and closed on."""

    def __init__(self, corpus: Corpus, delay: float = 0.05, meet: threading.Barrier | None = None) -> None:
        super().__init__(corpus)
        self.opened_on = threading.get_ident()
        self.used_on: set[int] = set()
        self.closed_on: int | None = None
        self._delay = delay
        self._meet = meet

    def search(self, query: str, **kwargs: object) -> SearchResult:
        self.used_on.add(threading.get_ident())
        if self._meet is not None:
            self._meet.wait()  # broken (an error) unless another search is running at the same time
        time.sleep(self._delay)
        return super().search(query, **kwargs)  # type: ignore[arg-type]

    def close(self) -> None:
        self.closed_on = threading.get_ident()
        super().close()


async def test_two_workers_search_side_by_side_each_on_its_own_backend(corpus: Corpus) -> None:
    opened: list[Tracked] = []
    meet = threading.Barrier(2, timeout=10)

    def open_search() -> SearchBackend:
        opened.append(Tracked(corpus, delay=0, meet=meet))
        return opened[-1]

    runner = SearchRunner(open_search, workers=2)
    await runner.start()
    assert len(opened) == 2, "start-up opens every worker's backend"
    try:
        await asyncio.gather(*(runner.run(lambda b, q=f"洗钱 {u}": b.search(q), key=u) for u in (1, 2)))
    finally:
        await runner.close()
    for backend in opened:
        assert backend.used_on == {backend.opened_on} and backend.closed_on == backend.opened_on
    assert opened[0].opened_on != opened[1].opened_on


async def test_one_users_questions_never_run_at_once_or_out_of_order(corpus: Corpus) -> None:
    runner = SearchRunner(lambda: Tracked(corpus, delay=0.02), workers=3)
    await runner.start()
    running = 0
    most = 0
    order: list[int] = []

    def work(backend: SearchBackend, n: int) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        backend.search("洗钱")
        order.append(n)
        running -= 1

    try:
        await asyncio.gather(*(runner.run(lambda b, n=n: work(b, n), key=7) for n in range(6)))
    finally:
        await runner.close()
    assert most == 1 and order == list(range(6))


async def test_a_burst_on_two_workers_does_not_hold_up_another_user(corpus: Corpus) -> None:
    runner = SearchRunner(lambda: Tracked(corpus, delay=0.03), workers=2)
    await runner.start()
    finished: list[str] = []

    async def ask(question: str, who: int) -> None:
        await runner.run(lambda b: b.search(question), key=who)
        finished.append(question)

    try:
        burst = [asyncio.create_task(ask(f"洗钱 {i}", 1)) for i in range(8)]
        await asyncio.sleep(0)  # the burst is queued first
        other = asyncio.create_task(ask("3.12", 2))
        await asyncio.gather(*burst, other)
    finally:
        await runner.close()
    assert finished.index("3.12") <= 1  # the burst's user has one search running, the other worker is free


async def test_the_bot_service_passes_search_workers_on(corpus: Corpus) -> None:
    meet = threading.Barrier(2, timeout=10)
    service = BotService(corpus, lambda: Tracked(corpus, delay=0, meet=meet), search_workers=2)
    await service.start()
    try:
        replies = await asyncio.gather(service.ask("洗钱", "zh", who=1), service.ask("腐败", "zh", who=2))
    finally:
        await service.close()
    assert all(reply.quotes for reply in replies)
