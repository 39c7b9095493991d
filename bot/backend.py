"""The search service as the bot runs it: off the event loop, opened lazily, retried after a failure.

A failing store or model becomes `Unavailable` (the reply says "unavailable", never "nothing found").
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
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
    """Jobs run on the executors, one job per executor at a time, users taking turns: each user's
    jobs in order and never two of them at once, but a user with ten queued waits behind everyone
    else's next one, so a burst delays no one else by more than the searches already running."""

    def __init__(self, *executors: ThreadPoolExecutor) -> None:
        self._idle = list(executors)
        self._queues: OrderedDict[Hashable, deque[tuple[Callable[[], Any], asyncio.Future[Any]]]] = OrderedDict()
        self._running: set[Hashable] = set()  # users with a job on an executor now

    async def run(self, key: Hashable, work: Callable[[], T]) -> T:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queues.setdefault(key, deque()).append((work, future))
        self._next()
        return await future

    @property
    def waiting(self) -> int:
        return sum(len(q) for q in self._queues.values())

    def _next(self) -> None:
        while self._idle:
            key = next((k for k in self._queues if k not in self._running), _NONE)
            if key is _NONE:
                return
            queue = self._queues[key]
            work, future = queue.popleft()
            if queue:
                self._queues.move_to_end(key)  # this user's next job goes behind everyone else's
            else:
                del self._queues[key]
            if future.cancelled():  # the update was given up on: skip its search
                continue
            executor = self._idle.pop()
            self._running.add(key)
            running = asyncio.get_running_loop().run_in_executor(executor, work)
            running.add_done_callback(functools.partial(self._finished, future=future, key=key, executor=executor))

    def _finished(
        self, done: asyncio.Future[Any], *, future: asyncio.Future[Any], key: Hashable, executor: ThreadPoolExecutor
    ) -> None:
        self._idle.append(executor)
        self._running.discard(key)
        if not future.cancelled():
            if done.exception() is not None:
                future.set_exception(done.exception())  # type: ignore[arg-type]
            else:
                future.set_result(done.result())
        self._next()


_NONE = object()  # no user whose next job may start


class SearchRunner:
    def __init__(
        self,
        open_search: Opener,
        *,
        workers: int = 1,
        retry_after: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._open = open_search
        self._retry_after = retry_after
        self._retry_at = 0.0
        self._clock = clock
        # One thread per worker, each with a backend of its own that is opened, used and closed on
        # that thread only (the embedder runs one call at a time), so no backend needs a lock.
        self._executors = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"search-{n}") for n in range(max(1, workers))
        ]
        self._local = threading.local()
        self._queue = FairQueue(*self._executors)

    async def start(self) -> None:
        """Opens every worker's backend, one after another (so opening does not compete for the CPU)."""
        loop = asyncio.get_running_loop()
        for executor in self._executors:
            try:
                await loop.run_in_executor(executor, self._with_backend, lambda backend: None)
            except RetrievalError as error:
                log.error(
                    "search is unavailable at start-up (%s); questions get an 'unavailable' reply until it "
                    "opens (retried every %.0f s)",
                    error,
                    self._retry_after,
                )
                return

    async def reopen(self) -> float:
        """Every worker's backend closed and opened again (opening rebuilds an index that is missing
        or out of date); the seconds it took. Questions asked meanwhile wait their turn."""
        started = time.perf_counter()
        loop = asyncio.get_running_loop()

        def reopen_here() -> None:
            backend: SearchBackend | None = getattr(self._local, "backend", None)
            self._local.backend = None
            if backend is not None:
                backend.close()
            self._retry_at = 0.0
            self._with_backend(lambda backend: None)

        try:
            for executor in self._executors:
                await loop.run_in_executor(executor, reopen_here)
        except RetrievalError as error:
            log.error("reindex failed: %s", error)
            raise Unavailable from error
        return time.perf_counter() - started

    async def close(self) -> None:
        def close_backend() -> None:
            backend: SearchBackend | None = getattr(self._local, "backend", None)
            if backend is not None:
                backend.close()
                self._local.backend = None

        loop = asyncio.get_running_loop()
        for executor in self._executors:
            await loop.run_in_executor(executor, close_backend)
            executor.shutdown(wait=True, cancel_futures=True)

    def _with_backend(self, work: Callable[[SearchBackend], T]) -> T:
        """Runs on a worker thread. Opens its backend lazily; after a failure, waits before retrying."""
        backend: SearchBackend | None = getattr(self._local, "backend", None)
        if backend is None:
            if self._clock() < self._retry_at:
                raise RetrievalError("the search service failed to open a moment ago")
            try:
                backend = self._local.backend = self._open()
            except RetrievalError:
                self._retry_at = self._clock() + self._retry_after
                raise
        return work(backend)

    async def run(self, work: Callable[[SearchBackend], T], key: Hashable = None) -> T:
        """`work` on a search thread, in the fair queue under `key` (the user asking)."""
        try:
            return await self._queue.run(key, lambda: self._with_backend(work))
        except RetrievalError as error:
            log.warning("search unavailable: %s", error)
            raise Unavailable from error
