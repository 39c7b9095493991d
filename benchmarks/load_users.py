"""Simulated users for the load benchmark: each asks, waits for the answer (the bot's sendMessage to
their chat, through the fake Bot API with Telegram's 429 limits), thinks, and asks again."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.fake_bot_api import FakeBotApi


class CountingApi(FakeBotApi):
    """The fake Bot API, flood limits on, that also hands each chat's delivered messages to waiters."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(flood=True, lifetime=3600)
        self._loop = loop
        self._lock = threading.Lock()
        self.delivered: dict[int, list[tuple[float, str]]] = defaultdict(list)  # chat -> (when, text)
        self._waiters: dict[int, asyncio.Event] = {}

    def handle(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        code, reply = super().handle(token, method, params)
        if method == "sendMessage" and code == 200:
            chat = int(params["chat_id"])
            with self._lock:
                self.delivered[chat].append((time.perf_counter(), str(params.get("text"))))
                waiter = self._waiters.get(chat)
            if waiter is not None:
                self._loop.call_soon_threadsafe(waiter.set)
        return code, reply

    def waiter(self, chat: int) -> asyncio.Event:
        with self._lock:
            return self._waiters.setdefault(chat, asyncio.Event())

    def messages(self, chat: int) -> list[tuple[float, str]]:
        with self._lock:
            return list(self.delivered[chat])

    @property
    def sends(self) -> int:
        with self._lock:
            return sum(len(m) for m in self.delivered.values())


@dataclass
class Tally:
    asked: list[tuple[int, float]] = field(default_factory=list)  # (chat, when)


def user(n: int) -> tuple[dict[str, Any], dict[str, Any]]:
    person = {"id": 700_000 + n, "is_bot": False, "first_name": f"User{n}", "language_code": "zh-hans"}
    return person, {"id": person["id"], "type": "private", "first_name": person["first_name"]}


async def asking_user(
    api: CountingApi,
    n: int,
    questions: list[str],
    think: float,
    budget: list[int],
    tally: Tally,
    *,
    timeout: float,
    rng: random.Random,
) -> None:
    """Asks while `budget[0]` lasts; a question unanswered within `timeout` counts as lost later."""
    person, chat = user(n)
    waiter = api.waiter(chat["id"])
    await asyncio.sleep(rng.expovariate(1 / think) if think else 0)  # users do not all start at once
    i = rng.randrange(len(questions))
    while budget[0] > 0:
        budget[0] -= 1
        seen = len(api.messages(chat["id"]))
        waiter.clear()
        asked = time.perf_counter()
        tally.asked.append((chat["id"], asked))
        api.send(chat, person, questions[i % len(questions)])
        i += 1
        deadline = asked + timeout
        while len(api.messages(chat["id"])) <= seen and time.perf_counter() < deadline:
            try:
                await asyncio.wait_for(waiter.wait(), max(0.0, deadline - time.perf_counter()))
            except TimeoutError:
                break
            waiter.clear()
        if think:
            await asyncio.sleep(rng.expovariate(1 / think))


async def flooding_user(api: CountingApi, n: int, chars: int, per_second: float, sent: list[int]) -> None:
    """Sends long messages at a fixed rate, never waiting for answers, until cancelled."""
    person, chat = user(n)
    text = ("偷运移民与洗钱的关系是什么？" * (chars // 14 + 1))[:chars]
    while True:
        api.send(chat, person, text)
        sent[0] += 1
        await asyncio.sleep(1 / per_second)


def windows(api: CountingApi, tally: Tally) -> Iterator[tuple[float, list[tuple[float, str]]]]:
    """Each question's ask time and the messages its chat got before the next question (or the end)."""
    asked_by: dict[int, list[float]] = defaultdict(list)
    for chat, when in tally.asked:
        asked_by[chat].append(when)
    for chat, times in asked_by.items():
        messages = api.messages(chat)
        for start, end in zip(times, [*times[1:], float("inf")], strict=True):
            yield start, [(when, text) for when, text in messages if start <= when < end]


def unanswered(api: CountingApi, tally: Tally) -> int:
    return sum(1 for _, got in windows(api, tally) if not got)


def outcome(api: CountingApi, tally: Tally) -> tuple[dict[str, int], list[float]]:
    """Lost: asked, and no message came before the next question (or the end). Duplicated: the same
    text delivered twice for one question (the parts of a long answer differ from each other).
    Latencies: from the question to the first message of its answer."""
    lost = duplicated = 0
    latencies: list[float] = []
    for start, got in windows(api, tally):
        texts = [text for _, text in got]
        lost += not texts
        duplicated += len(texts) != len(set(texts))
        if got:
            latencies.append(got[0][0] - start)
    return {"lost": lost, "duplicated": duplicated}, latencies
