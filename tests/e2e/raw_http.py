"""HTTP/1.1 by hand over asyncio streams: headers that lie about the body, bodies sent in pieces
or chunked, and the time the answer took. No proxy settings apply; loopback only."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float  # from the last byte sent to the answer read
    closed: bool | None  # the server hung up after answering (so it read no more of the body); None: not asked


def free_port() -> int:
    # Bound and released at once: the server then binds it (a race only with another process
    # taking the same port in those milliseconds).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def chunked(parts: Iterable[bytes], *, last: bool = True) -> list[bytes]:
    """`parts` in chunked transfer coding; `last=False` leaves the body unfinished."""
    coded = [b"%x\r\n%s\r\n" % (len(part), part) for part in parts]
    return [*coded, b"0\r\n\r\n"] if last else coded


async def exchange(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: Iterable[bytes] = (),
    *,
    timeout: float = 10.0,
    await_close: bool = False,
) -> Answer:
    """One request on a fresh connection; `headers` are sent as given (no Content-Length added)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in (headers or {}).items())]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        for part in body:
            writer.write(part)
        await writer.drain()
        sent = time.perf_counter()
        raw = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status_line, *lines = raw.decode("latin-1").split("\r\n")
        answer_headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines if line)}
        length = int(answer_headers.get("content-length", "0"))
        content = await asyncio.wait_for(reader.readexactly(length), timeout)
        seconds = time.perf_counter() - sent
        closed = None
        if await_close:
            try:
                closed = await asyncio.wait_for(reader.read(1), 2.0) == b""
            except TimeoutError:
                closed = False
            except ConnectionResetError:
                closed = True
        return Answer(int(status_line.split()[1]), answer_headers, content, seconds, closed)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            await writer.wait_closed()
