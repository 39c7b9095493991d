"""A parsed reference checked against the corpus. Pure: no I/O. It never guesses: an id that does
not exist gets a `no_such_item` outcome whose reason holds what does exist.
"""

from __future__ import annotations

from dataclasses import replace

from corpus.load import Corpus
from corpus.units import paragraph_id, recommendation_id
from retrieval.refs import REPORT_MEETING, ParsedReference
from retrieval.results import (
    MeetingNotInCorpus,
    NoMeetingHasNumber,
    NoMeetingInYear,
    NoSuchParagraph,
    NoSuchRecommendation,
    NoSuchSubItem,
    NumberSpan,
    ParagraphsOnlyInReport,
    ReferenceOutcome,
    ReferenceStatus,
    UnknownMeeting,
    Unresolved,
)


def resolve(ref: ParsedReference, corpus: Corpus) -> ReferenceOutcome | None:
    """Check a parsed reference against the corpus. None: a meeting named without an item."""
    meeting = ref.meeting
    if ref.year is not None:
        meeting = corpus.meeting_in_year(ref.year)
        if meeting is None:
            years = tuple((m.number, m.year) for m in corpus.meetings)
            return _missing("no_such_meeting", None, ref.number, NoMeetingInYear(ref.year, years))
    known = corpus.meeting(meeting) if meeting is not None else None
    if meeting is not None and known is None:
        covered = tuple(m.number for m in corpus.meetings if m.in_corpus)
        return _missing("no_such_meeting", meeting, ref.number, UnknownMeeting(meeting, covered))
    if meeting is not None and known is not None and not known.in_corpus:
        return _missing("not_in_corpus", meeting, ref.number, MeetingNotInCorpus(meeting, known.year))
    if ref.number is None:
        return None
    if ref.number < 0:
        return _resolve_from_end(ref, meeting, corpus)
    if ref.paragraph:
        return _resolve_paragraph(ref, meeting, corpus)
    if meeting is None:
        ids = tuple(recommendation_id(m.number, ref.number, ref.letter) for m in corpus.meetings if m.in_corpus)
        found = tuple(uid for uid in ids if corpus.get(uid))
        if not found:
            return _missing("no_such_item", None, ref.number, NoMeetingHasNumber(ref.number, ref.letter))
        if len(found) == 1:
            return ReferenceOutcome("found", found, corpus.get(found[0]).meeting, ref.number)  # type: ignore[union-attr]
        return ReferenceOutcome("ambiguous", found, None, ref.number)
    return _resolve_recommendation(ref, meeting, corpus)


def _resolve_from_end(ref: ParsedReference, meeting: int | None, corpus: Corpus) -> ReferenceOutcome:
    """ "The last recommendation of the 3rd meeting", "倒数第二段": counted from the end; without a
    meeting, the one of each meeting. Counted past the first, it is item 0, which no meeting has."""
    assert ref.number is not None
    if ref.paragraph or meeting is not None:
        if ref.paragraph:
            numbers = sorted(u.number for u in corpus.of_meeting(REPORT_MEETING, "paragraph"))
        else:
            numbers = sorted(corpus.recommendation_numbers(meeting or 0))
        number = numbers[ref.number] if len(numbers) >= -ref.number else 0
        counted = replace(ref, meeting=meeting, year=None, number=number)
        if ref.paragraph:
            return _resolve_paragraph(counted, meeting, corpus)
        return _resolve_recommendation(counted, meeting or 0, corpus)
    found = []
    for held in corpus.meetings:
        numbers = sorted(corpus.recommendation_numbers(held.number)) if held.in_corpus else []
        if len(numbers) >= -ref.number:
            found.append(recommendation_id(held.number, numbers[ref.number], ref.letter))
    present = tuple(uid for uid in found if corpus.get(uid))
    if not present:
        return _missing("no_such_item", None, None, NoMeetingHasNumber(0, ref.letter))
    return ReferenceOutcome("ambiguous", present, None, None)


def _missing(status: ReferenceStatus, meeting: int | None, number: int | None, why: Unresolved) -> ReferenceOutcome:
    return ReferenceOutcome(status, (), meeting, number, why)


def _resolve_paragraph(ref: ParsedReference, meeting: int | None, corpus: Corpus) -> ReferenceOutcome:
    assert ref.number is not None
    paragraphs = NumberSpan.of([u.number for u in corpus.of_meeting(REPORT_MEETING, "paragraph")])
    report = corpus.meeting(REPORT_MEETING)
    year = report.year if report is not None else 0
    if meeting not in (None, REPORT_MEETING):
        why: Unresolved = ParagraphsOnlyInReport(meeting, REPORT_MEETING, year, paragraphs)
        return _missing("no_such_item", meeting, ref.number, why)
    uid = paragraph_id(ref.number)
    if corpus.get(uid) is None:
        why = NoSuchParagraph(ref.number, REPORT_MEETING, year, paragraphs)
        return _missing("no_such_item", REPORT_MEETING, ref.number, why)
    return ReferenceOutcome("found", (uid,), REPORT_MEETING, ref.number)


def _resolve_recommendation(ref: ParsedReference, meeting: int, corpus: Corpus) -> ReferenceOutcome:
    assert ref.number is not None
    parent = corpus.get(recommendation_id(meeting, ref.number))
    if parent is None:
        numbers = NumberSpan.of(corpus.recommendation_numbers(meeting))
        return _missing("no_such_item", meeting, ref.number, NoSuchRecommendation(meeting, ref.number, numbers))
    if ref.letter is None:
        return ReferenceOutcome("found", (parent.id,), meeting, ref.number)
    uid = recommendation_id(meeting, ref.number, ref.letter)
    if corpus.get(uid) is None:
        letters = tuple(child.rsplit("(", 1)[1].rstrip(")") for child in parent.children)
        why = NoSuchSubItem(meeting, ref.number, ref.letter, letters)
        return _missing("no_such_item", meeting, ref.number, why)
    return ReferenceOutcome("found", (uid,), meeting, ref.number)
