"""Typed units of the two source documents, and the ids that name them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

UnitKind = Literal["recommendation", "sub-item", "paragraph"]

REPORT_2020 = "000_9be7536f146c34ba.txt"
BACKGROUND_PAPER = "001_5c5650b05a3a6a13.txt"

DOCUMENT_TITLES = {
    REPORT_2020: "偷运移民问题工作组 2020 年 9 月 8 日和 9 日在维也纳举行的会议报告",
    BACKGROUND_PAPER: "偷运移民问题工作组前五次会议通过的各项建议（秘书处编写的背景文件）",
}

# Layout marks of the Markdown the sources were converted to: they never count as text.
_LAYOUT = re.compile(r"[\s#*\\\-]+")
# Links the conversion left with no target, `[text](#)` or `[text]()`: only their text counts.
_EMPTY_LINK = re.compile(r"\[([^\]\n]*)\]\(#?\)")


def without_empty_links(text: str) -> str:
    return _EMPTY_LINK.sub(r"\1", text)


def layout_free(text: str) -> str:
    """The text with whitespace and Markdown layout marks removed: the form quotes are checked in."""
    return _LAYOUT.sub("", without_empty_links(text))


@dataclass(frozen=True)
class Meeting:
    number: int
    start: date
    end: date
    place: str
    in_corpus: bool
    source: str | None  # the document holding its recommendations

    @property
    def year(self) -> int:
        return self.start.year


@dataclass(frozen=True)
class Unit:
    id: str
    meeting: int
    kind: UnitKind
    number: int  # recommendation number, or paragraph number for `7.pN`
    letter: str | None  # sub-item letter
    text: str  # verbatim, layout marks removed, page breaks joined
    source: str
    span: tuple[int, int]  # character offsets in the source file
    section: str
    parent: str | None = None
    children: tuple[str, ...] = field(default=())
    lead_in: str = ""  # a parent's text before its first sub-item

    @property
    def is_paragraph(self) -> bool:
        return self.kind == "paragraph"


def recommendation_id(meeting: int, number: int, letter: str | None = None) -> str:
    return f"{meeting}.{number}" + (f"({letter})" if letter else "")


def paragraph_id(number: int) -> str:
    return f"7.p{number}"


_ID = re.compile(r"^(\d+)\.(?:(\d+)(?:\(([a-z])\))?|p(\d+))$")


def split_id(unit_id: str) -> tuple[int, int, str | None, bool]:
    """`3.12` -> (3, 12, None, False); `5.2(d)` -> (5, 2, 'd', False); `7.p9` -> (7, 9, None, True)."""
    match = _ID.match(unit_id)
    if not match:
        raise ValueError(f"not a unit id: {unit_id!r}")
    meeting, number, letter, paragraph = match.groups()
    if paragraph:
        return int(meeting), int(paragraph), None, True
    return int(meeting), int(number), letter, False


def id_sort_key(unit_id: str) -> tuple[int, int, int, str]:
    meeting, number, letter, is_paragraph = split_id(unit_id)
    return meeting, int(is_paragraph), number, letter or ""
