"""The webhook's decisions without a server: secret, size, body, duplicates, the refusal log, health."""

from __future__ import annotations

import json
import logging

import pytest
from telegram import Bot, Update

from bot.webhook import (
    Reason,
    RecentIds,
    Refusal,
    RefusalLog,
    check_declared_size,
    check_received_size,
    check_secret,
    health,
    parse_update,
)

SECRET = "webhook-SECRET_value"
LIMIT = 1_048_576
BODY_MARK = "BODY-TEXT-never-logged"


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        (None, Reason.NO_SECRET),
        ("", Reason.NO_SECRET),
        ("not-the-secret", Reason.WRONG_SECRET),
        (SECRET[:-1], Reason.WRONG_SECRET),
        (SECRET + "x", Reason.WRONG_SECRET),
        (SECRET.upper(), Reason.WRONG_SECRET),
        ("ü-non-ascii", Reason.WRONG_SECRET),
        (SECRET, None),
    ],
)
def test_the_secret_must_match_exactly(given: str | None, reason: Reason | None) -> None:
    refusal = check_secret(given, SECRET)
    assert (refusal.reason if refusal else None) == reason
    if refusal is not None:
        assert refusal.status == 403 and SECRET not in refusal.detail
        assert given is None or not given or given not in refusal.detail


@pytest.mark.parametrize(
    ("content_length", "status"),
    [
        (None, None),  # chunked, or no body: counted as it comes
        ("0", None),
        ("1200", None),
        (str(LIMIT), None),
        (str(LIMIT + 1), 413),
        (str(100 * LIMIT), 413),
        ("12, 12", None),
        ("12, 13", 400),
        ("-1", 400),
        ("1e6", 400),
        ("", 400),
    ],
)
def test_the_declared_size_is_checked_against_the_limit(content_length: str | None, status: int | None) -> None:
    refusal = check_declared_size(content_length, LIMIT)
    assert (refusal.status if refusal else None) == status


def test_a_streamed_body_is_refused_once_it_passes_the_limit() -> None:
    assert check_received_size(LIMIT, LIMIT) is None
    refusal = check_received_size(LIMIT + 1, LIMIT)
    assert refusal is not None and refusal.status == 413 and refusal.reason is Reason.TOO_LARGE


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"", "not JSON"),
        (f'{{"update_id": 1, "text": "{BODY_MARK}"'.encode(), "not JSON"),
        (b"\xff\xfe" + BODY_MARK.encode(), "not JSON"),
        (b"[" * 200_000, "not JSON"),  # nested past the parser's recursion limit
        (json.dumps([BODY_MARK]).encode(), "not an object"),
        (json.dumps(BODY_MARK).encode(), "not an object"),
        (json.dumps({"message": BODY_MARK}).encode(), "without a numeric update_id"),
        (json.dumps({"update_id": "7", "x": BODY_MARK}).encode(), "without a numeric update_id"),
        (json.dumps({"update_id": True}).encode(), "without a numeric update_id"),
        (json.dumps({"update_id": 7, "message": BODY_MARK}).encode(), "not an Update"),
        (json.dumps({"update_id": 7, "message": {"text": BODY_MARK}}).encode(), "not an Update"),
    ],
)
def test_malformed_bodies_are_refused_without_quoting_them(body: bytes, says: str) -> None:
    refusal = parse_update(body, Bot("123:abc"))
    assert isinstance(refusal, Refusal)
    assert refusal.status == 400 and refusal.reason is Reason.MALFORMED and says in refusal.detail
    assert BODY_MARK not in refusal.detail


def test_an_update_is_parsed() -> None:
    body = {
        "update_id": 41,
        "message": {"message_id": 5, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "3.12"},
    }
    update = parse_update(json.dumps(body).encode(), Bot("123:abc"))
    assert isinstance(update, Update)
    assert update.update_id == 41 and update.message is not None and update.message.text == "3.12"


def test_recent_ids_let_each_id_through_once_and_forget_the_oldest() -> None:
    recent = RecentIds(size=3)
    assert [recent.first_time(i) for i in (1, 2, 1, 3, 2)] == [True, True, False, True, False]
    assert recent.first_time(4)  # 1 is forgotten now
    assert recent.first_time(1) and not recent.first_time(4)


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_refusals_are_logged_once_a_minute_per_reason_with_a_count(caplog: pytest.LogCaptureFixture) -> None:
    clock = _Clock()
    refusals = RefusalLog(logging.getLogger("test.webhook"), clock=clock)
    wrong = check_secret("nope", SECRET)
    missing = check_secret(None, SECRET)
    assert wrong is not None and missing is not None
    with caplog.at_level(logging.INFO, logger="test.webhook"):
        for _ in range(5):
            refusals.refused(wrong)
            clock.now += 1
        refusals.refused(missing)  # another reason: its own line at once
        clock.now += 60
        refusals.refused(wrong)
        refusals.refused(wrong)
    lines = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert len(lines) == 3, lines
    assert all(level == "WARNING" for level, _ in lines)
    assert "403 (wrong secret)" in lines[0][1] and "more like it" not in lines[0][1]
    assert "403 (no secret)" in lines[1][1] and "does the reverse proxy pass it on?" in lines[1][1]
    assert "403 (wrong secret)" in lines[2][1] and "(4 more like it since the last such line)" in lines[2][1]
    assert not any(SECRET in line or "nope" in line for _, line in lines)


def test_a_note_at_info_is_rate_limited_too(caplog: pytest.LogCaptureFixture) -> None:
    refusals = RefusalLog(logging.getLogger("test.webhook"), clock=_Clock())
    with caplog.at_level(logging.INFO, logger="test.webhook"):
        for update_id in range(3):
            refusals.note("duplicate", f"update {update_id} came again", level=logging.INFO)
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [("INFO", "webhook: update 0 came again")]


@pytest.mark.parametrize(
    ("running", "started", "status"),
    [(True, True, 200), (True, False, 503), (False, True, 503), (False, False, 503)],
)
def test_health_needs_the_application_running_and_the_search_open(running: bool, started: bool, status: int) -> None:
    code, body = health(running, started)
    assert code == status and body["ok"] is (status == 200)
    assert len(json.dumps(body)) < 80
