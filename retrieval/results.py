"""Typed results crossing from retrieval to its callers (CLI, bot).

Nothing here is worded for a user: a result says what happened with data (which meeting, which
numbers exist, why a question could not be searched), and each caller words it at its edge.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from corpus.units import Unit

ReferenceStatus = Literal["found", "ambiguous", "no_such_item", "no_such_meeting", "not_in_corpus"]


@dataclass(frozen=True)
class NumberSpan:
    """The numbers that do exist, lowest to highest: `1-41`."""

    first: int
    last: int

    @classmethod
    def of(cls, numbers: list[int]) -> NumberSpan | None:
        return cls(min(numbers), max(numbers)) if numbers else None


# Why a reference resolved to nothing, one type per reason, each with what exists instead.


@dataclass(frozen=True)
class NoMeetingInYear:
    kind: ClassVar[str] = "no_meeting_in_year"
    year: int
    meetings: tuple[tuple[int, int], ...]  # (meeting, year) of every meeting the group held


@dataclass(frozen=True)
class UnknownMeeting:
    kind: ClassVar[str] = "unknown_meeting"
    meeting: int
    covered: tuple[int, ...]  # the meetings whose recommendations the documents hold


@dataclass(frozen=True)
class MeetingNotInCorpus:
    kind: ClassVar[str] = "meeting_not_in_corpus"
    meeting: int
    year: int


@dataclass(frozen=True)
class NoMeetingHasNumber:
    kind: ClassVar[str] = "no_meeting_has_number"
    number: int
    letter: str | None


@dataclass(frozen=True)
class ParagraphsOnlyInReport:
    """Numbered paragraphs were asked of a meeting other than the one whose report has them."""

    kind: ClassVar[str] = "paragraphs_only_in_report"
    meeting: int  # the meeting asked for
    report_meeting: int
    report_year: int
    paragraphs: NumberSpan | None


@dataclass(frozen=True)
class NoSuchParagraph:
    kind: ClassVar[str] = "no_such_paragraph"
    number: int
    report_meeting: int
    report_year: int
    paragraphs: NumberSpan | None


@dataclass(frozen=True)
class NoSuchRecommendation:
    kind: ClassVar[str] = "no_such_recommendation"
    meeting: int
    number: int
    numbers: NumberSpan | None


@dataclass(frozen=True)
class NoSuchSubItem:
    kind: ClassVar[str] = "no_such_sub_item"
    meeting: int
    number: int
    letter: str
    letters: tuple[str, ...]  # the sub-items the recommendation has ("a", "b" …); none: it has none


Unresolved = (
    NoMeetingInYear
    | UnknownMeeting
    | MeetingNotInCorpus
    | NoMeetingHasNumber
    | ParagraphsOnlyInReport
    | NoSuchParagraph
    | NoSuchRecommendation
    | NoSuchSubItem
)


def _plain(value: object) -> object:
    if isinstance(value, NumberSpan):
        return [value.first, value.last]
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _json(value: Unresolved | Problem) -> dict[str, object]:
    """A reason or a problem as JSON: its kind, then the data it has (a span as [first, last])."""
    data: dict[str, object] = {"kind": value.kind}
    for name in (f.name for f in dataclasses.fields(value) if f.name != "kind"):
        item = getattr(value, name)
        if item is not None and item != ():
            data[name] = _plain(item)
    return data


@dataclass(frozen=True)
class ReferenceOutcome:
    """What an exact reference (`3.12`, `第三次会议第12条` …) resolved to."""

    status: ReferenceStatus
    ids: tuple[str, ...]
    meeting: int | None
    number: int | None
    why: Unresolved | None = None  # set exactly when nothing was found

    @property
    def resolved(self) -> bool:
        return self.status in ("found", "ambiguous")

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "ids": list(self.ids),
            "meeting": self.meeting,
            "number": self.number,
            "why": _json(self.why) if self.why is not None else None,
        }


ProblemKind = Literal[
    "not_text",  # the question is not a string
    "empty",
    "no_words",  # punctuation, emoji …: nothing to search for
    "no_meeting_in_year",  # the year filter names a year without a meeting
    "unknown_meeting",  # the meeting filter names a meeting the group never held
    "meeting_not_in_corpus",  # … or one whose recommendations the documents do not hold
    "unknown_theme",  # the theme filter is not a theme of the taxonomy
    "nothing_in_theme",  # no item of the theme matches
]


@dataclass(frozen=True)
class Problem:
    """Why a question could not be searched, with the filter value concerned."""

    kind: ProblemKind
    year: int | None = None
    meeting: int | None = None
    theme: str | None = None
    themes: tuple[str, ...] = ()  # for `unknown_theme`: the themes there are

    def to_json(self) -> dict[str, object]:
        return _json(self)


@dataclass(frozen=True)
class Hit:
    unit: Unit
    score: float

    @property
    def id(self) -> str:
        return self.unit.id


@dataclass(frozen=True)
class SearchResult:
    query: str
    answerable: bool
    hits: tuple[Hit, ...]
    reference: ReferenceOutcome | None = None
    meeting: int | None = None  # the meeting filter that was applied
    problem: Problem | None = None  # why the query could not be searched (empty, no words …)
    signals: dict[str, float] = field(default_factory=dict)  # what `answerable` was decided on
    broad: bool = False  # a question about everything on a topic: every relevant item is listed
    relevant: int | None = None  # for a broad question: how many of the hits clear the fitted cut

    def to_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "answerable": self.answerable,
            "reference": self.reference.to_json() if self.reference is not None else None,
            "problem": self.problem.to_json() if self.problem is not None else None,
            "broad": self.broad,
            "relevant": self.relevant,
            "hits": [
                {
                    "id": hit.unit.id,
                    "meeting": hit.unit.meeting,
                    "number": hit.unit.number,
                    "kind": hit.unit.kind,
                    "text": hit.unit.text,
                    "score": round(hit.score, 4),
                }
                for hit in self.hits
            ],
        }
