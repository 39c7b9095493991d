"""The questions behind recent answers' buttons, kept in SQLite so More, export, feedback and theme
buttons still work after a restart, and on another bot process sharing the file.

Only the question and its theme are kept, under the answer's token: the answer itself is searched
again when a button needs it, so nothing stale is replayed after the index changes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS asked (
    token TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    theme TEXT,                -- the theme's key, or NULL
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS asked_at ON asked (at);
"""


class RememberedQuestions:
    def __init__(self, path: Path, *, keep: int = 50_000, clock: Callable[[], float] = time.time) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection, used from the event loop's thread and guarded: statements are tiny.
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=5.0)
        self._db.execute("PRAGMA journal_mode=WAL")  # several bot processes may share the file
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()
        self._keep = keep
        self._clock = clock
        self._writes = 0

    def put(self, token: str, question: str, theme: str | None) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO asked (token, question, theme, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (token) DO UPDATE SET at = excluded.at",
                (token, question, theme, self._clock()),
            )
            self._writes += 1
            if self._writes % 1000 == 0:
                self._trim()

    def get(self, token: str) -> tuple[str, str | None] | None:
        with self._lock:
            row = self._db.execute("SELECT question, theme FROM asked WHERE token = ?", (token,)).fetchone()
        return (row[0], row[1]) if row else None

    def _trim(self) -> None:
        """Keep the newest `keep` questions."""
        self._db.execute(
            "DELETE FROM asked WHERE at <= (SELECT at FROM asked ORDER BY at DESC LIMIT 1 OFFSET ?)", (self._keep,)
        )

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM asked").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
