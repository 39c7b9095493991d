from __future__ import annotations

from bot.limits import Access, Debounce, OncePerDay, QuestionLimit
from bot.observe import Record, Stats


def test_allowlists() -> None:
    assert Access().allows(1, 1) and Access().allows(None, None)
    access = Access(users=frozenset({7}), chats=frozenset({-100}))
    assert access.allows(7, 7) and access.allows(7, -555)  # a listed user, anywhere
    assert access.allows(8, -100)  # anyone in a listed group
    assert not access.allows(8, 8) and not access.allows(8, None) and not access.allows(None, None)


def test_one_refusal_a_day() -> None:
    told = OncePerDay()
    assert told.first_today(1, 10.0) and not told.first_today(1, 80_000.0)
    assert told.first_today(2, 80_000.0) and told.first_today(1, 86_400.0 + 5)


def test_question_limit_is_a_sliding_minute() -> None:
    limit = QuestionLimit(per_minute=3)
    assert [limit.wait(1, t) for t in (0.0, 1.0, 2.0)] == [0, 0, 0]
    assert limit.wait(1, 3.0) == 57 and limit.wait(2, 3.0) == 0  # only that user waits
    assert limit.wait(1, 60.5) == 0  # the first has left the window


def test_a_double_tap_is_within_two_seconds_of_the_same_press() -> None:
    debounce = Debounce()
    assert not debounce.repeated(1, 10, "s:3.12", 0.0)
    assert debounce.repeated(1, 10, "s:3.12", 0.5)
    assert not debounce.repeated(1, 10, "f:3.12", 0.6) and not debounce.repeated(2, 10, "s:3.12", 0.6)
    assert not debounce.repeated(1, 10, "s:3.12", 3.0)


def test_stats_report_latency_not_found_and_lookups() -> None:
    stats = Stats(keep=100)
    for ms, outcome, ids in [
        (10, "answered", ("3.12",)),
        (30, "not_found", ()),
        (20, "lookup", ("3.12",)),
        (40, "lookup", ("4.1",)),
        (5, "lookup", ("3.12",)),
        (1, "refused", ()),
    ]:
        stats.add(Record(3600.0 * 9, "message", outcome, ms, ids))
    report = stats.report()
    assert report.updates == 6 and report.questions == 2 and report.not_found_rate == 0.5
    assert report.p50_ms == 20 and report.p95_ms == 40
    assert report.top_lookups[0] == ("3.12", 2) and report.busiest_hours == ((9, 6),)


def test_a_flooding_user_is_told_once_per_stretch_of_refusals() -> None:
    limit = QuestionLimit(per_minute=1)
    assert limit.wait(1, 0.0) == 0
    told = [limit.first_refusal(1, t, limit.wait(1, t)) for t in (1.0, 2.0, 30.0)]
    assert told == [True, False, False]
    assert limit.wait(1, 61.0) == 0  # the window has moved on: asked and counted
    assert limit.first_refusal(1, 62.0, limit.wait(1, 62.0))  # a new stretch is told again
