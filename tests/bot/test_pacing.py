"""Sends to one private chat keep Telegram's pace there; other chats are not held up by it."""

import asyncio
import time

from telegram.error import RetryAfter

from bot.pacing import OVERALL_PER_SECOND, PRIVATE_BURST, ChatPacedRateLimiter


async def test_one_chat_is_paced_and_another_goes_at_once() -> None:
    limiter = ChatPacedRateLimiter()
    await limiter.initialize()
    sent: list[tuple[int, float]] = []
    start = time.monotonic()

    async def send(chat: int) -> bool:
        sent.append((chat, time.monotonic() - start))
        return True

    def request(chat: int) -> object:
        return limiter.process_request(send, (chat,), {}, "sendMessage", {"chat_id": chat}, None)

    burst = [asyncio.ensure_future(request(7)) for _ in range(PRIVATE_BURST + 2)]
    await asyncio.sleep(0.05)
    await request(8)
    await asyncio.gather(*burst)
    await limiter.shutdown()
    first_chat = [at for chat, at in sent if chat == 7]
    other = next(at for chat, at in sent if chat == 8)
    assert max(first_chat[:PRIVATE_BURST]) < 0.2  # a short burst goes at once
    assert first_chat[-1] > 1.5  # then about one a second
    assert other < 0.3  # the other chat did not wait behind that pace


async def test_a_429_in_one_chat_is_waited_out_by_that_chat_alone() -> None:
    limiter = ChatPacedRateLimiter()
    await limiter.initialize()
    refused = {7}
    sent: list[tuple[int, float]] = []
    start = time.monotonic()

    async def send(chat: int) -> bool:
        if chat in refused:
            refused.discard(chat)
            raise RetryAfter(1)
        sent.append((chat, time.monotonic() - start))
        return True

    def request(chat: int) -> object:
        return limiter.process_request(send, (chat,), {}, "sendMessage", {"chat_id": chat}, None)

    refused_chat = asyncio.ensure_future(request(7))
    await asyncio.sleep(0.05)
    await request(8)
    await refused_chat
    await limiter.shutdown()
    at = dict(sent)
    assert at[8] < 0.3  # not halted by chat 7's 429
    assert at[7] >= 1.0  # chat 7's message went after its retry_after


async def test_private_chats_and_groups_share_one_overall_limit() -> None:
    limiter = ChatPacedRateLimiter()
    await limiter.initialize()
    sent: list[float] = []
    start = time.monotonic()

    async def send() -> bool:
        sent.append(time.monotonic() - start)
        return True

    # 40 private chats and 40 groups at once, each sending one message: 80 sends in all.
    chats = [*range(1, 41), *range(-1041, -1001)]
    await asyncio.gather(*(limiter.process_request(send, (), {}, "sendMessage", {"chat_id": c}, None) for c in chats))
    await limiter.shutdown()
    assert len(sent) == len(chats)
    # One limit (a burst of OVERALL_PER_SECOND, then that many a second) takes about 1.7 s for 80
    # sends; two separate limits would have sent them all in about 0.3 s.
    assert max(sent) >= (len(chats) - OVERALL_PER_SECOND) / OVERALL_PER_SECOND * 0.85
