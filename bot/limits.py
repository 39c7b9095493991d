"""Who may use the bot, and how fast. Pure: ids and clock readings in, decisions out."""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Access:
    """Allowlists; both empty means open to everyone. A listed user may use the bot anywhere; in a
    listed chat (a group, or a private chat by its id) everyone may."""

    users: frozenset[int] = frozenset()
    chats: frozenset[int] = frozenset()

    @property
    def open(self) -> bool:
        return not self.users and not self.chats

    def allows(self, user_id: int | None, chat_id: int | None) -> bool:
        if self.open:
            return True
        return (user_id is not None and user_id in self.users) or (chat_id is not None and chat_id in self.chats)


@dataclass
class OncePerDay:
    """At most one polite refusal a day per user: remembers who was told, and on which day."""

    remember: int = 100_000
    _told: OrderedDict[int, int] = field(default_factory=OrderedDict)

    def first_today(self, user_id: int, now: float) -> bool:
        day = int(now // 86400)
        if self._told.get(user_id) == day:
            return False
        self._told[user_id] = day
        self._told.move_to_end(user_id)
        while len(self._told) > self.remember:
            self._told.popitem(last=False)
        return True


@dataclass
class QuestionLimit:
    """A sliding window: at most `per_minute` questions per user in any 60 s."""

    per_minute: int
    window: float = 60.0
    remember: int = 100_000
    _asked: OrderedDict[int, deque[float]] = field(default_factory=OrderedDict)
    _told_until: dict[int, float] = field(default_factory=dict)

    def wait(self, user_id: int, now: float) -> int:
        """0 and the question counted, or the whole seconds until the user may ask again."""
        times = self._asked.setdefault(user_id, deque())
        self._asked.move_to_end(user_id)
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) >= self.per_minute:
            return max(1, math.ceil(times[0] + self.window - now))
        times.append(now)
        while len(self._asked) > self.remember:
            self._told_until.pop(self._asked.popitem(last=False)[0], None)
        return 0

    def first_refusal(self, user_id: int, now: float, wait: int) -> bool:
        """True once per stretch of refusals: a flooding user is told once when to come back, and
        the rest of the flood gets no reply (each would count against Telegram's limits too)."""
        if now < self._told_until.get(user_id, 0.0):
            return False
        self._told_until[user_id] = now + wait
        return True


@dataclass
class Debounce:
    """The same button pressed again on the same message by the same user within `seconds` is a
    double tap: it is acknowledged and does nothing."""

    seconds: float = 2.0
    remember: int = 10_000
    _pressed: OrderedDict[tuple[int, int, str], float] = field(default_factory=OrderedDict)

    def repeated(self, user_id: int, message_id: int, data: str, now: float) -> bool:
        key = (user_id, message_id, data)
        last = self._pressed.get(key)
        self._pressed[key] = now
        self._pressed.move_to_end(key)
        while len(self._pressed) > self.remember:
            self._pressed.popitem(last=False)
        return last is not None and now - last < self.seconds
