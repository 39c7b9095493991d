from __future__ import annotations

import io

import pytest

from bot.service import BotService
from bot.terminal import Session, chat
from corpus.load import Corpus
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
    assert (await session.handle("/more")) == "No more results for the last question."
    assert "41 items, page 2 of 5" in await session.handle("/meeting 3 2")
    assert (await session.handle("/lang zh")) == "界面语言：中文。"
    assert (await session.handle("What about money laundering?")).startswith("工作组的建议中没有找到答案")
    assert (await session.handle("/nonsense")).startswith("未知命令")
    assert await session.handle("   ") == ""


async def test_more_pages_in_the_terminal(service: BotService) -> None:
    session = Session(service, "zh")
    assert "3. " in await session.handle("建议1")
    assert (await session.handle("/more")).startswith("第4至6条结果：")


def test_chat_reads_until_end_of_input(corpus: Corpus) -> None:
    search = FakeSearch(corpus)
    out = io.StringIO()
    assert chat(BotService(corpus, lambda: search), io.StringIO("3.12\n\n第六次会议的建议\n"), out) == 0
    text = out.getvalue()
    assert "建议12\n> 各国应在共同承诺" in text and "第六次会议（2019年）的建议不在这些文件中" in text
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
    assert listing.startswith("19 themes.") and "Smuggling at sea and rescue" in listing
    sea = await session.handle("/themes 8")
    assert sea.startswith("Smuggling at sea and rescue:") and "1st meeting" in sea
    assert (await session.handle("/themes 99")).startswith("/themes lists the themes")
    assert (await session.handle("/themes x")).startswith("/themes lists the themes")
    zh = Session(service, "zh")
    rendered = await zh.handle("/en 3.12")
    assert "\n> 各国应在共同承诺" in rendered and "非官方英文译文（不是联合国正式文本）：" in rendered
