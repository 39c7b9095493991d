"""A failing store, a reply too long for one message, and a token that must never reach a log line."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from bot.logs import RedactSecrets, setup_logging
from corpus.load import Corpus
from retrieval.results import Hit, SearchResult
from tests.bot.fake_search import FakeSearch
from tests.e2e.conftest import assert_no_errors_logged
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.harness import ANN, LI, Shared, quotes_of, running, text_of


async def test_a_failing_store_is_unavailable_not_nothing_found(
    api: FakeBotApi, backend: Shared, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = backend.corpus  # type: ignore[attr-defined]
    async with running(api, lambda: FakeSearch(corpus, fail=True), corpus) as tg:
        (reply,) = await tg.say("洗钱")
        assert text_of(reply) == "检索服务暂时不可用，请过几分钟再试。"
        (english,) = await tg.say("money laundering", ANN)
        assert text_of(english) == "Search is unavailable right now. Please try again in a few minutes."
        since = len(api.calls)
        api.inline("洗钱", ANN)
        (inline,) = await tg.sent(since, methods=("answerInlineQuery",))
        assert inline.params["button"]["text"] == "Search is unavailable right now"
        assert inline.params["cache_time"] == 0  # not cached: the next try may find search back
        (lookup,) = await tg.say("/start rec-3_12")  # items themselves need no store
        assert len(quotes_of(lookup)) == 1
        tg.check_everything_sent()
    assert_no_errors_logged(caplog)


class _Fixed:
    """A backend that answers every question with the same units."""

    def __init__(self, units: list[str], corpus: Corpus) -> None:
        self._hits = tuple(Hit(corpus.get(u), 1.0) for u in units)  # type: ignore[arg-type]

    def search(self, query: str, *, meeting: int | None = None, theme: str | None = None, k: int = 10) -> SearchResult:
        return SearchResult(query, True, self._hits[:k])

    def similar(self, unit_id: str, *, k: int = 5) -> list[Hit]:
        return []

    def close(self) -> None:
        pass


async def test_a_reply_too_long_for_one_message_is_split_at_unit_boundaries(api: FakeBotApi, backend: Shared) -> None:
    real: Corpus = backend.corpus  # type: ignore[attr-defined]
    # Real units are far below the limit, so the corpus gets a long one, with a source of its own.
    text = "\n".join(
        f"({chr(97 + i)}) " + "缔约国应当加强国际合作，交流信息、经验和良好做法，并提供技术援助。" * 12
        for i in range(12)
    )
    long = dataclasses.replace(real.get("3.1"), id="3.1", text=text, source="long.txt")  # type: ignore[type-var]
    corpus = Corpus(
        tuple(long if u.id == "3.1" else u for u in real.units), real.meetings, {**real.sources, "long.txt": text}
    )
    async with running(api, lambda: _Fixed(["3.1", "3.2", "3.3"], corpus), corpus) as tg:
        calls = await tg.say("合作", LI, replies=2)  # ~5,000 characters of quote, then two short units
        shown = [q for c in calls for q in quotes_of(c)]
        assert "".join(shown[:-2]).replace("\n", "") == text.replace("\n", "")  # the long unit, in pieces
        assert shown[-2:] == [real.get("3.2").text, real.get("3.3").text]  # type: ignore[union-attr]
        assert all(len(text_of(c)) <= 4096 for c in calls)
        assert "reply_markup" not in calls[0].params and calls[-1].params["reply_markup"]
        tg.check_everything_sent()


async def test_the_token_never_reaches_the_log(
    api: FakeBotApi, backend: Shared, caplog: pytest.LogCaptureFixture
) -> None:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    setup_logging("DEBUG", [api.token], message_text=True)  # LOG_LEVEL=DEBUG, LOG_MESSAGE_TEXT=true
    try:
        with caplog.at_level(logging.DEBUG):
            async with running(api, lambda: Shared(backend), backend.corpus) as tg:  # type: ignore[attr-defined]
                await tg.say("3.12")
    finally:
        for handler in root.handlers:
            handler.filters = [f for f in handler.filters if not isinstance(f, RedactSecrets)]
        root.handlers = handlers
        root.setLevel(level)
    assert "Set Bot API URL" in caplog.text and "[redacted]" in caplog.text  # PTB did log its URL
    assert api.token not in caplog.text and api.token.split(":")[1] not in caplog.text
