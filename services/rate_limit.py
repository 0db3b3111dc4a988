"""Pacing for bulk sends: a global rate, a per-chat minimum interval, and a global pause after 429.

Slots are `1/rate` seconds apart and counted from the previous *slot*, not from when the previous
send actually happened, so small sleep overshoots do not add up and the achieved rate stays close
to the configured one; after a stall (a slot already in the past) the next slot is "now", never an
earlier one, so there is no catch-up burst and no 1-second window ever holds more than about
`rate` sends. The clock and the sleep are injectable for unit tests.
"""

from __future__ import annotations

import asyncio
import time
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

    def _forget_idle_chats(self, now: float) -> None:
        self._chat_ready = {chat: ready for chat, ready in self._chat_ready.items() if ready > now}
