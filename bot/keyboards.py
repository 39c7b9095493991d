"""Inline keyboards and the callback data their buttons carry. Pure: no I/O.

Callback data is at most 64 bytes and comes back from the client unchecked, so `decode` accepts
only the exact shapes `encode` writes; anything else (stale, forged) decodes to None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.cite import ordinal
from prompts import Lang, texts

COPY_LIMIT = 256  # Telegram's limit for a copy-text button


@dataclass(frozen=True)
class More:
    """The next page of an answer, edited in place. `token` names a question the service remembers."""

    token: str
    offset: int


@dataclass(frozen=True)
class Similar:
    unit_id: str


@dataclass(frozen=True)
class Show:
    """One item on its own, in full."""

    unit_id: str


@dataclass(frozen=True)
class Browse:
    """A page of a meeting's items: a new message, or the same message turned to another page."""

    meeting: int
    page: int
    edit: bool = False


@dataclass(frozen=True)
class ThemePage:
    """A page of one theme's items (the theme by its place in the taxonomy), or the list of themes
    when `theme` is None; a new message, or the same message turned to another page."""

    theme: int | None
    page: int
    edit: bool = False


Action = More | Similar | Show | Browse | ThemePage

_UNIT = r"\d{1,2}\.(?:\d{1,3}(?:\([a-z]\))?|p\d{1,3})"
_N = r"\d{1,3}"
_PATTERNS = {
    "m": re.compile(rf"^m:([0-9a-f]{{12}}):({_N})$"),
    "s": re.compile(rf"^s:({_UNIT})$"),
    "f": re.compile(rf"^f:({_UNIT})$"),
    "b": re.compile(rf"^b:(\d{{1,2}}):({_N})$"),
    "p": re.compile(rf"^p:(\d{{1,2}}):({_N})$"),
    "t": re.compile(rf"^t:(\d{{1,2}}|-):({_N})$"),
    "u": re.compile(rf"^u:(\d{{1,2}}|-):({_N})$"),
}


def encode(action: Action) -> str:
    match action:
        case More(token, offset):
            return f"m:{token}:{offset}"
        case Similar(unit_id):
            return f"s:{unit_id}"
        case Show(unit_id):
            return f"f:{unit_id}"
        case Browse(meeting, page, edit):
            return f"{'p' if edit else 'b'}:{meeting}:{page}"
        case ThemePage(theme, page, edit):
            return f"{'u' if edit else 't'}:{'-' if theme is None else theme}:{page}"


def decode(data: str | None) -> Action | None:
    if not data or len(data) > 64:
        return None
    kind = data[:1]
    pattern = _PATTERNS.get(kind)
    match = pattern.match(data) if pattern else None
    if match is None:
        return None
    first = match.group(1)
    if kind == "m":
        return More(first, int(match.group(2)))
    if kind == "s":
        return Similar(first)
    if kind == "f":
        return Show(first)
    if kind in "tu":
        return ThemePage(None if first == "-" else int(first), int(match.group(2)), edit=kind == "u")
    return Browse(int(first), int(match.group(2)), edit=kind == "p")


def edits_in_place(action: Action) -> bool:
    """Paging turns the same message; everything else answers with a new one."""
    return isinstance(action, More) or (isinstance(action, Browse | ThemePage) and action.edit)


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


def answer_keyboard(items: Sequence[ItemButtons], meetings: Sequence[int], more: More | None,
                    lang: Lang) -> InlineKeyboardMarkup:
    rows = [item_row(item, lang) for item in items]
    last = [_button(texts(lang)("button_more"), more)] if more else []
    last += [meeting_button(m, lang) for m in dict.fromkeys(meetings)]
    return InlineKeyboardMarkup([*rows, last] if last else rows)


def list_keyboard(meeting: int, page: int, pages: int, items: Sequence[tuple[str, str]],
                  lang: Lang) -> InlineKeyboardMarkup:
    """Numbered buttons opening the listed items (`items`: label, unit id), then previous / next."""
    return _paged(items, page, pages, lambda to: Browse(meeting, to, edit=True), lang)


def theme_keyboard(theme: int, page: int, pages: int, items: Sequence[tuple[str, str]],
                   lang: Lang) -> InlineKeyboardMarkup:
    """A theme's page: its items' buttons, previous / next, and the way back to the themes."""
    keyboard = _paged(items, page, pages, lambda to: ThemePage(theme, to, edit=True), lang)
    back = [_button(texts(lang)("button_themes"), ThemePage(None, 0, edit=True))]
    return InlineKeyboardMarkup([*keyboard.inline_keyboard, back])


def themes_keyboard(labels: Sequence[str]) -> InlineKeyboardMarkup:
    """One button per theme, two to a row."""
    buttons = [_button(label, ThemePage(i, 0, edit=True)) for i, label in enumerate(labels)]
    return InlineKeyboardMarkup([buttons[i:i + 2] for i in range(0, len(buttons), 2)])


def _paged(items: Sequence[tuple[str, str]], page: int, pages: int, turn: Callable[[int], Action],
           lang: Lang) -> InlineKeyboardMarkup:
    t = texts(lang)
    buttons = [_button(label, Show(unit_id)) for label, unit_id in items]
    rows = [buttons[i:i + 5] for i in range(0, len(buttons), 5)]
    nav = []
    if page > 0:
        nav.append(_button(t("button_prev"), turn(page - 1)))
    if page + 1 < pages:
        nav.append(_button(t("button_next"), turn(page + 1)))
    return InlineKeyboardMarkup([*rows, nav] if nav else rows)
