"""The 2020 meeting's facts: a name in the question points at the paragraph that holds it, and the
kind of fact asked for (who, how many, when, online) at the paragraphs that hold such facts."""

from __future__ import annotations

from corpus.context import meetings_spoken_of
from corpus.load import load_corpus
from corpus.records import load_records
from retrieval.entities import GIVES_COUNT, EntityIndex, asked_fact_types

CORPUS = load_corpus()
RECORDS = load_records()
INDEX = EntityIndex(RECORDS, {u.id: u.text for u in CORPUS.units})


def _holders(name: str) -> set[str]:
    return {r.id for r in RECORDS.by_id.values() for e in r.entities if name in (e.zh, e.en)}


def test_the_kind_of_fact_asked_for() -> None:
    assert "number" in asked_fact_types("How many people registered?")
    assert "person" in asked_fact_types("谁主持的会议")
    assert "format" in asked_fact_types("是线上开的吗")
    assert "date" in asked_fact_types("When was the report adopted?")
    assert asked_fact_types("洗钱") == frozenset()


def test_a_named_state_points_at_the_paragraphs_that_list_it() -> None:
    holders = _holders("Japan") | _holders("日本")
    assert holders, "the attendance lists name Japan"
    match = INDEX.match("Did Japan attend the meeting?")
    assert holders <= set(match.names)
    assert INDEX.match("日本参加了吗").names.keys() >= holders


def test_a_question_about_numbers_points_at_paragraphs_holding_numbers() -> None:
    match = INDEX.match("how many registered")
    numbers = {r.id for r in RECORDS.by_id.values() if any(e.type == "number" for e in r.entities)}
    assert set(match.types) == numbers


def test_a_question_naming_nothing_matches_nothing() -> None:
    match = INDEX.match("洗钱和没收")
    assert not match.names and not match.types


def test_a_count_is_told_from_an_ordinal_an_article_and_a_list() -> None:
    assert GIVES_COUNT.search("所有区域的注册代表约有 450 名")
    assert GIVES_COUNT.search("以两名国家专家的专题介绍开始")
    assert not GIVES_COUNT.search("工作组第二次会议于 2013 年举行")
    assert not GIVES_COUNT.search("设立一个工作组")
    assert not GIVES_COUNT.search("下列国家派观察员出席了会议")


def test_only_the_paragraph_dating_every_meeting_speaks_of_other_meetings() -> None:
    spoken = {u.id: meetings_spoken_of(u, CORPUS) for u in CORPUS.units}
    assert spoken["7.p1"] == frozenset(range(1, 8))
    assert spoken["3.12"] == frozenset({3}) and spoken["7.p17"] == frozenset({7})
