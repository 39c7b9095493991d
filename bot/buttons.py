"""Which buttons go under which reply, as data: rows of labelled actions. Pure, and tied to no
transport: `bot/keyboards.py` makes Telegram inline keyboards of them, `bot/terminal.py` finds the
actions its commands stand for (/more, /similar N) among them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

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
)
from bot.cite import ordinal
from prompts import Lang, texts


@dataclass(frozen=True)
class Copy:
    """Puts an item's citation and quote on the clipboard, with no round trip to the bot. How much
    of it fits is the transport's business (Telegram allows 256 characters)."""

    citation: str
    text: str
    rendering: str | None = None  # the unofficial English rendering, added when it fits


@dataclass(frozen=True)
class Button:
    label: str
    does: Action | Copy


Row = tuple[Button, ...]
Buttons = tuple[Row, ...]


def actions_of(buttons: Buttons) -> tuple[Action, ...]:
    """Every action the buttons carry, row by row (copying aside: it asks nothing of the bot)."""
    return tuple(b.does for row in buttons for b in row if not isinstance(b.does, Copy))


@dataclass(frozen=True)
class ItemButtons:
    """The buttons under one item: what it is, what copying it gives, where its full text is."""

    unit_id: str
    copy: Copy
    full_id: str | None  # the unit to show in full (the item itself, or a sub-item's parent)
    mark: int | None  # the item's number in a numbered answer


def item_row(item: ItemButtons, lang: Lang) -> Row:
    t = texts(lang)
    mark = f"{item.mark} · " if item.mark is not None else ""
    row = [
        Button(t("button_similar", mark=mark), Similar(item.unit_id)),
        Button(t("button_copy", mark=mark), item.copy),
    ]
    if item.full_id:
        row.append(Button(t("button_full", mark=mark), Show(item.full_id)))
    return tuple(row)


def meeting_button(meeting: int, lang: Lang) -> Button:
    label = texts(lang)("button_meeting", number=meeting, ordinal=ordinal(meeting, lang))
    return Button(label, Browse(meeting, 0))


@dataclass(frozen=True)
class AnswerTools:
    """Feedback on an answer's page and, when it found items, export and narrowing to a theme."""

    token: str
    offset: int
    found: bool
    feedback: bool


def tools_row(tools: AnswerTools, lang: Lang) -> Row:
    t = texts(lang)
    row = []
    if tools.feedback:
        row += [
            Button(t("button_up"), Verdict(tools.token, tools.offset, "up")),
            Button(t("button_down"), Verdict(tools.token, tools.offset, "down")),
        ]
        if tools.found:
            row.append(Button(t("button_wrong"), Verdict(tools.token, tools.offset, "wrong")))
    if tools.found:
        row += [
            Button(t("button_export"), Export(AnswerList(tools.token))),
            Button(t("button_narrow"), Narrow(tools.token, None)),
        ]
    return tuple(row)


def answer_buttons(
    items: Sequence[ItemButtons],
    meetings: Sequence[int],
    more: More | None,
    lang: Lang,
    tools: AnswerTools | None = None,
) -> Buttons:
    rows = [item_row(item, lang) for item in items]
    last = [Button(texts(lang)("button_more"), more)] if more else []
    last += [meeting_button(m, lang) for m in dict.fromkeys(meetings)]
    rows += [tuple(last)] if last else []
    tools_buttons = tools_row(tools, lang) if tools else ()
    rows += [tools_buttons] if tools_buttons else []
    return tuple(rows)


def export_row(source: ListSource, lang: Lang) -> Row:
    return (Button(texts(lang)("button_export"), Export(source)),)


def _pairs(buttons: Sequence[Button]) -> Buttons:
    return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))


def choice_buttons(choices: Sequence[tuple[str, Action]]) -> Buttons:
    """A short pick list (themes to narrow to, the item that is wrong), two to a row."""
    return _pairs([Button(label, action) for label, action in choices])


def list_buttons(meeting: int, page: int, pages: int, items: Sequence[tuple[str, str]], lang: Lang) -> Buttons:
    """Numbered buttons opening the listed items (`items`: label, unit id), previous / next, export."""
    paged = _paged(items, page, pages, lambda to: Browse(meeting, to, edit=True), lang)
    return (*paged, export_row(MeetingList(meeting), lang))


def theme_buttons(theme: int, page: int, pages: int, items: Sequence[tuple[str, str]], lang: Lang) -> Buttons:
    """A theme's page: its items' buttons, previous / next, and the way back to the themes."""
    paged = _paged(items, page, pages, lambda to: ThemePage(theme, to, edit=True), lang)
    back = (
        Button(texts(lang)("button_themes"), ThemePage(None, 0, edit=True)),
        Button(texts(lang)("button_export"), Export(ThemeList(theme))),
    )
    return (*paged, back)


def themes_buttons(labels: Sequence[str]) -> Buttons:
    """One button per theme, two to a row."""
    return _pairs([Button(label, ThemePage(i, 0, edit=True)) for i, label in enumerate(labels)])


def _paged(
    items: Sequence[tuple[str, str]], page: int, pages: int, turn: Callable[[int], Action], lang: Lang
) -> Buttons:
    t = texts(lang)
    shown = [Button(label, Show(unit_id)) for label, unit_id in items]
    rows = [tuple(shown[i : i + 5]) for i in range(0, len(shown), 5)]
    nav = []
    if page > 0:
        nav.append(Button(t("button_prev"), turn(page - 1)))
    if page + 1 < pages:
        nav.append(Button(t("button_next"), turn(page + 1)))
    return (*rows, tuple(nav)) if nav else tuple(rows)
