"""What the bot says, as data: search results and corpus items in, `Reply` out. Pure: no I/O.

A reply is a sequence of blocks (notes, quotes, list entries) plus its keyboard; `bot/render.py`
turns it into Telegram HTML or terminal text, so both adapters say exactly the same thing.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Literal

from telegram import InlineKeyboardMarkup

from bot import explain, keyboards
from bot.actions import AnswerList, ListSource, MeetingList, More, ThemeList
from bot.cite import citation, label, meeting_name, ordinal, when
from bot.keyboards import AnswerTools, ItemButtons
from bot.links import share_link
from corpus.load import Corpus
from corpus.records import Records, Theme, theme_counts
from corpus.units import BACKGROUND_PAPER, DOCUMENT_TITLES, REPORT_2020, Meeting, Unit
from prompts import Lang, texts
from retrieval.results import Hit, SearchResult

PAGE = 3  # items per answer
BROAD_K = 12  # items of a broad question ("what has the group said about X"), paged through with More
LIST_PAGE = 10  # items per page when browsing a meeting
EXPAND_OVER = 300  # characters: in an answer with several items, longer quotes start collapsed
SNIPPET = 40  # characters of an item's opening shown in a meeting list


@dataclass(frozen=True)
class Note:
    text: str


@dataclass(frozen=True)
class Quote:
    unit: Unit
    citation: str
    mark: int | None = None  # the item's number in a numbered answer
    expandable: bool = False
    link: str | None = None  # share link, when the bot has a username
    rendering: str | None = None  # the unofficial English rendering shown after the quote, if asked for


@dataclass(frozen=True)
class Entry:
    """One line of a meeting list: the item's short name and the opening of its text."""

    label: str
    snippet: str


@dataclass(frozen=True)
class Summary:
    """The machine-written summary above an answer's quotes: labelled, never in quotation marks."""

    text: str


Block = Note | Quote | Entry | Summary

# What a reply is, for the operator's log and /stats (never the text itself).
Outcome = Literal["answered", "not_found", "lookup", "list", "notice", "unavailable", "refused", "rate_limited"]


@dataclass(frozen=True)
class Reply:
    lang: Lang
    blocks: tuple[Block, ...]
    keyboard: InlineKeyboardMarkup | None = None
    more: More | None = None  # the next page, for adapters without buttons (the terminal)
    source: ListSource | None = None  # the list shown, which /export turns into files
    summary_of: str | None = None  # the remembered question a written summary may be added for
    outcome: Outcome = "notice"

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Quote))


@dataclass(frozen=True)
class View:
    """What composing a reply needs besides the result: the corpus, the language, the bot's name."""

    corpus: Corpus
    lang: Lang
    username: str | None = None
    records: Records | None = None
    english: bool | None = None  # show the unofficial English rendering; by default in the English interface
    feedback: bool = False  # answers carry 👍 / 👎 / wrong-item buttons
    meetings: dict[int, Meeting] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meetings", {m.number: m for m in self.corpus.meetings})

    @property
    def shows_rendering(self) -> bool:
        return self.records is not None and (self.lang == "en" if self.english is None else self.english)

    def quote(self, unit: Unit, mark: int | None = None, expandable: bool = False) -> Quote:
        link = share_link(self.username, unit.id) if self.username else None
        record = self.records.get(unit.id) if self.records is not None and self.shows_rendering else None
        return Quote(
            unit,
            citation(unit, self.meetings[unit.meeting], self.lang),
            mark,
            expandable,
            link,
            record.rendering_en if record else None,
        )

    @property
    def missing_year(self) -> int | None:
        """The year of the meeting (the 6th) that is known but whose recommendations are missing."""
        return next((m.year for m in self.corpus.meetings if not m.in_corpus), None)


def notice(lang: Lang, key: str, **fields: object) -> Reply:
    return Reply(lang, (Note(texts(lang)(key, **fields)),))


def unavailable(lang: Lang) -> Reply:
    return dataclasses.replace(notice(lang, "unavailable"), outcome="unavailable")


def _coverage(view: View, *, short: bool = False) -> tuple[Note, ...]:
    """What the documents cover; `short` where the missing meeting has just been named."""
    year = view.missing_year
    if year is None:
        return ()
    return (Note(texts(view.lang)("coverage_short" if short else "coverage", sixth_year=year)),)


def _buttons(quote: Quote) -> ItemButtons:
    unit = quote.unit
    full = unit.parent if unit.parent else (unit.id if quote.expandable else None)
    copy = keyboards.copy_text(quote.citation, unit.text)
    if quote.rendering:  # the Chinese quote first; the rendering only when it fits, marked as unofficial
        with_rendering = f"{copy}\n{texts('en')('rendering_label')} {quote.rendering}"
        copy = with_rendering if len(with_rendering) <= keyboards.COPY_LIMIT else copy
    return ItemButtons(unit.id, copy, full, quote.mark)


