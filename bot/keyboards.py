"""Telegram inline keyboards, made from a reply's buttons (`bot.buttons`): an action becomes
callback data, copying becomes a copy-text button cut to Telegram's limit. Pure: no I/O."""

from __future__ import annotations

from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.actions import encode
from bot.buttons import Button, Buttons, Copy
from prompts import texts

COPY_LIMIT = 256  # Telegram's limit for a copy-text button


def copy_text(copy: Copy) -> str:
    """Citation and quote when both fit in a copy button, the citation alone otherwise; the English
    rendering after them (marked as unofficial) only when it fits too."""
    both = f"{copy.citation}\n{copy.text}"
    text = both if len(both) <= COPY_LIMIT else copy.citation[:COPY_LIMIT]
    if copy.rendering:
        with_rendering = f"{text}\n{texts('en')('rendering_label')} {copy.rendering}"
        text = with_rendering if len(with_rendering) <= COPY_LIMIT else text
    return text


def _button(button: Button) -> InlineKeyboardButton:
    if isinstance(button.does, Copy):
        return InlineKeyboardButton(button.label, copy_text=CopyTextButton(copy_text(button.does)))
    return InlineKeyboardButton(button.label, callback_data=encode(button.does))


def markup(buttons: Buttons) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard; None for a reply without any."""
    return InlineKeyboardMarkup([[_button(b) for b in row] for row in buttons]) if buttons else None
