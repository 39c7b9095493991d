"""The fixed forms of a reference, as patterns over normalized text (`retrieval.refs.normalize`),
tried in order by `retrieval.refs.parse_reference`. Pure: no I/O.
"""

from __future__ import annotations

import re

from retrieval.refs_loose import REC_WORD

N = r"(\d{1,3})"
LETTER = r"(?:\s*\(\s*([a-z])\s*\)|\s+([a-z])(?![a-z]))?"
# What ends an item number typed after a meeting: a word for an item, or nothing more ("第三次会议12");
# not "次" ("2012年第1次会议" names a meeting) or running text ("第1次会议1共…" is 一共, "in all").
_ITEM_END = r"(?!\d)(?:\s*(?:条|项|号)\s*(?:建议)?|\s*建议|(?=[\s(（?？。，,、!！]|$))"
_REC_WORD = r"(?:" + REC_WORD + r"|items?|no\.?|#)"
_MEETING_EN = (
    r"(?:(?:wg(?:\s*som)?|meeting|session|mtg)\s*#?\s*(\d{1,2})"
    r"|(\d{1,2})\s*(?:st|nd|rd|th)\s+(?:wg\s+(?:meeting|session)|wg|meeting|session|mtg)"
    r"|(\d{4})\s+(?:wg\s+)?(?:meeting|session))"
)
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 7.p9, 7.p 9, 7 p9
    ("paragraph_id", re.compile(r"(?<![\d.])(\d{1,2})\s*\.?\s*p(?:ara)?\.?\s*" + N + r"(?![\d])")),
    # 3.12, 3.12条, 5.2(d), 5.2 d, 5.2（d）
    ("dotted", re.compile(r"(?<![\d.])(\d{1,2})\s*\.\s*" + N + LETTER + r"(?![\d.])\s*(?:条|项|号)?")),
    # 第三次会议第12条 / 第三次会议建议12 / 第3次会议第十二项建议 / 第六次会议的建议
    (
        "zh_meeting",
        re.compile(
            r"第\s*(\d{1,2})\s*[次届](?:工作组)?会议(?:上)?(?:的|通过的)?\s*"
            r"(?:(?:(?:第\s*)?"
            + N
            + _ITEM_END
            + r"|建议\s*(?:第\s*)?"
            + N
            + r"\s*(?:条|项|号)?)"
            + LETTER
            + r"|(段落|各项建议|建议))"
        ),
    ),
    # 3次会议第12条 / 三届会议建议12: the 第 left out, so an item number must follow ("前三次会议的建议" is
    # "the first three meetings")
    (
        "zh_meeting_loose",
        re.compile(
            r"(?<![\d前这那几历各头后近])(\d{1,2})\s*[次届](?:工作组)?会议(?:上)?(?:的|通过的)?\s*"
            r"(?:(?:第\s*)?"
            + N
            + r"(?!\d)(?:\s*(?:条|项|号)\s*(?:建议)?|(?=\s*$))|建议\s*(?:第\s*)?"
            + N
            + r")"
            + LETTER
        ),
    ),
    # 2015年会议建议12 / 2020年会议第9段
    (
        "zh_year",
        re.compile(
            r"(\d{4})\s*年(?:的)?(?:工作组)?(?:会议|报告)?(?:上)?(?:的|通过的)?\s*"
            r"(?:第\s*"
            + N
            + r"\s*(段)|第\s*"
            + N
            + _ITEM_END
            + r"|建议\s*(?:第\s*)?"
            + N
            + r"\s*(?:条|项|号)?)"
            + LETTER
        ),
    ),
    # WG3 rec 12 / meeting 3 recommendation 12 / 3rd meeting, rec. 12 / 2015 meeting rec 12 / wg 3 / 12
    (
        "en_meeting_rec",
        re.compile(
            r"(?:the\s+)?" + _MEETING_EN + r"\s*(?:[,:;]?\s*(?:'s\s+)?" + _REC_WORD + r"|/)\s*" + N + r"(?!\d)" + LETTER
        ),
    ),
    # recommendation 12 of the 3rd meeting / rec 12, 3rd meeting / the 12th recommendation of meeting 3
    (
        "en_rec_meeting",
        re.compile(
            r"(?:"
            + _REC_WORD
            + r"\s*"
            + N
            + r"|"
            + N
            + r"(?:st|nd|rd|th)\s+"
            + _REC_WORD
            + r")"
            + LETTER
            + r"(?:\s*[,;]\s*|\s+(?:of|from|at|in)\s+|\s+)(?:the\s+)?"
            + _MEETING_EN
        ),
    ),
    # 2015 recommendation 12 / 2015's rec 12
    ("en_year_rec", re.compile(r"(?<!\d)(\d{4})\s*(?:'s)?\s+" + _REC_WORD + r"\s*" + N + LETTER)),
    # paragraph 9 of the 2020 report / 2020 report para 9
    (
        "en_paragraph",
        re.compile(
            r"(?:paragraph|para?\.?|¶|§)\s*" + N + r"(?:\s+of\s+the\s+2020\s+(?:report|meeting))?"
            r"|2020\s+(?:report|meeting)(?:'s)?\s*,?\s*(?:paragraph|para?\.?|¶|§)\s*" + N
        ),
    ),
    # 第9段
    ("zh_paragraph", re.compile(r"第\s*" + N + r"\s*段")),
    # 建议14 / recommendation 14 / 第14条 (no meeting: ambiguous)
    (
        "bare",
        re.compile(
            r"(?:建议\s*(?:第\s*)?" + N + r"(?:条|项|号)?|第\s*" + N + r"\s*(?:条|项)\s*(?:建议)?"
            r"|" + _REC_WORD + r"\s*" + N + r")" + LETTER
        ),
    ),
    # 8th meeting / 第六次会议 alone: a meeting, no item
    (
        "meeting_only",
        re.compile(
            r"第\s*(\d{1,2})\s*[次届](?:工作组)?会议|"
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
            r"|(?<!\d)(\d{4})\s*年(?!\s*(?:可持续|议程))"
        ),
    ),
]
