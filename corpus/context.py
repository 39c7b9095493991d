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


def agenda_items(corpus: Corpus) -> dict[int, str]:
    """The 2020 meeting's agenda, number -> title, as 7.p26 lists it."""
    agenda = corpus.get(AGENDA_PARAGRAPH)
    return {int(n): title.strip() for n, title in _AGENDA_LINE.findall(agenda.text)} if agenda else {}


def unit_context(unit: Unit, agenda: dict[int, str]) -> str:
    parts = [unit.section]
    for match in _REFERS.finditer(unit.text):
        parts += [agenda[int(n)] for n in match.groups() if n and int(n) in agenda]
    return "\n".join(dict.fromkeys(p for p in parts if p))
