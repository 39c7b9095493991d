"""What the bot says, as data: search results and corpus items in, `Reply` out. Pure: no I/O.

A reply is a sequence of blocks (notes, quotes, list entries) plus its buttons, as data
(`bot.buttons`); `bot/render.py` turns the blocks into Telegram HTML or terminal text and
`bot/keyboards.py` the buttons into an inline keyboard, so both adapters say exactly the same thing.
Browsing replies (a meeting's items, the themes) are in `bot/lists.py`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Literal

from bot import explain
from bot.actions import Action, AnswerList, ListSource, More
from bot.buttons import (
    AnswerTools,
    Buttons,
    Copy,
    ItemButtons,
    actions_of,
    answer_buttons,
    export_row,
    item_row,
    meeting_button,
)
from bot.cite import citation, ordinal, when
from bot.links import share_link
from corpus.load import Corpus
from corpus.records import Records
from corpus.units import BACKGROUND_PAPER, DOCUMENT_TITLES, REPORT_2020, Meeting, Unit
from prompts import Lang, texts
from retrieval.results import Hit, SearchResult

PAGE = 3  # items per answer
BROAD_K = 12  # items of a broad question ("what has the group said about X"), paged through with More


def hits_shown(result: SearchResult, offset: int = 0) -> int:
    """How many hits an answer pages through: a broad question's relevant ones (up to BROAD_K);
    otherwise the pages so far and the next one."""
    if result.broad and result.answerable:
        return min(BROAD_K, result.relevant or BROAD_K)
    return offset + PAGE + 1


EXPAND_OVER = 300  # characters: in an answer with several items, longer quotes start collapsed


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
    buttons: Buttons = ()
    source: ListSource | None = None  # the list shown, which /export turns into files
    summary_of: str | None = None  # the remembered question a written summary may be added for
    outcome: Outcome = "notice"

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Quote))

    @property
    def actions(self) -> tuple[Action, ...]:
        return actions_of(self.buttons)


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


def coverage(view: View, *, short: bool = False) -> tuple[Note, ...]:
    """What the documents cover; `short` where the missing meeting has just been named."""
    year = view.missing_year
    if year is None:
        return ()
    return (Note(texts(view.lang)("coverage_short" if short else "coverage", sixth_year=year)),)


def _item_buttons(quote: Quote) -> ItemButtons:
    unit = quote.unit
    full = unit.parent if unit.parent else (unit.id if quote.expandable else None)
    return ItemButtons(unit.id, Copy(quote.citation, unit.text, quote.rendering), full, quote.mark)


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
        covered = coverage(view, short=reference.status == "not_in_corpus")
        return Reply(view.lang, (Note(explain.unresolved(reference.why, view.lang)), *covered), outcome="lookup")
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
    rows = answer_buttons([_item_buttons(q) for q in quotes], [q.unit.meeting for q in quotes], more, view.lang, tools)
    source = AnswerList(token) if token and result.answerable else None
    outcome: Outcome = "lookup" if reference is not None else "answered" if result.answerable else "not_found"
    return Reply(view.lang, tuple(blocks), rows, source, outcome=outcome)


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
    rows = (item_row(_item_buttons(quote), view.lang), (meeting_button(unit.meeting, view.lang),))
    notes = (Note(texts(view.lang)("zh_note")),) if zh_note else ()
    return Reply(view.lang, (quote, *notes), rows, outcome="lookup")


def similar_title(unit: Unit, view: View) -> str:
    return texts(view.lang)("similar_header", citation=view.quote(unit).citation)


def similar(unit: Unit, hits: list[Hit], view: View, token: str | None = None) -> Reply:
    """Items close to `unit`; with a `token` (the list remembered), it can be exported."""
    if not hits:
        return notice(view.lang, "similar_none")
    header = Note(similar_title(unit, view))
    quotes = [view.quote(hit.unit, i + 1, len(hit.unit.text) > EXPAND_OVER) for i, hit in enumerate(hits)]
    rows = answer_buttons([_item_buttons(q) for q in quotes], [q.unit.meeting for q in quotes], None, view.lang)
    source = AnswerList(token) if token else None
    if source is not None:
        rows = (*rows, export_row(source, view.lang))
    return Reply(view.lang, (header, *quotes), rows, source=source, outcome="answered")


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
