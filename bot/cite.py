"""Citation lines in one fixed, copy-ready form per language. Pure: units and meetings in, text out."""

from __future__ import annotations

from corpus.units import Meeting, Unit
from corpus.zh import zh_numeral
from prompts import Lang, texts


def en_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinal(n: int, lang: Lang) -> str:
    return zh_numeral(n) if lang == "zh" else en_ordinal(n)


def when(meeting: Meeting, lang: Lang) -> str:
    """`2015年11月` / `November 2015`; a meeting spanning two months names both."""
    t = texts(lang)
    month = t.month(meeting.start.month)
    if meeting.end.month == meeting.start.month:
        return t("when_month", year=meeting.start.year, month=month)
    return t("when_months", year=meeting.start.year, month=month, end_month=t.month(meeting.end.month))


def meeting_name(meeting: Meeting, lang: Lang) -> str:
    t = texts(lang)
    return t(
        "meeting_name", ordinal=ordinal(meeting.number, lang), when=when(meeting, lang), place=t.place(meeting.place)
    )


def citation(unit: Unit, meeting: Meeting, lang: Lang) -> str:
    """`偷运移民问题工作组第三次会议（2015年11月，维也纳）建议12` and its English twin."""
    key = {"recommendation": "cite_recommendation", "sub-item": "cite_sub_item", "paragraph": "cite_paragraph"}
    return texts(lang)(
        key[unit.kind], meeting=meeting_name(meeting, lang), number=unit.number, letter=unit.letter or ""
    )


def label(unit: Unit, lang: Lang) -> str:
    """The short name of an item inside its meeting: `建议12`, `Rec. 2(d)`, `第9段`."""
    key = {"recommendation": "label_recommendation", "sub-item": "label_sub_item", "paragraph": "label_paragraph"}
    return texts(lang)(key[unit.kind], number=unit.number, letter=unit.letter or "")
