"""Telegram handlers, each a thin adapter: read the update, ask the service, send what it rendered."""

from __future__ import annotations

import contextlib
import logging

from telegram import Message, Update
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import guards, observe, render
from bot.actions import ListSource, Narrow, decode, edits_in_place
from bot.context import Context, UserPrefs
from bot.followups import Files, Toast
from bot.inputs import addressed_question, command_is_for, lang_arg
from bot.replies import notice
from bot.sending import LAST_LIST, edit, send, send_files
from prompts import Lang, texts

log = logging.getLogger(__name__)

INLINE_CACHE_SECONDS = 300
MAX_QUESTION_CHARS = 1000  # the model reads 512 tokens at most: a longer message is cut before it queues


def _message(update: Update) -> Message:
    message = update.effective_message
    assert message is not None  # message and command handlers only see updates that carry one
    return message


def _prefs(context: Context) -> UserPrefs:
    return context.user_data if context.user_data is not None else UserPrefs()


def _lang(update: Update, context: Context) -> Lang:
    user = update.effective_user
    return _prefs(context).language(user.language_code if user else None)


async def _answer(update: Update, context: Context, question: str) -> None:
    lang = _lang(update, context)
    user = update.effective_user
    reply = guards.too_fast(update, context) or await context.bot_data.service.ask(
        guards.readable(question)[:MAX_QUESTION_CHARS],
        lang,
        zh_note=_prefs(context).take_zh_note(lang),
        who=user.id if user else None,
    )
    await send(_message(update), reply, context)


async def on_private_text(update: Update, context: Context) -> None:
    await _answer(update, context, _message(update).text or "")


async def on_group_text(update: Update, context: Context) -> None:
    message = _message(update)
    replied = message.reply_to_message
    to_bot = bool(replied and replied.from_user and replied.from_user.id == context.bot.id)
    question = addressed_question(message.text or "", context.bot.username, replied_to_bot=to_bot)
    if question is not None:
        await _answer(update, context, question)


async def on_ask(update: Update, context: Context) -> None:
    question = " ".join(context.args or [])
    if question.strip():
        await _answer(update, context, question)
    else:
        await send(_message(update), notice(_lang(update, context), "ask_usage"))


async def on_start(update: Update, context: Context) -> None:
    payload = context.args[0] if context.args else None
    reply = context.bot_data.service.opening(payload, _lang(update, context))
    await send(_message(update), reply)


async def on_help(update: Update, context: Context) -> None:
    await send(_message(update), context.bot_data.service.help(_lang(update, context)))


async def on_about(update: Update, context: Context) -> None:
    await send(_message(update), context.bot_data.service.about(_lang(update, context)))


async def on_lang(update: Update, context: Context) -> None:
    choice = lang_arg(context.args or [])
    if choice is not None and context.user_data is not None:
        context.user_data.lang = choice
    reply = notice(choice, "lang_set") if choice else notice(_lang(update, context), "lang_usage")
    await send(_message(update), reply)


async def on_rec(update: Update, context: Context) -> None:
    reply = await context.bot_data.service.rec(" ".join(context.args or []), _lang(update, context))
    await send(_message(update), reply)


async def on_en(update: Update, context: Context) -> None:
    reply = await context.bot_data.service.rec(" ".join(context.args or []), _lang(update, context), english=True)
    await send(_message(update), reply)


async def on_themes(update: Update, context: Context) -> None:
    await send(_message(update), context.bot_data.service.themes(_lang(update, context)))


async def on_meeting(update: Update, context: Context) -> None:
    reply = context.bot_data.service.browse(context.args or [], _lang(update, context))
    await send(_message(update), reply, context)


async def on_export(update: Update, context: Context) -> None:
    """/export: the last list shown in this chat, as files."""
    lang = _lang(update, context)
    source = context.chat_data.get(LAST_LIST) if context.chat_data is not None else None
    files = await context.bot_data.service.export(source, lang) if isinstance(source, ListSource) else None
    if files is None:
        await send(_message(update), notice(lang, "export_none"))
    else:
        await send_files(_message(update), files, lang)


async def on_feedback(update: Update, context: Context) -> None:
    """/feedback, for admins only: everyone else is told the command is unknown."""
    service, lang = context.bot_data.service, _lang(update, context)
    user = update.effective_user
    reply = (
        await service.feedback_report(lang)
        if service.is_admin(user.id if user else None)
        else notice(lang, "unknown_command")
    )
    await send(_message(update), reply)


async def on_reindex(update: Update, context: Context) -> None:
    """/reindex, for admins only: after the index was rebuilt elsewhere, or the store restored."""
    user, lang = update.effective_user, _lang(update, context)
    service = context.bot_data.service
    if not service.is_admin(user.id if user else None):
        await send(_message(update), notice(lang, "unknown_command"))
        return
    await send(_message(update), notice(lang, "reindexing"))
    await send(_message(update), await service.reindex(lang))


