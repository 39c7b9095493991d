"""The webhook's HTTP server: tornado, as in PTB's own, but the secret and the size are checked
from the headers before any of the body is read, repeated updates are dropped, malformed ones
get a 400, and GET /healthz answers the reverse proxy. The decisions are in bot/webhook.py."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import tornado.web
from telegram.ext import Application, ExtBot
from tornado.http1connection import HTTP1Connection
from tornado.httpserver import HTTPServer

from bot.settings import Settings
from bot.webhook import (
    HEALTH_PATH,
    SECRET_HEADER,
    RecentIds,
    Refusal,
    RefusalLog,
    check_declared_size,
    check_received_size,
    check_secret,
    health,
    parse_update,
)

AnyApp = Application[Any, Any, Any, Any, Any, Any]

# Telegram sends an update in one go; a client trickling a body or idling on a connection is not Telegram.
BODY_TIMEOUT = 30.0
IDLE_TIMEOUT = 120.0
# The update handler counts the body itself and answers 413; tornado's own cap, reached first, would
# answer a bare 400 and hang up. Every other path keeps tornado's cap at the configured limit.
_UNCAPPED = 1 << 62

log = logging.getLogger("bot.webhook")


@dataclass(frozen=True)
class WebhookConfig:
    listen: str
    port: int
    url_path: str  # WEBHOOK_URL's path, without the leading slash
    url: str
    secret: str
    max_body: int
    allowed_updates: list[str]

    @classmethod
    def from_settings(cls, settings: Settings, allowed_updates: list[str]) -> WebhookConfig:
        if not settings.webhook_url or settings.webhook_secret is None:
            raise ValueError("WEBHOOK_URL and WEBHOOK_SECRET are both needed for a webhook")
        return cls(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=settings.webhook_path,
            url=settings.webhook_url,
            secret=settings.webhook_secret.get_secret_value(),
            max_body=settings.webhook_max_body_bytes,
            allowed_updates=allowed_updates,
        )


@dataclass
class _Shared:
    """What every request handler of one server reads: one dedupe memory, one refusal log."""

    app: AnyApp
    config: WebhookConfig
    recent: RecentIds
    refusals: RefusalLog


class _Handler(tornado.web.RequestHandler):
    def initialize(self, shared: _Shared) -> None:
        self.shared = shared

    def answer(self, status: int, body: dict[str, Any] | None = None) -> None:
        self.set_status(status)
        self.set_header("Cache-Control", "no-store")
        if body is None:
            self.finish()
            return
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.finish()  # tornado's HTML error page says nothing Telegram or a proxy needs

    def log_exception(self, typ: Any, value: BaseException | None, tb: Any) -> None:
        if isinstance(value, tornado.web.HTTPError):
            return  # a 405 for a GET and the like: tornado answered it, nothing went wrong here
        # Without the request: its headers hold the secret.
        log.error("webhook: error handling a request", exc_info=(typ, value, tb) if value else None)


@tornado.web.stream_request_body
class UpdateHandler(_Handler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, shared: _Shared) -> None:
        super().initialize(shared)
        self.body = bytearray()
        self.refused = False

    def prepare(self) -> None:
        # Called once the headers are in, before a byte of the body is read.
        if isinstance(self.request.connection, HTTP1Connection):
            self.request.connection.set_max_body_size(_UNCAPPED)
        headers, config = self.request.headers, self.shared.config
        refusal = check_secret(headers.get(SECRET_HEADER), config.secret) or check_declared_size(
            headers.get("Content-Length"), config.max_body
        )
        if refusal is not None:
            self.refuse(refusal)

    def data_received(self, chunk: bytes) -> None:
        if self.refused:
            return
        self.body += chunk
        if refusal := check_received_size(len(self.body), self.shared.config.max_body):
            self.refuse(refusal)  # a chunked body that grew too large; the connection is closed after the 413

    async def post(self) -> None:
        if self.refused:
            return  # answered already, from data_received
        app = self.shared.app
        update = parse_update(bytes(self.body), app.bot)
        self.body = bytearray()
        if isinstance(update, Refusal):
            self.refuse(update)
            return
        if not self.shared.recent.first_time(update.update_id):
            # A 200 all the same: Telegram resends until it gets one.
            line = f"update {update.update_id} came again and was not processed again"
            self.shared.refusals.note("duplicate", line, level=logging.INFO)
            self.answer(200)
            return
        if isinstance(app.bot, ExtBot):
            app.bot.insert_callback_data(update)  # as PTB's webhook handler does
        await app.update_queue.put(update)
        self.answer(200)

    def refuse(self, refusal: Refusal) -> None:
        self.refused = True
        self.body = bytearray()
        self.shared.refusals.refused(refusal)
        self.answer(refusal.status)


class HealthHandler(_Handler):
    SUPPORTED_METHODS = ("GET", "HEAD")

    def get(self) -> None:
        app = self.shared.app
        status, body = health(app.running, bool(app.bot_data.started))  # bot_data is bot.context.BotState
        self.answer(status, body)

    def head(self) -> None:
        self.get()


class _WebApp(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """No access log: refusals are logged by RefusalLog, a line a minute per reason."""


class WebhookServer:
    def __init__(self, app: AnyApp, config: WebhookConfig) -> None:
        shared = _Shared(app, config, RecentIds(), RefusalLog())
        path = config.url_path.strip("/")
        routes = [(rf"/{re.escape(path)}/?" if path else "/", UpdateHandler), (HEALTH_PATH, HealthHandler)]
        web_app = _WebApp([(path, handler, {"shared": shared}) for path, handler in routes])
        self._http = HTTPServer(
            web_app,
            max_body_size=config.max_body,
            body_timeout=BODY_TIMEOUT,
            idle_connection_timeout=IDLE_TIMEOUT,
        )
        self._config = config
        self._running = False

    def start(self) -> None:
        self._http.listen(self._config.port, address=self._config.listen)
        self._running = True
        log.debug("webhook: listening on %s:%d", self._config.listen, self._config.port)

    async def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self._http.stop()
        await self._http.close_all_connections()


@contextlib.asynccontextmanager
async def serving(app: AnyApp, config: WebhookConfig) -> AsyncIterator[WebhookServer]:
    """The application run as `Application.run_webhook` runs it, with this server instead of the updater's."""
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        await app.bot.set_webhook(url=config.url, secret_token=config.secret, allowed_updates=config.allowed_updates)
        server = WebhookServer(app, config)
        server.start()
        try:
            await app.start()
            try:
                yield server
            finally:
                await server.stop()  # no new updates first, then those already queued are answered
                await app.stop()
                if app.post_stop:
                    await app.post_stop(app)
        finally:
            await server.stop()
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


def run_webhook(app: AnyApp, config: WebhookConfig) -> None:
    """Blocks until SIGINT (Ctrl-C) or SIGTERM, then stops cleanly."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        async with serving(app, config):
            await stop.wait()

    asyncio.run(main())
