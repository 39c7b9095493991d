"""The search service as the bot runs it: off the event loop, opened lazily, retried after a failure.

A failing store or model becomes `Unavailable` (the reply says "unavailable", never "nothing found").
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from retrieval.errors import RetrievalError
from retrieval.results import Hit, SearchResult

log = logging.getLogger(__name__)

T = TypeVar("T")


class SearchBackend(Protocol):
    """The shape of `retrieval.search.SearchService` that the bot uses (tests pass fakes of it)."""

    def search(
        self, query: str, *, meeting: int | None = None, theme: str | None = None, k: int = 10
    ) -> SearchResult: ...

    def similar(self, unit_id: str, *, k: int = 5) -> list[Hit]: ...

    def close(self) -> None: ...


Opener = Callable[[], SearchBackend]


class Unavailable(Exception):
    """The search service cannot answer now (it failed to open, or the store does not answer)."""


class FairQueue:
    """Jobs run on the executor one at a time, users taking turns: each user's jobs in order, but a
    user with ten queued waits behind everyone else's next one, so a burst delays no one else by
    more than the search already running."""

    def __init__(self, executor: ThreadPoolExecutor) -> None:
        self._executor = executor
        self._queues: OrderedDict[Hashable, deque[tuple[Callable[[], Any], asyncio.Future[Any]]]] = OrderedDict()
        self._busy = False

    async def run(self, key: Hashable, work: Callable[[], T]) -> T:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queues.setdefault(key, deque()).append((work, future))
        self._next()
        return await future

    @property
    def waiting(self) -> int:
        return sum(len(q) for q in self._queues.values())

    def _next(self) -> None:
        while not self._busy and self._queues:
            key, queue = next(iter(self._queues.items()))
            work, future = queue.popleft()
            if queue:
                self._queues.move_to_end(key)  # this user's next job goes behind everyone else's
            else:
                del self._queues[key]
            if future.cancelled():  # the update was given up on: skip its search
                continue
            self._busy = True
            running = asyncio.get_running_loop().run_in_executor(self._executor, work)
            running.add_done_callback(functools.partial(self._finished, future=future))

    def _finished(self, done: asyncio.Future[Any], *, future: asyncio.Future[Any]) -> None:
        self._busy = False
        if not future.cancelled():
            if done.exception() is not None:
                future.set_exception(done.exception())  # type: ignore[arg-type]
            else:
                future.set_result(done.result())
        self._next()


class SearchRunner:
    def __init__(
        self, open_search: Opener, *, retry_after: float = 30.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._open = open_search
        self._backend: SearchBackend | None = None
        self._retry_after = retry_after
        self._retry_at = 0.0
        self._clock = clock
        # One worker: the embedder runs one call at a time anyway, and the backend is opened,
        # used and closed on this thread only, so it needs no lock of its own.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search")
        self._queue = FairQueue(self._executor)

    async def start(self) -> None:
        try:
            await self.run(lambda backend: None)
        except Unavailable:
            log.error(
                "search is unavailable at start-up; questions get an 'unavailable' reply until it "
                "opens (retried every %.0f s)",
                self._retry_after,
            )

    async def close(self) -> None:
        def close_backend() -> None:
            if self._backend is not None:
                self._backend.close()
                self._backend = None

        await asyncio.get_running_loop().run_in_executor(self._executor, close_backend)
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _with_backend(self, work: Callable[[SearchBackend], T]) -> T:
        """Runs on the worker thread. Opens the backend lazily; after a failure, waits before retrying."""
        if self._backend is None:
            if self._clock() < self._retry_at:
                raise RetrievalError("the search service failed to open a moment ago")
            try:
                self._backend = self._open()
            except RetrievalError:
                self._retry_at = self._clock() + self._retry_after
                raise
        return work(self._backend)

    async def run(self, work: Callable[[SearchBackend], T], key: Hashable = None) -> T:
        """`work` on the search thread, in the fair queue under `key` (the user asking)."""
        try:
            return await self._queue.run(key, lambda: self._with_backend(work))
        except RetrievalError as error:
            log.warning("search unavailable: %s", error)
            raise Unavailable from error
