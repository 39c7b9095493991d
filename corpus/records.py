"""The curated record of every unit: titles, an unofficial English rendering, themes, search aliases,
sample questions and (for the 2020 report's paragraphs) the facts they hold.

The records are data (`data/records.jsonl`, `data/themes.json`), written from each unit's text alone
and reviewed like code. Nothing here is quoted as source text: quotes always come from `Unit.text`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

DATA_DIR = Path(__file__).parent / "data"
RECORDS_FILE = "records.jsonl"
THEMES_FILE = "themes.json"

RenderingKind = Literal["full", "gist"]
EntityType = Literal[
    "person", "role", "state", "organisation", "number", "date", "place", "agenda_item", "document", "format"
]
ENTITY_TYPES: frozenset[str] = frozenset(EntityType.__args__)  # type: ignore[attr-defined]


class RecordError(ValueError):
    """A record line that does not have the shape every record must have."""


@dataclass(frozen=True)
class Theme:
    key: str
    en: str
    zh: str
    covers: str


@dataclass(frozen=True)
class Entity:
    zh: str  # as the unit's text writes it (a substring of it)
    en: str
    type: EntityType


@dataclass(frozen=True)
class SampleQuestion:
    q: str
    lang: Literal["zh", "en"]


@dataclass(frozen=True)
class Record:
    id: str
    title_zh: str
    title_en: str
    rendering_en: str  # unofficial: never shown as the UN's text
    rendering_kind: RenderingKind
    themes: tuple[str, ...]
    aliases_zh: tuple[str, ...]
    aliases_en: tuple[str, ...]
    questions: tuple[SampleQuestion, ...]
    entities: tuple[Entity, ...] = ()


def _text(row: dict[str, object], key: str, where: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"{where}: '{key}' must be non-empty text")
    return value.strip()


def _texts(row: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    value = row.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise RecordError(f"{where}: '{key}' must be a non-empty list of texts")
    return tuple(dict.fromkeys(v.strip() for v in value))


def parse_record(row: dict[str, object], themes: set[str], where: str = "record") -> Record:
    unit_id = _text(row, "id", where)
    where = f"{where} ({unit_id})"
    kind = _text(row, "rendering_kind", where)
    if kind not in ("full", "gist"):
        raise RecordError(f"{where}: rendering_kind must be 'full' or 'gist', not {kind!r}")
    record_themes = _texts(row, "themes", where)
    unknown = [t for t in record_themes if t not in themes]
    if unknown:
        raise RecordError(f"{where}: themes not in the taxonomy: {unknown}")
    raw_questions = row.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise RecordError(f"{where}: 'questions' must be a non-empty list")
    questions = []
    for item in raw_questions:
        if not isinstance(item, dict) or item.get("lang") not in ("zh", "en"):
            raise RecordError(f"{where}: a question must be {{'q': text, 'lang': 'zh'|'en'}}")
        questions.append(SampleQuestion(_text(item, "q", where), item["lang"]))
    entities = []
    raw_entities = row.get("entities") or []
    if not isinstance(raw_entities, list):
        raise RecordError(f"{where}: 'entities' must be a list")
    for item in raw_entities:
        if not isinstance(item, dict) or item.get("type") not in ENTITY_TYPES:
            raise RecordError(f"{where}: an entity must be {{'zh', 'en', 'type'}} with a known type: {item!r}")
        entities.append(Entity(_text(item, "zh", where), _text(item, "en", where), item["type"]))
    return Record(
        id=unit_id,
        title_zh=_text(row, "title_zh", where),
        title_en=_text(row, "title_en", where),
        rendering_en=_text(row, "rendering_en", where),
        rendering_kind=kind,  # type: ignore[arg-type]
        themes=record_themes,
        aliases_zh=_texts(row, "aliases_zh", where),
        aliases_en=_texts(row, "aliases_en", where),
        questions=tuple(questions),
        entities=tuple(entities),
    )


def parse_themes(text: str) -> tuple[Theme, ...]:
    rows = json.loads(text)
    themes = tuple(Theme(str(r["key"]), str(r["en"]), str(r["zh"]), str(r["covers"])) for r in rows)
    if len({t.key for t in themes}) != len(themes):
        raise RecordError("theme keys must be unique")
    return themes


def parse_records(lines: list[str], themes: set[str]) -> dict[str, Record]:
    records: dict[str, Record] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise RecordError(f"{RECORDS_FILE}, line {number}: not JSON ({error})") from error
        record = parse_record(row, themes, f"{RECORDS_FILE}, line {number}")
        if record.id in records:
            raise RecordError(f"{RECORDS_FILE}, line {number}: a second record for {record.id}")
        records[record.id] = record
    return records


@dataclass(frozen=True)
class Records:
    themes: tuple[Theme, ...]
    by_id: dict[str, Record]

    def get(self, unit_id: str) -> Record | None:
        return self.by_id.get(unit_id)

    def theme(self, key: str) -> Theme | None:
        return next((t for t in self.themes if t.key == key), None)

    def of_theme(self, key: str, unit_ids: list[str]) -> list[str]:
        """The given units (in their order) whose record has the theme."""
        return [uid for uid in unit_ids if (r := self.by_id.get(uid)) is not None and key in r.themes]


def theme_counts(records: Records, units: list[tuple[str, int]]) -> dict[str, dict[int, int]]:
    """Theme key -> meeting -> how many of the (unit id, meeting) pairs have that theme."""
    counts: dict[str, dict[int, int]] = {t.key: {} for t in records.themes}
    for unit_id, meeting in units:
        record = records.by_id.get(unit_id)
        for key in record.themes if record else ():
            counts[key][meeting] = counts[key].get(meeting, 0) + 1
    return counts


@cache
def load_records(data_dir: Path = DATA_DIR) -> Records:
    themes = parse_themes((data_dir / THEMES_FILE).read_text(encoding="utf-8"))
    lines = (data_dir / RECORDS_FILE).read_text(encoding="utf-8").splitlines()
    return Records(themes, parse_records(lines, {t.key for t in themes}))
