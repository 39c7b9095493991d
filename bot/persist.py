"""State that outlives the process: users' /lang choices through PTB's file persistence, and the
questions behind recent answers' buttons (bot/remembered.py). Both under STATE_DIR."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import PersistenceInput, PicklePersistence

from bot.context import CONTEXT_TYPES, BotState, UserPrefs
from bot.remembered import RememberedQuestions
from bot.settings import Settings

log = logging.getLogger(__name__)

PREFS_FILE = "prefs.pickle"
ASKED_FILE = "asked.sqlite"


class PrefsPersistence(PicklePersistence[UserPrefs, dict[Any, Any], BotState]):
    """Only users' preferences: bot_data holds the live service and per-process guards. A file that
    cannot be read (cut short by a crash, from an incompatible version) is set aside, not fatal."""

    async def get_user_data(self) -> dict[int, UserPrefs]:
        try:
            return await super().get_user_data()
        except Exception as error:  # PTB raises TypeError for bad pickles; a moved class, others
            aside = self.filepath.with_name(self.filepath.name + ".unreadable")
            self.filepath.replace(aside)
            log.warning("preferences in %s could not be read (%s); set aside as %s", self.filepath, error, aside.name)
            self.user_data, self.chat_data, self.conversations = {}, {}, {}
            return {}


def open_persistence(settings: Settings) -> PrefsPersistence | None:
    if not settings.persist_state:
        return None
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    return PrefsPersistence(
        settings.state_dir / PREFS_FILE,
        store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
        context_types=CONTEXT_TYPES,
        update_interval=30,
    )


def open_remembered(settings: Settings) -> RememberedQuestions | None:
    return RememberedQuestions(settings.state_dir / ASKED_FILE) if settings.persist_state else None
