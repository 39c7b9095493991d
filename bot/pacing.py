"""PTB's rate limiter for groups and everything else; private chats paced and retried on their own.

PTB's `AIORateLimiter` halts *every* chat's sends for the whole retry_after of any 429, so one
private chat going over Telegram's pace (about a message a second, short bursts allowed) would hold
up everyone's answers. Here a private chat keeps that pace before sending, and a 429 it still gets
is waited out by that chat alone.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]
PRIVATE_BURST = 3  # messages at once
PRIVATE_PER_SECOND = 1.0
OVERALL_PER_SECOND = 30  # Telegram's limit over all chats


def _seconds(retry_after: int | dtm.timedelta) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, dtm.timedelta) else float(retry_after)


class ChatPacedRateLimiter(AIORateLimiter):
    def __init__(self, *, max_retries: int = 5, remember: int = 10_000) -> None:
        # One overall limit for every send: PTB's own is off, the one here is taken by groups too.
        super().__init__(overall_max_rate=0, max_retries=max_retries)
        self._retries = max_retries
        self._overall = AsyncLimiter(OVERALL_PER_SECOND, 1)
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._remember = remember

    def _pace(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chats.get(chat_id)
        if limiter is None:
            limiter = self._chats[chat_id] = AsyncLimiter(PRIVATE_BURST, PRIVATE_BURST / PRIVATE_PER_SECOND)
            while len(self._chats) > self._remember:
                self._chats.popitem(last=False)
        self._chats.move_to_end(chat_id)
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        chat_id = data.get("chat_id")
        if not isinstance(chat_id, int) or chat_id <= 0:  # groups, channels, no chat: PTB's limiter
            async with self._overall:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        for attempt in range(self._retries + 1):
            async with self._pace(chat_id), self._overall:
                try:
                    return await callback(*args, **kwargs)
                except RetryAfter as error:
                    if attempt == self._retries:
                        raise
                    wait = _seconds(error.retry_after) + 0.1
            log.info("a private chat is over Telegram's pace; its message waits %.1f s", wait)
            await asyncio.sleep(wait)  # this chat only: the others go on
        raise AssertionError("unreachable")  # the loop returns or raises
