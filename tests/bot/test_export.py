"""Exports read back: the Word document and the CSV hold every item's citation and verbatim text."""

from __future__ import annotations

import csv
import io

import docx

from bot import followups
from bot.export import CSV_COLUMNS, file_stem
from bot.replies import View
from corpus.load import Corpus
from corpus.records import load_records


def _docx_paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark, so spreadsheets read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_a_theme_exports_as_word_and_csv_with_every_text_verbatim(corpus: Corpus) -> None:
    view = View(corpus, "zh", records=load_records())
    units = [corpus.get(i) for i in ("1.13", "4.1", "4.2", "5.2(d)", "7.21", "7.p9")]
    assert all(units)
    word, table = followups.files("没收犯罪所得？", [u for u in units if u], view)
    assert (word.name, table.name) == ("没收犯罪所得.docx", "没收犯罪所得.csv")
    paragraphs = _docx_paragraphs(word.data)
    text = "\n".join(paragraphs)
    assert paragraphs[0] == "没收犯罪所得？"
    for unit in units:
        assert unit and unit.text in text  # verbatim, line for line
    # One heading per meeting, in order, each before its items.
    headings = [p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs if p.style.name == "Heading 2"]
    assert [h[:16] for h in headings] == [view.quote(u).citation[:16] for u in (units[0], units[1], units[3], units[4])]
    assert "非官方" not in text and "Unofficial" not in text  # the Chinese interface: no rendering

    rows = _csv_rows(table.data)
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == ["1.13", "4.1", "4.2", "5.2(d)", "7.21", "7.p9"]
    assert [r["number"] for r in rows] == ["13", "1", "2", "2(d)", "21", "p9"]
    for row, unit in zip(rows, units, strict=True):
        assert unit and row["text"] == unit.text and row["meeting"] == str(unit.meeting)
        assert row["citation"] == view.quote(unit).citation and row["rendering"]


def test_in_english_the_word_file_adds_the_rendering_marked_as_unofficial(corpus: Corpus) -> None:
    records = load_records()
    view = View(corpus, "en", records=records)
    unit = corpus.get("3.12")
    assert unit is not None
    word, _ = followups.files("What about 3.12", [unit], view)
    paragraphs = _docx_paragraphs(word.data)
    record = records.get("3.12")
    assert record is not None
    rendering = next(p for p in paragraphs if record.rendering_en in p)
    assert rendering.startswith("Unofficial English rendering (not the UN's text):")
    assert unit.text in "\n".join(paragraphs)


def test_file_names_keep_the_words_and_drop_the_rest() -> None:
    assert file_stem("What has the group said about JITs?") == "What-has-the-group-said-about-JITs"
    assert file_stem("../../etc/passwd") == "etc-passwd"
    assert file_stem("？？？") == "export"
    assert len(file_stem("洗钱" * 50)) == 40
