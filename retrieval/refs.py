"""Exact references, in the forms people type, read before any search. Pure: no I/O.

`parse_reference` reads what was typed; `retrieval.resolve` checks it against the corpus.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from corpus.zh import NUMERAL, zh_number
from retrieval.ref_forms import PATTERNS
from retrieval.ref_words import numeral_forms, short_years, typed_words
from retrieval.refs_loose import (
    COP_SESSION,
    REC_WORD,
    counted_from_end,
    dotted_is_item,
    first,
    first_outside,
    last_items,
    number_words_to_digits,
    outside,
    read_apart,
    sessions_within_report_meeting,
    subitem_letters,
    typed_points,
)

REPORT_MEETING = 7  # the meeting whose report (2020) has the numbered paragraphs


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, Chinese numerals to digits, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = short_years(re.sub(NUMERAL, lambda m: str(zh_number(m.group())), numeral_forms(text)))
    text = number_words_to_digits(last_items(typed_points(typed_words(text))))
    # A sub-item letter typed straight after the number: 5.2d, 5.2.d -> 5.2(d)
    text = re.sub(r"(?<![\d.])(\d{1,2}\.\d{1,3})\.?([a-o])(?![a-z\d])", r"\1(\2)", text)
    # ... or named by a word for a sub-item: "5.2, subparagraph (d)", "rec 2 letter d", "5.2第(d)项", "2 d项"
    text = subitem_letters(text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class ParsedReference:
    meeting: int | None
    number: int | None  # below zero: counted from the end (-1 the last)
    letter: str | None = None
    paragraph: bool = False
    year: int | None = None  # the meeting was named by its year
    explicit: bool = True  # a meeting or item word was typed, not just digits
    remainder: str = ""  # the query without the reference: what is left to search for
    spans: bool = False  # more meetings than the one read are asked about: search them all


# Words around a reference that do not change what is asked for.
_FILLER = re.compile(
    r"请|给我|帮我|看看|看一下|查一下|查|显示|一下|内容|全文|原文|是什么|说了什么|讲了什么|讲的是什么|说的是什么|写了什么"
    r"|工作组|偷运移民问题|的|吗|呢|\b(?:show|me|the|full|text|of|what|does|did|say|says|is|was|please|quote"
    r"|find|look|up|get|open|give|wording|working|group|a|an|on|in|recommendations?|recs?|items?|no)\b|[\s\W_]"
)
_GROUP_WORDS = re.compile(r"recommend|meeting|session|working group|工作组|会议|建议")
_LOOSE_LEFTOVER = 3  # characters of real content allowed beside a bare `3.12`


def _leftover(text: str, span: tuple[int, int]) -> str:
    rest = text[: span[0]] + " " + text[span[1] :]
    return _FILLER.sub("", rest)


# A question over several meetings ("from the 4th meeting through 2020", "第一、三次会议", "2012年以来")
# is searched in all of them, not in the first one named.
_SPAN = re.compile(
    r"\b(?:since|after)\s+(?:the\s+)?(?:\d{1,2}\s*(?:st|nd|rd|th)\b|\d{4}\b|(?:wg\s+)?meeting\s*#?\s*\d)"
    r"|(?:\bfrom\b.{0,60}?\bto|\bthrough|\buntil|\btill|\bup to)\s+(?:the\s+)?"
    r"(?:\d{1,2}\s*(?:st|nd|rd|th)\s+(?:wg\s+)?meeting|\d{4}\b)"
    r"|\d{1,2}\s*(?:st|nd|rd|th)?\s*(?:,|and|or|&|-|to)\s*(?:the\s+)?\d{1,2}\s*(?:st|nd|rd|th)\s+(?:wg\s+)?meetings?"
    r"|从\s*(?:第\s*\d|\d{4})|(?:到|至)\s*(?:第\s*\d|\d{4}|现在|今)|(?:会议|\d{4}\s*年)\s*(?:以来|之后|以后|起)"
    r"|第?\s*\d{1,2}\s*(?:次)?\s*[、,和与及至到-]\s*第?\s*\d{1,2}\s*次"
)


def _meeting_mentions(text: str, taken: list[tuple[int, int]]) -> list[re.Match[str]]:
    """Every place `text` names a meeting or a year, outside the `taken` spans."""
    return [
        m
        for kind, pattern in PATTERNS
        if kind in ("meeting_only", "year_context")
        for m in pattern.finditer(text)
        if outside(m, taken)
    ]


def _spans_meetings(text: str, taken: list[tuple[int, int]]) -> bool:
    """The question names a span or a list of meetings, or more than one meeting."""
    if _SPAN.search(text):
        return True
    numbers: set[str] = set()
    years: set[str] = set()  # "the 1st meeting in 2012" is one meeting
    for m in _meeting_mentions(text, taken):
        named = next(g for g in m.groups() if g)
        (years if len(named) == 4 else numbers).add(named)
    return len(numbers) > 1 or len(years) > 1


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the `spans` (which may overlap) cut out."""
    kept, at = [], 0
    for start, end in sorted(spans):
        kept.append(text[at : max(at, start)])
        at = max(at, end)
    kept.append(text[at:])
    return " ".join(part.strip() for part in kept if part.strip())


# A word for an item just before a typed id makes it one, whatever else the question says.
_ITEM_WORD_BEFORE = re.compile(r"(?:" + REC_WORD + r"|items?|建议|第)\s*$")


