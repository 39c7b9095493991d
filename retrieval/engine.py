"""Every retriever's scores for a question, over every indexed unit: the input of the ranker.

Built once from the chunks read back from the store (the store stays the single source of truth):
dense cosine per view group (Chinese text, English rendering, titles, sample questions), BM25 per
field (Chinese text; Chinese titles, aliases and questions; English rendering; English titles,
aliases and questions), the themes' similarity, and the 2020 meeting's facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from corpus.context import meetings_spoken_of
from corpus.load import Corpus
from corpus.records import Records
from retrieval.chunks import THEME_PREFIX
from retrieval.dense import DenseIndex
from retrieval.entities import GIVES_COUNT, GIVES_DATE, EntityIndex, asked_fact_types
from retrieval.features import DENSE_GROUPS, LEXICAL_FIELDS, QuerySignals, UnitTable, unit_features
from retrieval.glossary import Glossary
from retrieval.intent import question_intent
from retrieval.lexical import LexicalIndex
from retrieval.store import StoredChunk
from retrieval.text import fold, strip_question_frame, tokens

_NAMES_2020 = re.compile(r"2020|第七次|第7次|\b(?:7th|seventh)\b", re.I)
_GROUP_OF_VIEW = {"zh": "zh", "en": "en", "title_zh": "title", "title_en": "title", "q_zh": "q", "q_en": "q"}
_FIELD_OF_VIEW = {
    "zh": "zh_text",
    "title_zh": "zh_meta",
    "q_zh": "zh_meta",
    "en": "en_text",
    "title_en": "en_meta",
    "q_en": "en_meta",
}


@dataclass(frozen=True)
class Scored:
    """One question's unit rows, ready for the ranker, and what the abstention signals need."""

    rows: np.ndarray  # units x features
    allowed: np.ndarray  # units inside the meeting filter
    signals: QuerySignals
    lexical_top_raw: float  # the best raw BM25 score over the Chinese text
    terms: list[str]  # the glossary's Chinese terms added for an English question
    vector: np.ndarray  # the question's embedding


