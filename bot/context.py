"""Typed per-bot and per-user state, so handlers read `context.bot_data.service` and not a dict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.limits import Access, Debounce, OncePerDay, QuestionLimit
from bot.observe import Stats
from bot.service import BotService
from prompts import Lang, language_for


@dataclass
class UserPrefs:
    lang: Lang | None = None  # chosen with /lang; None follows the user's Telegram language
    zh_note_shown: bool = False

    def language(self, code: str | None) -> Lang:
        return self.lang or language_for(code)

    def take_zh_note(self, lang: Lang) -> bool:
        """True once per user: the first English answer says the quotes are the Chinese text."""
        if lang != "en" or self.zh_note_shown:
            return False
        self.zh_note_shown = True
        return True


class BotState:
    """`bot_data`: the service, set in post_init (PTB builds this object before the bot exists), and
    the per-process guards: who may use the bot, how fast, and what it has done (for /stats)."""

    def __init__(self) -> None:
        self._service: BotService | None = None
        self.access = Access()
        self.leave_groups = False
        self.refusals = OncePerDay()
        self.limit = QuestionLimit(per_minute=20)
        self.debounce = Debounce()
        self.stats = Stats()
        self.forbidden: set[int] = set()  # chats that blocked or removed the bot: nothing more is sent there

    @property
    def service(self) -> BotService:
        if self._service is None:
            raise RuntimeError("the bot service is opened in post_init; no update should arrive before")
        return self._service

    @service.setter
    def service(self, service: BotService) -> None:
        self._service = service

    @property
    def started(self) -> bool:
        return self._service is not None


Context = CallbackContext[ExtBot[Any], UserPrefs, dict[Any, Any], BotState]
CONTEXT_TYPES = ContextTypes(context=CallbackContext, user_data=UserPrefs, bot_data=BotState)
