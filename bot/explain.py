"""Retrieval's typed outcomes in the user's language: a reference that resolved to nothing, worded
from `prompts/` with the numbers it carries. Pure: no I/O."""

from __future__ import annotations

from bot.cite import ordinal
from prompts import Lang, Texts, texts
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


def _ordinal(n: int, lang: Lang) -> str:
    # A meeting someone typed may be 0 or 99: it still gets a sentence, in digits.
    try:
        return ordinal(n, lang)
    except ValueError:
        return str(n)


def _in_span(t: Texts, key: str, span: NumberSpan | None, **fields: object) -> str:
    return t(key, first=span.first, last=span.last, **fields) if span else t("ref_no_such_item")


def unresolved(why: Unresolved | None, lang: Lang) -> str:
    """Why the item asked for does not exist, and what does instead."""
    t = texts(lang)
    match why:
        case NoMeetingInYear(year, meetings):
            held = t("list_separator").join(t("meeting_year", ordinal=_ordinal(m, lang), year=y) for m, y in meetings)
            return t("ref_no_meeting_in_year", year=year, meetings=held)
        case UnknownMeeting(meeting):
            return t("ref_unknown_meeting", ordinal=_ordinal(meeting, lang))
        case MeetingNotInCorpus(meeting, year):
            return t("meeting_missing", ordinal=_ordinal(meeting, lang), year=year)
        case NoMeetingHasNumber(number, letter):
            return t("ref_no_meeting_has_number", number=number, letter=f"({letter})" if letter else "")
        case ParagraphsOnlyInReport(_asked, report, year, paragraphs):
            return _in_span(t, "ref_paragraphs_only_in_report", paragraphs, ordinal=_ordinal(report, lang), year=year)
        case NoSuchParagraph(_number, report, year, paragraphs):
            return _in_span(t, "ref_no_such_paragraph", paragraphs, ordinal=_ordinal(report, lang), year=year)
        case NoSuchRecommendation(meeting, _number, numbers):
            return _in_span(t, "ref_no_such_recommendation", numbers, ordinal=_ordinal(meeting, lang))
        case NoSuchSubItem(meeting, number, _letter, letters):
            label = t("label_recommendation", number=number)
            item = t("label_in_meeting", ordinal=_ordinal(meeting, lang), label=label)
            if not letters:
                return t("ref_no_sub_items", item=item)
            return t("ref_no_such_sub_item", item=item, letters=t("letter_separator").join(f"({c})" for c in letters))
    return t("ref_no_such_item")
