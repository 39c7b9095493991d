"""Source text -> cited units. Pure functions: the texts come in as strings.

The sources are Chinese Markdown converted from PDF. Numbered items are recognised by
sequence (the next expected number), so numbered lines inside a paragraph (the agenda in
paragraph 26) stay inside it, and lines that a page break cut off are joined back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from corpus.units import (
    BACKGROUND_PAPER,
    REPORT_2020,
    Meeting,
    Unit,
    paragraph_id,
    recommendation_id,
    without_empty_links,
)
from corpus.zh import CHINESE_TEXT, zh_number

_PREFIX_MARKS = re.compile(r"^(?:#+\s*|-\s+)+")
_RULE = re.compile(r"^-{3,}$")
_NUMBERED = re.compile(r"^(\d+)\.\s*(.*)$")
_SUB_ITEM = re.compile(r"^\(([a-z])\)\s*(.*)$")
_CHAPTER = re.compile(r"^([一二三四五六七八九十]+)\.\s*(.+)$")
_LETTER_SECTION = re.compile(r"^([A-E])\.\s*(.+)$")
_MEETING_HEADING = re.compile(r"^[一二三四五六七]\.\s*第([一二三四五六七])次会议[，,]\s*(.+)$")
_REC_HEADING = re.compile(r"^建议\s*(\d+)$")
_CHINESE = re.compile(f"[{CHINESE_TEXT}]")
_COVER_DATE = re.compile(r"^\d{4}年\d+月\d+日至\d+日，\S+$")
_LIST_START = re.compile(r"^(?:\([a-z]\)|\d+\.\s)")


def clean_line(line: str) -> str:
    """A source line without its Markdown layout: heading marks, bullets, bold, escapes, links."""
    text = line.strip()
    if _RULE.match(text):
        return ""
    text = _PREFIX_MARKS.sub("", text)
    text = text.replace("**", "").replace("\\", "")
    return without_empty_links(text).strip()


def join_pieces(left: str, right: str) -> str:
    """Join two pieces of one unit; a page break inside a Chinese sentence leaves no gap."""
    if not left:
        return right
    if _LIST_START.match(right):
        return f"{left}\n{right}"
    if _CHINESE.match(left[-1]) and _CHINESE.match(right[0]):
        return left + right
    return f"{left} {right}"


@dataclass
class _Line:
    start: int
    end: int
    text: str  # cleaned


def _lines(source: str) -> list[_Line]:
    lines, offset = [], 0
    for raw in source.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        cleaned = clean_line(body)
        if cleaned:
            lead = len(body) - len(body.lstrip())
            lines.append(_Line(offset + lead, offset + len(body.rstrip()), cleaned))
        offset += len(raw)
    return lines


@dataclass
class _Draft:
    """A unit being collected line by line."""

    meeting: int
    number: int
    section: str
    start: int
    end: int
    text: str = ""
    paragraph: bool = False
    subs: list[_Draft] = field(default_factory=list)
    letter: str | None = None

    def add(self, line: _Line) -> None:
        target = self.subs[-1] if self.subs else self
        target.text = join_pieces(target.text, line.text)
        target.end = line.end
        self.end = line.end


def _finish(draft: _Draft, source: str) -> list[Unit]:
    if draft.paragraph:
        uid = paragraph_id(draft.number)
        return [
            Unit(
                uid,
                draft.meeting,
                "paragraph",
                draft.number,
                None,
                draft.text,
                source,
                (draft.start, draft.end),
                draft.section,
            )
        ]
    uid = recommendation_id(draft.meeting, draft.number)
    subs = [
        Unit(
            recommendation_id(draft.meeting, draft.number, sub.letter),
            draft.meeting,
            "sub-item",
            draft.number,
            sub.letter,
            sub.text,
            source,
            (sub.start, sub.end),
            draft.section,
            parent=uid,
        )
        for sub in draft.subs
    ]
    full = "\n".join([draft.text] + [f"({sub.letter}) {sub.text}" for sub in subs])
    parent = Unit(
        uid,
        draft.meeting,
        "recommendation",
        draft.number,
        None,
        full,
        source,
        (draft.start, draft.end),
        draft.section,
        children=tuple(sub.id for sub in subs),
        lead_in=draft.text if subs else "",
    )
    return [parent, *subs]


def parse_background_paper(source: str) -> list[Unit]:
    """Recommendations of meetings 1-5, with the lettered sub-items of 2.8, 5.1, 5.2 and 5.4."""
    units: list[Unit] = []
    meeting, section, expected = 0, "", 1
    draft: _Draft | None = None
    for line in _lines(source):
        heading = _MEETING_HEADING.match(line.text)
        if heading:
            if draft:
                units += _finish(draft, BACKGROUND_PAPER)
            meeting, section, expected, draft = zh_number(heading.group(1)), line.text, 1, None
            continue
        if not meeting:
            continue
        numbered = _NUMBERED.match(line.text)
        sub = _SUB_ITEM.match(line.text)
        if numbered and int(numbered.group(1)) == expected:
            if draft:
                units += _finish(draft, BACKGROUND_PAPER)
            draft = _Draft(meeting, expected, section, line.start, line.end, numbered.group(2))
            expected += 1
        elif sub and draft:
            draft.subs.append(
                _Draft(meeting, draft.number, section, line.start, line.end, sub.group(2), letter=sub.group(1))
            )
            draft.end = line.end
        elif draft:
            draft.add(line)
    if draft:
        units += _finish(draft, BACKGROUND_PAPER)
    return units


def parse_report_2020(source: str) -> list[Unit]:
    """Recommendations 7.1-7.22 and the numbered paragraphs 7.p1-7.p34 of the 2020 report."""
    units: list[Unit] = []
    chapter = section = ""
    next_paragraph, next_recommendation = 1, 1
    draft: _Draft | None = None

    def close() -> None:
        nonlocal draft
        if draft:
            units.extend(_finish(draft, REPORT_2020))
        draft = None

    for line in _lines(source):
        chapter_match = _CHAPTER.match(line.text)
        letter_match = _LETTER_SECTION.match(line.text)
        rec_match = _REC_HEADING.match(line.text)
        numbered = _NUMBERED.match(line.text)
        if chapter_match:
            close()
            chapter = section = line.text
        elif letter_match and chapter:
            close()
            section = f"{chapter} / {line.text}"
        elif rec_match and int(rec_match.group(1)) == next_recommendation:
            close()
            draft = _Draft(7, next_recommendation, section, line.end, line.end)
            next_recommendation += 1
        elif numbered and int(numbered.group(1)) == next_paragraph and chapter:
            close()
            draft = _Draft(7, next_paragraph, section, line.start, line.end, numbered.group(2), paragraph=True)
            next_paragraph += 1
        elif draft:
            if not draft.text:
                draft.start = line.start
            draft.add(line)
    close()
    return units


_DATE_RANGE = re.compile(r"(\d{4})\s*年\s*(\d+)\s*月\s*(\d+)\s*日\s*(?:[至和]\s*(?:(\d+)\s*月\s*)?(\d+)\s*日)?")


def _date_range(text: str) -> tuple[date, date]:
    match = _DATE_RANGE.search(text)
    if not match:
        raise ValueError(f"no date in {text!r}")
    year, month, day, end_month, end_day = match.groups()
    start = date(int(year), int(month), int(day))
    end = date(int(year), int(end_month or month), int(end_day or day))
    return start, end


def parse_meetings(report_2020: str, background_paper: str) -> list[Meeting]:
    """Meetings 1-7 with dates and place as the documents give them.

    Paragraph 1 of the 2020 report dates meetings 1-6; the background paper's headings name
    the place of 1-5 and its cover (it was issued for the 6th meeting) that of the 6th.
    """
    places: dict[date, str] = {}
    for line in _lines(background_paper):
        heading = _MEETING_HEADING.match(line.text)
        dated = _DATE_RANGE.search(line.text)
        if dated and (heading or _COVER_DATE.match(line.text)):
            place = _DATE_RANGE.sub("", line.text.split("次会议", 1)[-1])
            places[_date_range(line.text)[0]] = place.strip("，, ")
    paragraph_1 = next(u.text for u in parse_report_2020(report_2020) if u.id == "7.p1")
    meetings = []
    pieces = re.split(r"第([一二三四五六七])次会议于", paragraph_1)[1:]
    for ordinal, rest in zip(pieces[::2], pieces[1::2], strict=True):
        number = zh_number(ordinal)
        start, end = _date_range(rest)
        meetings.append(
            Meeting(number, start, end, places.get(start, ""), number <= 5, BACKGROUND_PAPER if number <= 5 else None)
        )
    seventh = re.search(r"第七次会议于(.+?)在(\S+?)举行", re.sub(r"\s+", "", report_2020))
    if not seventh:
        raise ValueError("the 2020 report does not date its own meeting")
    start, end = _date_range(seventh.group(1))
    meetings.append(Meeting(7, start, end, seventh.group(2), True, REPORT_2020))
    return meetings
