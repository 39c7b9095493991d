from __future__ import annotations

import io

import pytest

from bot import explain
from bot.cite import meeting_name
from bot.service import BotService
from bot.terminal import Session, chat
from corpus.load import Corpus
from prompts import texts
from retrieval.results import MeetingNotInCorpus
from tests.bot.fake_search import FakeSearch


async def test_a_session_answers_and_follows_up(service: BotService) -> None:
    session = Session(service)
    zh = await session.handle("偷运移民的根源问题")
    assert "偷运移民问题工作组第" in zh and "\n> " in zh
    one = await session.handle("3.12")
    assert one.startswith("偷运移民问题工作组第三次会议（2015年11月，维也纳）建议12\n> 各国应在共同承诺的基础上")
    similar = await session.handle("/similar 1")
    assert similar.startswith("与偷运移民问题工作组第三次会议（2015年11月，维也纳）建议12相近的条目")
    en = await session.handle("/rec meeting 7 rec 14")
    assert en.startswith(
        "Working Group on the Smuggling of Migrants, 7th meeting (Vienna, September 2020), recommendation 14"
    )
    assert (await session.handle("/more")) == texts("en")("terminal_no_more")
    meeting = meeting_name(service.corpus.meeting(3), "en")  # type: ignore[arg-type]
    page = texts("en")("meeting_page", meeting=meeting, count=41, page=2, pages=5)
    assert (await session.handle("/meeting 3 2")).startswith(page)
    assert (await session.handle("/lang zh")) == texts("zh")("lang_set")
    assert (await session.handle("What about money laundering?")).startswith(texts("zh")("not_found"))
    assert (await session.handle("/nonsense")) == texts("zh")("unknown_command")
    assert await session.handle("   ") == ""


async def test_more_pages_in_the_terminal(service: BotService) -> None:
    session = Session(service, "zh")
    assert "3. " in await session.handle("建议1")
    assert (await session.handle("/more")).startswith(texts("zh")("more_header", first=4, last=6))


def test_chat_reads_until_end_of_input(corpus: Corpus) -> None:
    search = FakeSearch(corpus)
    out = io.StringIO()
    assert chat(BotService(corpus, lambda: search), io.StringIO("3.12\n\n第六次会议的建议\n"), out) == 0
    text = out.getvalue()
    assert "建议12\n> 各国应在共同承诺" in text and explain.unresolved(MeetingNotInCorpus(6, 2019), "zh") in text
    assert search.closed


class _Interrupted(io.StringIO):
    def readline(self, size: int | None = -1) -> str:
        raise KeyboardInterrupt


def test_ctrl_c_ends_the_chat_cleanly(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    search = FakeSearch(corpus)
    assert chat(BotService(corpus, lambda: search), _Interrupted(), io.StringIO()) == 0
    assert search.closed and "Traceback" not in capsys.readouterr().err


async def test_themes_and_renderings_in_the_terminal(service: BotService) -> None:
    session = Session(service, "en")
    listing = await session.handle("/themes")
    assert listing.startswith(texts("en")("themes_header", count=19)) and "Smuggling at sea and rescue" in listing
    sea = await session.handle("/themes 8")
    assert sea.startswith("Smuggling at sea and rescue:") and "1st meeting" in sea
    assert (await session.handle("/themes 99")) == texts("en")("terminal_themes_usage")
    assert (await session.handle("/themes x")) == texts("en")("terminal_themes_usage")
    zh = Session(service, "zh")
    rendered = await zh.handle("/en 3.12")
    assert "\n> 各国应在共同承诺" in rendered and texts("zh")("rendering_label") in rendered
