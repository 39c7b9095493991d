"""Browsing replies: a meeting's pages, the themes, a theme's pages, each with the buttons they offer."""

from __future__ import annotations

from bot import lists
from bot.actions import Browse, Export, MeetingList, Show, ThemeList, ThemePage
from bot.cite import meeting_name
from bot.replies import Note, Reply, View
from corpus.load import Corpus
from corpus.records import load_records
from prompts import texts


def _texts(reply: Reply) -> list[str]:
    return [b.text for b in reply.blocks if isinstance(b, Note)]


def test_meeting_pages(corpus: Corpus) -> None:
    view = View(corpus, "zh")
    first = lists.meeting_page(3, 0, view)
    assert first is not None and first.source == MeetingList(3)
    header = texts("zh")("meeting_page", meeting=meeting_name(corpus.meeting(3), "zh"), count=41, page=1, pages=5)  # type: ignore[arg-type]
    assert _texts(first) == [header]
    rows = [[b.does for b in row] for row in first.buttons]
    assert rows[0] == [Show(f"3.{n}") for n in range(1, 6)] and [b.label for b in first.buttons[0]] == list("12345")
    assert rows[-2] == [Browse(3, 1, edit=True)] and rows[-1] == [Export(MeetingList(3))]
    last = lists.meeting_page(3, 99, view, clamp=True)
    assert last is not None and [b.does for b in last.buttons[-2]] == [Browse(3, 3, edit=True)]
    assert lists.meeting_page(3, 5, view) is None
    seventh = lists.meeting_page(7, 0, View(corpus, "en"))
    assert seventh is not None and "56" in _texts(seventh)[0]  # 22 recommendations, 34 paragraphs
    sixth = lists.meeting_page(6, 0, view)
    assert sixth is not None and _texts(sixth) == [
        texts("zh")("meeting_missing", ordinal="六", year=2019),
        texts("zh")("coverage_short"),
    ]
    ninth = lists.meeting_page(9, 0, View(corpus, "en"))
    assert ninth is not None and _texts(ninth) == [texts("en")("no_such_meeting", number=9, first=1, last=7)]


def test_themes_and_a_theme_page(corpus: Corpus) -> None:
    records = load_records()
    view = View(corpus, "en", records=records)
    themes = lists.themes_list(view)
    assert len(themes.actions) == len(records.themes) == 19
    assert themes.actions[7] == ThemePage(7, 0, edit=True) and themes.buttons[3][1].label == records.themes[7].en
    sea = lists.theme_page(7, 0, view)
    assert sea is not None and sea.source == ThemeList(7)
    units = lists.theme_units(7, view)
    assert units is not None
    shown = [a for a in sea.actions if isinstance(a, Show)]
    assert shown == [Show(u.id) for u in units[: lists.LIST_PAGE]]
    assert [b.does for b in sea.buttons[-1]] == [ThemePage(None, 0, edit=True), Export(ThemeList(7))]


def test_a_theme_page_that_does_not_exist_is_none(corpus: Corpus) -> None:
    view = View(corpus, "en", records=load_records())
    assert lists.theme_page(19, 0, view) is None and lists.theme_page(0, 99, view) is None
    assert lists.theme_page(0, 0, View(corpus, "en")) is None
    assert _texts(lists.themes_list(View(corpus, "en"))) == [texts("en")("themes_none")]
