"""What users type, read into plain values: group addressing and command arguments. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from prompts import Lang
from retrieval.refs import normalize

_MEETING_ARG = re.compile(r"^第?(\d{1,2})(?:次(?:会议)?)?$")
_LANGS: dict[str, Lang] = {
    "zh": "zh",
    "cn": "zh",
    "中文": "zh",
    "chinese": "zh",
    "en": "en",
    "english": "en",
    "英文": "en",
    "英语": "en",
}


def addressed_question(text: str, username: str | None, *, replied_to_bot: bool) -> str | None:
    """In a group: the question of a message that mentions the bot or replies to it, else None."""
    if username:
        mention = re.compile(rf"@{re.escape(username)}\b", re.IGNORECASE)
        if mention.search(text):
            return mention.sub(" ", text).strip()
    return text.strip() if replied_to_bot else None


def command_is_for(text: str, username: str | None) -> bool:
    """Whether `/cmd@name …` names this bot (in groups, bare `/cmd` may be meant for another bot)."""
    command = text.split(maxsplit=1)[0] if text.strip() else ""
    _, at, name = command.partition("@")
    return bool(at) and username is not None and name.lower() == username.lower()


def meeting_args(args: Sequence[str]) -> tuple[int, int] | None:
    """`/meeting 3 [page]` -> (meeting, zero-based page); `三` and `第三次会议` read as 3. None: bad input."""
    if not 1 <= len(args) <= 2:
        return None
    match = _MEETING_ARG.match(normalize(args[0]).replace(" ", ""))
    page = normalize(args[1]) if len(args) == 2 else "1"
    if match is None or not re.fullmatch(r"[0-9]{1,3}", page) or int(page) < 1:
        return None
    return int(match.group(1)), int(page) - 1


def lang_arg(args: Sequence[str]) -> Lang | None:
    return _LANGS.get(args[0].strip().lower()) if len(args) == 1 else None
