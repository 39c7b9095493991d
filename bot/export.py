"""A list of items as files to paste from: a Word document and a CSV, built in memory. Pure: no I/O.

The Word document has one heading per meeting, each item's citation line and its verbatim Chinese
text; the unofficial English rendering follows, marked as such, when the reader asked for English.
The CSV always carries every column, so a spreadsheet can filter on meeting or number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.shared import Pt

from corpus.units import Unit
from corpus.zh import IDEOGRAPHS
from prompts import Lang, texts

CSV_COLUMNS = ("id", "meeting", "number", "citation", "text", "rendering")
_UNSAFE = re.compile(rf"[^\w{IDEOGRAPHS}]+")
STEM_CHARS = 40  # a file name keeps the question's first characters


@dataclass(frozen=True)
class ExportItem:
    unit: Unit
    citation: str
    meeting_name: str
    rendering: str | None  # the unofficial English rendering, if the unit has a record


@dataclass(frozen=True)
class ExportFile:
    name: str
    data: bytes
    mime: str


def file_stem(title: str) -> str:
    """A file name from a question or a list's title: words kept, everything else a dash."""
    stem = _UNSAFE.sub("-", title).strip("-_")[:STEM_CHARS].strip("-_")
    return stem or "export"


def number_in_meeting(unit: Unit) -> str:
    """`12`, `2(d)`, `p17`: the part of the id after the meeting."""
    return unit.id.split(".", 1)[1]


def to_csv(items: Sequence[ExportItem]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        unit = item.unit
        writer.writerow(
            [unit.id, unit.meeting, number_in_meeting(unit), item.citation, unit.text, item.rendering or ""]
        )
    # With a byte-order mark, spreadsheet programs read the Chinese text as UTF-8.
    return out.getvalue().encode("utf-8-sig")


def to_docx(title: str, items: Sequence[ExportItem], lang: Lang, *, english: bool) -> bytes:
    t = texts(lang)
    document = Document()
    document.add_heading(title, level=1)
    document.add_paragraph(t("export_intro", count=len(items)))
    meeting: int | None = None
    for item in items:
        if item.unit.meeting != meeting:
            meeting = item.unit.meeting
            document.add_heading(item.meeting_name, level=2)
        document.add_paragraph().add_run(item.citation).bold = True
        for line in item.unit.text.split("\n"):
            document.add_paragraph(line)
        if english and item.rendering:
            rendering = document.add_paragraph()
            label = rendering.add_run(texts("en")("rendering_label") + " ")
            label.italic = label.bold = True
            body = rendering.add_run(item.rendering)
            body.italic = True
            for run in (label, body):
                run.font.size = Pt(9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def export_files(title: str, items: Sequence[ExportItem], lang: Lang, *, english: bool) -> tuple[ExportFile, ...]:
    stem = file_stem(title)
    return (
        ExportFile(
            f"{stem}.docx",
            to_docx(title, items, lang, english=english),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ExportFile(f"{stem}.csv", to_csv(items), "text/csv"),
    )
