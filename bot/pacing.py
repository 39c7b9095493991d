"""PTB's rate limiter, plus Telegram's pace for one private chat (about a message a second, short
bursts allowed) kept before sending. PTB's limiter halts *every* chat's sends for the whole
retry_after of any 429, so one chat going over its limit would hold up everyone's answers."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

JSONDict = dict[str, Any]
PRIVATE_BURST = 3  # messages at once
PRIVATE_PER_SECOND = 1.0


class ChatPacedRateLimiter(AIORateLimiter):
    def __init__(self, *, max_retries: int = 5, remember: int = 10_000) -> None:
        super().__init__(max_retries=max_retries)
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
        if not isinstance(chat_id, int) or chat_id <= 0:  # groups are paced by PTB's own limiter
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        async with self._pace(chat_id):
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
