"""Read the shipped source texts and build the corpus: the one place `corpus` touches files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from corpus.parse import parse_background_paper, parse_meetings, parse_report_2020
from corpus.units import BACKGROUND_PAPER, REPORT_2020, Meeting, Unit, id_sort_key

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Corpus:
    units: tuple[Unit, ...]
    meetings: tuple[Meeting, ...]
    sources: dict[str, str]  # file name -> full text

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {unit.id: unit for unit in self.units})

    def get(self, unit_id: str) -> Unit | None:
        by_id: dict[str, Unit] = self.__dict__["_by_id"]
        return by_id.get(unit_id)

    def meeting(self, number: int) -> Meeting | None:
        return next((m for m in self.meetings if m.number == number), None)

    def meeting_in_year(self, year: int) -> int | None:
        """The number of the meeting held in `year` (the Working Group met at most once a year)."""
        return next((m.number for m in self.meetings if m.year == year), None)

    def of_meeting(self, number: int, kind: str | None = None) -> list[Unit]:
        return [u for u in self.units if u.meeting == number and (kind is None or u.kind == kind)]

    def recommendation_numbers(self, meeting: int) -> list[int]:
        return [u.number for u in self.of_meeting(meeting, "recommendation")]

    @property
    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.sources):
            digest.update(name.encode() + b"\0" + self.sources[name].encode())
        return digest.hexdigest()[:16]


def build_corpus(sources: dict[str, str]) -> Corpus:
    report, paper = sources[REPORT_2020], sources[BACKGROUND_PAPER]
    units = parse_background_paper(paper) + parse_report_2020(report)
    units.sort(key=lambda u: id_sort_key(u.id))
    return Corpus(tuple(units), tuple(parse_meetings(report, paper)), dict(sources))


@cache
def load_corpus(data_dir: Path = DATA_DIR) -> Corpus:
    sources = {name: (data_dir / name).read_text(encoding="utf-8") for name in (REPORT_2020, BACKGROUND_PAPER)}
    return build_corpus(sources)
