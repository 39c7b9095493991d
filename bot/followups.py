"""What follows an answer or a list: its export files, narrowing it to a theme, feedback on it. Pure.

The service resolves a list (a remembered answer, a theme, a meeting) to its units; this module
turns units into export items and builds the small pick lists and reports these actions show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot import buttons
from bot.actions import MeetingList, Narrow, ThemeList, Verdict, WrongItem
from bot.cite import citation, label, meeting_name, ordinal
from bot.export import ExportFile, ExportItem, export_files
from bot.feedback import Tally, VerdictKind
from bot.lists import theme_name, theme_units
from bot.recent import Asked
from bot.replies import PAGE, Note, Reply, View, hits_shown, notice
from corpus.units import Unit
from prompts import texts
from retrieval.results import Hit

NARROW_CHOICES = 8  # themes offered to narrow an answer to
LATEST = 5  # 👎 cases shown in /feedback


@dataclass(frozen=True)
class Toast:
    """A short confirmation shown on the button pressed, no message sent."""

    text: str


@dataclass(frozen=True)
class Files:
    """A list exported: its files and how many items they hold."""

    files: tuple[ExportFile, ...]
    count: int


def export_items(units: Sequence[Unit], view: View) -> list[ExportItem]:
    records = view.records
    items = []
    for unit in units:
        meeting = view.meetings[unit.meeting]
        record = records.get(unit.id) if records is not None else None
        items.append(
            ExportItem(
                unit,
                citation(unit, meeting, view.lang),
                meeting_name(meeting, view.lang),
                record.rendering_en if record else None,
            )
        )
    return items


def files(title: str, units: Sequence[Unit], view: View) -> tuple[ExportFile, ...]:
    return export_files(title, export_items(units, view), view.lang, english=view.shows_rendering)


def meeting_title(number: int, view: View) -> str:
    return meeting_name(view.meetings[number], view.lang)


def listed(source: ThemeList | MeetingList, view: View) -> tuple[str, list[Unit]] | None:
    """A theme's or a meeting's items (sub-items in their parents), with the list's title.
    None: no such theme, or a meeting the documents do not hold."""
    if isinstance(source, ThemeList):
        units = theme_units(source.theme, view)
        return None if units is None else (theme_name(source.theme, view), units)
    known = view.meetings.get(source.meeting)
    if known is None or not known.in_corpus:
        return None
    units = [u for u in view.corpus.of_meeting(source.meeting) if u.kind != "sub-item"]
    return meeting_title(source.meeting, view), units


def answer_listed(asked: Asked) -> tuple[str, list[Unit]]:
    """An answer's list for export: a broad question's relevant hits, else every hit."""
    result = asked.result
    hits = result.hits[: hits_shown(result)] if result.broad else result.hits
    return asked.question, [hit.unit for hit in hits]


def narrow_choices(token: str, units: Sequence[Unit], view: View) -> Reply:
    """The themes of an answer's items, most frequent first, each a button re-asking within it."""
    records = view.records
    if records is None:
        return notice(view.lang, "themes_none")
    keys = [t.key for t in records.themes]
    counts = Counter(key for unit in units if (record := records.get(unit.id)) for key in record.themes)
    ranked = sorted(counts, key=lambda key: (-counts[key], keys.index(key)))[:NARROW_CHOICES]
    if not ranked:
        return notice(view.lang, "narrow_none")
    choices = [
        (f"{theme_name(keys.index(key), view)} ({counts[key]})", Narrow(token, keys.index(key))) for key in ranked
    ]
    return Reply(view.lang, (Note(texts(view.lang)("narrow_pick")),), buttons.choice_buttons(choices))


def narrowed_header(index: int, view: View) -> str:
    return texts(view.lang)("narrowed_header", theme=theme_name(index, view))


def wrong_choices(token: str, units: Sequence[Unit], offset: int, view: View) -> Reply:
    """The items an answer's page showed, one button each, to say which one is wrong."""
    choices = [
        (f"{offset + i + 1} · {label_in_meeting(unit, view)}", WrongItem(token, unit.id))
        for i, unit in enumerate(units)
    ]
    return Reply(view.lang, (Note(texts(view.lang)("wrong_pick")),), buttons.choice_buttons(choices))


@dataclass(frozen=True)
class Judged:
    """What a 👍 / 👎 / wrong-item press records: the page it judged, and the item named wrong, if any."""

    offset: int
    kind: VerdictKind
    wrong: Unit | None = None


def judged(action: Verdict | WrongItem, hits: Sequence[Hit], view: View) -> Judged | Reply | None:
    """A verdict to record; for "wrong", first the question which item (a reply); None: a stale press."""
    if isinstance(action, Verdict):
        if action.kind != "wrong":
            return Judged(action.offset, action.kind)
        units = [hit.unit for hit in hits[action.offset : action.offset + PAGE]]
        return wrong_choices(action.token, units, action.offset, view) if units else None
    ids = [hit.id for hit in hits]
    if action.unit_id not in ids:
        return None
    index = ids.index(action.unit_id)
    return Judged(index // PAGE * PAGE, "wrong", hits[index].unit)


def label_in_meeting(unit: Unit, view: View) -> str:
    return texts(view.lang)("label_in_meeting", ordinal=ordinal(unit.meeting, view.lang), label=label(unit, view.lang))


def feedback_report(tally: Tally, view: View) -> Reply:
    t = texts(view.lang)
    blocks = [
        Note(
            t(
                "feedback_counts",
                up=tally.counts["up"],
                down=tally.counts["down"],
                wrong=tally.counts["wrong"],
                people=tally.people,
            )
        )
    ]
    for case in tally.latest_down[:LATEST]:
        shown = ", ".join(case.shown) or "—"
        wrong = t("feedback_wrong_id", unit=case.wrong_id) if case.wrong_id else ""
        blocks.append(
            Note(
                t(
                    "feedback_case",
                    verdict=t(f"verdict_{case.verdict}"),
                    question=case.question,
                    shown=shown,
                    wrong=wrong,
                )
            )
        )
    return Reply(view.lang, tuple(blocks))
