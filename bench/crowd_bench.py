"""Crowd bench: the real bot against a bare aiogram echo bot, both over the loopback fake Bot API.

    python bench/crowd_bench.py [--users 1000] [--arrival 10] [--memory-users 100000]

Each bot runs as a subprocess (`python bot.py` for Kenesh; `python bench/crowd_bench.py echo` for
the echo bot, aiogram's own polling) against the same in-process fake Bot API. Measured:

- throughput: `--users` users send 3 questions each, all at once; replies per second until the last;
- a burst of NEW users: `--users` users arrive evenly over `--arrival` seconds, each asks 3
  questions in a row (the next once the answer came, after 0.5 s reading); send-to-reply
  p50/p95/p99 over all questions; then the same users again (known users);
- RSS of the bot process at rest and after the runs; start-up time (spawn to first getUpdates)
  and how much of it is importing aiogram;
- `--memory-users N`: RSS of a Dispatcher (in this process, recording nothing) after N distinct
  users sent a question each (the bounded user and FSM caches keep it flat).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKEN = "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp"
QUESTIONS = [
    "Сколько депутатов в айыльном кенеше?", "Кто назначает мэра Бишкека?", "Мэрди ким дайындайт?",
    "На какой срок избирается местный кенеш?", "кто глава айыл окмоту", "Айылдык кеңеш канча жылга шайланат?",
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


class Replies:
    """Hooks the fake API: the time of each reply to a chat, and of the first getUpdates."""

    def __init__(self, api) -> None:
        self.waiters: dict[int, asyncio.Future] = {}
        self.count = 0
        self.first_poll: float | None = None
        self.all_done = asyncio.Event()
        self.expected = 0
        original_result, original_poll = api._result, api._get_updates

        def result(call):
            if call.method == "sendMessage" and call.chat_id is not None:
                self.count += 1
                waiter = self.waiters.pop(call.chat_id, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(time.perf_counter())
                if self.expected and self.count >= self.expected:
                    self.all_done.set()
            return original_result(call)

        async def poll(params):
            if self.first_poll is None:
                self.first_poll = time.perf_counter()
            return await original_poll(params)

        api._result, api._get_updates = result, poll
        api.calls = _NoList()  # keep nothing: a crowd would fill memory

    def expect(self, chat_id: int) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.waiters[chat_id] = future
        return future


class _NoList(list):
    def append(self, item) -> None:
        pass


async def start_bot(kind: str, base: str, workdir: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "WEBHOOK_", "TELEGRAM_"))}
    env.update({"BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": base, "DATABASE_PATH": str(workdir / f"{kind}.db")})
    args = [sys.executable, str(ROOT / "bot.py")] if kind == "kenesh" else [sys.executable, __file__, "echo"]
    return subprocess.Popen(args, cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=open(workdir / f"{kind}.log", "wb"))


async def user_session(api, replies: Replies, user_id: int, start_at: float, latencies: list[float], rng) -> None:
    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    for _ in range(3):
        waiter = replies.expect(user_id)
        sent = time.perf_counter()
        api.push_message(user_id, rng.choice(QUESTIONS))
        try:
            answered = await asyncio.wait_for(waiter, 120)
        except TimeoutError:
            latencies.append(float("inf"))
            return
        latencies.append(answered - sent)
        await asyncio.sleep(0.5)


async def burst(api, replies: Replies, users: range, arrival: float, rng) -> list[float]:
    latencies: list[float] = []
    t0 = time.perf_counter() + 0.1
    step = arrival / max(1, len(users))
    await asyncio.gather(*(user_session(api, replies, u, t0 + i * step, latencies, rng) for i, u in enumerate(users)))
    return latencies


async def throughput(api, replies: Replies, users: range, rng) -> float:
    replies.count, replies.expected = 0, 3 * len(users)
    replies.all_done.clear()
    t0 = time.perf_counter()
    for _ in range(3):
        for u in users:
            api.push_message(u, rng.choice(QUESTIONS))
    await asyncio.wait_for(replies.all_done.wait(), 600)
    replies.expected = 0
    return 3 * len(users) / (time.perf_counter() - t0)


async def measure(kind: str, args, workdir: Path) -> dict:
    from tests.fake_api import FakeBotAPI

    api = FakeBotAPI(TOKEN)
    replies = Replies(api)
    base = await api.start()
    spawned = time.perf_counter()
    bot = await start_bot(kind, base, workdir)
    try:
        while replies.first_poll is None:
            await asyncio.sleep(0.05)
        result = {"startup": replies.first_poll - spawned}
        await asyncio.sleep(1.0)
        result["rss_rest"] = rss_mb(bot.pid)
        rng = random.Random(7)
        new_users = range(100_000, 100_000 + args.users)
        lat_new = await burst(api, replies, new_users, args.arrival, rng)
        lat_known = await burst(api, replies, new_users, args.arrival, rng)
        result["throughput"] = await throughput(api, replies, range(200_000, 200_000 + args.users), rng)
        result["rss_after"] = rss_mb(bot.pid)
        for name, lat in (("new", lat_new), ("known", lat_known)):
            result[name] = tuple(percentile(lat, q) * 1000 for q in (0.5, 0.95, 0.99))
        return result
    finally:
        bot.terminate()
        bot.wait(20)
        await api.stop()


def import_time(lazy: bool = False) -> float:
    """Seconds to import aiogram (best of three fresh processes); `lazy` as bot.py does it."""
    first = "import services.lazy_telegram_types; " if lazy else ""
    code = f"import time; t = time.perf_counter(); {first}import aiogram, aiogram.types, aiogram.methods; print(time.perf_counter() - t)"
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT) for _ in range(3)]
    return min(float(run.stdout) for run in runs)


async def memory_after_users(n: int) -> tuple[float, float]:
    """RSS of this process before and after n distinct users each sent a question (in process)."""
    from bot import build_bot, build_dispatcher
    from config import Settings
    from qa.service import QuestionAnswerer
    from services.i18n import build_i18n
    from storage.db import Database
    from tests.helpers import BOT_TOKEN, RecordingSession

    class Forgetful(RecordingSession):
        async def make_request(self, bot, method, timeout=None):
            result = await super().make_request(bot, method, timeout)
            self.requests.clear()
            self.message_ids.clear()
            return result

    workdir = Path(tempfile.mkdtemp(prefix="kenesh-mem-"))
    settings = Settings(bot_token=BOT_TOKEN, database_path=workdir / "mem.db")
    qa = QuestionAnswerer.load(settings.knowledge_dir)
    i18n = build_i18n(settings.locales_dir, "ru")
    db = await Database.connect(settings.database_path)
    dp = build_dispatcher(settings, db, qa, i18n)
    bot = build_bot(settings, session=Forgetful())
    update_id = 0

    async def one(user_id: int) -> None:
        nonlocal update_id
        update_id += 1
        await dp.feed_raw_update(bot, {"update_id": update_id, "message": {
            "message_id": 1, "date": int(time.time()), "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "U", "language_code": "ru"},
            "text": QUESTIONS[user_id % len(QUESTIONS)]}})

    for u in range(1, 2001):
        await one(u)
    gc.collect()
    before = rss_mb(os.getpid())
    for u in range(2001, n + 1):
        await one(u)
    gc.collect()
    after = rss_mb(os.getpid())
    await db.close()
    return before, after


def run_echo_bot() -> None:
    """The baseline: aiogram's own polling and an echo handler, nothing else."""
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"]))
    asyncio.run(dp.start_polling(Bot(os.environ["BOT_TOKEN"], session=session)))


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", nargs="?", default="bench")
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--arrival", type=float, default=10.0, help="seconds over which the new users arrive")
    parser.add_argument("--memory-users", type=int, default=0)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="kenesh-crowd-"))
    echo = await measure("echo", args, workdir)
    kenesh = await measure("kenesh", args, workdir)
    print(f"{args.users} users x 3 questions; new users arriving over {args.arrival:g} s, 0.5 s between questions")
    print(f"{'':28}{'echo (aiogram)':>24}{'Kenesh':>24}")
    print(f"{'throughput, replies/s':28}{echo['throughput']:>24.0f}{kenesh['throughput']:>24.0f}"
          f"   ratio {kenesh['throughput'] / echo['throughput']:.2f}")
    for name in ("new", "known"):
        e, k = echo[name], kenesh[name]
        print(f"{name + ' users p50/p95/p99, ms':28}{'%.0f / %.0f / %.0f' % e:>24}{'%.0f / %.0f / %.0f' % k:>24}")
    print(f"{'RSS at rest / after, MB':28}{'%.0f / %.0f' % (echo['rss_rest'], echo['rss_after']):>24}"
          f"{'%.0f / %.0f' % (kenesh['rss_rest'], kenesh['rss_after']):>24}")
    print(f"{'start-up to first poll, s':28}{echo['startup']:>24.2f}{kenesh['startup']:>24.2f}"
          f"   (importing aiogram alone: {import_time():.2f} s; as bot.py does, types built on first use: {import_time(lazy=True):.2f} s)")
    if args.memory_users:
        before, after = await memory_after_users(args.memory_users)
        print(f"RSS in process after 2 000 users {before:.0f} MB, after {args.memory_users} distinct users {after:.0f} MB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["echo"]:
        run_echo_bot()
    else:
        asyncio.run(main())
