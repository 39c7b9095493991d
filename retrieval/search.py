"""The search service the bot, the CLI, the eval and the benchmark all use.

A question goes: clean -> Simplified Chinese -> exact reference? -> dense (Chroma) + BM25 ->
reciprocal-rank fusion -> chunks folded into units -> `answerable` decided from the signals.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np
from chromadb.api import ClientAPI

from corpus.load import Corpus, load_corpus
from corpus.records import Records, load_records
from corpus.units import Unit, layout_free
from retrieval.answerable import is_chinese, measure
from retrieval.broad import broad_order, broad_rows, softmax_allowed
from retrieval.config import RetrievalSettings
from retrieval.dense import DenseIndex
from retrieval.e5 import E5Embedder
from retrieval.embed import Embedder
from retrieval.engine import Engine, Scored
from retrieval.errors import RetrievalError
from retrieval.features import SIGNAL_FEATURES, query_features, with_signal_pairs
from retrieval.fitted import FittedModels, load_models
from retrieval.fuse import fold_to_units
from retrieval.glossary import load_glossary
from retrieval.index import IndexReport, open_index
from retrieval.intent import is_broad
from retrieval.learn import LinearModel, sigmoid
from retrieval.prepare import Prepared, QueryPreparer
from retrieval.results import Hit, Problem, SearchResult
from retrieval.store import ChunkStore
from retrieval.text import candidate_names, fold

log = logging.getLogger(__name__)
MAX_K = 80  # enough for every item of a broad question


@dataclass(frozen=True)
class Timings:
    model_load_s: float
    index: IndexReport


class SearchService:
    def __init__(
        self,
        corpus: Corpus,
        embedder: Embedder,
        store: ChunkStore,
        timings: Timings,
        records: Records | None = None,
        models: FittedModels | None = None,
    ) -> None:
        self.corpus = corpus
        self.timings = timings
        self._embedder = embedder
        self._store = store
        self._preparer = QueryPreparer(corpus)
        self._glossary = load_glossary()
        self.records = records or load_records()
        # What the documents and their records say: a word found nowhere here is a word they never use.
        self._corpus_folded = (
            fold(layout_free("".join(corpus.sources.values())))
            + "\n"
            + fold(
                "\n".join(
                    " ".join([r.title_zh, *r.aliases_zh, *(q.q for q in r.questions if q.lang == "zh")])
                    for r in self.records.by_id.values()
                )
            )
        )
        candidate_names("预热")  # loads jieba's tagger now rather than on the first question
        self._models = models or load_models()
        chunks = store.all_chunks()
        self._engine = Engine(corpus, self.records, chunks, self._glossary)
        self._vocabulary = self._engine.vocabulary
        # Similar items: the Chinese text's chunks only.
        text_chunks = [c for c in chunks if c.metadata.get("view") == "zh"]
        self._chunk_units = [str(c.metadata["unit_id"]) for c in text_chunks]
        self._dense = DenseIndex(np.vstack([c.embedding for c in text_chunks]))

    @classmethod
    def open(
        cls,
        settings: RetrievalSettings,
        *,
        embedder: Embedder | None = None,
        build: bool = True,
        corpus: Corpus | None = None,
        models: FittedModels | None = None,
        client: ClientAPI | None = None,
    ) -> SearchService:
        """The service over the index that `settings` point at, or the one in `client` (the caller's to close)."""
        corpus = corpus or load_corpus()
        started = time.perf_counter()
        embedder = embedder or E5Embedder(settings.model_threads)
        model_load_s = time.perf_counter() - started
        store, report = open_index(settings, corpus, embedder, client=client, build=build)
        try:
            return cls(corpus, embedder, store, Timings(model_load_s, report), models=models)
        except Exception:
            store.close()
            raise

    def close(self) -> None:
        self._store.close()

    # -- questions ---------------------------------------------------------------------------------

    def search(
        self, query: str, *, meeting: int | None = None, year: int | None = None, theme: str | None = None, k: int = 10
    ) -> SearchResult:
        """`theme` narrows the results to the items of one theme of the taxonomy."""
        if theme is not None and self.records.theme(theme) is None:
            known = tuple(t.key for t in self.records.themes)
            return SearchResult(query, False, (), problem=Problem("unknown_theme", theme=theme, themes=known))
        prepared = self.prepare(query, meeting=meeting, year=year)
        if isinstance(prepared, SearchResult):
            return prepared
        return self._hybrid(query, prepared, max(1, min(k, MAX_K)), theme)

    def prepare(self, query: str, *, meeting: int | None = None, year: int | None = None) -> Prepared | SearchResult:
        """See `QueryPreparer.prepare`."""
        return self._preparer.prepare(query, meeting=meeting, year=year)

    def _hybrid(self, query: str, prepared: Prepared, k: int, theme: str | None = None) -> SearchResult:
        text, meeting = prepared.text, prepared.meeting
        scored = self.score(text, meeting, prepared.named_meeting)
        first = np.where(scored.allowed, self._models.ranker.score(scored.rows), -np.inf)
        probabilities = softmax_allowed(first)
        order = [int(i) for i in np.argsort(-probabilities, kind="stable") if scored.allowed[i]]
        if theme is not None:
            ids = self._engine.table.ids
            keep = set(self.records.of_theme(theme, [ids[i] for i in order]))
            order = [i for i in order if ids[i] in keep]
            if not order:
                problem = Problem("nothing_in_theme", theme=theme)
                return SearchResult(query, False, (), meeting=meeting, problem=problem)
        broad = self.is_broad(text, scored)  # the caller lists every relevant hit, by meeting, not a few
        if broad and self._models.broad_ranker is not None:
            second = np.where(scored.allowed, self._models.broad_ranker.score(self.broad_rows(scored, first)), -np.inf)
            probabilities = softmax_allowed(second)
            kept = set(order)
            order = [i for i in broad_order(first, second) if i in kept]
        chosen = order[:k]
        relevant = None
        if broad and order:
            cut = self._models.broad_share * float(probabilities[order].max())
            # The hits that clear the cut lead the list (the first always counts): a prefix of it.
            relevant = 1 + sum(1 for i in chosen[1:] if probabilities[i] >= cut)
        units = [self.corpus.get(self._engine.table.ids[i]) for i in chosen]
        hits = tuple(Hit(unit, float(probabilities[i])) for unit, i in zip(units, chosen, strict=True) if unit)
        answerable, signals = self._answerable(text, scored, first)
        return SearchResult(query, answerable, hits, meeting=meeting, signals=signals, broad=broad, relevant=relevant)

    def score(self, text: str, meeting: int | None, named_meeting: int | None = None) -> Scored:
        """Every retriever's scores for the question (already cleaned and in Simplified script);
        `named_meeting` is the meeting it names, whether or not it is searched within."""
        try:
            vector = self._embedder.query(text)
        except Exception as error:
            raise RetrievalError(f"the embedding model failed ({type(error).__name__})") from error
        return self._engine.score(text, vector, not is_chinese(text), meeting, named_meeting)

    def broad_rows(self, scored: Scored, first_scores: np.ndarray) -> np.ndarray:
        """The units' rows for a broad question's second ranking, given the first ranking's scores."""
        return broad_rows(scored.rows, first_scores, self._engine.unit_vectors, self._engine.table.themes)

    def query_row(
        self, text: str, scored: Scored, ranker: LinearModel | None = None, scores: np.ndarray | None = None
    ) -> np.ndarray:
        """The question's row for the abstention classifier, given how `ranker` orders the units:
        its signals, then its embedding."""
        if scores is None:  # `scores`: the ranker's, when the caller has them already
            scores = np.where(scored.allowed, (ranker or self._models.ranker).score(scored.rows), -np.inf)
        top = np.argsort(-scores, kind="stable")[:3]
        top_texts = [unit.text for unit in (self.corpus.get(self._engine.table.ids[i]) for i in top) if unit]
        signals = measure(
            text,
            float(scored.signals.dense["zh"].max()),
            top_texts,
            self._corpus_folded,
            self._vocabulary,
            self._glossary,
            scored.terms,
        )
        missing = self._engine.missing(list(signals.asked), int(top[0]), scored.signals.english)
        row = query_features(
            scores,
            scored.rows,
            scored.signals,
            scored.lexical_top_raw,
            signals.coverage,
            signals.understood,
            len(signals.unknown_names),
            signals.missing_answer_type,
            len(signals.unknown_words),
            len(signals.asked),
            missing,
            self._engine.speaks_of_other_meeting([int(i) for i in top], scored.signals.named_meeting),
        )
        return np.concatenate([row, scored.vector])

    def _answerable(self, text: str, scored: Scored, scores: np.ndarray) -> tuple[bool, dict[str, float]]:
        row = self._models.memory.extend(self.query_row(text, scored, scores=scores))
        p_answerable = float(sigmoid(self._models.abstainer.score(with_signal_pairs(row)))[0])
        signals = {name: round(float(v), 4) for name, v in zip(SIGNAL_FEATURES, row[0], strict=False)}
        signals["p_answerable"] = round(p_answerable, 4)
        # A question about a meeting none of its best units is of or speaks of asks what the documents
        # do not hold (of the meetings' own proceedings, they keep only the 2020 report's).
        about_another_meeting = signals["other_meeting"] > 0
        return p_answerable >= self._models.threshold and not about_another_meeting, signals

    def is_broad(self, text: str, scored: Scored, model: LinearModel | None = None) -> bool:
        """Everything on a topic, rather than one item: by its wording, or by the fitted detector."""
        wording = is_broad(text)
        model = model or self._models.broad
        if wording or model is None:
            return wording
        row = np.concatenate([[float(wording)], scored.vector])[None, :]
        return bool(sigmoid(model.score(row))[0] >= 0.5)

    @property
    def unit_ids(self) -> tuple[str, ...]:
        """The ranked units, in the row order of `Scored.rows`."""
        return self._engine.table.ids

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
        ranked = [
            (uid, s)
            for uid, s in fold_to_units((self._chunk_units[i], sim) for i, sim in self._dense.search(centroid))
            if uid not in family
        ]
        return [Hit(u, s) for u, s in ((self.corpus.get(uid), s) for uid, s in ranked[:k]) if u is not None]
