"""Where a unit sits in its document, as text: its section heading and, for a paragraph of the 2020
report that refers to an agenda item by number ("议程项目 2"), that item's title from the agenda.

A question names the topic ("the COVID-19 item", "出席情况"), the paragraph only the number or its
heading does: this is how the document itself links them. Pure.
"""

from __future__ import annotations

import re

from corpus.load import Corpus
from corpus.units import Unit

AGENDA_PARAGRAPH = "7.p26"
_AGENDA_LINE = re.compile(r"^(\d)\.\s*(.+?)[。；：]?$", re.MULTILINE)
_REFERS = re.compile(r"议程项目\s*(\d)(?:\s*和\s*(\d))?")
_ORDINALS = "一二三四五六七八九"
_MEETING_ORDINAL = re.compile(rf"第([{_ORDINALS}])次会议")
_YEAR = re.compile(r"(20[12]\d)\s*年")


def agenda_items(corpus: Corpus) -> dict[int, str]:
    """The 2020 meeting's agenda, number -> title, as 7.p26 lists it."""
    agenda = corpus.get(AGENDA_PARAGRAPH)
    return {int(n): title.strip() for n, title in _AGENDA_LINE.findall(agenda.text)} if agenda else {}


def unit_context(unit: Unit, agenda: dict[int, str]) -> str:
    parts = [unit.section]
    for match in _REFERS.finditer(unit.text):
        parts += [agenda[int(n)] for n in match.groups() if n and int(n) in agenda]
    return "\n".join(dict.fromkeys(p for p in parts if p))


def meetings_spoken_of(unit: Unit, corpus: Corpus) -> frozenset[int]:
    """The unit's own meeting and those its text names, by ordinal or by year (7.p1 dates them all)."""
    named = {_ORDINALS.index(m) + 1 for m in _MEETING_ORDINAL.findall(unit.text)}
    years = (corpus.meeting_in_year(int(y)) for y in _YEAR.findall(unit.text))
    return frozenset({unit.meeting, *named, *(m for m in years if m is not None)})
