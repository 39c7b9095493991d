"""The command line's readable output: typed results in short English lines (a developer's tool;
the bot words the same outcomes from `prompts/`)."""

from __future__ import annotations

from retrieval.results import (
    MeetingNotInCorpus,
    NoMeetingHasNumber,
    NoMeetingInYear,
    NoSuchParagraph,
    NoSuchRecommendation,
    NoSuchSubItem,
    NumberSpan,
    ParagraphsOnlyInReport,
    Problem,
    SearchResult,
    UnknownMeeting,
    Unresolved,
)


def _span(span: NumberSpan | None) -> str:
    return f"{span.first}-{span.last}" if span else "none"


def _runs(numbers: tuple[int, ...]) -> str:
    """(1, 2, 3, 4, 5, 7) -> "1-5 and 7"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    words = [f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def describe_problem(problem: Problem) -> str:
    match problem.kind:
        case "not_text":
            return "the question must be text"
        case "empty":
            return "the question is empty"
        case "no_words":
            return "the question has no words to search for"
        case "no_meeting_in_year":
            return f"the Working Group held no meeting in {problem.year}"
        case "unknown_meeting":
            return f"there is no meeting {problem.meeting}"
        case "meeting_not_in_corpus":
            return f"meeting {problem.meeting}'s recommendations are not in these documents"
        case "unknown_theme":
            return f"no such theme: {problem.theme} (themes: {', '.join(problem.themes)})"
        case "nothing_in_theme":
            return f"nothing of theme {problem.theme} matches"


def describe_unresolved(why: Unresolved) -> str:
    """What exists instead of the item asked for, in a line of English."""
    match why:
        case NoMeetingInYear(year, meetings):
            listed = ", ".join(f"{y} ({m})" for m, y in meetings)
            return f"The Working Group held no meeting in {year}; meetings by year: {listed}."
        case UnknownMeeting(meeting, covered):
            return f"There is no meeting {meeting} in these documents: meetings {_runs(covered)} are covered."
        case MeetingNotInCorpus(meeting, year):
            return f"The recommendations of meeting {meeting} ({year}) are not in these documents."
        case NoMeetingHasNumber(number, letter):
            return f"No meeting has a recommendation {number}{f'({letter})' if letter else ''}."
        case ParagraphsOnlyInReport(_meeting, report, year, paragraphs):
            return f"Only the {year} report (meeting {report}) has numbered paragraphs ({_span(paragraphs)})."
        case NoSuchParagraph(_number, _report, year, paragraphs):
            return f"The {year} report has paragraphs {_span(paragraphs)}."
        case NoSuchRecommendation(meeting, _number, numbers):
            return f"Meeting {meeting} has recommendations {_span(numbers)}."
        case NoSuchSubItem(meeting, number, _letter, letters):
            has = f"has sub-items {', '.join(f'({c})' for c in letters)}" if letters else "has no lettered sub-items"
            return f"Recommendation {meeting}.{number} {has}."


def format_result(result: SearchResult) -> str:
    lines = []
    if result.problem:
        lines.append(f"({describe_problem(result.problem)})")
    ref = result.reference
    if ref and ref.why is not None:
        lines.append(f"No such item. {describe_unresolved(ref.why)}")
    elif ref and ref.status == "ambiguous":
        lines.append(f"Several meetings have this number; name the meeting for one. Candidates: {', '.join(ref.ids)}")
    elif not result.problem and not result.answerable:
        lines.append("Not found in these documents. Closest items:" if result.hits else "Not found.")
    for hit in result.hits:
        lines.append(f"\n[{hit.unit.id}] meeting {hit.unit.meeting}, {hit.unit.kind}  (score {hit.score:.4f})")
        lines.append(hit.unit.text)
    return "\n".join(lines)
