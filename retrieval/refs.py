"""Exact references, in the forms people type, resolved before any search. Pure: no I/O.

`parse_reference` reads what was typed; `resolve` checks it against the corpus and never guesses:
an id that does not exist gets a `no_such_item` outcome naming what does exist.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from corpus.load import Corpus
from corpus.units import paragraph_id, recommendation_id
from corpus.zh import NUMERAL_CHARS, zh_number
from retrieval.results import ReferenceOutcome

_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, Chinese numerals to digits, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(f"[{NUMERAL_CHARS}]+", lambda m: str(zh_number(m.group())), text)
    text = re.sub(
        r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b",
        lambda m: f"{_ORDINALS[m.group()]}th",
        text,
    )
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class ParsedReference:
    meeting: int | None
    number: int | None
    letter: str | None = None
    paragraph: bool = False
    year: int | None = None  # the meeting was named by its year
    explicit: bool = True  # a meeting or item word was typed, not just digits
    remainder: str = ""  # the query without the reference: what is left to search for


_N = r"(\d{1,3})"
_LETTER = r"(?:\s*\(\s*([a-z])\s*\)|\s+([a-z])(?![a-z]))?"
_REC_WORD = r"(?:recommendations?|recs?\.?|rec\b|items?|no\.?|#)"
_MEETING_EN = (
    r"(?:(?:wg|meeting|session|mtg)\s*#?\s*(\d{1,2})|(\d{1,2})\s*(?:st|nd|rd|th)\s+(?:wg\s+)?(?:meeting|session)"
    r"|(\d{4})\s+(?:wg\s+)?(?:meeting|session))"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 7.p9, 7.p 9, 7 p9
    ("paragraph_id", re.compile(r"(?<![\d.])(\d{1,2})\s*\.?\s*p(?:ara)?\.?\s*" + _N + r"(?![\d])")),
    # 3.12, 3.12条, 5.2(d), 5.2 d, 5.2（d）
    ("dotted", re.compile(r"(?<![\d.])(\d{1,2})\s*\.\s*" + _N + _LETTER + r"(?![\d.])\s*(?:条|项|号)?")),
    # 第三次会议第12条 / 第三次会议建议12 / 第3次会议第十二项建议 / 第六次会议的建议
    (
        "zh_meeting",
        re.compile(
            r"第\s*(\d{1,2})\s*次(?:工作组)?会议(?:上)?(?:的|通过的)?\s*"
            r"(?:(?:第\s*"
            + _N
            + r"\s*(?:条|项|号)?\s*(?:建议)?|建议\s*(?:第\s*)?"
            + _N
            + r"\s*(?:条|项|号)?)"
            + _LETTER
            + r"|(段落|各项建议|建议))"
        ),
    ),
    # 2015年会议建议12 / 2020年会议第9段
    (
        "zh_year",
        re.compile(
            r"(\d{4})\s*年(?:的)?(?:工作组)?(?:会议|报告)?(?:上)?(?:的|通过的)?\s*"
            r"(?:第\s*"
            + _N
            + r"\s*(段)|第\s*"
            + _N
            + r"\s*(?:条|项|号)?\s*(?:建议)?|建议\s*(?:第\s*)?"
            + _N
            + r"\s*(?:条|项|号)?)"
            + _LETTER
        ),
    ),
    # WG3 rec 12 / meeting 3 recommendation 12 / 3rd meeting, rec. 12 / 2015 meeting rec 12
    (
        "en_meeting_rec",
        re.compile(r"(?:the\s+)?" + _MEETING_EN + r"\s*[,:;]?\s*(?:'s\s+)?" + _REC_WORD + r"\s*" + _N + _LETTER),
    ),
    # recommendation 12 of the 3rd meeting
    (
        "en_rec_meeting",
        re.compile(_REC_WORD + r"\s*" + _N + _LETTER + r"\s+(?:of|from|at)\s+(?:the\s+)?" + _MEETING_EN),
    ),
    # paragraph 9 of the 2020 report / 2020 report para 9
    (
        "en_paragraph",
        re.compile(
            r"(?:paragraph|para\.?)\s*" + _N + r"(?:\s+of\s+the\s+2020\s+(?:report|meeting))?"
            r"|2020\s+(?:report|meeting)(?:'s)?\s*,?\s*(?:paragraph|para\.?)\s*" + _N
        ),
    ),
    # 第9段
    ("zh_paragraph", re.compile(r"第\s*" + _N + r"\s*段")),
    # 建议14 / recommendation 14 / 第14条 (no meeting: ambiguous)
    (
        "bare",
        re.compile(
            r"(?:建议\s*(?:第\s*)?" + _N + r"(?:条|项|号)?|第\s*" + _N + r"\s*(?:条|项)\s*(?:建议)?"
            r"|" + _REC_WORD + r"\s*" + _N + r")" + _LETTER
        ),
    ),
    # 8th meeting / 第六次会议 alone: a meeting, no item
    (
        "meeting_only",
        re.compile(
            r"第\s*(\d{1,2})\s*次(?:工作组)?会议|"
            + _MEETING_EN
            + r"|(\d{4})\s*年(?:的)?(?:工作组)?(?:会议|(?:通过|提出)?(?:的)?建议)"
            + r"|在\s*(\d{4})\s*年"
        ),
    ),
    # "recommend … in 2019": a year beside a word for the group's output
    (
        "year_context",
        re.compile(
            r"\b(?:in|of|during|at)\s+(?:the\s+)?(\d{4})\b(?!\s*agenda)"
            r"|(?<!\d)(\d{4})\s*年(?!\s*可持续)"
        ),
    ),
]

# Words around a reference that do not change what is asked for.
_FILLER = re.compile(
    r"请|给我|帮我|看看|看一下|查一下|查|显示|一下|内容|全文|原文|是什么|说了什么|讲了什么|讲的是什么|说的是什么|写了什么"
    r"|工作组|偷运移民问题|的|吗|呢|\b(?:show|me|the|full|text|of|what|does|did|say|says|is|was|please|quote"
    r"|find|look|up|get|open|give|wording|working|group|a|an|on|in)\b|[\s\W_]"
)
_GROUP_WORDS = re.compile(r"recommend|meeting|session|working group|工作组|会议|建议")
_LOOSE_LEFTOVER = 3  # characters of real content allowed beside a bare `3.12`


def _leftover(text: str, span: tuple[int, int]) -> str:
    rest = text[: span[0]] + " " + text[span[1] :]
    return _FILLER.sub("", rest)


def _first(*groups: str | None) -> str | None:
    return next((g for g in groups if g), None)


def parse_reference(query: str) -> tuple[ParsedReference | None, str]:
    """The reference in `query`, if the query is a reference, and what else it says."""
    text = normalize(query)
    for kind, pattern in _PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        leftover = _leftover(text, match.span())
        ref = _build(kind, match)
        if ref is None:
            continue
        ref = replace(ref, remainder=(text[: match.start()] + " " + text[match.end() :]).strip())
        if kind == "meeting_only" or (kind == "year_context" and _GROUP_WORDS.search(text)):
            return ref, leftover
        if kind == "year_context":
            continue
        if (not ref.explicit or kind == "bare") and len(leftover) > _LOOSE_LEFTOVER:
            continue
        return ref, leftover
    return None, text


def _build(kind: str, m: re.Match[str]) -> ParsedReference | None:
    g = m.groups()
    if kind == "paragraph_id":
        return ParsedReference(int(g[0]), int(g[1]), paragraph=True, explicit=False)
    if kind == "dotted":
        return ParsedReference(int(g[0]), int(g[1]), _first(g[2], g[3]), explicit=False)
    if kind == "zh_meeting":
        if g[5]:  # a meeting and the word for its items, no number
            return ParsedReference(int(g[0]), None)
        return ParsedReference(int(g[0]), int(_first(g[1], g[2]) or 0), _first(g[3], g[4]))
    if kind == "zh_year":
        if g[2]:
            return ParsedReference(None, int(g[1]), paragraph=True, year=int(g[0]))
        return ParsedReference(None, int(_first(g[3], g[4]) or 0), _first(g[5], g[6]), year=int(g[0]))
    if kind == "en_meeting_rec":
        meeting, year = _first(g[0], g[1]), g[2]
        return ParsedReference(
            int(meeting) if meeting else None, int(g[3]), _first(g[4], g[5]), year=int(year) if year else None
        )
    if kind == "en_rec_meeting":
        meeting, year = _first(g[3], g[4]), g[5]
        return ParsedReference(
            int(meeting) if meeting else None, int(g[0]), _first(g[1], g[2]), year=int(year) if year else None
        )
    if kind in ("en_paragraph", "zh_paragraph"):
        return ParsedReference(7, int(_first(*g) or 0), paragraph=True)
    if kind == "bare":
        return ParsedReference(None, int(_first(g[0], g[1], g[2]) or 0), _first(g[3], g[4]))
    if kind == "year_context":
        return ParsedReference(None, None, year=int(_first(g[0], g[1]) or 0))
    meeting, year = _first(g[0], g[1], g[2]), _first(g[3], g[4], g[5])
    return ParsedReference(int(meeting) if meeting else None, None, year=int(year) if year else None)


def _ranges(numbers: list[int]) -> str:
    return f"{min(numbers)}-{max(numbers)}" if numbers else "none"


def resolve(ref: ParsedReference, corpus: Corpus) -> ReferenceOutcome | None:
    """Check a parsed reference against the corpus. None: a meeting named without an item."""
    meeting = ref.meeting
    if ref.year is not None:
        meeting = corpus.meeting_in_year(ref.year)
        if meeting is None:
            years = ", ".join(f"{m.year} ({m.number})" for m in corpus.meetings)
            return ReferenceOutcome(
                "no_such_meeting",
                (),
                None,
                ref.number,
                f"The Working Group held no meeting in {ref.year}; meetings by year: {years}.",
                f"工作组 {ref.year} 年没有举行会议；各次会议年份：{years}。",
            )
    if meeting is not None and corpus.meeting(meeting) is None:
        return ReferenceOutcome(
            "no_such_meeting",
            (),
            meeting,
            ref.number,
            f"There is no meeting {meeting} in these documents: meetings 1-5 and 7 are "
            "covered; the 6th meeting (2019) is not.",
            f"这些文件中没有第{meeting}次会议：涵盖第一至第五次和第七次会议，不含第六次会议（2019年）。",
        )
    if meeting is not None and not corpus.meeting(meeting).in_corpus:  # type: ignore[union-attr]
        return ReferenceOutcome(
            "not_in_corpus",
            (),
            meeting,
            ref.number,
            f"The recommendations of meeting {meeting} are not in these documents.",
            f"第{meeting}次会议的建议不在这些文件中。",
        )
    if ref.number is None:
        return None
    if ref.paragraph:
        return _resolve_paragraph(ref, meeting, corpus)
    if meeting is None:
        ids = tuple(recommendation_id(m.number, ref.number, ref.letter) for m in corpus.meetings if m.in_corpus)
        found = tuple(uid for uid in ids if corpus.get(uid))
        if not found:
            return ReferenceOutcome(
                "no_such_item",
                (),
                None,
                ref.number,
                f"No meeting has a recommendation {ref.number}{_letter(ref.letter)}.",
                f"没有哪次会议有建议{ref.number}{_letter(ref.letter)}。",
            )
        if len(found) == 1:
            return ReferenceOutcome(
                "found",
                found,
                corpus.get(found[0]).meeting,  # type: ignore[union-attr]
                ref.number,
                f"Only meeting {found[0].split('.')[0]} has this number.",
                f"只有第{found[0].split('.')[0]}次会议有这个编号。",
            )
        return ReferenceOutcome(
            "ambiguous",
            found,
            None,
            ref.number,
            "Several meetings have this number; name the meeting for one.",
            "多次会议都有这个编号的建议；请指明会议。",
        )
    return _resolve_recommendation(ref, meeting, corpus)


def _letter(letter: str | None) -> str:
    return f"({letter})" if letter else ""


def _resolve_paragraph(ref: ParsedReference, meeting: int | None, corpus: Corpus) -> ReferenceOutcome:
    assert ref.number is not None
    paragraphs = [u.number for u in corpus.of_meeting(7, "paragraph")]
    if meeting not in (None, 7):
        return ReferenceOutcome(
            "no_such_item",
            (),
            meeting,
            ref.number,
            f"Only the 2020 report (meeting 7) has numbered paragraphs ({_ranges(paragraphs)}).",
            f"只有2020年会议报告（第七次会议）有编号段落（{_ranges(paragraphs)}）。",
        )
    uid = paragraph_id(ref.number)
    if corpus.get(uid) is None:
        return ReferenceOutcome(
            "no_such_item",
            (),
            7,
            ref.number,
            f"The 2020 report has paragraphs {_ranges(paragraphs)}.",
            f"2020年会议报告的段落为第{_ranges(paragraphs)}段。",
        )
    return ReferenceOutcome("found", (uid,), 7, ref.number, "")


def _resolve_recommendation(ref: ParsedReference, meeting: int, corpus: Corpus) -> ReferenceOutcome:
    assert ref.number is not None
    numbers = corpus.recommendation_numbers(meeting)
    parent = corpus.get(recommendation_id(meeting, ref.number))
    if parent is None:
        return ReferenceOutcome(
            "no_such_item",
            (),
            meeting,
            ref.number,
            f"Meeting {meeting} has recommendations {_ranges(numbers)}.",
            f"第{meeting}次会议的建议编号为 {_ranges(numbers)}。",
        )
    if ref.letter is None:
        return ReferenceOutcome("found", (parent.id,), meeting, ref.number, "")
    uid = recommendation_id(meeting, ref.number, ref.letter)
    if corpus.get(uid) is None:
        letters = ", ".join(f"({c.rsplit('(', 1)[1]}" for c in parent.children)
        has = f"has sub-items {letters}" if letters else "has no lettered sub-items"
        return ReferenceOutcome(
            "no_such_item",
            (),
            meeting,
            ref.number,
            f"Recommendation {parent.id} {has}.",
            f"建议{parent.id}" + (f"的分项为 {letters}。" if letters else "没有字母分项。"),
        )
    return ReferenceOutcome("found", (uid,), meeting, ref.number, "")
