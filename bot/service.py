"""The bot's service: asks the search service (through `bot.backend`) and composes replies.

Telegram handlers and the terminal both talk to this class only. Recent answers are kept by token
(`bot.recent`) for their buttons.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from bot import followups, lists, replies
from bot.actions import (
    Action,
    AnswerList,
    Browse,
    Export,
    ListSource,
    MeetingList,
    More,
    Narrow,
    Show,
    Similar,
    ThemeList,
    ThemePage,
    Verdict,
    WrongItem,
)
from bot.backend import Opener, SearchBackend, SearchRunner, Unavailable
from bot.feedback import Feedback, FeedbackStore, Tally
from bot.followups import Files, Toast
from bot.inline import MAX_RESULTS, InlineAnswer, hint, inline_answer
from bot.inputs import meeting_args
from bot.links import unit_from_payload
from bot.recent import Asked, RecentAnswers
from bot.remembered import RememberedQuestions
from bot.replies import BROAD_K, PAGE, Reply, Summary, View, hits_shown
from bot.summaries import Summarizer, wants_summary
from corpus.load import Corpus
from corpus.records import load_records
from prompts import Lang, texts
from retrieval.prepare import QueryPreparer
from retrieval.refs import parse_reference
from retrieval.results import SearchResult

log = logging.getLogger(__name__)

T = TypeVar("T")


class BotService:
    def __init__(
        self,
        corpus: Corpus,
        open_search: Opener,
        *,
        username: str | None = None,
        retry_after: float = 30.0,
        search_workers: int = 1,
        remember: int = 5000,
        feedback: FeedbackStore | None = None,
        admins: frozenset[int] = frozenset(),
        summarizer: Summarizer | None = None,
        remembered: RememberedQuestions | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.corpus = corpus
        self.records = load_records()
        self.username = username
        self.feedback = feedback
        self.admins = admins
        self.summarizer = summarizer
        self._searches = SearchRunner(open_search, workers=search_workers, retry_after=retry_after, clock=clock)
        self._preparer = QueryPreparer(corpus)
        self._recent = RecentAnswers(
            self.records,
            lambda question, theme, who: self._search(question, BROAD_K, theme, who),
            remembered=remembered,
            at_most=remember,
        )

    # -- lifecycle ---------------------------------------------------------------------------------

    async def start(self) -> None:
        """Open the search service now, so the first question does not wait for the model."""
        await self._searches.start()

    async def close(self) -> None:
        await self._searches.close()
        if self.summarizer is not None:
            await self.summarizer.close()
        if self.feedback is not None:
            self.feedback.close()
        self._recent.close()

    async def _run(self, work: Callable[[SearchBackend], T], who: int | None = None) -> T:
        """On the search thread; `who` (the user) takes turns with everyone else asking."""
        return await self._searches.run(work, key=who)

    # -- questions ---------------------------------------------------------------------------------

    def view(self, lang: Lang, *, english: bool | None = None) -> View:
        return View(self.corpus, lang, self.username, self.records, english, self.feedback is not None)

    async def _search(self, question: str, k: int, theme: int | None = None, who: int | None = None) -> SearchResult:
        if theme is None:
            ready = self._preparer.prepare(question)
            if isinstance(ready, SearchResult):  # a reference (3.12) or no question: no need to queue
                return ready
        key = self._recent.theme_key(theme)
        return await self._run(lambda backend: backend.search(question, theme=key, k=k), who)

    async def ask(
        self,
        question: str,
        lang: Lang,
        *,
        zh_note: bool = False,
        english: bool | None = None,
        theme: int | None = None,
        who: int | None = None,
    ) -> Reply:
        try:
            result = await self._search(question, BROAD_K, theme, who)
        except Unavailable:
            return replies.unavailable(lang)
        answered = result.hits and not result.problem
        token = self._recent.remember(Asked(question, theme, result), keep=True) if answered else None
        header = followups.narrowed_header(theme, self.view(lang)) if theme is not None else None
        shown = dataclasses.replace(result, hits=result.hits[: hits_shown(result)])
        reply = replies.answer(shown, self.view(lang, english=english), token=token, zh_note=zh_note, header=header)
        if self.summarizer is not None and token is not None and wants_summary(result):
            reply = dataclasses.replace(reply, summary_of=token)
        return reply

    async def summary(self, reply: Reply) -> Reply | None:
        """The answer with its written summary above the quotes; None when there is none to show."""
        token = reply.summary_of
        if token is None or self.summarizer is None:
            return None
        try:
            asked = await self._recent.recall(token)
        except Unavailable:
            return None
        if asked is None:
            return None
        result = asked.result
        units = [hit.unit for hit in result.hits[: hits_shown(result) if result.broad else PAGE]]
        written = await self.summarizer.write(asked.question, units, reply.lang)
        if written is None or self._recent.turned(token):  # the answer shows another page by now
            return None
        return dataclasses.replace(reply, blocks=(Summary(written.text), *reply.blocks), summary_of=None)

    async def more(self, more: More, lang: Lang) -> Reply | None:
        """The next page of a remembered question. None: the question is no longer remembered."""
        asked = await self._recent.recall(more.token)
        if asked is None or more.offset >= len(asked.result.hits):
            return None
        self._recent.turn(more.token)
        result = asked.result
        result = dataclasses.replace(result, hits=result.hits[: hits_shown(result, more.offset)])
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

    async def similar(self, unit_id: str, lang: Lang, who: int | None = None) -> Reply | None:
        unit = self.corpus.get(unit_id)
        if unit is None:
            return None
        try:
            hits = await self._run(lambda backend: backend.similar(unit_id, k=PAGE), who)
        except Unavailable:
            return replies.unavailable(lang)
        view = self.view(lang)
        title = replies.similar_title(unit, view).rstrip(":：")  # what an export of the list is named after
        token = self._recent.remember(Asked(title, None, SearchResult(title, True, tuple(hits)))) if hits else None
        return replies.similar(unit, hits, view, token)

    def meeting(self, number: int, page: int, lang: Lang, *, clamp: bool = False) -> Reply | None:
        return lists.meeting_page(number, page, self.view(lang), clamp=clamp)

    def browse(self, args: Sequence[str], lang: Lang) -> Reply:
        """/meeting N [page]: that page (the last one if N has fewer), or the usage."""
        parsed = meeting_args(args)
        page = self.meeting(*parsed, lang, clamp=True) if parsed else None
        return page or replies.meeting_usage(self.view(lang))

    def themes(self, lang: Lang) -> Reply:
        return lists.themes_list(self.view(lang))

    async def press(self, action: Action, lang: Lang, user_id: int | None = None) -> Reply | Toast | Files | None:
        """A button press. None: the button is stale or forged."""
        try:
            return await self._press(action, lang, user_id)
        except Unavailable:  # an answer from before a restart, to be searched again while search is down
            return replies.unavailable(lang)

    async def _press(self, action: Action, lang: Lang, user_id: int | None) -> Reply | Toast | Files | None:
        match action:
            case More():
                return await self.more(action, lang)
            case Similar(unit_id):
                return await self.similar(unit_id, lang, user_id)
            case Show(unit_id):
                return self.item(unit_id, lang)
            case Browse(meeting, page):
                # Buttons only ever browse meetings whose items exist; anything else was forged.
                known = self.corpus.meeting(meeting)
                return self.meeting(meeting, page, lang) if known and known.in_corpus else None
            case ThemePage(theme, page):
                return self.themes(lang) if theme is None else lists.theme_page(theme, page, self.view(lang))
            case Export(source):
                return await self.export(source, lang)
            case Narrow(token, theme):
                return await self.narrow(token, theme, lang, user_id)
            case Verdict() | WrongItem():
                return await self.verdict(action, lang, user_id)

    # -- lists, feedback -----------------------------------------------------------------------------

    async def export(self, source: ListSource, lang: Lang) -> Files | None:
        """A list as files. None: the list is gone (an answer forgotten) or never existed."""
        view = self.view(lang)
        match source:
            case AnswerList(token):
                asked = await self._recent.recall(token)
                if asked is None or not asked.result.answerable:
                    return None
                title, units = followups.answer_listed(asked)
            case ThemeList() | MeetingList():
                found = followups.listed(source, view)
                if found is None:
                    return None
                title, units = found
        return Files(followups.files(title, units, view), len(units))

    async def narrow(self, token: str, theme: int | None, lang: Lang, who: int | None = None) -> Reply | None:
        asked = await self._recent.recall(token, who)
        if asked is None or (theme is not None and not 0 <= theme < len(self.records.themes)):
            return None
        if theme is None:
            return followups.narrow_choices(token, [hit.unit for hit in asked.result.hits], self.view(lang))
        return await self.ask(asked.question, lang, theme=theme, who=who)

    async def verdict(self, action: Verdict | WrongItem, lang: Lang, user_id: int | None) -> Reply | Toast | None:
        """👍 / 👎 stored at once; "wrong item" asks which, and stores the item chosen."""
        asked = await self._recent.recall(action.token, user_id)
        if asked is None or user_id is None:
            return None
        verdict = followups.judged(action, asked.result.hits, self.view(lang))
        if not isinstance(verdict, followups.Judged):
            return verdict
        offset, wrong = verdict.offset, verdict.wrong
        if self.feedback is not None:
            case = Feedback(
                asked.question, lang, asked.page(offset), verdict.kind, wrong.id if wrong else None, time.time()
            )
            store = self.feedback
            await asyncio.to_thread(store.record, user_id, f"{action.token}:{offset}", case)
        if wrong is not None:
            return replies.notice(lang, "wrong_thanks", item=followups.label_in_meeting(wrong, self.view(lang)))
        return Toast(texts(lang)("feedback_thanks"))

    async def reindex(self, lang: Lang) -> Reply:
        """Admins' /reindex: the search reopened, its index rebuilt if missing or out of date."""
        try:
            seconds = await self._searches.reopen()
        except Unavailable:
            return replies.notice(lang, "reindex_failed")
        return replies.notice(lang, "reindexed", seconds=f"{seconds:.1f}")

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins

    async def feedback_report(self, lang: Lang) -> Reply:
        if self.feedback is None:
            return replies.notice(lang, "feedback_off")
        store = self.feedback
        tally: Tally = await asyncio.to_thread(store.tally)
        return followups.feedback_report(tally, self.view(lang))

    async def inline(self, query: str, lang: Lang, who: int | None = None) -> InlineAnswer:
        view = self.view(lang)
        if not query.strip():
            return hint(view, "inline_hint")
        try:
            result = await self._search(query, MAX_RESULTS, who=who)
        except Unavailable:
            return hint(view, "inline_unavailable", cacheable=False)
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
