"""A fake Telegram Bot API server on 127.0.0.1, for driving the real PTB stack over HTTP.

It speaks the Bot API's HTTP form (`POST /bot<token>/<method>`, form or JSON bodies, `{"ok": …}`
answers), hands out updates the test pushes through long-polled getUpdates, and checks what the
bot sends the way Telegram does: unknown chats and messages, text over 4096 characters, HTML
Telegram cannot parse, bad keyboards and stale callback ids are all rejected with a 400.

It runs in daemon threads and stops by itself: on `stop()`, when the test process exits, or
after `lifetime` seconds, whichever comes first; stopping wakes any held getUpdates.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.bot_api_http import Server, Upload, handler_for
from tests.e2e.telegram_checks import BadRequest, check_inline_results, check_markup, check_text

TOKEN = "123456:TEST-token-never-logged"
BOT_ID = 123456
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what Telegram accepts as secret_token


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float  # time.perf_counter() when the request arrived
    ok: bool = True
    error: str | None = None
    result: Any = None


@dataclass
class _State:
    updates: list[dict[str, Any]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    open_callbacks: set[str] = field(default_factory=set)
    open_inline: set[str] = field(default_factory=set)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    webhook: dict[str, Any] = field(default_factory=dict)  # the last setWebhook, cleared by deleteWebhook
    files: dict[str, Upload] = field(default_factory=dict)  # file_id -> what sendDocument uploaded
    blocked: set[int] = field(default_factory=set)  # chats whose user blocked the bot
    chats: dict[str, dict[str, Any]] = field(default_factory=dict)  # every chat a user wrote in, by id


class FakeBotApi:
    def __init__(
        self,
        *,
        token: str = TOKEN,
        username: str = "wg_recs_bot",
        lifetime: float = 300.0,
        flood: bool = False,
        private_burst: float = 3.0,
    ) -> None:
        self.token = token
        # Telegram's flood limits, when modelled: per chat about one message a second (a burst of
        # `private_burst`), a group twenty a minute; over them, a 429 with retry_after.
        self._flood = flood
        self._private_burst = private_burst
        self._buckets: dict[int, tuple[float, float]] = {}  # chat -> (tokens, when counted)
        self.refused_429 = 0
        self.polled_for: Any = None
        self.me = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "WG Recommendations",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self._state = _State()
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        self._stopping = False
        self._lifetime = lifetime
        self._server = Server(("127.0.0.1", 0), handler_for(self.handle))

    # -- lifecycle ---------------------------------------------------------------------------------

    def block(self, chat_id: int) -> None:
        """The user blocks the bot: every send to that chat is a 403 from now on."""
        with self._changed:
            self._state.blocked.add(chat_id)

    def delete(self, chat_id: int, message_id: int) -> None:
        """A message deleted by its author: replies to it have nothing to quote."""
        with self._changed:
            self._state.messages.pop((chat_id, message_id), None)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def start(self) -> FakeBotApi:
        # A short poll interval: `stop()` waits for the serving loop to notice.
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-bot-api", daemon=True
        ).start()
        timer = threading.Timer(self._lifetime, self.stop)
        timer.daemon = True
        timer.start()
        return self

    def stop(self) -> None:
        with self._changed:
            if self._stopping:
                return
            self._stopping = True
            self._changed.notify_all()
        self._server.shutdown()
        self._server.server_close()

    # -- what the test does ------------------------------------------------------------------------

    def _push(self, kind: str, payload: dict[str, Any]) -> int:
        with self._changed:
            update_id = next(self._ids)
            self._state.updates.append({"update_id": update_id, kind: payload})
            self._changed.notify_all()
        return update_id

    def send(
        self,
        chat: dict[str, Any],
        user: dict[str, Any],
        text: str | None = None,
        *,
        edit_of: dict[str, Any] | None = None,
        reply_to: dict[str, Any] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """A user's message (or, with `edit_of`, a new version of one) arriving at the bot."""
        message = self._record(chat, user, text, edit_of=edit_of, reply_to=reply_to, **extra)
        self._push("edited_message" if edit_of else "message", message)
        return message

    def webhook_update(self, chat: dict[str, Any], user: dict[str, Any], text: str) -> dict[str, Any]:
        """A user's message as Telegram POSTs it to a webhook: known here (so the bot may answer in
        that chat) but not queued for getUpdates; the test delivers the returned Update itself."""
        message = self._record(chat, user, text)
        return {"update_id": next(self._ids), "message": message}

    def _record(
        self,
        chat: dict[str, Any],
        user: dict[str, Any],
        text: str | None,
        *,
        edit_of: dict[str, Any] | None = None,
        reply_to: dict[str, Any] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        with self._changed:
            message_id = edit_of["message_id"] if edit_of else next(self._ids)
            message: dict[str, Any] = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": chat,
                "from": user,
                **extra,
            }
            if text is not None:
                message["text"] = text
                if entities := _entities(text):
                    message["entities"] = entities
            if reply_to is not None:
                message["reply_to_message"] = reply_to
            if edit_of:
                message["edit_date"] = int(time.time())
            self._state.messages[(chat["id"], message_id)] = message
            self._state.chats[str(chat["id"])] = dict(chat)
        return message

    def press(self, message: dict[str, Any], data: str, user: dict[str, Any]) -> str:
        query_id = str(next(self._ids))
        with self._changed:
            self._state.open_callbacks.add(query_id)
        self._push(
            "callback_query", {"id": query_id, "from": user, "chat_instance": "1", "data": data, "message": message}
        )
        return query_id

    def inline(self, query: str, user: dict[str, Any]) -> str:
        query_id = str(next(self._ids))
        with self._changed:
            self._state.open_inline.add(query_id)
        self._push("inline_query", {"id": query_id, "from": user, "query": query, "offset": ""})
        return query_id

    @property
    def calls(self) -> list[Call]:
        with self._changed:
            return list(self._state.calls)

    @property
    def commands(self) -> dict[str, list[dict[str, Any]]]:
        with self._changed:
            return dict(self._state.commands)

    @property
    def webhook(self) -> dict[str, Any]:
        with self._changed:
            return dict(self._state.webhook)

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        with self._changed:
            return self._state.messages[(chat_id, message_id)]

    # -- the Bot API -------------------------------------------------------------------------------

    def handle(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        call = Call(method, params, time.perf_counter())
        refusal: dict[str, Any] | None = None
        try:
            refusal = self._limits(method, params)
            if refusal is None:
                call.result = self._dispatch(method, params)
            else:
                call.ok, call.error = False, refusal["description"]
        except BadRequest as error:
            call.ok, call.error = False, str(error)
        except LookupError:
            call.ok, call.error = False, "Not Found: method not found"
        if method != "getUpdates" or not call.ok:
            with self._changed:
                self._state.calls.append(call)
                self._changed.notify_all()
        if call.ok:
            return 200, {"ok": True, "result": call.result}
        if refusal is not None:
            return refusal["error_code"], refusal
        code = 404 if call.error and call.error.startswith("Not Found") else 400
        return code, {"ok": False, "error_code": code, "description": call.error}

    def _limits(self, method: str, p: dict[str, Any]) -> dict[str, Any] | None:
        """A 403 for a chat that blocked the bot, a 429 over the flood limit; None: go ahead."""
        if method not in ("sendMessage", "sendDocument", "editMessageText"):
            return None
        try:
            chat_id = int(p.get("chat_id", 0))
        except (TypeError, ValueError):
            return None
        with self._changed:
            if chat_id in self._state.blocked:
                return {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
            if not self._flood:
                return None
            rate, burst = (1.0, self._private_burst) if chat_id > 0 else (20 / 60, 20.0)
            now = time.monotonic()
            tokens, then = self._buckets.get(chat_id, (burst, now))
            tokens = min(burst, tokens + (now - then) * rate)
            if tokens < 1:
                self.refused_429 += 1
                self._buckets[chat_id] = (tokens, now)
                wait = max(1, int((1 - tokens) / rate + 0.999))
                return {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {wait}",
                    "parameters": {"retry_after": wait},
                }
            self._buckets[chat_id] = (tokens - 1, now)
        return None

    def _dispatch(self, method: str, p: dict[str, Any]) -> Any:
        match method:
            case "getMe":
                return self.me
            case "getUpdates":
                self.polled_for = p.get("allowed_updates")  # the update kinds the last poll asked for
                return self._get_updates(int(p.get("offset", 0)), float(p.get("timeout", 0)))
            case "setWebhook":
                return self._set_webhook(p)
            case "deleteWebhook":
                with self._changed:
                    self._state.webhook = {}
                return True
            case "getWebhookInfo":
                return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}
            case "close" | "logOut" | "leaveChat":
                return True
            case "setMyCommands":
                return self._set_commands(p)
            case "getMyCommands":
                return self.commands.get(p.get("language_code", ""), [])
            case "sendMessage":
                return self._send_message(p)
            case "sendDocument":
                return self._send_document(p)
            case "editMessageText":
                return self._edit_message(p)
            case "answerCallbackQuery":
                return self._answer(p, "callback_query_id", self._state.open_callbacks, 200)
            case "answerInlineQuery":
                check_inline_results(p.get("results", []), p.get("button"))
                return self._answer(p, "inline_query_id", self._state.open_inline, None)
        raise LookupError(method)

    def _get_updates(self, offset: int, timeout: float) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                # Asking from `offset` confirms every update before it, as Telegram does.
                self._state.updates = [u for u in self._state.updates if u["update_id"] >= offset]
                remaining = deadline - time.monotonic()
                if self._state.updates or remaining <= 0 or self._stopping:
                    return list(self._state.updates)
                self._changed.wait(remaining)

    def _set_webhook(self, p: dict[str, Any]) -> bool:
        # Telegram also wants https on port 443, 80, 88 or 8443; the fake takes any http(s) URL so a
        # test can serve the webhook on a free loopback port without TLS.
        url = p.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise BadRequest("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.get("secret_token")
        if secret is not None and not (isinstance(secret, str) and _WEBHOOK_SECRET.match(secret)):
            raise BadRequest("Bad Request: secret token contains unallowed characters")
        with self._changed:
            self._state.webhook = dict(p)
        return True

    def _set_commands(self, p: dict[str, Any]) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or not commands or len(commands) > 100:
            raise BadRequest("Bad Request: commands must be a non-empty list")
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not (1 <= len(name) <= 32 and name.islower() and name.replace("_", "").isalnum()):
                raise BadRequest("Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise BadRequest("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        with self._changed:
            self._state.commands[p.get("language_code", "")] = commands
        return True

    def _chat(self, chat_id: Any) -> dict[str, Any]:
        with self._changed:
            chat = self._state.chats.get(str(chat_id))
        if chat is None:
            raise BadRequest("Bad Request: chat not found")
        return dict(chat)

    def _send_message(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p.get("chat_id"))
        text, entities = check_text(p.get("text"), p.get("parse_mode"))
        check_markup(p.get("reply_markup"))
        reply = p.get("reply_parameters") or {}
        with self._changed:
            if (
                reply
                and (chat["id"], reply.get("message_id")) not in self._state.messages
                and not reply.get("allow_sending_without_reply")
            ):
                raise BadRequest("Bad Request: message to be replied not found")
            message = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": chat,
                "from": self.me,
                "text": text,
                "entities": entities,
                "html": p.get("text"),
            }
            if p.get("reply_markup"):
                message["reply_markup"] = p["reply_markup"]
            self._state.messages[(chat["id"], message["message_id"])] = message
        return _public(message)

    def _send_document(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p.get("chat_id"))
        document = p.get("document")
        if not isinstance(document, Upload) or not document.filename:
            raise BadRequest("Bad Request: there is no document in the request")
        if len(document.data) > 50 * 1024 * 1024:
            raise BadRequest("Bad Request: file is too big")
        caption = p.get("caption")
        if caption is not None and len(caption) > 1024:
            raise BadRequest("Bad Request: message caption is too long")
        with self._changed:
            file_id = f"file-{next(self._ids)}"
            self._state.files[file_id] = document
            message = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": chat,
                "from": self.me,
                "document": {
                    "file_id": file_id,
                    "file_unique_id": file_id,
                    "file_name": document.filename,
                    "mime_type": document.mime,
                    "file_size": len(document.data),
                },
            }
            if caption:
                message["caption"] = caption
            self._state.messages[(chat["id"], message["message_id"])] = message
        return _public(message)

    def upload(self, call: Call) -> Upload:
        """The file a sendDocument call uploaded."""
        with self._changed:
            return self._state.files[call.result["document"]["file_id"]]

    def _edit_message(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p.get("chat_id"))
        text, entities = check_text(p.get("text"), p.get("parse_mode"))
        check_markup(p.get("reply_markup"))
        with self._changed:
            old = self._state.messages.get((chat["id"], p.get("message_id")))
            if old is None:
                raise BadRequest("Bad Request: message to edit not found")
            if old["from"]["id"] != BOT_ID:
                raise BadRequest("Bad Request: message can't be edited")
            markup = p.get("reply_markup")
            if old.get("text") == text and old.get("entities") == entities and old.get("reply_markup") == markup:
                raise BadRequest(
                    "Bad Request: message is not modified: specified new message content and "
                    "reply markup are exactly the same as a current content and reply markup"
                )
            new = {**old, "text": text, "entities": entities, "html": p.get("text"), "edit_date": int(time.time())}
            new.pop("reply_markup", None)
            if markup:
                new["reply_markup"] = markup
            self._state.messages[(chat["id"], old["message_id"])] = new
        return _public(new)

    def _answer(self, p: dict[str, Any], key: str, open_ids: set[str], text_limit: int | None) -> bool:
        with self._changed:
            if p.get(key) not in open_ids:
                raise BadRequest("Bad Request: query is too old and response timeout expired or query ID is invalid")
            if text_limit is not None and len(p.get("text") or "") > text_limit:
                raise BadRequest("Bad Request: MESSAGE_TOO_LONG")
            open_ids.discard(p[key])
        return True


def _public(message: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in message.items() if k != "html" and (k != "entities" or v)}


def _entities(text: str) -> list[dict[str, Any]]:
    """What Telegram marks in a user's text: a leading bot command and @mentions."""
    entities = []
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        entities.append({"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2})
    at = text.find("@", 1 if text.startswith("/") else 0)
    while at != -1:
        end = at + 1
        while end < len(text) and (text[end].isalnum() or text[end] == "_") and text[end].isascii():
            end += 1
        if end - at > 5 and not (entities and at < entities[0]["length"]):
            entities.append({"type": "mention", "offset": len(text[:at].encode("utf-16-le")) // 2, "length": end - at})
        at = text.find("@", end)
    return entities
