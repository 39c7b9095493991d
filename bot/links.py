"""Share links: `https://t.me/<bot>?start=rec-3_12` opens item 3.12 in the bot. Pure."""

from __future__ import annotations

import re

# A /start payload may only hold A-Z, a-z, 0-9, _ and -, so `5.2(d)` travels as `rec-5_2d`.
_PAYLOAD = re.compile(r"^rec-(\d{1,2})_(p?\d{1,3})([a-z]?)$")


def start_payload(unit_id: str) -> str:
    return "rec-" + unit_id.replace(".", "_").replace("(", "").replace(")", "")


def unit_from_payload(payload: str) -> str | None:
    """The unit id a payload names, or None when it is not one of ours (it may still not exist)."""
    match = _PAYLOAD.match(payload)
    if not match:
        return None
    meeting, number, letter = match.groups()
    return f"{meeting}.{number}" + (f"({letter})" if letter else "")


def share_link(username: str, unit_id: str) -> str:
    return f"https://t.me/{username}?start={start_payload(unit_id)}"
