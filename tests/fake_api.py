"""A loopback stand-in for the Telegram Bot API (aiohttp), for end-to-end tests and benchmarks.

It serves `POST /bot<token>/<method>` on 127.0.0.1: `getUpdates` long-polls a queue the test
fills, every other call is logged in `calls` and answered like Telegram would. Chats can be made
to answer 403 (blocked) or 429 (with `retry_after`), and an optional limiter answers 429 when a
client goes faster than Telegram's limits.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import struct
import time
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        try:
            return int(value) if value is not None else None
        except ValueError:
            return None


class FakeBotAPI:
    def __init__(self, token: str, *, global_rate: float | None = None, per_chat_interval: float | None = None):
        self.token = token
        self.updates: list[dict] = []
        # Like Telegram: an update is delivered again and again until a getUpdates with a greater
        # offset confirms it; confirmed updates are never delivered again, whatever offset comes.
        self.confirmed_below = 0
        self.calls: list[Call] = []
        self.blocked: set[int] = set()
        self.retry_after_once: dict[int, int] = {}  # chat_id -> seconds, answered once
        self.rate_limited = 0  # 429s answered by the limiter
        self.global_rate = global_rate  # messages/s over a sliding second
        self.per_chat_interval = per_chat_interval  # seconds between two messages to one chat
        self._recent_sends: deque[float] = deque()
        self._last_to_chat: dict[int, float] = {}
        self.held_chats: set[int] = set()  # sends to these chats hang until released (a slow Telegram)
        self.held: list[Call] = []
        self._release = asyncio.Event()
        self._new_update = asyncio.Event()
        self._new_call = asyncio.Event()
        self._message_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # --- lifecycle -------------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # the port the OS picked
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # --- test side -------------------------------------------------------------------------
    def push_update(self, update: dict) -> None:
        update.setdefault("update_id", (self.updates[-1]["update_id"] + 1) if self.updates else 1)
        self.updates.append(update)
        self._new_update.set()

    def push_callback(self, user_id: int, data: str, message_id: int = 1) -> None:
        self.push_update({"callback_query": {
            "id": f"cq{time.monotonic_ns()}",
            "from": {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": "ru"},
            "chat_instance": "ci",
            "data": data,
            "message": {"message_id": message_id, "date": int(time.time()), "chat": {"id": user_id, "type": "private"},
                        "text": "…"},
        }})

    def push_message(self, user_id: int, text: str, language_code: str = "ru") -> None:
        message = {
            "message_id": len(self.updates) + 1,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": language_code},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        self.push_update({"message": message})

    def hold(self, chat_id: int) -> None:
        """Sends to this chat hang (unanswered) until `release()`: the bot is caught mid-update."""
        self.held_chats.add(chat_id)
        self._release.clear()

    def release(self) -> None:
        self.held_chats.clear()
        self._release.set()

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        return [c for c in self.calls if c.method == method and (chat_id is None or c.chat_id == chat_id)]

    async def wait_for(self, predicate, timeout: float = 15.0, *, held: bool = False) -> Call:
        """The first call satisfying `predicate` (among the held ones with `held`), waiting for it."""
        def first() -> Call | None:
            return next((call for call in (self.held if held else self.calls) if predicate(call)), None)

        await self.wait_until(lambda: first() is not None, timeout)
        return first()

    async def wait_until(self, condition, timeout: float = 15.0) -> None:
        """Wait, without polling, until `condition()` holds; it is checked after every call received."""
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = [(c.method, c.chat_id) for c in self.calls][-10:]
                raise AssertionError(f"no matching call within {timeout}s; last calls: {seen}")
            self._new_call.clear()
            try:
                await asyncio.wait_for(self._new_call.wait(), remaining)
            except TimeoutError:
                pass

    # --- server side -----------------------------------------------------------------------
    async def _file(self, request: web.Request) -> web.Response:
        """Downloads after getFile: every file is the same small PNG (a grey square)."""
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        return web.Response(body=TINY_PNG, content_type="application/octet-stream")

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = dict(await request.post())
        for key, value in list(params.items()):
            if isinstance(value, web.FileField):
                params[key] = value.filename
        if method == "getUpdates":
            return await self._get_updates(params)
        call = Call(method, params)
        if call.chat_id in self.held_chats and method.startswith("send"):
            self.held.append(call)
            self._new_call.set()
            await self._release.wait()
            return _error(400, "Bad Request: the request was held and dropped")
        if method in ("sendMessage", "sendPhoto", "sendDocument"):
            refusal = self._refusal(call)
            if refusal is not None:
                return refusal
        self.calls.append(call)
        self._new_call.set()
        return _ok(self._result(call))

    def _refusal(self, call: Call) -> web.Response | None:
        chat_id = call.chat_id
        if chat_id in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.retry_after_once:
            seconds = self.retry_after_once.pop(chat_id)
            return _error(429, f"Too Many Requests: retry after {seconds}", retry_after=seconds)
        now = time.monotonic()
        if self.per_chat_interval and chat_id is not None:
            last = self._last_to_chat.get(chat_id)
            if last is not None and now - last < self.per_chat_interval:
                self.rate_limited += 1
                return _error(429, "Too Many Requests: retry after 1", retry_after=1)
        if self.global_rate:
            while self._recent_sends and now - self._recent_sends[0] >= 1.0:
                self._recent_sends.popleft()
            if len(self._recent_sends) >= self.global_rate:
                self.rate_limited += 1
                return _error(429, "Too Many Requests: retry after 1", retry_after=1)
            self._recent_sends.append(now)
        if chat_id is not None:
            self._last_to_chat[chat_id] = now
        return None

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset") or 0)
        self.confirmed_below = max(self.confirmed_below, offset)
        offset = self.confirmed_below
        limit = min(max(int(params.get("limit") or 100), 1), 100)  # Telegram: 1–100, 100 by default
        timeout = min(float(params.get("timeout") or 0), 2.0)  # keep tests snappy
        deadline = time.monotonic() + timeout
        while True:
            pending = [u for u in self.updates if u["update_id"] >= offset]
            if pending or time.monotonic() >= deadline:
                return _ok(pending[:limit])
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                pass

    def _result(self, call: Call) -> Any:
        if call.method == "getFile":
            file_id = str(call.params.get("file_id", ""))
            return {"file_id": file_id, "file_unique_id": "u" + file_id, "file_size": len(TINY_PNG),
                    "file_path": f"photos/{file_id}.png"}
        if call.method == "getMe":
            return {"id": int(self.token.split(":")[0]), "is_bot": True, "first_name": "Kenesh", "username": "kenesh_bot"}
        if call.method in ("sendMessage", "sendPhoto", "sendDocument", "editMessageText"):
            chat_id = call.chat_id or 0
            message = {
                "message_id": int(call.params.get("message_id") or next(self._message_ids)),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "text": call.params.get("text", ""),
            }
            markup = json.loads(call.params.get("reply_markup") or "{}")
            if "inline_keyboard" in markup:  # Telegram echoes inline keyboards only
                message["reply_markup"] = markup
            return message
        return True


def _png(width: int, height: int, grey: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes([grey]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


TINY_PNG = _png(48, 48, 160)


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)