class Engine:
    def __init__(self, corpus: Corpus, records: Records, chunks: list[StoredChunk], glossary: Glossary) -> None:
        unit_chunks = [c for c in chunks if not str(c.metadata["unit_id"]).startswith(THEME_PREFIX)]
        theme_chunks = [c for c in chunks if str(c.metadata["unit_id"]).startswith(THEME_PREFIX)]
        stored = {str(c.metadata["unit_id"]) for c in unit_chunks}
        ids = [u.id for u in corpus.units if u.id in stored]  # the corpus's order
        self._position = {uid: i for i, uid in enumerate(ids)}
        units = [corpus.get(uid) for uid in ids]
        theme_keys = [t.key for t in records.themes]
        membership = np.zeros((len(ids), len(theme_keys)))
        for i, uid in enumerate(ids):
            record = records.get(uid)
            for key in record.themes if record else ():
                membership[i, theme_keys.index(key)] = 1.0
        self.table = UnitTable(
            ids=tuple(ids),
            is_paragraph=np.array([float(u is not None and u.is_paragraph) for u in units]),
            is_subitem=np.array([float(u is not None and u.kind == "sub-item") for u in units]),
            themes=membership,
            meetings=np.array([u.meeting if u else 0 for u in units]),
            gives_count=np.array([float(u is not None and bool(GIVES_COUNT.search(u.text))) for u in units]),
            gives_date=np.array([float(u is not None and bool(GIVES_DATE.search(u.text))) for u in units]),
            mentions=tuple(meetings_spoken_of(u, corpus) if u else frozenset() for u in units),
        )
        self._glossary = glossary
        self._dense = DenseIndex(np.vstack([c.embedding for c in unit_chunks + theme_chunks]))
        self._unit_rows = np.array([self._position[str(c.metadata["unit_id"])] for c in unit_chunks])
        views = [str(c.metadata.get("view", "zh")) for c in unit_chunks]
        self._group_masks = {g: np.array([_GROUP_OF_VIEW.get(v) == g for v in views]) for g in DENSE_GROUPS}
        self._theme_rows = np.arange(len(unit_chunks), len(unit_chunks) + len(theme_chunks))
        # A unit's place in the embedding space: its Chinese text's chunks, averaged.
        text_rows = np.flatnonzero(np.array([v == "zh" for v in views]))
        sums = np.zeros((len(ids), self._dense.vector(0).shape[0]))
        np.add.at(sums, self._unit_rows[text_rows], np.vstack([self._dense.vector(int(r)) for r in text_rows]))
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        self.unit_vectors = sums / np.where(norms > 0, norms, 1.0)
        self._theme_of_chunk = [theme_keys.index(str(c.metadata["unit_id"])[len(THEME_PREFIX) :]) for c in theme_chunks]
        # One BM25 document per unit and field, except the Chinese text, which is searched per chunk.
        self._zh_chunks = [c for c, v in zip(unit_chunks, views, strict=True) if v == "zh"]
        self.zh_text = LexicalIndex([c.text for c in self._zh_chunks])
        self._zh_chunk_rows = np.array([self._position[str(c.metadata["unit_id"])] for c in self._zh_chunks])
        per_field: dict[str, list[list[str]]] = {f: [[] for _ in ids] for f in LEXICAL_FIELDS if f != "zh_text"}
        for chunk, view in zip(unit_chunks, views, strict=True):
            field = _FIELD_OF_VIEW.get(view)
            if field and field != "zh_text":
                doc = per_field[field][self._position[str(chunk.metadata["unit_id"])]]
                doc += [chunk.text, str(chunk.metadata.get("aliases", ""))]
            if chunk.metadata.get("context"):
                per_field["context"][self._position[str(chunk.metadata["unit_id"])]].append(
                    str(chunk.metadata["context"])
                )
        self._fields = {f: LexicalIndex(["\n".join(texts) for texts in docs]) for f, docs in per_field.items()}
        self.entities = EntityIndex(records, {uid: u.text for uid, u in zip(ids, units, strict=True) if u})
        # Everything each unit says, in any view: a rare word of the question that its best unit never
        # uses suggests the question asks for something that unit does not hold.
        everything = ["" for _ in ids]
        for chunk in unit_chunks:
            row = self._position[str(chunk.metadata["unit_id"])]
            everything[row] += "\n".join(
                [chunk.text, str(chunk.metadata.get("aliases", "")), str(chunk.metadata.get("context", ""))]
            )
        self._everything = [fold(text) for text in everything]
        self._stems = [frozenset(tokens(text)) for text in everything]

    def missing(self, words: list[str], row: int, english: bool) -> tuple[float, float]:
        """(share of the words' weight, largest weight) of the question's words that unit `row` never
        uses, each word weighted by its rarity across units (log(N / units using it))."""
        if not words:
            return 0.0, 0.0
        n = len(self._everything)
        total = missing = largest = 0.0
        where = self._stems if english else self._everything  # stems for English, text for Chinese
        for word in words:
            used = [word in found for found in where]
            weight = float(np.log((n + 1) / (1 + sum(used))))
            total += weight
            if not used[row]:
                missing += weight
                largest = max(largest, weight)
        return (missing / total if total else 0.0), largest

    def speaks_of_other_meeting(self, rows: list[int], named_meeting: int | None) -> bool:
        """The question names a meeting that none of units `rows` is of or speaks of."""
        return named_meeting is not None and all(named_meeting not in self.table.mentions[r] for r in rows)

    @property
    def vocabulary(self) -> set[str]:
        return self.zh_text.vocabulary | set().union(*(f.vocabulary for f in self._fields.values()))

    def vector(self, chunk_row: int) -> np.ndarray:
        return self._dense.vector(chunk_row)

    def score(
        self, text: str, vector: np.ndarray, english: bool, meeting: int | None, named_meeting: int | None = None
    ) -> Scored:
        n = len(self.table.ids)
        sims = self._dense.similarities(vector)
        unit_sims = sims[: len(self._unit_rows)]
        dense = {}
        for group, mask in self._group_masks.items():
            best = np.full(n, -1.0)
            np.maximum.at(best, self._unit_rows[mask], unit_sims[mask])
            floor = best[best > -1.0].min() if (best > -1.0).any() else 0.0
            dense[group] = np.where(best > -1.0, best, floor)  # a unit without this view: the group's floor
        theme_sims = np.full(self.table.themes.shape[1], -1.0)
        np.maximum.at(theme_sims, np.array(self._theme_of_chunk, dtype=int), sims[self._theme_rows])

        terms = self._glossary.chinese_terms(text) if english else []
        query_tokens = tokens(strip_question_frame(" ".join([text, *terms])))
        lexical: dict[str, np.ndarray] = {}
        chunk_scores = self.zh_text.scores(query_tokens)
        zh_best = np.zeros(n)
        np.maximum.at(zh_best, self._zh_chunk_rows, chunk_scores)
        lexical["zh_text"] = zh_best
        for field, index in self._fields.items():
            lexical[field] = index.scores(query_tokens)

        match = self.entities.match(text)
        names = np.array([match.names.get(uid, 0.0) for uid in self.table.ids])
        types = np.array([match.types.get(uid, 0.0) for uid in self.table.ids])
        asked = asked_fact_types(text)
        signals = QuerySignals(
            dense,
            lexical,
            theme_sims,
            english,
            question_intent(text),
            names,
            types,
            bool(asked),
            "number" in asked,
            "date" in asked,
            named_meeting,
            7 in (meeting, named_meeting) or bool(_NAMES_2020.search(text)),
        )
        allowed = self.table.meetings == meeting if meeting is not None else np.ones(n, dtype=bool)
        return Scored(
            unit_features(self.table, signals),
            allowed,
            signals,
            float(zh_best.max(initial=0.0)),
            terms,
            np.asarray(vector, dtype=np.float64),
        )
