"""The fake Bot API's HTTP side: `POST /bot<token>/<method>` with a form or JSON body, JSON answers."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

# Parameters whose values are plain strings even when they look like JSON ("123", "true").
_STRINGS = {
    "text",
    "query",
    "data",
    "callback_query_id",
    "inline_query_id",
    "parse_mode",
    "url",
    "secret_token",
    "language_code",
    "next_offset",
    "switch_pm_text",
    "switch_pm_parameter",
    "caption",
}

Answer = Callable[[str, str, dict[str, Any]], tuple[int, dict[str, Any]]]  # (token, method, params) -> reply


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up on a held getUpdates (PTB stopping) closes the socket first.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def handler_for(answer: Answer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as PTB's httpx client expects
        # Headers and body go out in separate writes: with Nagle's algorithm on, the client's
        # delayed ACK would add ~40 ms to every answer.
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            parts = self.path.split("?", 1)[0].strip("/").split("/")
            if len(parts) != 2 or not parts[0].startswith("bot"):
                self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            try:
                params = _params(body, self.headers.get("Content-Type", ""))
            except ValueError as error:
                self._reply(400, {"ok": False, "error_code": 400, "description": f"Bad Request: {error}"})
                return
            self._reply(*answer(parts[0][3:], parts[1], params))

        do_GET = do_POST

        def _reply(self, code: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: tests read `api.calls` instead

    return Handler


def _params(body: bytes, content_type: str) -> dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        loaded = json.loads(body)
        if not isinstance(loaded, dict):
            raise ValueError("the body must be a JSON object")
        return loaded
    if content_type.startswith("multipart/form-data"):
        return _multipart(body, content_type)
    if not content_type.startswith("application/x-www-form-urlencoded"):
        raise ValueError(f"unsupported content type {content_type!r}")
    return {key: _value(key, values[-1]) for key, values in parse_qs(body.decode(), keep_blank_values=True).items()}


def _value(key: str, value: str) -> Any:
    if key not in _STRINGS:
        with contextlib.suppress(ValueError):
            return json.loads(value)
    return value


@dataclass(frozen=True)
class Upload:
    """A file sent in a multipart body, as the bot uploaded it."""

    filename: str
    mime: str
    data: bytes


def _multipart(body: bytes, content_type: str) -> dict[str, Any]:
    """Form fields as values, files as `Upload`s (how sendDocument arrives)."""
    message = BytesParser(policy=policy.HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    if not message.is_multipart():
        raise ValueError("a multipart body without parts")
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            raise ValueError("a multipart part without a name")
        filename = part.get_filename()
        if filename is not None:
            params[name] = Upload(filename, part.get_content_type(), payload)
        else:
            params[name] = _value(name, payload.decode())
    return params
