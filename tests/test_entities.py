"""The 2020 meeting's facts: a name in the question points at the paragraph that holds it, and the
kind of fact asked for (who, how many, when, online) at the paragraphs that hold such facts."""

from __future__ import annotations

from corpus.load import load_corpus
from corpus.records import load_records
from retrieval.entities import EntityIndex, asked_fact_types

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
