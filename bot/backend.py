"""The search service as the bot runs it: off the event loop, opened lazily, retried after a failure.

A failing store or model becomes `Unavailable` (the reply says "unavailable", never "nothing found").
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, TypeVar

from retrieval.errors import RetrievalError
from retrieval.results import Hit, SearchResult

log = logging.getLogger(__name__)

T = TypeVar("T")


class SearchBackend(Protocol):
    """The shape of `retrieval.search.SearchService` that the bot uses (tests pass fakes of it)."""

    def search(self, query: str, *, meeting: int | None = None, theme: str | None = None,
               k: int = 10) -> SearchResult: ...

    def similar(self, unit_id: str, *, k: int = 5) -> list[Hit]: ...

    def close(self) -> None: ...


Opener = Callable[[], SearchBackend]


class Unavailable(Exception):
    """The search service cannot answer now (it failed to open, or the store does not answer)."""


class SearchRunner:
    def __init__(self, open_search: Opener, *, retry_after: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._open = open_search
        self._backend: SearchBackend | None = None
        self._retry_after = retry_after
        self._retry_at = 0.0
        self._clock = clock
        # One worker: the embedder runs one call at a time anyway, and the backend is opened,
        # used and closed on this thread only, so it needs no lock of its own.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search")

    async def start(self) -> None:
        try:
            await self.run(lambda backend: None)
        except Unavailable:
            log.error("search is unavailable at start-up; questions get an 'unavailable' reply until it "
                      "opens (retried every %.0f s)", self._retry_after)

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

    async def run(self, work: Callable[[SearchBackend], T]) -> T:
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, self._with_backend, work)
        except RetrievalError as error:
            log.warning("search unavailable: %s", error)
            raise Unavailable from error
