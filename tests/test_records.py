"""The curated records: one per unit, every theme in the taxonomy, nothing empty, every 2020 fact
written as the paragraph writes it, and the data file's shape enforced."""

from __future__ import annotations

import json

import pytest

from corpus.load import load_corpus
from corpus.records import RecordError, load_records, parse_records
from corpus.units import layout_free

CORPUS = load_corpus()
RECORDS = load_records()
THEME_KEYS = {t.key for t in RECORDS.themes}


def test_every_unit_has_exactly_one_record() -> None:
    assert sorted(RECORDS.by_id) == sorted(u.id for u in CORPUS.units)


def test_the_taxonomy_has_twelve_to_twenty_distinct_themes() -> None:
    assert 12 <= len(RECORDS.themes) <= 20
    assert len({t.en for t in RECORDS.themes}) == len(RECORDS.themes)


def test_records_use_only_taxonomy_themes_and_nothing_is_empty() -> None:
    for record in RECORDS.by_id.values():
        assert 1 <= len(record.themes) <= 3 and set(record.themes) <= THEME_KEYS, record.id
        assert record.title_zh and record.title_en and record.rendering_en, record.id
        assert record.aliases_zh and record.aliases_en and record.questions, record.id
        assert {q.lang for q in record.questions} == {"zh", "en"}, record.id


def test_recommendations_are_rendered_in_full() -> None:
    for unit in CORPUS.units:
        if not unit.is_paragraph:
            assert RECORDS.by_id[unit.id].rendering_kind == "full", unit.id


def test_every_fact_of_the_2020_report_is_written_as_its_paragraph_writes_it() -> None:
    paragraphs = [u for u in CORPUS.units if u.is_paragraph]
    for unit in paragraphs:
        record = RECORDS.by_id[unit.id]
        assert record.entities, unit.id
        for entity in record.entities:
            assert layout_free(entity.zh) in layout_free(unit.text), (unit.id, entity.zh)
    assert all(not RECORDS.by_id[u.id].entities for u in CORPUS.units if not u.is_paragraph)


def _line(**changes: object) -> str:
    row: dict[str, object] = {
        "id": "3.12",
        "title_zh": "标题",
        "title_en": "Title",
        "rendering_en": "Text.",
        "rendering_kind": "full",
        "themes": ["sea"],
        "aliases_zh": ["蛇头"],
        "aliases_en": ["smugglers"],
        "questions": [{"q": "问？", "lang": "zh"}],
        "entities": [],
    }
    row.update(changes)
    return json.dumps(row, ensure_ascii=False)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"themes": ["weather"]}, "not in the taxonomy"),
        ({"title_en": "  "}, "title_en"),
        ({"aliases_zh": []}, "aliases_zh"),
        ({"rendering_kind": "summary"}, "rendering_kind"),
        ({"questions": [{"q": "x", "lang": "fr"}]}, "question"),
        ({"entities": [{"zh": "维也纳", "en": "Vienna", "type": "city"}]}, "entity"),
    ],
)
def test_a_malformed_record_is_refused_with_its_line(changes: dict[str, object], message: str) -> None:
    with pytest.raises(RecordError, match=message):
        parse_records([_line(**changes)], {"sea"})


def test_a_second_record_for_one_unit_is_refused() -> None:
    with pytest.raises(RecordError, match="second record"):
        parse_records([_line(), _line()], {"sea"})


def test_themes_count_their_items_per_meeting() -> None:
    from corpus.records import theme_counts

    units = [(u.id, u.meeting) for u in CORPUS.units if not u.children]
    counts = theme_counts(RECORDS, units)
    assert set(counts) == THEME_KEYS
    assert sum(sum(per.values()) for per in counts.values()) == sum(len(RECORDS.by_id[u].themes) for u, _ in units)
    assert counts["meeting_2020"] and set(counts["meeting_2020"]) == {7}
    sea = RECORDS.of_theme("sea", [u for u, _ in units])
    assert "3.4" in sea and all("sea" in RECORDS.by_id[u].themes for u in sea)
