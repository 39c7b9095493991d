"""The command line's readable lines, made from the typed outcomes (no prose travels in a result)."""

from corpus.load import load_corpus
from retrieval.describe import describe_problem, describe_unresolved, format_result
from retrieval.refs import parse_reference
from retrieval.resolve import resolve
from retrieval.results import (
    Hit,
    NoMeetingInYear,
    NoSuchSubItem,
    NumberSpan,
    Problem,
    ReferenceOutcome,
    SearchResult,
    UnknownMeeting,
)

CORPUS = load_corpus()


def _searched(typed: str) -> SearchResult:
    parsed, _ = parse_reference(typed)
    assert parsed is not None
    outcome = resolve(parsed, CORPUS)
    assert outcome is not None
    hits = tuple(Hit(u, 1.0) for u in (CORPUS.get(i) for i in outcome.ids) if u is not None)
    return SearchResult(typed, outcome.resolved, hits, outcome)


def test_a_missing_item_names_the_numbers_that_exist() -> None:
    text = format_result(_searched("3.99"))
    assert text.startswith("No such item.") and "Meeting 3" in text and "1-41" in text


def test_an_ambiguous_number_lists_its_candidates() -> None:
    text = format_result(_searched("建议14"))
    assert "1.14, 2.14, 3.14, 4.14, 7.14" in text.splitlines()[0] and "[7.14]" in text


def test_each_reason_is_worded_from_its_data() -> None:
    assert "(a), (b)" in describe_unresolved(NoSuchSubItem(5, 2, "z", ("a", "b")))
    assert "no lettered sub-items" in describe_unresolved(NoSuchSubItem(3, 12, "a", ()))
    assert "1-5 and 7" in describe_unresolved(UnknownMeeting(8, (1, 2, 3, 4, 5, 7)))
    assert "2012 (1), 2013 (2)" in describe_unresolved(NoMeetingInYear(2016, ((1, 2012), (2, 2013))))


def test_a_problem_is_worded_with_its_filter_value() -> None:
    assert format_result(SearchResult("", False, (), problem=Problem("empty"))) == "(the question is empty)"
    assert "2016" in describe_problem(Problem("no_meeting_in_year", year=2016))
    unknown = describe_problem(Problem("unknown_theme", theme="weather", themes=("sea", "return")))
    assert "weather" in unknown and "sea, return" in unknown


def test_problem_json_carries_only_the_data_it_has() -> None:
    assert Problem("empty").to_json() == {"kind": "empty"}
    assert Problem("meeting_not_in_corpus", meeting=6).to_json() == {"kind": "meeting_not_in_corpus", "meeting": 6}
    span = ReferenceOutcome("found", ("3.12",), 3, 12).to_json()
    assert span["why"] is None and span["ids"] == ["3.12"]
    assert NumberSpan.of([]) is None and NumberSpan.of([3, 1, 2]) == NumberSpan(1, 3)
