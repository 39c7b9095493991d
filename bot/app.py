"""The Telegram application: built from settings, the search service opened in post_init and
closed in post_shutdown, run by polling or, with WEBHOOK_URL, by bot/webhook_server.py."""

from __future__ import annotations

from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.ext import Application, ApplicationBuilder, CallbackContext, Defaults, ExtBot

from bot import handlers
from bot.backend import Opener
from bot.context import CONTEXT_TYPES, BotState, UserPrefs
from bot.feedback import FeedbackStore
from bot.limits import Access, QuestionLimit
from bot.llm import LlmClient, LlmConfig
from bot.pacing import ChatPacedRateLimiter
from bot.persist import open_persistence, open_remembered
from bot.service import BotService
from bot.settings import Settings
from bot.summaries import Summarizer
from bot.webhook_server import WebhookConfig, run_webhook
from corpus.load import Corpus, load_corpus
from prompts import LANGS, texts

BotApp = Application[
    ExtBot[Any],
    CallbackContext[ExtBot[Any], UserPrefs, dict[Any, Any], BotState],
    UserPrefs,
    dict[Any, Any],
    BotState,
    None,
]

# What the handlers listen to; asking for exactly these keeps Telegram from sending the rest.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
CONCURRENT_UPDATES = 64
COMMANDS = ("start", "help", "ask", "rec", "en", "meeting", "themes", "export", "lang", "about")


def open_feedback(settings: Settings) -> FeedbackStore | None:
    if not settings.feedback_enabled:
        return None
    salt = settings.feedback_salt.get_secret_value() if settings.feedback_salt else None
    return FeedbackStore(settings.feedback_path, retention_days=settings.feedback_retention_days, salt=salt)


def open_summarizer(settings: Settings) -> Summarizer | None:
    if not settings.llm_base_url or not settings.llm_model:
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    return Summarizer(LlmClient(LlmConfig(settings.llm_base_url, settings.llm_model, key, settings.llm_timeout)))


async def set_commands(app: BotApp) -> None:
    """The command menu in Chinese for zh clients, in English for everyone else."""
    for lang in LANGS:
        commands = [BotCommand(name, texts(lang).commands[name]) for name in COMMANDS]
        await app.bot.set_my_commands(commands, language_code=lang)
        if lang == "en":
            await app.bot.set_my_commands(commands)  # the default, for every other language


def build_application(settings: Settings, open_search: Opener, *, corpus: Corpus | None = None) -> BotApp:
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")

    async def post_init(app: BotApp) -> None:
        service = BotService(
            corpus or load_corpus(),
            open_search,
            username=app.bot.username,
            feedback=open_feedback(settings),
            admins=settings.admin_user_ids,
            summarizer=open_summarizer(settings),
            remembered=open_remembered(settings),
            search_workers=settings.search_workers,
        )
        await service.start()
        app.bot_data.service = service
        await set_commands(app)

    async def post_shutdown(app: BotApp) -> None:
        if app.bot_data.started:
            await app.bot_data.service.close()

    builder = ApplicationBuilder()
    kept = open_persistence(settings)
    if kept is not None:
        builder = builder.persistence(kept)
    app: BotApp = (
        builder.token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_base_url)
        .context_types(CONTEXT_TYPES)
        # Share links would otherwise unfurl into a preview of the bot under every answer.
        # A group question deleted before its answer goes out still gets the answer.
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True), allow_sending_without_reply=True))
        # 429s are waited out (Telegram's retry_after) and the message sent; group sends are paced.
        .rate_limiter(ChatPacedRateLimiter(max_retries=5))
        # Updates run side by side; searches still queue fairly per user on the search thread.
        .concurrent_updates(CONCURRENT_UPDATES)
        .job_queue(None)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    configure(app.bot_data, settings)
    handlers.register(app)
    return app


def configure(state: BotState, settings: Settings) -> None:
    state.access = Access(settings.allowed_user_ids, settings.allowed_chat_ids)
    state.leave_groups = settings.leave_unallowed_groups
    state.limit = QuestionLimit(per_minute=settings.questions_per_minute)


def run(settings: Settings, open_search: Opener) -> None:
    """Blocks until Ctrl-C / SIGTERM; then the updates taken are answered and post_shutdown runs."""
    app = build_application(settings, open_search)
    if settings.webhook_url and settings.webhook_secret:
        run_webhook(app, WebhookConfig.from_settings(settings, ALLOWED_UPDATES))
    else:
        app.run_polling(allowed_updates=ALLOWED_UPDATES)
