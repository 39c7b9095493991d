"""Typed results crossing from retrieval to its callers (CLI, bot)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from corpus.units import Unit

ReferenceStatus = Literal["found", "ambiguous", "no_such_item", "no_such_meeting", "not_in_corpus"]


@dataclass(frozen=True)
class ReferenceOutcome:
    """What an exact reference (`3.12`, `第三次会议第12条` …) resolved to."""

    status: ReferenceStatus
    ids: tuple[str, ...]
    meeting: int | None
    number: int | None
    detail: str  # English: what exists instead, when the item does not
    detail_zh: str = ""

    @property
    def resolved(self) -> bool:
        return self.status in ("found", "ambiguous")


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
    problem: str | None = None  # why the query could not be searched (empty, no words …)
    signals: dict[str, float] = field(default_factory=dict)  # what `answerable` was decided on
    broad: bool = False  # a question about everything on a topic: every relevant item is listed
    relevant: int | None = None  # for a broad question: how many of the hits clear the fitted cut

    def to_json(self) -> dict[str, object]:
        reference = None
        if self.reference is not None:
            reference = {
                "status": self.reference.status,
                "ids": list(self.reference.ids),
                "detail": self.reference.detail,
            }
        return {
            "query": self.query,
            "answerable": self.answerable,
            "reference": reference,
            "problem": self.problem,
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
