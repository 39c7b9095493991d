"""A fake of `retrieval.search.SearchService` with the same shape: real reference parsing,
character-bigram overlap instead of the model, and a switch that makes the store fail."""

from __future__ import annotations

import itertools
import re
import threading

from corpus.load import Corpus
from corpus.records import load_records
from corpus.units import Unit
from corpus.zh import IDEOGRAPHS, is_ideograph
from retrieval.errors import StoreUnavailable
from retrieval.refs import parse_reference
from retrieval.resolve import resolve
from retrieval.results import Hit, Problem, SearchResult

_WORDS = re.compile(f"[{IDEOGRAPHS}A-Za-z0-9]")
ANSWERABLE_AT = 4  # shared bigrams the best unit needs for the question to count as answered


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if is_ideograph(c)]
    return {a + b for a, b in itertools.pairwise(chars)}


class FakeSearch:
    def __init__(self, corpus: Corpus, *, fail: bool = False) -> None:
        self.corpus = corpus
        self.records = load_records()
        self.fail = fail
        self.closed = False
        self.queries: list[str] = []
        self.threads: set[int] = set()  # where the calls ran: never the event loop's thread

    def _enter(self, query: str) -> None:
        self.queries.append(query)
        self.threads.add(threading.get_ident())
        if self.fail:
            raise StoreUnavailable("the Chroma server does not answer (fake)")

    def search(self, query: str, *, meeting: int | None = None, theme: str | None = None, k: int = 10) -> SearchResult:
        self._enter(query)
        if not query.strip():
            return SearchResult(query, False, (), problem=Problem("empty"))
        if not _WORDS.search(query):
            return SearchResult(query, False, (), problem=Problem("no_words"))
        parsed, _ = parse_reference(query)
        outcome = resolve(parsed, self.corpus) if parsed else None
        if outcome is not None:
            units = [u for u in (self.corpus.get(i) for i in outcome.ids) if u is not None]
            return SearchResult(
                query, outcome.resolved, tuple(Hit(u, 1.0) for u in units), reference=outcome, meeting=outcome.meeting
            )
        ranked = self._rank(_bigrams(query), exclude=set())
        if theme is not None:
            keep = set(self.records.of_theme(theme, [u.id for u, _ in ranked]))
            ranked = [(u, s) for u, s in ranked if u.id in keep]
        hits = tuple(Hit(u, float(score)) for u, score in ranked[:k])
        return SearchResult(query, bool(hits) and hits[0].score >= ANSWERABLE_AT, hits, meeting=meeting)

    def _rank(self, grams: set[str], exclude: set[str]) -> list[tuple[Unit, int]]:
        scored = [(u, len(grams & _bigrams(u.text))) for u in self.corpus.units if u.id not in exclude]
        return sorted([(u, s) for u, s in scored if s > 0], key=lambda pair: -pair[1])

    def similar(self, unit_id: str, *, k: int = 5) -> list[Hit]:
        self._enter(unit_id)
        unit = self.corpus.get(unit_id)
        if unit is None:
            return []
        family = {unit.id, *unit.children, *([unit.parent] if unit.parent else [])}
        return [Hit(u, float(s)) for u, s in self._rank(_bigrams(unit.text), family)[:k]]

    def close(self) -> None:
        self.closed = True
