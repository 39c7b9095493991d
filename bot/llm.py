"""An OpenAI-compatible chat endpoint, asked through httpx for the optional written summary.

Every failure (timeout, refused connection, 429, 5xx, a body that is not the expected JSON or
event stream, an empty answer) is the same outcome for the caller: no summary. It is logged at
INFO with its kind only: never the key, the question or the model's text.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger(__name__)

MAX_TOKENS = 400
MAX_BODY = 256 * 1024  # bytes read from the endpoint at most: a summary is a few hundred characters


@dataclass(frozen=True)
class LlmConfig:
    base_url: str  # up to and including /v1, without a trailing slash
    model: str
    api_key: str | None = None
    timeout: float = 20.0


class LlmClient:
    def __init__(self, config: LlmConfig, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self._client = httpx.AsyncClient(
            base_url=config.base_url,
            headers=headers,
            transport=transport,
            timeout=httpx.Timeout(config.timeout),
            trust_env=False,
        )

    async def complete(self, messages: list[dict[str, str]]) -> str | None:
        """The model's answer, or None when there is none to use."""
        body = {
            "model": self.config.model,
            "messages": messages,
            "temperature": 0,
            "max_tokens": MAX_TOKENS,
            "stream": False,
        }
        try:
            async with (
                asyncio.timeout(self.config.timeout),
                self._client.stream("POST", "/chat/completions", json=body) as response,
            ):
                if response.status_code != 200:
                    log.info("summary skipped: the model endpoint answered HTTP %d", response.status_code)
                    return None
                raw = b""
                async for chunk in response.aiter_bytes():
                    raw += chunk
                    if len(raw) > MAX_BODY:
                        log.info("summary skipped: the model's answer is over %d bytes", MAX_BODY)
                        return None
                streamed = response.headers.get("content-type", "").startswith("text/event-stream")
        except (httpx.TimeoutException, TimeoutError):
            log.info("summary skipped: the model endpoint did not answer within %.0f s", self.config.timeout)
            return None
        except httpx.HTTPError as error:
            log.info("summary skipped: the model endpoint cannot be reached (%s)", type(error).__name__)
            return None
        text = _from_stream(raw) if streamed else _from_json(raw)
        if text is None:
            log.info("summary skipped: the model endpoint's answer is not a chat completion")
        return text

    async def close(self) -> None:
        await self._client.aclose()


def _content(choice: Any, key: str) -> str | None:
    if not isinstance(choice, dict):
        return None
    part = choice.get(key)
    content = part.get("content") if isinstance(part, dict) else None
    return content if isinstance(content, str) else None


def _first_choice(payload: Any) -> Any:
    choices = payload.get("choices") if isinstance(payload, dict) else None
    return choices[0] if isinstance(choices, list) and choices else None


def _from_json(raw: bytes) -> str | None:
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return _content(_first_choice(payload), "message")


def _from_stream(raw: bytes) -> str | None:
    """Server-sent events (`data: {...}` lines, then `data: [DONE]`): the deltas joined."""
    parts: list[str] = []
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return None
    for line in lines:
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            break
        try:
            delta = _content(_first_choice(json.loads(data)), "delta")
        except ValueError:
            return None
        parts.append(delta or "")
    return "".join(parts) if parts else None
