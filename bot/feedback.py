"""Answer feedback kept in SQLite: the question, the ids shown, the verdict and when.

No user id is stored: a salted hash of it counts distinct people and lets one person change their
verdict on an answer instead of adding a second one. Rows older than the retention are deleted.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

VerdictKind = Literal["up", "down", "wrong"]
VERDICTS: tuple[VerdictKind, ...] = ("up", "down", "wrong")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
    user_hash TEXT NOT NULL,
    answer TEXT NOT NULL,      -- the answer's token and page: one verdict per person and answer
    question TEXT NOT NULL,
    lang TEXT NOT NULL,
    shown TEXT NOT NULL,       -- JSON list of the ids the answer showed
    verdict TEXT NOT NULL,
    wrong_id TEXT,             -- for "wrong item": the item said to be wrong
    at REAL NOT NULL,
    PRIMARY KEY (user_hash, answer)
);
CREATE INDEX IF NOT EXISTS feedback_at ON feedback (at);
"""


@dataclass(frozen=True)
class Feedback:
    question: str
    lang: str
    shown: tuple[str, ...]
    verdict: VerdictKind
    wrong_id: str | None
    at: float


@dataclass(frozen=True)
class Tally:
    counts: dict[str, int]  # verdict -> how many
    people: int
    latest_down: tuple[Feedback, ...]  # newest first: 👎 and "wrong item"


class FeedbackStore:
    def __init__(
        self, path: Path, *, retention_days: float, salt: str | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection shared by the event loop's thread and the export command; writes are tiny.
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._retention = retention_days * 86400
        self._clock = clock
        with self._lock:
            self._db.executescript(_SCHEMA)
        self._salt = salt or self._stored_salt()
        self.purge()

    def _stored_salt(self) -> str:
        """A random salt made once per store, so hashes mean nothing outside it."""
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),))
            row = self._db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        return str(row[0])

    def user_hash(self, user_id: int) -> str:
        return hashlib.blake2b(f"{self._salt}:{user_id}".encode(), digest_size=8).hexdigest()

    def record(self, user_id: int, answer: str, feedback: Feedback) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.user_hash(user_id),
                    answer,
                    feedback.question,
                    feedback.lang,
                    json.dumps(list(feedback.shown)),
                    feedback.verdict,
                    feedback.wrong_id,
                    feedback.at,
                ),
            )
        self.purge()

    def purge(self) -> int:
        """Delete what is older than the retention; how many rows went."""
        with self._lock:
            cursor = self._db.execute("DELETE FROM feedback WHERE at < ?", (self._clock() - self._retention,))
        return cursor.rowcount

    def _rows(self, where: str, limit: int | None = None) -> Iterator[Feedback]:
        sql = f"SELECT question, lang, shown, verdict, wrong_id, at FROM feedback WHERE {where} ORDER BY at DESC"
        with self._lock:
            rows = self._db.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
        for question, lang, shown, verdict, wrong_id, at in rows:
            yield Feedback(question, lang, tuple(json.loads(shown)), verdict, wrong_id, at)

    def negatives(self) -> list[Feedback]:
        """Every 👎 and "wrong item", newest first."""
        return list(self._rows("verdict IN ('down', 'wrong')"))

    def tally(self, latest: int = 5) -> Tally:
        with self._lock:
            counts = dict(self._db.execute("SELECT verdict, COUNT(*) FROM feedback GROUP BY verdict").fetchall())
            people = self._db.execute("SELECT COUNT(DISTINCT user_hash) FROM feedback").fetchone()[0]
        return Tally(
            {v: int(counts.get(v, 0)) for v in VERDICTS},
            int(people),
            tuple(self._rows("verdict IN ('down', 'wrong')", latest)),
        )

    def close(self) -> None:
        with self._lock:
            self._db.close()


def eval_lines(cases: list[Feedback]) -> Iterator[str]:
    """👎 cases as evaluation lines for a person to review: the gold is left empty to be filled in."""
    for case in cases:
        row = {
            "q": case.question,
            "gold": [],
            "type": f"topical_{case.lang}",
            "lang": case.lang,
            "shown": list(case.shown),
            "verdict": case.verdict,
        }
        if case.wrong_id:
            row["wrong"] = case.wrong_id
        yield json.dumps(row, ensure_ascii=False)
