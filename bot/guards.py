"""Guards in front of the handlers: who may use the bot, how fast they may ask, double taps, and
the admin's /stats. Thin adapters over `bot.limits` (decisions) and `bot.observe` (the record)."""

from __future__ import annotations

import logging
import time

from telegram import Chat, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import observe
from bot.context import Context
from bot.replies import Note, Reply, notice
from prompts import Lang, language_for, texts
from retrieval.text import without_surrogates

log = logging.getLogger(__name__)

readable = without_surrogates  # a question as the bot keeps it (searched, remembered, exported)


def _user_lang(update: Update, context: Context) -> Lang:
    user = update.effective_user
    prefs = context.user_data
    return prefs.language(user.language_code if user else None) if prefs else language_for(None)


async def gate(update: Update, context: Context) -> None:
    """Runs before every handler. Someone not allowed gets at most one refusal a day in a private
    chat, nothing in a group (which the bot may leave), empty inline results; no search runs."""
    state = context.bot_data
    user, chat = update.effective_user, update.effective_chat
    if chat is not None and update.message is not None:
        state.forbidden.discard(chat.id)  # a new message: the chat talks to the bot again
    if state.access.allows(user.id if user else None, chat.id if chat else None):
        return
    start = time.perf_counter()
    try:
        if update.inline_query:
            await update.inline_query.answer([], cache_time=60, is_personal=True)
        elif update.callback_query:
            await update.callback_query.answer()
        elif chat is not None and chat.type == Chat.PRIVATE and user is not None:
            message = update.effective_message
            if message is not None and state.refusals.first_today(user.id, time.time()):
                await message.reply_text(texts(_user_lang(update, context))("not_allowed"))
        elif chat is not None and state.leave_groups:
            log.info("leaving chat %s (%s): not in ALLOWED_CHAT_IDS", chat.id, chat.type)
            await chat.leave()
    except TelegramError as error:
        log.info("refusal not delivered: %s", type(error).__name__)
    finally:
        holder = observe.Observed(observe.kind_of(update), "refused")
        observe.finish(update, holder, (time.perf_counter() - start) * 1000, state.stats)
    raise ApplicationHandlerStop


def too_fast(update: Update, context: Context) -> Reply | None:
    """A question over the user's limit: the "slow down" reply; None when the question may go on."""
    user = update.effective_user
    if user is None:
        return None
    now = time.monotonic()
    limit = context.bot_data.limit
    wait = limit.wait(user.id, now)
    if not wait:
        return None
    lang = _user_lang(update, context)
    if not limit.first_refusal(user.id, now, wait):
        return Reply(lang, (), outcome="rate_limited")  # already told: nothing is sent
    reply = notice(lang, "slow_down", seconds=wait)
    return Reply(reply.lang, reply.blocks, outcome="rate_limited")


def double_tap(update: Update, context: Context) -> bool:
    query = update.callback_query
    message = query.message if query else None
    if query is None or message is None or query.data is None:
        return False
    return context.bot_data.debounce.repeated(query.from_user.id, message.message_id, query.data, time.monotonic())


def stats_reply(context: Context, lang: Lang) -> Reply:
    report = context.bot_data.stats.report()
    t = texts(lang)
    dash = "—"
    hours = t("list_separator").join(f"{h:02d}:00 ({n})" for h, n in report.busiest_hours) or dash
    lookups = t("list_separator").join(f"{i} ({n})" for i, n in report.top_lookups) or dash
    rate = f"{report.not_found_rate:.0%}" if report.not_found_rate is not None else dash
    text = t(
        "stats",
        updates=report.updates,
        questions=report.questions,
        p50=dash if report.p50_ms is None else f"{report.p50_ms:.0f}",
        p95=dash if report.p95_ms is None else f"{report.p95_ms:.0f}",
        not_found=rate,
        hours=hours,
        lookups=lookups,
        refused=report.outcomes.get("refused", 0),
        limited=report.outcomes.get("rate_limited", 0),
        errors=report.outcomes.get("error", 0),
    )
    return Reply(lang, (Note(text),))
