"""The send limiter on a fake clock: global rate, one message per second per chat, pause after 429."""

from __future__ import annotations

import asyncio

from services.rate_limit import RateLimiter
from tests.helpers import most_in_one_second


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)  # let other waiters run, as a real sleep would


async def test_global_rate_is_never_exceeded_and_is_reached() -> None:
    clock = FakeClock()
    limiter = RateLimiter(25, clock=clock, sleep=clock.sleep)
    times = [await limiter.acquire(chat) for chat in range(1, 501)]
    assert most_in_one_second(times) <= 25
    achieved = (len(times) - 1) / (times[-1] - times[0])
    assert achieved >= 25 * 0.99


async def test_concurrent_waiters_share_the_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    times = await asyncio.gather(*(limiter.acquire(chat) for chat in range(1, 101)))
    assert most_in_one_second(list(times)) <= 10


async def test_one_chat_gets_at_most_one_message_per_second() -> None:
    clock = FakeClock()
    limiter = RateLimiter(30, clock=clock, sleep=clock.sleep)
    first = await limiter.acquire(7)
    other = await limiter.acquire(8)
    second = await limiter.acquire(7)
    assert other - first < 0.1  # another chat is not held up
    assert second - first >= 1.0


async def test_a_429_pauses_every_sender_for_retry_after() -> None:
    clock = FakeClock()
    limiter = RateLimiter(25, clock=clock, sleep=clock.sleep)
    before = await limiter.acquire(1)
    limiter.pause(5)
    after = await asyncio.gather(limiter.acquire(2), limiter.acquire(3))
    assert min(after) >= before + 5


async def test_no_burst_after_an_idle_spell() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    await limiter.acquire(1)
    clock.now += 60  # nothing sent for a minute: the missed slots are not made up
    times = [await limiter.acquire(chat) for chat in range(2, 40)]
    assert most_in_one_second(times) <= 10


async def test_requests_bunched_by_a_slow_write_still_leave_within_the_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    # Slots came every 0.1 s, but the write before the 10th request was slow: it reaches the gate
    # together with the 11th and 12th.
    reach_gate = [0.1 * i for i in range(9)] + [0.95, 0.95, 0.95]
    left = []
    for offset in reach_gate:
        clock.now = max(clock.now, 1000.0 + offset)
        left.append(await limiter.admit() - 1000.0)
    assert most_in_one_second(left) <= 10
    assert [round(t, 3) for t in left[-3:]] == [0.95, 1.0, 1.1]  # held just long enough, no longer
