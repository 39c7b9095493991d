from __future__ import annotations

import pytest

from bot import explain
from bot.app import COMMANDS
from corpus.load import Corpus
from prompts import PromptError, language_for, texts
from retrieval.results import MeetingNotInCorpus, NoSuchRecommendation, NoSuchSubItem, NumberSpan, UnknownMeeting


def test_both_languages_have_the_same_texts_and_commands() -> None:
    zh, en = texts("zh"), texts("en")
    assert set(zh.messages) == set(en.messages)
    assert list(zh.commands) == list(en.commands) and set(COMMANDS) == set(zh.commands)
    # A field only one language uses must be passed by the code anyway: these are the known ones.
    differ = {key for key in zh.messages if zh.fields(key) != en.fields(key)}
    assert differ == {"button_meeting"}  # 第三次会议 / Meeting 3: both fields are always passed
    assert all(zh.messages[key].strip() and en.messages[key].strip() for key in zh.messages)


def test_missing_fields_and_keys_are_errors() -> None:
    with pytest.raises(PromptError, match="cite_recommendation"):
        texts("en")("cite_recommendation", meeting="x")
    with pytest.raises(PromptError, match="no text"):
        texts("zh")("no_such_key")


def test_english_names_every_meeting_place(corpus: Corpus) -> None:
    for meeting in corpus.meetings:
        assert texts("en").place(meeting.place).isascii(), meeting


@pytest.mark.parametrize(
    ("code", "lang"),
    [
        ("zh", "zh"),
        ("zh-hans", "zh"),
        ("zh-TW", "zh"),
        ("en", "en"),
        ("de", "en"),
        (None, "en"),
        ("", "en"),
    ],
)
def test_language_follows_the_telegram_language_code(code: str | None, lang: str) -> None:
    assert language_for(code) == lang


def test_a_missing_reference_is_worded_like_the_rest_of_the_bot() -> None:
    # Meetings by their Chinese numeral (第三次会议), as in citations and meeting lists.
    missing = NoSuchRecommendation(3, 99, NumberSpan(1, 41))
    assert explain.unresolved(missing, "zh") == "第三次会议的建议编号为 1至41。"
    assert explain.unresolved(missing, "en") == "The 3rd meeting has recommendations 1–41."
    assert explain.unresolved(MeetingNotInCorpus(6, 2019), "zh") == "第六次会议（2019年）的建议不在这些文件中。"
    assert explain.unresolved(UnknownMeeting(8, (1, 2, 3, 4, 5, 7)), "zh") == "这些文件中没有第八次会议。"
    assert explain.unresolved(NoSuchSubItem(3, 12, "a", ()), "zh") == "第三次会议建议12没有字母分项。"
