"""Pacing for bulk sends: a global rate, a per-chat minimum interval, and a global pause after 429.

Two steps, because a database write sits between taking a slot and sending (the delivery is
recorded `sending` first, so a crash cannot send it twice):
- `acquire(chat)` waits for a slot: the global pace, the chat's own interval, any 429 pause. This is
  where senders queue, before anything is recorded.
- `admit()`, right before the request leaves, holds it only if the last `rate` requests all left
  within the past second. A slow write can make a sender late and bunch it with the next ones;
  this keeps the requests themselves, not just the slots, within `rate` in every 1-second window.
  It rarely waits, and never more than a second. A 429 pause is waited out in `acquire` only: a
  request already recorded `sending` must not sit through a long pause, or a stop (which lets
  requests in flight finish) would wait for it.
A request with nothing to record first takes both steps at once (`acquire_and_admit`).

Slots are `1/rate` seconds apart and counted from the previous *slot*, not from when the previous
send actually happened, so small sleep overshoots do not add up and the achieved rate stays close
to the configured one; after a stall (a slot already in the past) the next slot is "now", never an
earlier one, so there is no catch-up burst. The clock and the sleep are injectable for unit tests.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable

PER_CHAT_INTERVAL = 1.0  # Telegram: about one message per second to one chat


class RateLimiter:
    def __init__(
        self,
        rate: float,
        *,
        per_chat_interval: float = PER_CHAT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.interval = 1.0 / rate
        self.per_chat_interval = per_chat_interval
        self._clock = clock
        self._sleep = sleep
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._chat_ready: dict[int, float] = {}
        self._lock = asyncio.Lock()  # FIFO: waiters get slots in the order they asked
        self._recent_requests: deque[float] = deque(maxlen=max(1, math.floor(rate)))

    def pause(self, seconds: float) -> None:
        """Telegram answered 429 with retry_after: nobody sends until it has passed."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    @property
    def paused_until(self) -> float:
        return self._paused_until

    async def acquire(self, chat_id: int | None = None) -> float:
        """Wait for the next slot for this chat; returns the clock time of the slot taken."""
        if chat_id is not None:
            # Wait for the chat outside the lock, so one busy chat does not hold up the others.
            while (delay := self._chat_ready.get(chat_id, 0.0) - self._clock()) > 0:
                await self._sleep(delay)
        async with self._lock:
            while True:
                now = self._clock()
                ready = max(self._next_slot, self._paused_until)
                if chat_id is not None:
                    ready = max(ready, self._chat_ready.get(chat_id, 0.0))
                if ready <= now:
                    break
                await self._sleep(ready - now)  # re-checked: a pause may have come meanwhile
            # A slot missed by a little (sleep overshoot) keeps the schedule; after a longer gap the
            # schedule restarts from now, so missed slots are never made up in a burst.
            slot = self._next_slot if now - self._next_slot <= self.interval / 2 else now
            self._next_slot = slot + self.interval
            if chat_id is not None:
                self._chat_ready[chat_id] = now + self.per_chat_interval
                if len(self._chat_ready) > 10_000:
                    self._forget_idle_chats(now)
            return now

    async def admit(self) -> float:
        """Hold a request about to leave until fewer than `rate` left in the past second; returns
        the clock time it leaves at."""
        recent = self._recent_requests
        while len(recent) == recent.maxlen and (wait := recent[0] + 1.0 - self._clock()) > 0:
            await self._sleep(wait)
        now = self._clock()
        recent.append(now)  # no await since the check: no other sender can slip in between
        return now

    async def acquire_and_admit(self, chat_id: int | None = None) -> float:
        await self.acquire(chat_id)
        return await self.admit()

    def _forget_idle_chats(self, now: float) -> None:
        self._chat_ready = {chat: ready for chat, ready in self._chat_ready.items() if ready > now}
