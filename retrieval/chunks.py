"""Units -> the chunks the index holds: every *view* of a unit. Pure.

A unit is found through several views: its Chinese text (a unit that fits is one chunk, a long one is
split at sentence ends with overlap), and, from its curated record, its unofficial English rendering,
its titles, its search aliases and its sample questions. The themes of the taxonomy are views too.
Every chunk carries its unit id and view, so hits fold back into whole units."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from langchain_text_splitters import RecursiveCharacterTextSplitter

from corpus.context import agenda_items, unit_context
from corpus.load import Corpus
from corpus.records import Records
from corpus.units import Unit

CHUNK_CHARS = 200  # ~55 model tokens of Chinese: one idea per chunk, far below e5's 512
CHUNK_OVERLAP = 50
_SEPARATORS = ["\n", "。", "；", "，", ""]
RENDERING_CHARS = 600  # ~130 tokens of English
_EN_SEPARATORS = ["\n", ". ", "; ", ", ", " ", ""]

View = Literal["zh", "en", "title_zh", "title_en", "q_zh", "q_en", "theme"]
THEME_PREFIX = "theme:"  # the unit id of a theme's view


@dataclass(frozen=True)
class Chunk:
    id: str  # `3.12#0`
    unit_id: str
    position: int
    text: str  # what is embedded and tokenised: a sub-item is prefixed by its parent's lead-in
    metadata: dict[str, str | int]


def _splitter(size: int = CHUNK_CHARS, separators: list[str] = _SEPARATORS) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=CHUNK_OVERLAP,
        separators=separators,
        keep_separator="end",
        strip_whitespace=True,
    )


def indexed_units(corpus: Corpus) -> list[Unit]:
    """The units that get chunks: every unit but parents, whose sub-items carry their text."""
    return [unit for unit in corpus.units if not unit.children]


def _aliases(unit: Unit, records: Records, view: View) -> str:
    """The aliases ride along as metadata of a title view: searched by BM25, not embedded."""
    record = records.get(unit.id)
    if record is None or view not in ("title_zh", "title_en"):
        return ""
    return "、".join(record.aliases_zh) if view == "title_zh" else ", ".join(record.aliases_en)


def _record_views(unit: Unit, records: Records, en_splitter: RecursiveCharacterTextSplitter) -> list[tuple[View, str]]:
    record = records.get(unit.id)
    if record is None:
        return []
    views: list[tuple[View, str]] = []
    rendering = record.rendering_en
    for piece in en_splitter.split_text(rendering) if len(rendering) > RENDERING_CHARS else [rendering]:
        views.append(("en", piece))
    # Aliases are searched by words only (BM25): as embedded lists they cost index time and added
    # little that the titles and questions do not give the dense search.
    views += [("title_zh", record.title_zh), ("title_en", record.title_en)]
    views += [("q_zh" if q.lang == "zh" else "q_en", q.q) for q in record.questions]
    return views


def chunk_corpus(corpus: Corpus, records: Records | None = None) -> list[Chunk]:
    splitter = _splitter()
    agenda = agenda_items(corpus)
    en_splitter = _splitter(RENDERING_CHARS, _EN_SEPARATORS)
    meetings = {m.number: m for m in corpus.meetings}
    chunks: list[Chunk] = []
    for unit in indexed_units(corpus):
        lead_in = ""
        if unit.parent:
            parent = corpus.get(unit.parent)
            lead_in = parent.lead_in if parent else ""
        pieces = splitter.split_text(unit.text) if len(unit.text) > CHUNK_CHARS else [unit.text]
        views: list[tuple[View, str]] = [("zh", f"{lead_in}{piece}" if lead_in else piece) for piece in pieces]
        if records is not None:
            views += _record_views(unit, records, en_splitter)
        for position, (view, text) in enumerate(views):
            chunks.append(
                Chunk(
                    id=f"{unit.id}#{position}",
                    unit_id=unit.id,
                    position=position,
                    text=text,
                    metadata={
                        "unit_id": unit.id,
                        "view": view,
                        "aliases": _aliases(unit, records, view) if records is not None else "",
                        # Searched by words only, with the first chunk: where the unit sits in its document.
                        "context": unit_context(unit, agenda) if position == 0 else "",
                        "meeting": unit.meeting,
                        "year": meetings[unit.meeting].year,
                        "kind": unit.kind,
                        "number": unit.number,
                        "letter": unit.letter or "",
                        "source": unit.source,
                        "section": unit.section,
                        "position": position,
                    },
                )
            )
    for theme in records.themes if records is not None else ():
        for view_text in (f"{theme.en}: {theme.covers}", theme.zh):
            chunks.append(
                Chunk(
                    id=f"{THEME_PREFIX}{theme.key}#{len(chunks)}",
                    unit_id=f"{THEME_PREFIX}{theme.key}",
                    position=0,
                    text=view_text,
                    metadata={"unit_id": f"{THEME_PREFIX}{theme.key}", "view": "theme", "meeting": 0},
                )
            )
    return chunks