def _read_apart(text: str, taken: list[tuple[int, int]]) -> tuple[ParsedReference, str] | None:
    apart = read_apart(text, taken)
    if apart is None:
        return None
    meeting, year = apart.meeting, apart.year
    if apart.paragraph and meeting is None and year in (None, 2020):
        meeting, year = REPORT_MEETING, None
    rest = _without(text, list(apart.spans))
    number = counted_from_end(apart.number)
    ref = ParsedReference(meeting, number, apart.letter, paragraph=apart.paragraph, year=year, remainder=rest)
    return ref, _FILLER.sub("", rest)


def parse_reference(query: str) -> tuple[ParsedReference | None, str]:
    """The reference in `query`, if the query is a reference, and what else it says."""
    text = normalize(query)
    cop_sessions = [m.span() for m in COP_SESSION.finditer(text)] + sessions_within_report_meeting(text)
    several = _spans_meetings(text, cop_sessions)
    for kind, pattern in PATTERNS:
        if kind == "bare" and not several:
            apart = _read_apart(text, cop_sessions)
            if apart is not None:
                return apart
        match = first_outside(pattern, text, cop_sessions)
        if not match:
            continue
        leftover = _leftover(text, match.span())
        ref = _build(kind, match)
        if ref is None:
            continue
        if kind == "dotted":
            item_named = _dotted_names_item(text, match)
            if item_named is None:
                continue  # a quantity: "1.5倍", "about 2.5 million"
            ref = replace(ref, explicit=item_named)
        ref = replace(ref, remainder=(text[: match.start()] + " " + text[match.end() :]).strip())
        if kind == "meeting_only" or (kind == "year_context" and _GROUP_WORDS.search(text)):
            if several:  # what is asked about them, without the meetings
                named = [m.span() for m in [*_meeting_mentions(text, cop_sessions), *_SPAN.finditer(text)]]
                return replace(ref, spans=True, remainder=_without(text, named)), leftover
            return ref, leftover
        if kind == "year_context":
            continue
        if (not ref.explicit or kind == "bare") and len(leftover) > _LOOSE_LEFTOVER:
            continue
        return ref, leftover
    return None, text


def _dotted_names_item(text: str, m: re.Match[str]) -> bool | None:
    """ "rec 1.9 witness protection", "5.4(a) 移民权利", "3.26 document fraud": an item named (True);
    "1.5倍", "about 2.5 million": a quantity (None); "10.7" alone: perhaps (False)."""
    if _ITEM_WORD_BEFORE.search(text[: m.start()]) or first(*m.groups()[2:]):
        return True
    return dotted_is_item(text, m.start(), m.end(), int(m.group(1)), m.group(2))


def _build(kind: str, m: re.Match[str]) -> ParsedReference | None:
    ref = _build_as_typed(kind, m)
    if ref is None or ref.number is None:
        return ref
    return replace(ref, number=counted_from_end(ref.number))


def _build_as_typed(kind: str, m: re.Match[str]) -> ParsedReference | None:
    g = m.groups()
    if kind == "paragraph_id":
        return ParsedReference(int(g[0]), int(g[1]), paragraph=True)  # the "p" marks it: 7.p15 is no figure
    if kind == "dotted":
        return ParsedReference(int(g[0]), int(g[1]), first(g[2], g[3]), explicit=False)
    if kind == "zh_meeting":
        if g[5]:  # a meeting and the word for its items, no number
            return ParsedReference(int(g[0]), None)
        return ParsedReference(int(g[0]), int(first(g[1], g[2]) or 0), first(g[3], g[4]))
    if kind == "zh_meeting_loose":
        return ParsedReference(int(g[0]), int(first(g[1], g[2]) or 0), first(g[3], g[4]))
    if kind == "zh_year":
        if g[2]:
            return ParsedReference(None, int(g[1]), paragraph=True, year=int(g[0]))
        return ParsedReference(None, int(first(g[3], g[4]) or 0), first(g[5], g[6]), year=int(g[0]))
    if kind == "en_meeting_rec":
        meeting, year = first(g[0], g[1]), g[2]
        return ParsedReference(
            int(meeting) if meeting else None, int(g[3]), first(g[4], g[5]), year=int(year) if year else None
        )
    if kind == "en_rec_meeting":
        meeting, year = first(g[4], g[5]), g[6]
        return ParsedReference(
            int(meeting) if meeting else None,
            int(first(g[0], g[1]) or 0),
            first(g[2], g[3]),
            year=int(year) if year else None,
        )
    if kind == "en_year_rec":
        return ParsedReference(None, int(g[1]), first(g[2], g[3]), year=int(g[0]))
    if kind in ("en_paragraph", "zh_paragraph"):
        return ParsedReference(REPORT_MEETING, int(first(*g) or 0), paragraph=True)
    if kind == "bare":
        return ParsedReference(None, int(first(g[0], g[1], g[2]) or 0), first(g[3], g[4]))
    if kind == "year_context":
        return ParsedReference(None, None, year=int(first(g[0], g[1]) or 0))
    meeting, year = first(g[0], g[1], g[2]), first(g[3], g[4], g[5])
    return ParsedReference(int(meeting) if meeting else None, None, year=int(year) if year else None)
