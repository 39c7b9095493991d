"""Browsing replies: a page of a meeting's items, the theme taxonomy, a page of one theme's items.
Pure, like `bot.replies`, whose blocks and buttons they are made of."""

from __future__ import annotations

import math

from bot import buttons
from bot.actions import MeetingList, ThemeList
from bot.cite import label, meeting_name, ordinal
from bot.replies import Block, Entry, Note, Reply, View, coverage, notice
from corpus.records import Theme, theme_counts
from corpus.units import Unit
from prompts import Lang, texts

LIST_PAGE = 10  # items per page when browsing a meeting
SNIPPET = 40  # characters of an item's opening shown in a meeting list


def _snippet(text: str) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= SNIPPET else first[:SNIPPET] + "…"


def _short(unit: Unit) -> str:
    return f"¶{unit.number}" if unit.is_paragraph else str(unit.number)


def meeting_page(number: int, page: int, view: View, *, clamp: bool = False) -> Reply | None:
    """A page of a meeting's items. None: a page that does not exist (and `clamp` is off)."""
    t = texts(view.lang)
    meeting = view.meetings.get(number)
    if meeting is None:
        known = sorted(view.meetings)
        return notice(view.lang, "no_such_meeting", number=number, first=known[0], last=known[-1])
    if not meeting.in_corpus:
        missing = Note(t("meeting_missing", ordinal=ordinal(number, view.lang), year=meeting.year))
        return Reply(view.lang, (missing, *coverage(view, short=True)))
    units = [u for u in view.corpus.of_meeting(number) if u.kind != "sub-item"]
    pages = max(1, math.ceil(len(units) / LIST_PAGE))
    if clamp:
        page = min(max(page, 0), pages - 1)
    if not 0 <= page < pages:
        return None
    chunk = units[page * LIST_PAGE : (page + 1) * LIST_PAGE]
    header = Note(
        t("meeting_page", meeting=meeting_name(meeting, view.lang), count=len(units), page=page + 1, pages=pages)
    )
    entries = [Entry(label(u, view.lang), _snippet(u.text)) for u in chunk]
    rows = buttons.list_buttons(number, page, pages, [(_short(u), u.id) for u in chunk], view.lang)
    return Reply(view.lang, (header, *entries), rows, source=MeetingList(number), outcome="list")


def _theme_name(theme: Theme, lang: Lang) -> str:
    return theme.zh if lang == "zh" else theme.en


def themes_list(view: View) -> Reply:
    """The taxonomy: each theme with how many items each meeting has of it, a button per theme."""
    t = texts(view.lang)
    if view.records is None:
        return notice(view.lang, "themes_none")
    units = [(u.id, u.meeting) for u in view.corpus.units if not u.children]
    counts = theme_counts(view.records, units)
    entries = [
        Entry(
            _theme_name(theme, view.lang),
            t("list_separator").join(
                t("meeting_count", ordinal=ordinal(m, view.lang), count=n) for m, n in sorted(counts[theme.key].items())
            ),
        )
        for theme in view.records.themes
    ]
    rows = buttons.themes_buttons([_theme_name(theme, view.lang) for theme in view.records.themes])
    return Reply(view.lang, (Note(t("themes_header", count=len(entries))), *entries), rows, outcome="list")


def theme_units(index: int, view: View) -> list[Unit] | None:
    """The items of the theme at `index` of the taxonomy, in corpus order. None: no such theme."""
    records = view.records
    if records is None or not 0 <= index < len(records.themes):
        return None
    ids = records.of_theme(records.themes[index].key, [u.id for u in view.corpus.units if not u.children])
    return [u for u in (view.corpus.get(i) for i in ids) if u is not None]


def theme_name(index: int, view: View) -> str:
    assert view.records is not None
    return _theme_name(view.records.themes[index], view.lang)


def theme_page(index: int, page: int, view: View) -> Reply | None:
    """A page of one theme's items, grouped by meeting: each item's label and title; its button
    opens the verbatim text. None: no such theme or page."""
    records = view.records
    units = theme_units(index, view)
    if records is None or units is None:
        return None
    theme, t = records.themes[index], texts(view.lang)
    pages = max(1, math.ceil(len(units) / LIST_PAGE))
    if not 0 <= page < pages:
        return None
    shown = units[page * LIST_PAGE : (page + 1) * LIST_PAGE]
    blocks: list[Block] = [
        Note(t("theme_page", theme=_theme_name(theme, view.lang), count=len(units), page=page + 1, pages=pages))
    ]
    for meeting in dict.fromkeys(u.meeting for u in shown):
        blocks.append(Note(meeting_name(view.meetings[meeting], view.lang)))
        for unit in (u for u in shown if u.meeting == meeting):
            record = records.get(unit.id)
            title = (record.title_zh if view.lang == "zh" else record.title_en) if record else _snippet(unit.text)
            blocks.append(Entry(label(unit, view.lang), title))
    rows = buttons.theme_buttons(index, page, pages, [(f"{u.meeting}.{_short(u)}", u.id) for u in shown], view.lang)
    return Reply(view.lang, tuple(blocks), rows, source=ThemeList(index), outcome="list")
