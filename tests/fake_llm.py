"""A fake OpenAI-compatible chat endpoint on 127.0.0.1 that answers from a script.

`POST /v1/chat/completions` gets what the script returns for the request: a completion (as JSON or
as an event stream), an HTTP error, a garbage body, or a wait longer than the client's timeout.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Completion:
    content: str
    stream: bool = False
    delay: float = 0.0


@dataclass(frozen=True)
class Status:
    code: int


@dataclass(frozen=True)
class Garbage:
    body: bytes
    content_type: str = "application/json"


@dataclass(frozen=True)
class Hang:
    seconds: float


Behaviour = Completion | Status | Garbage | Hang
Script = Callable[[dict[str, Any]], Behaviour]  # the request's JSON body -> what to answer


@dataclass
class Request:
    headers: dict[str, str]
    body: dict[str, Any]
    at: float  # time.perf_counter() when it arrived


@dataclass
class FakeLlm:
    script: Script
    requests: list[Request] = field(default_factory=list)

    def start(self) -> FakeLlm:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(fake: FakeLlm) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            fake.requests.append(Request(dict(self.headers), body, time.perf_counter()))
            if self.path != "/v1/chat/completions":
                self._send(404, b'{"error": "not found"}')
                return
            match fake.script(body):
                case Status(code):
                    self._send(code, json.dumps({"error": {"message": "scripted", "code": code}}).encode())
                case Garbage(raw, content_type):
                    self._send(200, raw, content_type)
                case Hang(seconds):
                    time.sleep(seconds)
                    self._send(200, _completion("late"))
                case Completion(content, stream, delay):
                    time.sleep(delay)
                    if stream:
                        self._send(200, _stream(content), "text/event-stream")
                    else:
                        self._send(200, _completion(content))

        def _send(self, code: int, data: bytes, content_type: str = "application/json") -> None:
            try:
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up first (its timeout)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def _completion(content: str) -> bytes:
    return json.dumps(
        {
            "id": "fake",
            "object": "chat.completion",
            "model": "fake",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        }
    ).encode()


def _stream(content: str) -> bytes:
    chunks = [content[i : i + 7] for i in range(0, len(content), 7)]
    events = [{"choices": [{"index": 0, "delta": {"content": c}}]} for c in chunks]
    lines = [f"data: {json.dumps(e, ensure_ascii=False)}\n\n" for e in events] + ["data: [DONE]\n\n"]
    return "".join(lines).encode()
