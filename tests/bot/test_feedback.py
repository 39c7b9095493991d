"""Feedback: buttons under answers, stored in SQLite without user ids, reported and exported."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.actions import AnswerList, Export, MeetingList, Narrow, ThemeList, Verdict, WrongItem, decode, encode
from bot.feedback import Feedback, FeedbackStore, eval_lines
from bot.followups import Files, Toast, label_in_meeting
from bot.replies import Note, Reply
from bot.service import BotService
from corpus.load import Corpus
from prompts import texts
from tests.bot.fake_search import FakeSearch

USER = 4242424242


@pytest.fixture
async def with_feedback(corpus: Corpus, search: FakeSearch, tmp_path: Path) -> AsyncIterator[BotService]:
    store = FeedbackStore(tmp_path / "feedback.sqlite3", retention_days=30)
    service = BotService(corpus, lambda: search, feedback=store, admins=frozenset({7}))
    await service.start()
    yield service
    await service.close()


def _actions(reply: Reply) -> list[object]:
    return list(reply.actions)


async def test_a_thumb_is_stored_once_per_person_and_answer(with_feedback: BotService) -> None:
    answer = await with_feedback.ask("海上救助被偷运移民", "zh")
    verdicts = [a for a in _actions(answer) if isinstance(a, Verdict)]
    assert [v.kind for v in verdicts] == ["up", "down", "wrong"]
    down = next(v for v in verdicts if v.kind == "down")
    assert isinstance(await with_feedback.press(down, "zh", USER), Toast)
    assert isinstance(await with_feedback.press(down, "zh", USER), Toast)  # a double tap
    up = next(v for v in verdicts if v.kind == "up")
    await with_feedback.press(up, "zh", USER + 1)
    assert with_feedback.feedback is not None
    summary = with_feedback.feedback.tally()
    assert summary.counts == {"up": 1, "down": 1, "wrong": 0} and summary.people == 2
    case = summary.latest_down[0]
    assert case.question == "海上救助被偷运移民" and case.shown == tuple(q.unit.id for q in answer.quotes)


async def test_wrong_item_asks_which_and_stores_that_item(with_feedback: BotService) -> None:
    answer = await with_feedback.ask("海上救助被偷运移民", "en")
    wrong = next(a for a in _actions(answer) if isinstance(a, Verdict) and a.kind == "wrong")
    pick = await with_feedback.press(wrong, "en", USER)
    assert isinstance(pick, Reply)
    choices = [a for a in _actions(pick) if isinstance(a, WrongItem)]
    assert [c.unit_id for c in choices] == [q.unit.id for q in answer.quotes]
    thanks = await with_feedback.press(choices[1], "en", USER)
    wrong_unit = with_feedback.corpus.get(choices[1].unit_id)
    assert wrong_unit is not None and isinstance(thanks, Reply)
    noted = texts("en")("wrong_thanks", item=label_in_meeting(wrong_unit, with_feedback.view("en")))
    assert [b.text for b in thanks.blocks if isinstance(b, Note)] == [noted]
    assert await with_feedback.press(WrongItem(choices[1].token, "9.99"), "en", USER) is None  # not shown: forged
    assert with_feedback.feedback is not None
    [case] = with_feedback.feedback.negatives()
    assert case.verdict == "wrong" and case.wrong_id == choices[1].unit_id


async def test_the_report_and_the_export_for_review(with_feedback: BotService, tmp_path: Path) -> None:
    answer = await with_feedback.ask("偷运移民 洗钱", "zh")
    down = next(a for a in _actions(answer) if isinstance(a, Verdict) and a.kind == "down")
    await with_feedback.press(down, "zh", USER)
    report = await with_feedback.feedback_report("en")
    notes = [b.text for b in report.blocks if isinstance(b, Note)]
    assert notes[0] == texts("en")("feedback_counts", up=0, down=1, wrong=0, people=1)
    assert "偷运移民 洗钱" in notes[1]
    assert with_feedback.is_admin(7) and not with_feedback.is_admin(USER) and not with_feedback.is_admin(None)
    assert with_feedback.feedback is not None
    [line] = list(eval_lines(with_feedback.feedback.negatives()))
    row = json.loads(line)
    assert row["q"] == "偷运移民 洗钱" and row["gold"] == [] and row["lang"] == "zh" and row["verdict"] == "down"
    assert row["shown"] == [q.unit.id for q in answer.quotes]
    # No user id is kept, only its salted hash.
    assert str(USER).encode() not in (tmp_path / "feedback.sqlite3").read_bytes()


def test_old_feedback_is_deleted_after_the_retention(tmp_path: Path) -> None:
    now = [1_000_000.0]
    store = FeedbackStore(tmp_path / "f.sqlite3", retention_days=1, clock=lambda: now[0])
    store.record(1, "a:0", Feedback("q", "zh", ("3.12",), "down", None, now[0]))
    now[0] += 86400 / 2
    store.record(2, "b:0", Feedback("q2", "en", ("4.1",), "up", None, now[0]))
    now[0] += 86400 * 0.6  # the first is now older than a day
    assert store.purge() == 1
    assert [c.question for c in store.negatives()] == [] and store.tally().counts["up"] == 1
    first_hash = store.user_hash(1)
    store.close()
    again = FeedbackStore(tmp_path / "f.sqlite3", retention_days=1, clock=lambda: now[0])
    assert again.user_hash(1) == first_hash  # the salt is kept with the store
    assert FeedbackStore(tmp_path / "other.sqlite3", retention_days=1).user_hash(1) != first_hash


async def test_without_a_store_answers_have_no_feedback_buttons(service: BotService) -> None:
    answer = await service.ask("海上救助被偷运移民", "zh")
    actions = _actions(answer)
    assert not any(isinstance(a, Verdict) for a in actions)
    assert any(isinstance(a, Export) for a in actions) and any(isinstance(a, Narrow) for a in actions)


async def test_an_answer_exports_and_narrows_to_a_theme(service: BotService) -> None:
    answer = await service.ask("没收犯罪所得 洗钱", "zh")
    export = next(a for a in _actions(answer) if isinstance(a, Export))
    assert isinstance(export.source, AnswerList) and answer.source == export.source
    files = await service.press(export, "zh")
    assert isinstance(files, Files)
    assert [f.name for f in files.files] == ["没收犯罪所得-洗钱.docx", "没收犯罪所得-洗钱.csv"]
    narrow = next(a for a in _actions(answer) if isinstance(a, Narrow))
    choices = await service.press(narrow, "zh")
    assert isinstance(choices, Reply)
    themes = [a for a in _actions(choices) if isinstance(a, Narrow) and a.theme is not None]
    assert themes
    narrowed = await service.press(themes[0], "zh")
    assert isinstance(narrowed, Reply) and narrowed.quotes
    theme = service.records.themes[themes[0].theme or 0]
    header = narrowed.blocks[0]
    assert isinstance(header, Note) and theme.zh in header.text
    for quote in narrowed.quotes:
        record = service.records.get(quote.unit.id)
        assert record is not None and theme.key in record.themes
    assert await service.press(Narrow("0" * 12, None), "zh") is None  # never asked: stale
    assert await service.press(Export(AnswerList("0" * 12)), "zh") is None


def test_forged_callback_data_does_not_decode() -> None:
    for action in (
        Export(AnswerList("0123456789ab")),
        Narrow("0123456789ab", None),
        Narrow("0123456789ab", 3),
        Verdict("0123456789ab", 3, "wrong"),
        WrongItem("0123456789ab", "5.2(d)"),
    ):
        assert decode(encode(action)) == action
    for forged in (
        "x:q:12",
        "x:t:0123456789ab",
        "x:z:1",
        "v:0123456789ab:0:x",
        "w:0123456789ab:drop table",
        "n:0123456789ab:999",
    ):
        assert decode(forged) is None


async def test_themes_and_meetings_export_every_item(service: BotService, corpus: Corpus) -> None:
    meeting = await service.export(MeetingList(3), "en")
    assert meeting is not None and meeting.count == len([u for u in corpus.of_meeting(3) if u.kind != "sub-item"])
    assert await service.export(MeetingList(6), "en") is None  # not in the documents
    theme = await service.export(ThemeList(0), "zh")
    first = service.records.themes[0]
    assert theme is not None and theme.files[0].name.startswith(first.zh[:4])
    assert theme.count == len(service.records.of_theme(first.key, [u.id for u in corpus.units if not u.children]))
    assert await service.export(ThemeList(99), "zh") is None


async def test_a_similar_list_exports_too(service: BotService, corpus: Corpus) -> None:
    similar = await service.similar("3.12", "en")
    assert similar is not None and isinstance(similar.source, AnswerList)
    export = next(a for a in _actions(similar) if isinstance(a, Export))
    files = await service.press(export, "en")
    assert isinstance(files, Files) and files.count == len(similar.quotes)
    assert files.files[0].name.startswith("Items-close-to-Working-Group")
