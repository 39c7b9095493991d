"""What a restart keeps: /lang choices and the questions behind an answer's buttons."""

from __future__ import annotations

from pathlib import Path

from corpus.load import load_corpus
from tests.bot.fake_search import FakeSearch
from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.harness import LI, button, running, text_of

CORPUS = load_corpus()
QUESTION = "建议1"  # one recommendation 1 per meeting: a list with More


async def test_language_and_more_buttons_survive_a_restart(api: FakeBotApi, tmp_path: Path) -> None:
    state = {"persist_state": True, "state_dir": tmp_path / "state"}
    async with running(api, lambda: FakeSearch(CORPUS), CORPUS, **state) as first:
        await first.say("/lang en")
        (answer,) = await first.say(QUESTION)
    more = button(answer, "More ▸")["callback_data"]
    assert (tmp_path / "state" / "prefs.pickle").exists()

    async with running(api, lambda: FakeSearch(CORPUS), CORPUS, **state) as second:
        (_, edited) = await second.press(answer, more)
        (again,) = await second.say(QUESTION)
    assert edited.method == "editMessageText" and text_of(edited).startswith("Results 4")
    assert "More ▸" in str(again.params.get("reply_markup"))  # still English: LI's Telegram language is zh


async def test_without_persistence_a_restart_forgets(api: FakeBotApi, tmp_path: Path) -> None:
    state = {"persist_state": False, "state_dir": tmp_path / "state"}
    async with running(api, lambda: FakeSearch(CORPUS), CORPUS, **state) as first:
        await first.say("/lang en")
        (answer,) = await first.say(QUESTION)
    more = button(answer, "More ▸")["callback_data"]
    async with running(api, lambda: FakeSearch(CORPUS), CORPUS, **state) as second:
        (forgotten,) = await second.press(answer, more, count=1)
        (again,) = await second.say(QUESTION)
    assert forgotten.method == "answerCallbackQuery" and forgotten.params.get("text")  # says it is gone
    assert "更多 ▸" in str(again.params.get("reply_markup"))
    assert not (tmp_path / "state").exists()


async def test_an_unreadable_preferences_file_is_set_aside(api: FakeBotApi, tmp_path: Path) -> None:
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "prefs.pickle").write_bytes(b"cut short by a crash")
    state = {"persist_state": True, "state_dir": tmp_path / "state"}
    async with running(api, lambda: FakeSearch(CORPUS), CORPUS, **state) as bot:
        (answer,) = await bot.say("3.12", LI)
    assert "3.12" in text_of(answer) or "建议12" in text_of(answer)
    assert (tmp_path / "state" / "prefs.pickle.unreadable").exists()