async def on_stats(update: Update, context: Context) -> None:
    """/stats, for admins only, like /feedback."""
    user, lang = update.effective_user, _lang(update, context)
    admin = context.bot_data.service.is_admin(user.id if user else None)
    await send(_message(update), guards.stats_reply(context, lang) if admin else notice(lang, "unknown_command"))


async def on_non_text(update: Update, context: Context) -> None:
    await send(_message(update), notice(_lang(update, context), "non_text"))


async def on_unknown_command(update: Update, context: Context) -> None:
    message = _message(update)
    # In a group a bare /cmd may belong to another bot: answer only what is addressed to us.
    if message.chat.type == message.chat.PRIVATE or command_is_for(message.text or "", context.bot.username):
        await send(message, notice(_lang(update, context), "unknown_command"))


async def on_button(update: Update, context: Context) -> None:
    query, lang = update.callback_query, _lang(update, context)
    assert query is not None  # the handler only matches callback queries
    if guards.double_tap(update, context):  # already being answered: the spinner just stops
        await query.answer()
        observe.note("none")
        return
    action = decode(query.data)
    if isinstance(action, Narrow) and action.theme is not None and (limited := guards.too_fast(update, context)):
        await query.answer(render.to_plain(limited) if limited.blocks else None)
        observe.note("rate_limited")
        return
    message = query.message if isinstance(query.message, Message) else None
    outcome = await context.bot_data.service.press(action, lang, query.from_user.id) if action and message else None
    if action is None or message is None or outcome is None:  # forged, stale, or on a message now gone
        await query.answer(texts(lang)("stale"))
        return
    if isinstance(outcome, Toast):
        await query.answer(outcome.text)
        return
    await query.answer()
    if isinstance(outcome, Files):
        await send_files(message, outcome, lang)
    elif edits_in_place(action):
        await edit(message, outcome)
        if outcome.source is not None and context.chat_data is not None:
            context.chat_data[LAST_LIST] = outcome.source
    else:
        await send(message, outcome, context)


async def on_inline(update: Update, context: Context) -> None:
    query = update.inline_query
    assert query is not None  # the handler only matches inline queries
    lang = _lang(update, context)
    if guards.too_fast(update, context):  # nothing cached: the user may type again in a moment
        await query.answer([], cache_time=0, is_personal=True)
        observe.note("rate_limited")
        return
    answer = await context.bot_data.service.inline(guards.readable(query.query), lang, query.from_user.id)
    observe.note(
        "answered" if answer.results else "not_found" if answer.cacheable else "unavailable",
        [r.id for r in answer.results],
    )
    # Personal: the citation's language follows the user's interface language.
    await query.answer(
        answer.results,
        button=answer.button,
        cache_time=INLINE_CACHE_SECONDS if answer.cacheable else 0,
        is_personal=True,
    )


async def on_error(update: object, context: Context) -> None:
    """Errors told apart: a chat that blocked or removed the bot is an INFO line, once, and nothing
    is sent there; anything else is logged with its context and, where a send can work, the user is
    told something went wrong."""
    error = context.error
    where = _where(update)
    if isinstance(error, Forbidden):
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is not None and chat.id not in context.bot_data.forbidden:
            context.bot_data.forbidden.add(chat.id)
            log.info("chat %s (%s) blocked or removed the bot; not sending there: %s", chat.id, chat.type, error)
        return
    log.error("error while handling %s", where, exc_info=error)
    if isinstance(update, Update) and update.effective_message is not None and not isinstance(error, NetworkError):
        with contextlib.suppress(TelegramError):
            await update.effective_message.reply_text(texts(_lang(update, context))("error"))


def _where(update: object) -> str:
    if not isinstance(update, Update):
        return "a job"
    chat = update.effective_chat
    return f"update {update.update_id} ({observe.kind_of(update)}, {chat.type if chat else 'inline'})"


def _observed(callback: observe.Callback) -> observe.Callback:
    return observe.observed(callback, lambda context: context.bot_data.stats)


def register(app: Application) -> None:  # type: ignore[type-arg]
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    app.add_handler(TypeHandler(Update, guards.gate), group=-1)
    for name, callback in [
        ("start", on_start),
        ("help", on_help),
        ("about", on_about),
        ("lang", on_lang),
        ("ask", on_ask),
        ("rec", on_rec),
        ("en", on_en),
        ("meeting", on_meeting),
        ("themes", on_themes),
        ("export", on_export),
        ("feedback", on_feedback),
        ("stats", on_stats),
        ("reindex", on_reindex),
    ]:
        app.add_handler(CommandHandler(name, _observed(callback)))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private, _observed(on_private_text)))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & groups, _observed(on_group_text)))
    app.add_handler(MessageHandler(filters.COMMAND, _observed(on_unknown_command)))
    app.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, _observed(on_non_text)))
    app.add_handler(CallbackQueryHandler(_observed(on_button)))
    app.add_handler(InlineQueryHandler(_observed(on_inline)))
    app.add_error_handler(on_error)
