"""Each reason a reference resolves to nothing is worded from its own data, in both languages."""

from __future__ import annotations

import pytest

from bot import explain
from prompts import texts
from retrieval.results import (
    MeetingNotInCorpus,
    NoMeetingHasNumber,
    NoMeetingInYear,
    NoSuchParagraph,
    NoSuchRecommendation,
    NoSuchSubItem,
    NumberSpan,
    ParagraphsOnlyInReport,
    UnknownMeeting,
    Unresolved,
)

REASONS: list[tuple[Unresolved, tuple[str, ...]]] = [
    (NoMeetingInYear(2016, ((1, 2012), (3, 2015))), ("2016", "2012", "2015")),
    (UnknownMeeting(8, (1, 2, 3, 4, 5, 7)), ()),
    (MeetingNotInCorpus(6, 2019), ("2019",)),
    (NoMeetingHasNumber(99, "b"), ("99(b)",)),
    (ParagraphsOnlyInReport(3, 7, 2020, NumberSpan(1, 34)), ("2020", "1", "34")),
    (NoSuchParagraph(40, 7, 2020, NumberSpan(1, 34)), ("2020", "1", "34")),
    (NoSuchRecommendation(3, 99, NumberSpan(1, 41)), ("1", "41")),
    (NoSuchSubItem(5, 2, "z", ("a", "k")), ("2", "(a)", "(k)")),
    (NoSuchSubItem(3, 12, "a", ()), ("12",)),
]


@pytest.mark.parametrize(("why", "numbers"), REASONS, ids=lambda value: type(value).__name__)
def test_every_reason_names_what_exists(why: Unresolved, numbers: tuple[str, ...]) -> None:
    for lang in ("zh", "en"):
        text = explain.unresolved(why, lang)  # type: ignore[arg-type]
        assert text and all(n in text for n in numbers), text
        assert text != texts(lang)("ref_no_such_item")  # type: ignore[arg-type]


def test_meetings_are_named_by_their_ordinal() -> None:
    assert "八" in explain.unresolved(UnknownMeeting(8, ()), "zh")
    assert "8th" in explain.unresolved(UnknownMeeting(8, ()), "en")
    years = explain.unresolved(NoMeetingInYear(2016, ((1, 2012), (3, 2015))), "zh")
    assert "第一次" in years and "第三次" in years


def test_a_meeting_number_without_a_numeral_still_gets_its_sentence() -> None:
    assert "0" in explain.unresolved(UnknownMeeting(0, ()), "zh")


def test_a_span_with_nothing_in_it_falls_back_to_the_plain_no() -> None:
    assert explain.unresolved(NoSuchRecommendation(3, 99, None), "en") == texts("en")("ref_no_such_item")
    assert explain.unresolved(None, "zh") == texts("zh")("ref_no_such_item")
