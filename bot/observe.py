"""The operator's view: one INFO line per update, and the figures /stats reports.

A line says what kind of update it was, its outcome, how long it took and which items it showed;
never a message text or a name, and the user only as a salted hash (the salt lives in this process,
so hashes are comparable within a run and mean nothing outside it).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import statistics
import time
from collections import Counter, deque
from collections.abc import Callable, Coroutine, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from telegram import Update

log = logging.getLogger("bot.updates")

_SALT = secrets.token_hex(8)


def user_hash(user_id: int | None) -> str:
    if user_id is None:
        return "-"
    return hashlib.blake2b(f"{_SALT}:{user_id}".encode(), digest_size=4).hexdigest()


@dataclass
class Observed:
    """What one update did, filled in by the handler as it goes."""

    kind: str
    outcome: str = "none"  # nothing sent (a group message not addressed to the bot)
    ids: tuple[str, ...] = ()


_current: ContextVar[Observed | None] = ContextVar("observed", default=None)


def note(outcome: str, ids: Sequence[str] = ()) -> None:
    """Record the outcome of the update being handled (the last reply sent wins)."""
    observed = _current.get()
    if observed is not None:
        observed.outcome, observed.ids = outcome, tuple(ids)


@dataclass(frozen=True)
class Record:
    at: float  # epoch seconds
    kind: str
    outcome: str
    ms: float
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    updates: int
    questions: int  # answered + not found
    p50_ms: float | None
    p95_ms: float | None
    not_found_rate: float | None
    busiest_hours: tuple[tuple[int, int], ...]  # (hour UTC, updates), busiest first
    top_lookups: tuple[tuple[str, int], ...]  # (id, times), most looked up first
    outcomes: dict[str, int]


@dataclass
class Stats:
    """The last `keep` updates, in memory only (per process)."""

    keep: int = 20_000
    records: deque[Record] = field(default_factory=deque)

    def add(self, record: Record) -> None:
        self.records.append(record)
        while len(self.records) > self.keep:
            self.records.popleft()

    def report(self) -> Report:
        records = list(self.records)
        latencies = sorted(r.ms for r in records if r.outcome not in ("none", "refused"))
        outcomes = Counter(r.outcome for r in records)
        questions = outcomes["answered"] + outcomes["not_found"]
        hours = Counter(time.gmtime(r.at).tm_hour for r in records)
        lookups = Counter(i for r in records if r.outcome == "lookup" for i in r.ids[:1])
        return Report(
            len(records),
            questions,
            round(statistics.median(latencies), 1) if latencies else None,
            round(latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))], 1) if latencies else None,
            round(outcomes["not_found"] / questions, 3) if questions else None,
            tuple(hours.most_common(3)),
            tuple(lookups.most_common(5)),
            dict(outcomes),
        )


def kind_of(update: Update) -> str:
    if update.inline_query:
        return "inline"
    if update.callback_query:
        return "button"
    message = update.effective_message
    text = message.text if message else None
    if text and text.startswith("/"):
        return "command:" + text.split(maxsplit=1)[0].split("@", 1)[0][1:40].lower()
    return "message" if text else "non_text"


Callback = Callable[[Update, Any], Coroutine[Any, Any, None]]


def observed(callback: Callback, stats: Callable[[Any], Stats | None]) -> Callback:
    """`callback`, timed and logged: one INFO line per update, and a record for /stats."""

    async def run(update: Update, context: Any) -> None:
        holder = Observed(kind_of(update))
        token = _current.set(holder)
        start = time.perf_counter()
        try:
            await callback(update, context)
        except Exception:
            holder.outcome = "error"
            raise
        finally:
            _current.reset(token)
            finish(update, holder, (time.perf_counter() - start) * 1000, stats(context))

    return run


def finish(update: Update, holder: Observed, ms: float, stats: Stats | None) -> None:
    chat = update.effective_chat
    user = update.effective_user
    log.info(
        "update %d %s chat=%s outcome=%s %.0f ms ids=%s user=%s",
        update.update_id,
        holder.kind,
        chat.type if chat else "inline",
        holder.outcome,
        ms,
        ",".join(holder.ids) or "-",
        user_hash(user.id if user else None),
    )
    if stats is not None:
        stats.add(Record(time.time(), holder.kind, holder.outcome, ms, holder.ids))
