"""What the bot's buttons carry: the actions, and their callback data. Pure: no I/O.

Callback data is at most 64 bytes and comes back from the client unchecked, so `decode` accepts
only the exact shapes `encode` writes; anything else (stale, forged) decodes to None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.feedback import VerdictKind


@dataclass(frozen=True)
class More:
    """The next page of an answer, edited in place. `token` names a question the service remembers."""

    token: str
    offset: int


@dataclass(frozen=True)
class Similar:
    unit_id: str


@dataclass(frozen=True)
class Show:
    """One item on its own, in full."""

    unit_id: str


@dataclass(frozen=True)
class Browse:
    """A page of a meeting's items: a new message, or the same message turned to another page."""

    meeting: int
    page: int
    edit: bool = False


@dataclass(frozen=True)
class ThemePage:
    """A page of one theme's items (the theme by its place in the taxonomy), or the list of themes
    when `theme` is None; a new message, or the same message turned to another page."""

    theme: int | None
    page: int
    edit: bool = False


@dataclass(frozen=True)
class AnswerList:
    """The items a question's answer pages through (the question by its token)."""

    token: str


@dataclass(frozen=True)
class ThemeList:
    theme: int


@dataclass(frozen=True)
class MeetingList:
    meeting: int


ListSource = AnswerList | ThemeList | MeetingList


@dataclass(frozen=True)
class Export:
    """The list as a Word document and a CSV."""

    source: ListSource


@dataclass(frozen=True)
class Narrow:
    """The same question within one theme; with `theme` None, the themes to choose from."""

    token: str
    theme: int | None


@dataclass(frozen=True)
class Verdict:
    """Feedback on the page of an answer starting at `offset`."""

    token: str
    offset: int
    kind: VerdictKind


@dataclass(frozen=True)
class WrongItem:
    """ "This item is wrong", chosen after "wrong item"."""

    token: str
    unit_id: str


Action = More | Similar | Show | Browse | ThemePage | Export | Narrow | Verdict | WrongItem
_VERDICT_CODES: dict[VerdictKind, str] = {"up": "u", "down": "d", "wrong": "w"}
_VERDICTS = {code: kind for kind, code in _VERDICT_CODES.items()}

_UNIT = r"\d{1,2}\.(?:\d{1,3}(?:\([a-z]\))?|p\d{1,3})"
_N = r"\d{1,3}"
_PATTERNS = {
    "m": re.compile(rf"^m:([0-9a-f]{{12}}):({_N})$"),
    "s": re.compile(rf"^s:({_UNIT})$"),
    "f": re.compile(rf"^f:({_UNIT})$"),
    "b": re.compile(rf"^b:(\d{{1,2}}):({_N})$"),
    "p": re.compile(rf"^p:(\d{{1,2}}):({_N})$"),
    "t": re.compile(rf"^t:(\d{{1,2}}|-):({_N})$"),
    "u": re.compile(rf"^u:(\d{{1,2}}|-):({_N})$"),
    "x": re.compile(r"^x:([qtb]):([0-9a-f]{12}|\d{1,2})$"),
    "n": re.compile(r"^n:([0-9a-f]{12}):(\d{1,2}|-)$"),
    "v": re.compile(rf"^v:([0-9a-f]{{12}}):({_N}):([udw])$"),
    "w": re.compile(rf"^w:([0-9a-f]{{12}}):({_UNIT})$"),
}


def encode(action: Action) -> str:
    match action:
        case More(token, offset):
            return f"m:{token}:{offset}"
        case Similar(unit_id):
            return f"s:{unit_id}"
        case Show(unit_id):
            return f"f:{unit_id}"
        case Browse(meeting, page, edit):
            return f"{'p' if edit else 'b'}:{meeting}:{page}"
        case ThemePage(theme, page, edit):
            return f"{'u' if edit else 't'}:{'-' if theme is None else theme}:{page}"
        case Export(AnswerList(token)):
            return f"x:q:{token}"
        case Export(ThemeList(theme)):
            return f"x:t:{theme}"
        case Export(MeetingList(meeting)):
            return f"x:b:{meeting}"
        case Narrow(token, theme):
            return f"n:{token}:{'-' if theme is None else theme}"
        case Verdict(token, offset, kind):
            return f"v:{token}:{offset}:{_VERDICT_CODES[kind]}"
        case WrongItem(token, unit_id):
            return f"w:{token}:{unit_id}"
    raise TypeError(f"not an action: {action!r}")


def decode(data: str | None) -> Action | None:
    if not data or len(data) > 64:
        return None
    kind = data[:1]
    pattern = _PATTERNS.get(kind)
    match = pattern.match(data) if pattern else None
    if match is None:
        return None
    first = match.group(1)
    if kind == "m":
        return More(first, int(match.group(2)))
    if kind == "s":
        return Similar(first)
    if kind == "f":
        return Show(first)
    if kind == "x":
        key = match.group(2)
        if (first == "q") != (len(key) == 12):  # a token for an answer, a number for the others
            return None
        source: ListSource = (
            AnswerList(key) if first == "q" else (ThemeList(int(key)) if first == "t" else MeetingList(int(key)))
        )
        return Export(source)
    if kind == "n":
        theme = match.group(2)
        return Narrow(first, None if theme == "-" else int(theme))
    if kind == "v":
        return Verdict(first, int(match.group(2)), _VERDICTS[match.group(3)])
    if kind == "w":
        return WrongItem(first, match.group(2))
    if kind in "tu":
        return ThemePage(None if first == "-" else int(first), int(match.group(2)), edit=kind == "u")
    return Browse(int(first), int(match.group(2)), edit=kind == "p")


def edits_in_place(action: Action) -> bool:
    """Paging turns the same message, and choosing the wrong item closes its pick list; everything
    else answers with a new message."""
    return isinstance(action, More | WrongItem) or (isinstance(action, Browse | ThemePage) and action.edit)
