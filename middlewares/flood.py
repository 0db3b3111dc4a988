"""A per-user token bucket: one person sending dozens of messages a second is slowed down alone.

Each user may send `burst` messages at once and `rate` per second after that (20 and 3: someone
tapping quickly through a form stays well inside; dozens a second do not). Beyond it the update
is dropped before any handler or database work, so a flood costs the others almost nothing; the
flooder hears "slow down" at most once per `notice_every` seconds, and a throttled button press is
still answered (its spinner stops). Buckets are kept for the 10 000 most recent senders only (an LRU):
a bucket refills in `burst / rate` seconds, so one evicted means at most a repeated "slow down".
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.i18n import gettext as _

from storage.lru import LRUCache

log = logging.getLogger("kenesh.flood")


class FloodGate(BaseMiddleware):
    def __init__(self, rate: float = 3.0, burst: int = 20, notice_every: float = 60.0,
                 clock: Callable[[], float] = time.monotonic, tracked_users: int = 10_000):
        self.rate, self.burst, self.notice_every, self.clock = rate, burst, notice_every, clock
        self.enabled = True  # tests and benches that feed updates faster than anyone types turn it off
        self._buckets: LRUCache[int, list[float]] = LRUCache(tracked_users)  # [tokens, at, noticed_at]

    def allow(self, user_id: int) -> tuple[bool, bool]:
        """(may pass, should be told to slow down)."""
        now = self.clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            bucket = self._buckets[user_id] = [float(self.burst), now, float("-inf")]
        bucket[0] = min(float(self.burst), bucket[0] + (now - bucket[1]) * self.rate)
        bucket[1] = now
        if bucket[0] >= 1.0:
            bucket[0] -= 1.0
            return True, False
        if now - bucket[2] >= self.notice_every:
            bucket[2] = now
            return False, True
        return False, False

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender = data.get("event_from_user")
        if sender is None or not self.enabled:
            return await handler(event, data)
        allowed, notify = self.allow(sender.id)
        if allowed:
            return await handler(event, data)
        notice = _("You are sending messages too fast. Please wait a few seconds; I will answer the next one.")
        if isinstance(event, CallbackQuery):
            await event.answer(notice if notify else None)
        elif notify and isinstance(event, Message) and event.chat.type == "private":
            await event.answer(notice)
        if notify:
            log.info("a user is throttled (more than %g updates/s)", self.rate)
        return None
