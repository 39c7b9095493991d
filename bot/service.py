"""The bot's service: runs the (synchronous) search service off the event loop and composes replies.

Telegram handlers and the terminal both talk to this class only; it owns the search service's
lifecycle, turns a failing store or model into "unavailable" (never into "nothing found"), and
remembers recent questions so a "More" button can carry a short token instead of the question.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, TypeVar

from bot import replies
from bot.inline import MAX_RESULTS, InlineAnswer, hint, inline_answer
from bot.inputs import meeting_args
from bot.keyboards import Action, Browse, More, Show, Similar, ThemePage
from bot.links import unit_from_payload
from bot.replies import BROAD_K, PAGE, Reply, View
from corpus.load import Corpus
from corpus.records import load_records
from prompts import Lang
from retrieval.errors import RetrievalError
from retrieval.refs import parse_reference
from retrieval.results import Hit, SearchResult

log = logging.getLogger(__name__)

T = TypeVar("T")


class SearchBackend(Protocol):
    """The shape of `retrieval.search.SearchService` that the bot uses (tests pass fakes of it)."""

    def search(self, query: str, *, meeting: int | None = None, k: int = 10) -> SearchResult: ...

    def similar(self, unit_id: str, *, k: int = 5) -> list[Hit]: ...

    def close(self) -> None: ...


Opener = Callable[[], SearchBackend]


def _shown(result: SearchResult) -> int:
    """How many hits an answer pages through: a broad question's relevant ones (up to BROAD_K);
    otherwise a page and the next one."""
    if result.broad and result.answerable:
        return min(BROAD_K, result.relevant or BROAD_K)
    return PAGE + 1


class _Unavailable(Exception):
    pass


class BotService:
    def __init__(self, corpus: Corpus, open_search: Opener, *, username: str | None = None,
                 retry_after: float = 30.0, remember: int = 5000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.corpus = corpus
        self.records = load_records()
        self.username = username
        self._open = open_search
        self._backend: SearchBackend | None = None
        self._retry_after = retry_after
        self._retry_at = 0.0
        self._clock = clock
        # One worker: the embedder runs one call at a time anyway, and the backend is opened,
        # used and closed on this thread only, so it needs no lock of its own.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search")
        self._questions: OrderedDict[str, str] = OrderedDict()
        self._remember_at_most = remember

    # -- lifecycle ---------------------------------------------------------------------------------

    async def start(self) -> None:
        """Open the search service now, so the first question does not wait for the model."""
        try:
            await self._run(lambda backend: None)
        except _Unavailable:
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

    async def _run(self, work: Callable[[SearchBackend], T]) -> T:
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, self._with_backend, work)
        except RetrievalError as error:
            log.warning("search unavailable: %s", error)
            raise _Unavailable from error

    # -- questions ---------------------------------------------------------------------------------

    def view(self, lang: Lang, *, english: bool | None = None) -> View:
        return View(self.corpus, lang, self.username, self.records, english)

    def _remember(self, question: str) -> str:
        token = hashlib.blake2b(question.encode(), digest_size=6).hexdigest()
        self._questions[token] = question
        self._questions.move_to_end(token)
        while len(self._questions) > self._remember_at_most:
            self._questions.popitem(last=False)
        return token

    async def _search(self, question: str, k: int) -> SearchResult:
        return await self._run(lambda backend: backend.search(question, k=k))

    async def ask(self, question: str, lang: Lang, *, zh_note: bool = False, english: bool | None = None) -> Reply:
        try:
            result = await self._search(question, BROAD_K)
        except _Unavailable:
            return replies.unavailable(lang)
        result = dataclasses.replace(result, hits=result.hits[:_shown(result)])
        token = self._remember(question) if len(result.hits) > PAGE else None
        return replies.answer(result, self.view(lang, english=english), token=token, zh_note=zh_note)

    async def more(self, more: More, lang: Lang) -> Reply | None:
        """The next page of a remembered question. None: the question is no longer remembered."""
        question = self._questions.get(more.token)
        if question is None:
            return None
        try:
            result = await self._search(question, more.offset + PAGE + 1)
        except _Unavailable:
            return replies.unavailable(lang)
        if result.broad:  # every relevant item of a broad answer, and no further
            result = dataclasses.replace(result, hits=result.hits[:_shown(result)])
        if more.offset >= len(result.hits):
            return None
        return replies.answer(result, self.view(lang), offset=more.offset, token=more.token)

    async def rec(self, argument: str, lang: Lang, *, english: bool | None = None) -> Reply:
        """/rec (and /en, with the English rendering): a reference only; anything else gets the
        usage, never a topical search."""
        parsed, _ = parse_reference(argument)
        usage = "en_usage" if english else "rec_usage"
        if parsed is None or (parsed.number is None and parsed.meeting is None):
            return replies.notice(lang, usage)
        if parsed.number is None and parsed.meeting is not None:
            return self.meeting(parsed.meeting, 0, lang, clamp=True) or replies.notice(lang, usage)
        return await self.ask(argument, lang, english=english)

    def item(self, unit_id: str, lang: Lang) -> Reply | None:
        unit = self.corpus.get(unit_id)
        return replies.item(unit, self.view(lang)) if unit else None

    async def similar(self, unit_id: str, lang: Lang) -> Reply | None:
        unit = self.corpus.get(unit_id)
        if unit is None:
            return None
        try:
            hits = await self._run(lambda backend: backend.similar(unit_id, k=PAGE))
        except _Unavailable:
            return replies.unavailable(lang)
        return replies.similar(unit, hits, self.view(lang))

    def meeting(self, number: int, page: int, lang: Lang, *, clamp: bool = False) -> Reply | None:
        return replies.meeting_page(number, page, self.view(lang), clamp=clamp)

    def browse(self, args: Sequence[str], lang: Lang) -> Reply:
        """/meeting N [page]: that page (the last one if N has fewer), or the usage."""
        parsed = meeting_args(args)
        page = self.meeting(*parsed, lang, clamp=True) if parsed else None
        return page or replies.meeting_usage(self.view(lang))

    def themes(self, lang: Lang) -> Reply:
        return replies.themes_list(self.view(lang))

    async def press(self, action: Action, lang: Lang) -> Reply | None:
        """A button press. None: the button is stale or forged."""
        match action:
            case More():
                return await self.more(action, lang)
            case Similar(unit_id):
                return await self.similar(unit_id, lang)
            case Show(unit_id):
                return self.item(unit_id, lang)
            case Browse(meeting, page):
                # Buttons only ever browse meetings whose items exist; anything else was forged.
                known = self.corpus.meeting(meeting)
                return self.meeting(meeting, page, lang) if known and known.in_corpus else None
            case ThemePage(theme, page):
                return self.themes(lang) if theme is None else replies.theme_page(theme, page, self.view(lang))

    async def inline(self, query: str, lang: Lang) -> InlineAnswer:
        view = self.view(lang)
        if not query.strip():
            return hint(view, "inline_hint")
        try:
            result = await self._search(query, MAX_RESULTS)
        except _Unavailable:
            return hint(view, "inline_unavailable")
        return inline_answer(result, view)

    # -- fixed texts -------------------------------------------------------------------------------

    def help(self, lang: Lang) -> Reply:
        return replies.notice(lang, "help", bot=self.username or "bot")

    def about(self, lang: Lang) -> Reply:
        return replies.about(self.view(lang))

    def opening(self, payload: str | None, lang: Lang) -> Reply:
        """/start, possibly from a share link (`rec-3_12`): that item, else the help."""
        unit_id = unit_from_payload(payload) if payload else None
        return (self.item(unit_id, lang) if unit_id else None) or self.help(lang)
