"""Sending what the service rendered: replies split over several messages, a written summary
edited in when it arrives, pages turned in place, files."""

from __future__ import annotations

import dataclasses
import io
import logging

from telegram import InlineKeyboardMarkup, InputFile, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot import keyboards, observe, render
from bot.context import Context
from bot.followups import Files
from bot.replies import Reply
from prompts import Lang, texts

log = logging.getLogger(__name__)

LAST_LIST = "last_list"  # chat_data key: the last list shown in the chat


async def _send_parts(message: Message, parts: list[str], keyboard: InlineKeyboardMarkup | None) -> list[Message]:
    """Messages in order, answering `message`; the keyboard goes under the last one."""
    return [
        await message.reply_html(part, reply_markup=keyboard if i == len(parts) - 1 else None)
        for i, part in enumerate(parts)
    ]


async def send(message: Message, reply: Reply, context: Context | None = None) -> None:
    """Send a reply; a list it shows becomes the chat's last list, for /export. A written summary,
    if the answer gets one, is edited in above the quotes when it arrives: the quotes never wait."""
    observe.note(reply.outcome, [q.unit.id for q in reply.quotes])
    if not reply.blocks:  # a flood's further questions: the user was told once already
        return
    sent = await _send_parts(message, render.to_html(reply), keyboards.markup(reply.buttons))
    if context is None:
        return
    if reply.source is not None and context.chat_data is not None:
        context.chat_data[LAST_LIST] = reply.source
    if reply.summary_of is not None and sent:
        context.application.create_task(_add_summary(sent[0], reply, context))


async def _add_summary(first: Message, reply: Reply, context: Context) -> None:
    written = await context.bot_data.service.summary(reply)
    if written is None:
        return
    before, after = render.to_html(reply), render.to_html(written)
    try:
        if len(after) == len(before) and after[1:] == before[1:]:
            await first.edit_text(
                after[0],
                parse_mode=ParseMode.HTML,
                reply_markup=keyboards.markup(reply.buttons) if len(after) == 1 else None,
            )
        else:  # the summary would move a split: it follows as its own message instead
            summary_only = dataclasses.replace(written, blocks=written.blocks[:1], buttons=())
            await _send_parts(first, render.to_html(summary_only), None)
    except TelegramError as error:
        log.info("summary not shown: %s", type(error).__name__)


async def send_files(message: Message, files: Files, lang: Lang) -> None:
    caption = texts(lang)("export_caption", count=files.count)
    for i, file in enumerate(files.files):
        await message.reply_document(
            InputFile(io.BytesIO(file.data), filename=file.name), caption=caption if i == 0 else None
        )


async def edit(message: Message, reply: Reply) -> None:
    """Turn the page in place; whatever does not fit follows as new messages."""
    first, *rest = render.to_html(reply)
    keyboard = keyboards.markup(reply.buttons)
    try:
        await message.edit_text(first, parse_mode=ParseMode.HTML, reply_markup=None if rest else keyboard)
    except BadRequest as error:
        if "not modified" not in error.message.lower():  # a double tap: the page is already shown
            raise
    await _send_parts(message, rest, keyboard)