def answer(
    result: SearchResult,
    view: View,
    *,
    offset: int = 0,
    token: str | None = None,
    zh_note: bool = False,
    header: str | None = None,
) -> Reply:
    """A question's answer: up to PAGE numbered items from `offset`, labelled for what they are.
    With a `token` (the question remembered), the answer has its feedback, export and theme buttons."""
    t = texts(view.lang)
    if result.problem is not None:
        return notice(view.lang, "problem")
    reference = result.reference
    if reference is not None and not reference.resolved:
        coverage = _coverage(view, short=reference.status == "not_in_corpus")
        return Reply(view.lang, (Note(explain.unresolved(reference.why, view.lang)), *coverage), outcome="lookup")
    if not result.hits:
        return Reply(view.lang, (Note(t("not_found")), Note(t("not_found_hint"))), outcome="not_found")
    if reference is not None and reference.status == "found" and len(result.hits) == 1:
        return item(result.hits[0].unit, view, zh_note=zh_note)

    shown = result.hits[offset : offset + PAGE]
    blocks: list[Block] = [Note(header)] if header else []
    if not result.answerable:
        blocks += [Note(t("not_found")), Note(t("closest"))] if offset == 0 else [Note(t("closest"))]
    elif reference is not None and reference.status == "ambiguous" and offset == 0:
        blocks.append(Note(t("ref_ambiguous")))
    if result.broad and result.answerable and offset == 0:
        blocks.append(Note(t("broad_header", count=len(result.hits), meetings=_per_meeting(result.hits, view))))
    if offset:
        blocks.append(Note(t("more_header", first=offset + 1, last=offset + len(shown))))
    quotes = [view.quote(hit.unit, offset + i + 1, len(hit.unit.text) > EXPAND_OVER) for i, hit in enumerate(shown)]
    blocks += quotes
    if zh_note:
        blocks.append(Note(t("zh_note")))
    more = More(token, offset + PAGE) if token and len(result.hits) > offset + PAGE else None
    tools = AnswerTools(token, offset, result.answerable, view.feedback) if token else None
    keyboard = keyboards.answer_keyboard(
        [_buttons(q) for q in quotes], [q.unit.meeting for q in quotes], more, view.lang, tools
    )
    source = AnswerList(token) if token and result.answerable else None
    outcome: Outcome = "lookup" if reference is not None else "answered" if result.answerable else "not_found"
    return Reply(view.lang, tuple(blocks), keyboard, more, source, outcome=outcome)


def _per_meeting(hits: tuple[Hit, ...], view: View) -> str:
    """ "1st meeting: 3 · 7th meeting: 2": how many of the items come from each meeting, in meeting order."""
    counts: dict[int, int] = {}
    for hit in hits:
        counts[hit.unit.meeting] = counts.get(hit.unit.meeting, 0) + 1
    t = texts(view.lang)
    return t("list_separator").join(
        t("meeting_count", ordinal=ordinal(m, view.lang), count=counts[m]) for m in sorted(counts)
    )


def item(unit: Unit, view: View, *, zh_note: bool = False) -> Reply:
    """One item in full (a recommendation with all its sub-items), with its own buttons."""
    quote = view.quote(unit)
    keyboard = InlineKeyboardMarkup(
        [keyboards.item_row(_buttons(quote), view.lang), [keyboards.meeting_button(unit.meeting, view.lang)]]
    )
    notes = (Note(texts(view.lang)("zh_note")),) if zh_note else ()
    return Reply(view.lang, (quote, *notes), keyboard, outcome="lookup")


def similar_title(unit: Unit, view: View) -> str:
    return texts(view.lang)("similar_header", citation=view.quote(unit).citation)


def similar(unit: Unit, hits: list[Hit], view: View, token: str | None = None) -> Reply:
    """Items close to `unit`; with a `token` (the list remembered), it can be exported."""
    if not hits:
        return notice(view.lang, "similar_none")
    header = Note(similar_title(unit, view))
    quotes = [view.quote(hit.unit, i + 1, len(hit.unit.text) > EXPAND_OVER) for i, hit in enumerate(hits)]
    keyboard = keyboards.answer_keyboard(
        [_buttons(q) for q in quotes], [q.unit.meeting for q in quotes], None, view.lang
    )
    source = AnswerList(token) if token else None
    if source is not None:
        keyboard = InlineKeyboardMarkup([*keyboard.inline_keyboard, keyboards.export_row(source, view.lang)])
    return Reply(view.lang, (header, *quotes), keyboard, source=source, outcome="answered")


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
        return Reply(view.lang, (missing, *_coverage(view, short=True)))
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
    keyboard = keyboards.list_keyboard(number, page, pages, [(_short(u), u.id) for u in chunk], view.lang)
    return Reply(view.lang, (header, *entries), keyboard, source=MeetingList(number), outcome="list")


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
    keyboard = keyboards.themes_keyboard([_theme_name(theme, view.lang) for theme in view.records.themes])
    return Reply(view.lang, (Note(t("themes_header", count=len(entries))), *entries), keyboard, outcome="list")


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
    keyboard = keyboards.theme_keyboard(
        index, page, pages, [(f"{u.meeting}.{_short(u)}", u.id) for u in shown], view.lang
    )
    return Reply(view.lang, tuple(blocks), keyboard, source=ThemeList(index), outcome="list")


def about(view: View) -> Reply:
    t = texts(view.lang)
    paper_years = sorted({m.year for m in view.corpus.meetings if m.source == BACKGROUND_PAPER})
    report = next(m for m in view.corpus.meetings if m.source == REPORT_2020)
    text = t(
        "about",
        paper_title=DOCUMENT_TITLES[BACKGROUND_PAPER],
        report_title=DOCUMENT_TITLES[REPORT_2020],
        paper_years=f"{paper_years[0]}–{paper_years[-1]}",
        report_when=t("when_place", when=when(report, view.lang), place=t.place(report.place)),
        sixth_year=view.missing_year,
    )
    return Reply(view.lang, (Note(text),))


def meeting_usage(view: View) -> Reply:
    known = sorted(view.meetings)
    return notice(view.lang, "meeting_usage", first=known[0], last=known[-1])
