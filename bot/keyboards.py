"""Inline keyboards: which buttons go under which reply, each carrying an action. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

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
    encode,
)
from bot.cite import ordinal
from prompts import Lang, texts

COPY_LIMIT = 256  # Telegram's limit for a copy-text button


def _button(label: str, action: Action) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(action))


def copy_text(citation: str, text: str) -> str:
    """Citation and quote when both fit in a copy button, the citation alone otherwise."""
    both = f"{citation}\n{text}"
    return both if len(both) <= COPY_LIMIT else citation[:COPY_LIMIT]


@dataclass(frozen=True)
class ItemButtons:
    """The buttons under one item: what it is, how to copy it, where its full text is."""

    unit_id: str
    copy: str
    full_id: str | None  # the unit to show in full (the item itself, or a sub-item's parent)
    mark: int | None  # the item's number in a numbered answer


def item_row(item: ItemButtons, lang: Lang) -> list[InlineKeyboardButton]:
    t = texts(lang)
    mark = f"{item.mark} · " if item.mark is not None else ""
    row = [
        _button(t("button_similar", mark=mark), Similar(item.unit_id)),
        InlineKeyboardButton(t("button_copy", mark=mark), copy_text=CopyTextButton(item.copy)),
    ]
    if item.full_id:
        row.append(_button(t("button_full", mark=mark), Show(item.full_id)))
    return row


def meeting_button(meeting: int, lang: Lang) -> InlineKeyboardButton:
    label = texts(lang)("button_meeting", number=meeting, ordinal=ordinal(meeting, lang))
    return _button(label, Browse(meeting, 0))


@dataclass(frozen=True)
class AnswerTools:
    """Feedback on an answer's page and, when it found items, export and narrowing to a theme."""

    token: str
    offset: int
    found: bool
    feedback: bool


def tools_row(tools: AnswerTools, lang: Lang) -> list[InlineKeyboardButton]:
    t = texts(lang)
    row = []
    if tools.feedback:
        row += [
            _button(t("button_up"), Verdict(tools.token, tools.offset, "up")),
            _button(t("button_down"), Verdict(tools.token, tools.offset, "down")),
        ]
        if tools.found:
            row.append(_button(t("button_wrong"), Verdict(tools.token, tools.offset, "wrong")))
    if tools.found:
        row += [
            _button(t("button_export"), Export(AnswerList(tools.token))),
            _button(t("button_narrow"), Narrow(tools.token, None)),
        ]
    return row


def answer_keyboard(
    items: Sequence[ItemButtons],
    meetings: Sequence[int],
    more: More | None,
    lang: Lang,
    tools: AnswerTools | None = None,
) -> InlineKeyboardMarkup:
    rows = [item_row(item, lang) for item in items]
    last = [_button(texts(lang)("button_more"), more)] if more else []
    last += [meeting_button(m, lang) for m in dict.fromkeys(meetings)]
    rows += [last] if last else []
    tools_buttons = tools_row(tools, lang) if tools else []
    rows += [tools_buttons] if tools_buttons else []
    return InlineKeyboardMarkup(rows)


def export_row(source: ListSource, lang: Lang) -> list[InlineKeyboardButton]:
    return [_button(texts(lang)("button_export"), Export(source))]


def choice_keyboard(buttons: Sequence[tuple[str, Action]]) -> InlineKeyboardMarkup:
    """A short pick list (themes to narrow to, the item that is wrong), two to a row."""
    made = [_button(label, action) for label, action in buttons]
    return InlineKeyboardMarkup([made[i : i + 2] for i in range(0, len(made), 2)])


def list_keyboard(
    meeting: int, page: int, pages: int, items: Sequence[tuple[str, str]], lang: Lang
) -> InlineKeyboardMarkup:
    """Numbered buttons opening the listed items (`items`: label, unit id), previous / next, export."""
    keyboard = _paged(items, page, pages, lambda to: Browse(meeting, to, edit=True), lang)
    return InlineKeyboardMarkup([*keyboard.inline_keyboard, export_row(MeetingList(meeting), lang)])


def theme_keyboard(
    theme: int, page: int, pages: int, items: Sequence[tuple[str, str]], lang: Lang
) -> InlineKeyboardMarkup:
    """A theme's page: its items' buttons, previous / next, and the way back to the themes."""
    keyboard = _paged(items, page, pages, lambda to: ThemePage(theme, to, edit=True), lang)
    back = [
        _button(texts(lang)("button_themes"), ThemePage(None, 0, edit=True)),
        _button(texts(lang)("button_export"), Export(ThemeList(theme))),
    ]
    return InlineKeyboardMarkup([*keyboard.inline_keyboard, back])


def themes_keyboard(labels: Sequence[str]) -> InlineKeyboardMarkup:
    """One button per theme, two to a row."""
    buttons = [_button(label, ThemePage(i, 0, edit=True)) for i, label in enumerate(labels)]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def _paged(
    items: Sequence[tuple[str, str]], page: int, pages: int, turn: Callable[[int], Action], lang: Lang
) -> InlineKeyboardMarkup:
    t = texts(lang)
    buttons = [_button(label, Show(unit_id)) for label, unit_id in items]
    rows = [buttons[i : i + 5] for i in range(0, len(buttons), 5)]
    nav = []
    if page > 0:
        nav.append(_button(t("button_prev"), turn(page - 1)))
    if page + 1 < pages:
        nav.append(_button(t("button_next"), turn(page + 1)))
    return InlineKeyboardMarkup([*rows, nav] if nav else rows)
