"""A question made ready for search: cleaned, in Simplified script, with its meeting filter; or
answered already when it needs no search (a reference such as 3.12, an empty or impossible question).

Pure and quick (no model, no store), so the bot can answer references without queueing for search.
"""

from __future__ import annotations

from dataclasses import dataclass

from opencc import OpenCC

from corpus.load import Corpus
from retrieval.intent import question_intent
from retrieval.refs import parse_reference
from retrieval.resolve import resolve
from retrieval.results import Hit, Problem, ProblemKind, SearchResult
from retrieval.text import clean_query, content_length

MAX_QUERY_CHARS = 1000  # longer input is cut: e5 reads 512 tokens at most anyway


@dataclass(frozen=True)
class Prepared:
    text: str  # cleaned, Simplified, a named meeting taken out
    meeting: int | None
    named_meeting: int | None = None  # the meeting the question names, filtered on or not


class QueryPreparer:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._to_simplified = OpenCC("t2s")

    def prepare(self, query: str, *, meeting: int | None = None, year: int | None = None) -> Prepared | SearchResult:
        """The question cleaned, in Simplified script, with its meeting filter; or the answer itself
        when it needs no search (a reference, an empty or impossible question)."""
        if not isinstance(query, str):
            return SearchResult(str(query), False, (), problem=Problem("not_text"))
        text = clean_query(query)[:MAX_QUERY_CHARS]
        if not text:
            return SearchResult(query, False, (), problem=Problem("empty"))
        if content_length(text) == 0:
            return SearchResult(query, False, (), problem=Problem("no_words"))
        text = self._to_simplified.convert(text)
        if year is not None:
            meeting = self.corpus.meeting_in_year(year)
            if meeting is None:
                return SearchResult(query, False, (), problem=Problem("no_meeting_in_year", year=year))
        if meeting is not None:
            known = self.corpus.meeting(meeting)
            if known is None or not known.in_corpus:
                kind: ProblemKind = "unknown_meeting" if known is None else "meeting_not_in_corpus"
                return SearchResult(query, False, (), meeting=meeting, problem=Problem(kind, meeting=meeting))

        parsed, _leftover = parse_reference(text)
        if parsed is not None:
            outcome = resolve(parsed, self.corpus)
            if outcome is not None:
                units = [u for u in (self.corpus.get(uid) for uid in outcome.ids) if u is not None]
                hits = tuple(Hit(unit, 1.0) for unit in units)
                return SearchResult(query, outcome.resolved, hits, reference=outcome, meeting=outcome.meeting)
            # A meeting named without an item: search the rest of the question within that meeting
            # (unless the question is about the meetings themselves: their dates are in 7.p1).
            named = parsed.meeting
            if named is None and parsed.year is not None:
                named = self.corpus.meeting_in_year(parsed.year)
            if parsed.spans:  # several meetings asked about: none is the one to search within
                return Prepared(parsed.remainder if content_length(parsed.remainder) else text, meeting, meeting)
            if meeting is None and question_intent(text) != "discussion":
                meeting = named
            if content_length(parsed.remainder) > 0:
                text = parsed.remainder
            return Prepared(text, meeting, named if named is not None else meeting)
        return Prepared(text, meeting, meeting)
