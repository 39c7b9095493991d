"""References typed loosely: a meeting and an item named apart ("the 37th rec adopted in 2015",
"2012年那次会第20条建议", "3rd meeting, recommendation no. 21"), and English number words
("the fortieth recommendation", "recommendation four"), and the sessions of the Conference of the
Parties, which are no meetings of the group. Pure: no I/O; `retrieval.refs` calls it
when no reference of a fixed form is found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "rec", "recs", "recommendation" and its typos ("recc", "recomendation", "reccomendation"); not
# "record" or "recent"
REC_WORD = r"(?:rec{1,2}(?:om[a-z]*)?s?(?![a-z])\.?)"
# Where a number the reader writes for "the last" item counts from ("倒数第二条" -> 第998条 -> -2).
LAST_ITEM = 999

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_UNIT_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_TENS_ORDINALS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60}

CARDINALS = {w: i for i, w in enumerate(_UNITS, 1)} | {w: i for i, w in enumerate(_TEENS, 10)} | TENS
ORDINALS = (
    {w: i for i, w in enumerate(_UNIT_ORDINALS, 1)}
    | {"tenth": 10, "eleventh": 11, "twelfth": 12}
    | {t[:-1] + "th" if t.endswith("e") else t + "th": i for i, t in enumerate(_TEENS, 10) if i > 12}
    | _TENS_ORDINALS
)
_UNIT_ALT = "|".join(_UNITS)
_ORDINAL_WORD = re.compile(
    r"\b(?:(" + "|".join(TENS) + r")[\s-]?(" + "|".join(_UNIT_ORDINALS) + r")|(" + "|".join(ORDINALS) + r"))\b"
)
# A cardinal word only counts after a word for an item ("recommendation four"): "one of them" is no number.
_CARDINAL_AFTER_ITEM = re.compile(
    r"\b(" + REC_WORD + r"|paragraph|para\.?|items?|no\.?|meeting|mtg|session|wg)\s+"
    r"(?:(" + "|".join(TENS) + r")[\s-]?(" + _UNIT_ALT + r")|(" + "|".join(CARDINALS) + r"))\b"
)


def number_words_to_digits(text: str) -> str:
    """'the twenty-second recommendation' -> 'the 22th recommendation'; 'rec four' -> 'rec 4'."""

    def ordinal(m: re.Match[str]) -> str:
        tens, unit, whole = m.groups()
        value = ORDINALS[whole] if whole else TENS[tens] + ORDINALS[unit]
        return f"{value}th"

    def cardinal(m: re.Match[str]) -> str:
        word, tens, unit, whole = m.groups()
        value = CARDINALS[whole] if whole else TENS[tens] + CARDINALS[unit]
        return f"{word} {value}"

    return _CARDINAL_AFTER_ITEM.sub(cardinal, _ORDINAL_WORD.sub(ordinal, text))


_LETTER = r"(?:\s*\(\s*([a-z])\s*\)|\s+([a-z])(?![a-z]))?"
_NUMBER_END = r"(?![\d.])"
# An item named without its meeting; 第6条 of a convention or protocol (《议定书》第6条, 第16条第5款) is an
# article, not an item.
_ITEM = re.compile(
    REC_WORD
    + r"\s*(?:no\.?|number|#)?\s*(\d{1,3})"
    + _NUMBER_END
    + _LETTER
    + r"|(\d{1,3})\s*(?:st|nd|rd|th)\s+"
    + REC_WORD
    + r"|(?:#|\bno\.|\bnumber\b)\s*(\d{1,3})"
    + _NUMBER_END
    + _LETTER
    + r"|(?<![》书约])第\s*(\d{1,3})\s*(?:条|项|号|个)(?!\s*第\s*\d+\s*款)(?:建议)?"
    + _LETTER
    + r"|建议\s*(?:第\s*)?(\d{1,3})"
    + _NUMBER_END
    + _LETTER
    # "fifth meeting, 2(a)": a number with a lettered sub-item, after a comma or a colon
    + r"|(?<=[,:])\s*(\d{1,3})\s*\(\s*([a-o])\s*\)"
)
_PARAGRAPH = re.compile(
    r"(?:paragraph|para\.?|§)\s*(\d{1,2})(?!\d)|(?<!\d)(\d{1,3})\s*(?:st|nd|rd|th)\s+para(?:graph)?\b"
    r"|第\s*(\d{1,3})\s*(?:自然)?段|(?<=报告)\s*(\d{1,2})\s*(?:自然)?段"
)
_MEETING = re.compile(
    r"(?<![\d前这那几历各头后近])第?\s*(\d{1,2})\s*[次届]\s*(?:工作组)?会"
    r"|(首)次(?:工作组)?会"
    r"|(\d{1,2})\s*(?:st|nd|rd|th)\s+(?:wg\s+)?(?:meeting|mtg|session)"
    r"|第\s*(\d{1,2})\s*[次届]\s*(?:wg\s*)?(?:meeting|session)"
    r"|\b(?:wg|meeting|mtg)\s*#?\s*(\d{1,2})\b"
)
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")


def outside(m: re.Match[str], taken: list[tuple[int, int]]) -> bool:
    """`m` overlaps none of the `taken` spans."""
    return all(m.end() <= a or m.start() >= b for a, b in taken)


def first_outside(pattern: re.Pattern[str], text: str, taken: list[tuple[int, int]]) -> re.Match[str] | None:
    """The first match of `pattern` in `text` that overlaps none of the `taken` spans."""
    return next((m for m in pattern.finditer(text) if outside(m, taken)), None)


def first(*groups: str | None) -> str | None:
    return next((g for g in groups if g), None)


@dataclass(frozen=True)
class Apart:
    meeting: int | None
    year: int | None
    number: int
    letter: str | None
    paragraph: bool
    spans: tuple[tuple[int, int], ...]  # where the meeting and the item were read


def read_apart(text: str, taken: list[tuple[int, int]]) -> Apart | None:
    """The reference when `text` (normalized) names a meeting or a year and, elsewhere, an item or a
    paragraph; None otherwise. `taken` spans are not read."""
    meeting_match = first_outside(_MEETING, text, taken)
    year_match = first_outside(_YEAR, text, taken)
    named = meeting_match or year_match
    if named is None:
        return None
    meeting = year = None
    if meeting_match is not None:
        number_typed = first(*meeting_match.groups())
        meeting = 1 if number_typed == "首" else int(number_typed or 0)
    else:
        year = int(named.group(1))
    taken = [*taken, named.span()]
    paragraph = first_outside(_PARAGRAPH, text, taken)
    if paragraph is not None:
        number = int(first(*paragraph.groups()) or 0)
        return Apart(meeting, year, number, None, True, (named.span(), paragraph.span()))
    item = first_outside(_ITEM, text, taken)
    if item is None:
        return None
    g = item.groups()
    number = int(first(g[0], g[3], g[4], g[7], g[10], g[13]) or 0)
    letter = first(g[1], g[2], g[5], g[6], g[8], g[9], g[11], g[12], g[14])
    return Apart(meeting, year, number, letter, False, (named.span(), item.span()))


# A session of the Conference of the Parties (缔约方会议第七届会议, the 5th session of the COP, COP 9)
# is not a meeting of the Working Group: a reference inside one names no meeting.
COP_SESSION = re.compile(
    r"缔约方会议\s*(?:的)?\s*第\s*\d{1,2}\s*届(?:会议)?|第\s*\d{1,2}\s*届\s*缔约方会议"
    r"|\d{1,2}\s*(?:st|nd|rd|th)\s+session\s+of\s+(?:the\s+)?(?:conference\s+of\s+(?:the\s+)?parties|cop)\b"
    r"|(?:conference\s+of\s+(?:the\s+)?parties|\bcop)(?:'s)?\s+(?:\d{1,2}\s*(?:st|nd|rd|th)\s+)?session(?:\s*#?\s*\d{1,2})?"
    r"|\bcop\s*-?\s*\d{1,2}\b|\bits\s+\d{1,2}\s*(?:st|nd|rd|th)\s+session\b"  # "… at its 5th session"
)


_SUBITEM = r"(?:letter|sub-?paragraph|sub-?item|item|point)"
_SUBITEM_WORD = re.compile(
    r"(?<=\d)\s*,?\s*(?:" + _SUBITEM + r"|(?:的|之)?\s*(?:子项|分项))\s*\(?\s*([a-o])\s*\)?(?![a-z])"
    r"|(?<=[\d条])\s*(?:的|之)?\s*第?\s*\(?\s*([a-o])\s*\)?\s*(?:分项|项|款|分段)"
    r"|(?<=建议)\s*(\d{1,3})([a-o])(?![a-z])"
    r"|(?<=\d)\s*(?:的|之)\s*\(\s*([a-o])\s*\)"
)
# "sub-paragraph (e) of recommendation 8 ...": the letter goes after the item's number.
_SUBITEM_BEFORE = re.compile(
    _SUBITEM
    + r"\s*\(?\s*([a-o])\s*\)?\s+of\s+("
    + REC_WORD
    + r"\s*(?:no\.?\s*)?\d{1,3}(?:\.\d{1,3})?|\d{1,2}\.\d{1,3})"
)


def _subitem_letter(m: re.Match[str]) -> str:
    if m.group(3):
        return f"{m.group(3)}({m.group(4)})"
    return f"({m.group(1) or m.group(2) or m.group(5)})"


def subitem_letters(text: str) -> str:
    """A sub-item named by a word for one, as `(x)` after its item's number: "5.2, subparagraph (d)",
    "rec 2 letter d", "5.2第(d)项", "建议2k", "sub-paragraph (e) of recommendation 8" (normalized text)."""
    text = _SUBITEM_BEFORE.sub(r"\2(\1)", text)
    return _SUBITEM_WORD.sub(_subitem_letter, text)


# "the last recommendation", "the second-to-last rec", "最后一条", "倒数第二条" (after Chinese numerals
# became digits): written as a number counted down from LAST_ITEM, which the reader turns negative.
_LAST_EN = re.compile(
    r"\b(?:(second|third)[\s-]+(?:to[\s-]+)?last|penultimate|next[\s-]+to[\s-]+last|(last|final))\s+"
    r"(?=" + REC_WORD + r"|items?\b|paragraph|para\b)"
)
_LAST_ZH = re.compile(r"最后\s*1?\s*(?=[条项个段])|倒数\s*第?\s*(\d{1,2})\s*(?=[条项个段])")
_FROM_END = {"second": 2, "third": 3}


def last_items(text: str) -> str:
    """Items named by their place from the end, as numbers counted down from LAST_ITEM."""

    def english(m: re.Match[str]) -> str:
        back = 1 if m.group(2) else _FROM_END.get(m.group(1) or "second", 2)
        return f"{LAST_ITEM + 1 - back}th "

    def chinese(m: re.Match[str]) -> str:
        return f"第{LAST_ITEM + 1 - int(m.group(1) or 1)}"

    return _LAST_ZH.sub(chinese, _LAST_EN.sub(english, text))


def counted_from_end(number: int) -> int:
    """A number the reader wrote for "the n-th from the end" as -n; any other number as it is."""
    return number - LAST_ITEM - 1 if LAST_ITEM - 9 <= number <= LAST_ITEM else number


# Separators people type inside an id: "3。12", "1,31" (not "1,000" or a list "3,4 and 5").
_ZH_POINT = re.compile(r"(?<=\d)\s*。\s*(?=\d)")
_COMMA_POINT = re.compile(
    r"(?<![\d,.])(?<!recs )(?<!recommendations )([1-7]),(\d{1,2})(?![\d,])(?!\s*(?:and|or|&|和|、)\s*\d)"
)


def typed_points(text: str) -> str:
    return _COMMA_POINT.sub(r"\1.\2", _ZH_POINT.sub(".", text))


# A dotted id beside other words ("3.26 document fraud", "1.4是关于培训的吗") is an item unless it is a
# quantity ("about 2.5 million", "1.5倍", "SDG target 10.7", "article 6.1").
_QUANTITY_BEFORE = re.compile(
    r"(?:about|around|approx(?:imately)?|some|nearly|almost|over|under|than|up to|roughly|only|just|"
    r"article|art\.?|section|chapter|version|v|target|goal|sdg|约|大约|近|超过|将近|至少|[$€£¥])\s*$"
)
_QUANTITY_AFTER = re.compile(
    r"^\s*(?:%|％|percent|per\s*cent|million|billion|thousand|trillion|mn\b|bn\b|m\b|k\b|times|fold|"
    r"years?|months?|weeks?|days?|hours?|km|kilomet|miles?|degrees?|kg|tons?|tonnes?|usd|eur|dollars?|"
    r"euros?|万|亿|千|百|倍|年|岁|个月|天|小时|公里|米|美元|欧元)"
)
_MEETINGS_WITH_ITEMS = range(1, 8)


def dotted_is_item(text: str, start: int, end: int, meeting: int, number: str) -> bool | None:
    """Does the dotted number at `text[start:end]` name an item, whatever else the question says?
    None: it is a quantity; False: it may name one, but only if nothing else is asked."""
    if _QUANTITY_BEFORE.search(text[:start]) or _QUANTITY_AFTER.match(text[end:]):
        return None
    return meeting in _MEETINGS_WITH_ITEMS and len(number) <= 2 and not number.startswith("0")


# The 2020 meeting was held in four sessions ("共举行了四场会议"): beside that meeting, "the first
# session" is one of them, not the 1st meeting.
_REPORT_MEETING_NAMED = re.compile(
    r"2020|\b7th\s+(?:wg\s+)?meeting|第\s*7\s*[次届]|9\s*月\s*[89]\s*日|\b[89](?:th)?\s+(?:and\s+9(?:th)?\s+)?sept"
    r"|\bsept(?:ember|\.)?\s+[89]\b"
)
_SESSION_WITHIN = re.compile(
    r"\b\d(?:st|nd|rd|th)?\s+(?:(?:and|&|or)\s+\d(?:st|nd|rd|th)?\s+)?sessions?\b|\bsessions?\s+\d\b(?!\s*(?:st|nd|rd|th))"
)


def sessions_within_report_meeting(text: str) -> list[tuple[int, int]]:
    """Where `text` (normalized) names a session of the 2020 meeting, which is no meeting of its own."""
    if not _REPORT_MEETING_NAMED.search(text):
        return []
    return [m.span() for m in _SESSION_WITHIN.finditer(text)]
