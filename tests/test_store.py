"""The Chroma store: build, idempotent reopen, stale and corrupt detection. A hashing embedder
stands in for the model here; the real one is exercised in test_golden.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromadb.api.shared_system_client import SharedSystemClient

from corpus.load import build_corpus, load_corpus
from corpus.records import load_records
from corpus.units import REPORT_2020
from retrieval.chunks import THEME_PREFIX, chunk_corpus
from retrieval.config import RetrievalSettings
from retrieval.errors import IndexCorrupt, IndexMissing
from retrieval.index import open_index
from retrieval.search import SearchService
from tests.fake_embedder import HashingEmbedder

CORPUS = load_corpus()


def settings_for(path: Path) -> RetrievalSettings:
    return RetrievalSettings(data_dir=path, _env_file=None)  # type: ignore[call-arg]


def test_build_then_reopen_is_idempotent(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    _, first = open_index(settings, CORPUS, HashingEmbedder())
    assert first.built and first.state_before == "missing"
    assert first.chunks == len(chunk_corpus(CORPUS, load_records()))
    store, second = open_index(settings, CORPUS, HashingEmbedder())
    assert not second.built and second.state_before == "ok"
    assert len(store.all_chunks()) == first.chunks


def test_every_chunk_read_back_carries_its_unit(tmp_path: Path) -> None:
    store, _ = open_index(settings_for(tmp_path), CORPUS, HashingEmbedder())
    views = set()
    for chunk in store.all_chunks():
        assert chunk.embedding.shape == (384,)
        views.add(chunk.metadata["view"])
        if chunk.metadata["view"] == "theme":
            assert str(chunk.metadata["unit_id"]).removeprefix(THEME_PREFIX) in {t.key for t in load_records().themes}
            continue
        unit = CORPUS.get(chunk.metadata["unit_id"])
        assert unit is not None and chunk.metadata["meeting"] == unit.meeting
    assert views == {"zh", "en", "title_zh", "title_en", "q_zh", "q_en", "theme"}


def test_a_unit_is_found_through_each_of_its_views() -> None:
    records = load_records()
    chunks = [c for c in chunk_corpus(CORPUS, records) if c.unit_id == "3.4"]
    record = records.by_id["3.4"]
    texts = {c.metadata["view"]: c.text for c in chunks}
    assert texts["zh"] == CORPUS.get("3.4").text  # type: ignore[union-attr]
    assert texts["en"] == record.rendering_en and texts["title_en"] == record.title_en
    title_zh = next(c for c in chunks if c.metadata["view"] == "title_zh")
    assert title_zh.metadata["aliases"] == "、".join(record.aliases_zh)
    assert sum(1 for c in chunks if c.metadata["view"] in ("q_zh", "q_en")) == len(record.questions)


def test_long_units_are_split_and_short_ones_are_not() -> None:
    per_unit: dict[str, int] = {}
    for chunk in chunk_corpus(CORPUS):  # the Chinese text alone
        per_unit[chunk.unit_id] = per_unit.get(chunk.unit_id, 0) + 1
    assert per_unit["1.7"] >= 2 and per_unit["7.p9"] >= 2 and per_unit["7.p16"] >= 2
    assert per_unit["3.12"] == 1 and per_unit["5.2(d)"] == 1
    assert "5.2" not in per_unit, "a parent is searched through its sub-items"


def test_a_changed_source_is_detected_and_rebuilt(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    open_index(settings, CORPUS, HashingEmbedder())
    sources = dict(CORPUS.sources)
    sources[REPORT_2020] = sources[REPORT_2020].replace("鼓励缔约国为可能", "鼓励各缔约国为可能")
    changed = build_corpus(sources)
    with pytest.raises(IndexCorrupt, match="stale"):
        open_index(settings, changed, HashingEmbedder(), build=False)
    _, report = open_index(settings, changed, HashingEmbedder())
    assert report.built and report.state_before == "stale"


def test_a_missing_index_is_reported_when_building_is_not_allowed(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="python -m retrieval index"):
        open_index(settings_for(tmp_path / "nothing"), CORPUS, HashingEmbedder(), build=False)


def test_a_corrupt_store_is_rebuilt_not_served(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    open_index(settings, CORPUS, HashingEmbedder())
    SharedSystemClient.clear_system_cache()
    (tmp_path / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(IndexCorrupt):
        open_index(settings, CORPUS, HashingEmbedder(), build=False)
    SharedSystemClient.clear_system_cache()
    store, report = open_index(settings, CORPUS, HashingEmbedder())
    assert report.built
    assert len(store.all_chunks()) == report.chunks


def test_the_service_searches_with_any_embedder(tmp_path: Path) -> None:
    service = SearchService.open(settings_for(tmp_path), embedder=HashingEmbedder())
    result = service.search("洗钱的上游犯罪")
    assert result.hits and result.hits[0].unit.id == "3.2"
    assert service.search("洗钱", meeting=4).hits[0].unit.meeting == 4
    assert all(h.unit.meeting == 1 for h in service.search("洗钱", year=2012).hits)
