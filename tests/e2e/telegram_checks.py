"""What Telegram refuses in what a bot sends: the fake Bot API raises `BadRequest` with its wording."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.telegram_html import HTMLError, parse, utf16_len

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64  # bytes
MAX_COPY_TEXT = 256
_START_PARAMETER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class BadRequest(Exception):
    pass


def check_text(text: Any, parse_mode: Any) -> tuple[str, list[dict[str, Any]]]:
    """A message text as Telegram would store it: parsed, non-empty, at most 4096 characters."""
    if not isinstance(text, str):
        raise BadRequest("Bad Request: message text is empty")
    if parse_mode in (None, ""):
        plain, entities = text, []
    elif str(parse_mode).upper() == "HTML":
        try:
            plain, entities = parse(text)
        except HTMLError as error:
            raise BadRequest(f"Bad Request: can't parse entities: {error}") from None
    else:
        raise BadRequest(f"Bad Request: unsupported parse_mode {parse_mode!r} in this fake")
    if not plain.strip():
        raise BadRequest("Bad Request: message text is empty")
    if utf16_len(plain) > MAX_TEXT:
        raise BadRequest("Bad Request: message is too long")
    return plain, entities


def check_markup(markup: Any) -> None:
    if markup is None:
        return
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise BadRequest("Bad Request: can't parse reply keyboard markup JSON object")
    if sum(len(row) for row in rows) > 100 or any(len(row) > 8 for row in rows):
        raise BadRequest("Bad Request: too many buttons")
    for button in (b for row in rows for b in row):
        kinds = [
            k
            for k in ("callback_data", "url", "copy_text", "switch_inline_query", "switch_inline_query_current_chat")
            if k in button
        ]
        if not isinstance(button.get("text"), str) or not button["text"] or len(kinds) != 1:
            raise BadRequest(
                "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
            )
        if "callback_data" in button and not 1 <= len(str(button["callback_data"]).encode()) <= MAX_CALLBACK_DATA:
            raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
        if "copy_text" in button:
            copied = button["copy_text"].get("text") if isinstance(button["copy_text"], dict) else None
            if not isinstance(copied, str) or not 1 <= len(copied) <= MAX_COPY_TEXT:
                raise BadRequest("Bad Request: COPY_TEXT_INVALID")
        if "url" in button and not str(button["url"]).startswith(("https://", "http://", "tg://")):
            raise BadRequest("Bad Request: BUTTON_URL_INVALID")


def check_inline_results(results: Any, button: Any) -> None:
    if not isinstance(results, list) or len(results) > 50:
        raise BadRequest("Bad Request: RESULTS_TOO_MUCH")
    ids = [r.get("id") for r in results]
    if len(set(ids)) != len(ids) or not all(isinstance(i, str) and 1 <= len(i.encode()) <= 64 for i in ids):
        raise BadRequest("Bad Request: RESULT_ID_INVALID")
    for result in results:
        content = result.get("input_message_content") or {}
        if result.get("type") != "article" or not result.get("title"):
            raise BadRequest("Bad Request: RESULT_TITLE_EMPTY")
        check_text(content.get("message_text"), content.get("parse_mode"))
        check_markup(result.get("reply_markup"))
    if button is not None and not (button.get("text") and _START_PARAMETER.match(button.get("start_parameter", ""))):
        raise BadRequest("Bad Request: BUTTON_START_PARAM_INVALID")
