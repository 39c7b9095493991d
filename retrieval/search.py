"""The search service the bot, the CLI, the eval and the benchmark all use.

A question goes: clean -> Simplified Chinese -> exact reference? -> dense (Chroma) + BM25 ->
reciprocal-rank fusion -> chunks folded into units -> `answerable` decided from the signals.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np
from opencc import OpenCC

from corpus.load import Corpus, load_corpus
from corpus.units import Unit, layout_free
from retrieval.answerable import decide_answerable, measure
from retrieval.config import RetrievalSettings
from retrieval.dense import DenseIndex
from retrieval.embed import E5Embedder, Embedder
from retrieval.errors import RetrievalError
from retrieval.fuse import fold_to_units, reciprocal_rank_fusion
from retrieval.glossary import load_glossary
from retrieval.index import IndexReport, open_index
from retrieval.intent import KIND_WEIGHT, question_intent
from retrieval.lexical import LexicalIndex
from retrieval.refs import parse_reference, resolve
from retrieval.results import Hit, SearchResult
from retrieval.store import ChunkStore
from retrieval.text import candidate_names, clean_query, content_length, fold, strip_question_frame, tokens

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 1000  # longer input is cut: e5 reads 512 tokens at most anyway
MAX_K = 50
# BM25 is the more precise list on this corpus (dev R@1 0.81 vs 0.60 dense): it leads when the two disagree.
LEXICAL_WEIGHT = 1.2


@dataclass(frozen=True)
class Timings:
    model_load_s: float
    index: IndexReport


class SearchService:
    def __init__(self, corpus: Corpus, embedder: Embedder, store: ChunkStore, timings: Timings) -> None:
        self.corpus = corpus
        self.timings = timings
        self._embedder = embedder
        self._store = store
        self._to_simplified = OpenCC("t2s")
        self._glossary = load_glossary()
        self._corpus_folded = fold(layout_free("".join(corpus.sources.values())))
        candidate_names("预热")  # loads jieba's tagger now rather than on the first question
        chunks = store.all_chunks()
        self._chunk_units = [str(c.metadata["unit_id"]) for c in chunks]
        self._chunk_meetings = np.array([int(c.metadata["meeting"]) for c in chunks])
        self._dense = DenseIndex(np.vstack([c.embedding for c in chunks]))
        self._lexical = LexicalIndex([c.text for c in chunks])
        self._vocabulary = self._lexical.vocabulary

    @classmethod
    def open(cls, settings: RetrievalSettings, *, embedder: Embedder | None = None, build: bool = True,
             corpus: Corpus | None = None) -> SearchService:
        corpus = corpus or load_corpus()
        started = time.perf_counter()
        embedder = embedder or E5Embedder(settings.embed_threads)
        model_load_s = time.perf_counter() - started
        store, report = open_index(settings, corpus, embedder, build=build)
        return cls(corpus, embedder, store, Timings(model_load_s, report))

    def close(self) -> None:
        self._store.close()

    # -- questions ---------------------------------------------------------------------------------

    def search(self, query: str, *, meeting: int | None = None, year: int | None = None,
               k: int = 10) -> SearchResult:
        if not isinstance(query, str):
            return SearchResult(str(query), False, (), problem="the question must be text")
        text = clean_query(query)[:MAX_QUERY_CHARS]
        if not text:
            return SearchResult(query, False, (), problem="the question is empty")
        if content_length(text) == 0:
            return SearchResult(query, False, (), problem="the question has no words to search for")
        k = max(1, min(k, MAX_K))
        text = self._to_simplified.convert(text)
        if year is not None:
            meeting = self.corpus.meeting_in_year(year)
            if meeting is None:
                return SearchResult(query, False, (), problem=f"the Working Group held no meeting in {year}")
        if meeting is not None:
            known = self.corpus.meeting(meeting)
            if known is None or not known.in_corpus:
                return SearchResult(query, False, (), meeting=meeting,
                                    problem=f"meeting {meeting}'s recommendations are not in these documents")

        parsed, _leftover = parse_reference(text)
        if parsed is not None:
            outcome = resolve(parsed, self.corpus)
            if outcome is not None:
                units = [u for u in (self.corpus.get(uid) for uid in outcome.ids) if u is not None]
                hits = tuple(Hit(unit, 1.0) for unit in units)
                return SearchResult(query, outcome.resolved, hits, reference=outcome, meeting=outcome.meeting)
            # A meeting named without an item: search the rest of the question within that meeting
            # (unless the question is about the meetings themselves: their dates are in 7.p1).
            if meeting is None and question_intent(text) != "discussion":
                meeting = parsed.meeting
                if meeting is None and parsed.year is not None:
                    meeting = self.corpus.meeting_in_year(parsed.year)
            if content_length(parsed.remainder) > 0:
                text = parsed.remainder
        return self._hybrid(query, text, meeting, k)

    def _hybrid(self, query: str, text: str, meeting: int | None, k: int) -> SearchResult:
        try:
            vector = self._embedder.query(text)
        except Exception as error:
            raise RetrievalError(f"the embedding model failed ({type(error).__name__})") from error
        allowed = self._chunk_meetings == meeting if meeting is not None else None
        dense = fold_to_units((self._chunk_units[i], sim) for i, sim in self._dense.search(vector, allowed))

        # English words get the field's Chinese terms, so BM25 can match the Chinese-only text.
        terms = self._glossary.chinese_terms(text)
        query_tokens = tokens(strip_question_frame(" ".join([text, *terms])))
        lexical_hits = self._lexical.search(query_tokens, allowed)
        lexical = fold_to_units((self._chunk_units[h.chunk_index], h.score) for h in lexical_hits)

        fused = reciprocal_rank_fusion([[u for u, _ in dense], [u for u, _ in lexical]], [1.0, LEXICAL_WEIGHT])
        weights = KIND_WEIGHT[question_intent(text)]
        weighted = sorted(
            ((unit, score * weights[unit.is_paragraph]) for unit, score in
             ((self.corpus.get(uid), score) for uid, score in fused) if unit is not None),
            key=lambda pair: -pair[1],
        )
        hits = tuple(Hit(unit, score) for unit, score in weighted[:k])

        signals = measure(text, dense[0][1] if dense else 0.0, [h.unit.text for h in hits[:3]],
                          self._corpus_folded, self._vocabulary, self._glossary, terms)
        answerable = decide_answerable(signals)
        return SearchResult(query, answerable, hits, meeting=meeting, signals=signals.as_dict())

    # -- browsing ----------------------------------------------------------------------------------

    def get(self, unit_id: str) -> Unit | None:
        return self.corpus.get(unit_id)

    def similar(self, unit_id: str, *, k: int = 5) -> list[Hit]:
        """Units close to this one, across meetings (its own family excluded)."""
        unit = self.corpus.get(unit_id)
        if unit is None:
            return []
        parent = self.corpus.get(unit.parent) if unit.parent else unit
        family = {unit.id, parent.id if parent else unit.id, *(parent.children if parent else unit.children)}
        own = [i for i, uid in enumerate(self._chunk_units) if uid in family]
        if not own:
            return []
        centroid = np.mean([self._dense.vector(i) for i in own], axis=0)
        ranked = [(uid, s) for uid, s in fold_to_units(
            (self._chunk_units[i], sim) for i, sim in self._dense.search(centroid)) if uid not in family]
        return [Hit(u, s) for u, s in ((self.corpus.get(uid), s) for uid, s in ranked[:k]) if u is not None]
