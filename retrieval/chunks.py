"""Units -> chunks for the index. Pure: a unit that fits is one chunk; a long one is split at
Chinese sentence ends with overlap. Every chunk carries its unit id, so hits fold back into units."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from corpus.load import Corpus
from corpus.units import Unit

CHUNK_CHARS = 200  # ~55 model tokens of Chinese: one idea per chunk, far below e5's 512
CHUNK_OVERLAP = 50
_SEPARATORS = ["\n", "。", "；", "，", ""]


@dataclass(frozen=True)
class Chunk:
    id: str  # `3.12#0`
    unit_id: str
    position: int
    text: str  # what is embedded and tokenised: a sub-item is prefixed by its parent's lead-in
    metadata: dict[str, str | int]


def _splitter() -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_CHARS,
        chunk_overlap=CHUNK_OVERLAP,
        separators=_SEPARATORS,
        keep_separator="end",
        strip_whitespace=True,
    )


def indexed_units(corpus: Corpus) -> list[Unit]:
    """The units that get chunks: every unit but parents, whose sub-items carry their text."""
    return [unit for unit in corpus.units if not unit.children]


def chunk_corpus(corpus: Corpus) -> list[Chunk]:
    splitter = _splitter()
    meetings = {m.number: m for m in corpus.meetings}
    chunks: list[Chunk] = []
    for unit in indexed_units(corpus):
        lead_in = ""
        if unit.parent:
            parent = corpus.get(unit.parent)
            lead_in = parent.lead_in if parent else ""
        pieces = splitter.split_text(unit.text) if len(unit.text) > CHUNK_CHARS else [unit.text]
        for position, piece in enumerate(pieces):
            chunks.append(Chunk(
                id=f"{unit.id}#{position}",
                unit_id=unit.id,
                position=position,
                text=f"{lead_in}{piece}" if lead_in else piece,
                metadata={
                    "unit_id": unit.id,
                    "meeting": unit.meeting,
                    "year": meetings[unit.meeting].year,
                    "kind": unit.kind,
                    "number": unit.number,
                    "letter": unit.letter or "",
                    "source": unit.source,
                    "section": unit.section,
                    "position": position,
                },
            ))
    return chunks
