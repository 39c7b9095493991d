"""What follows an answer or a list: its export files, narrowing it to a theme, feedback on it. Pure.

The service resolves a list (a remembered answer, a theme, a meeting) to its units; this module
turns units into export items and builds the small pick lists and reports these actions show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot import buttons
from bot.actions import Narrow, WrongItem
from bot.cite import citation, label, meeting_name, ordinal
from bot.export import ExportFile, ExportItem, export_files
from bot.feedback import Tally
from bot.lists import theme_name
from bot.replies import Note, Reply, View, notice
from corpus.units import Unit
from prompts import texts

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
