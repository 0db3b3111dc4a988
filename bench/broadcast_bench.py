"""Announcement throughput against a loopback Bot API with Telegram-like limits.

    python bench/broadcast_bench.py [--recipients 10000] [--rate 25] [--stop-after 3000]

Builds the app as bot.py does (real Dispatcher, SQLite file, aiohttp session) against
tests/fake_api.FakeBotAPI enforcing 30 messages/s overall and 1 message/s per chat (it answers 429
beyond that). Sends one announcement to N subscribers, stops the app in the middle, starts a new
one on the same database and lets it resume. Prints:
- the achieved rate as a fraction of the configured BROADCAST_RATE (target >= 0.95), measured on
  the fake API's own timestamps of accepted sends, in each run and overall without the restart gap;
- the 429s the fake API answered (target 0);
- peak traced Python memory (tracemalloc; bot and fake API share the process);
- how long the restart took to resume: from building the new app to its first accepted send;
- that every recipient got the announcement exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402

from bot import build_bot, build_dispatcher  # noqa: E402
from config import ROOT, Settings  # noqa: E402
from qa.service import QuestionAnswerer  # noqa: E402
from services.i18n import build_i18n  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.subscriptions import Audience  # noqa: E402
from tests.fake_api import FakeBotAPI  # noqa: E402

TOKEN = "42:BENCH-token-for-the-loopback-only-xx"
AUTHOR = 7
FIRST = 1_000_000


class Running:
    def __init__(self, settings: Settings, qa, i18n, api: FakeBotAPI):
        self.settings, self.qa, self.i18n, self.api = settings, qa, i18n, api

    async def __aenter__(self):
        self.db = await Database.connect(self.settings.database_path)
        self.dp = build_dispatcher(self.settings, self.db, self.qa, self.i18n)
        self.dp["flood_gate"].enabled = False  # the bench feeds updates faster than anyone types
        self.bot = build_bot(self.settings, session=AiohttpSession(api=TelegramAPIServer.from_base(self.api.base_url)))
        await self.dp.emit_startup(bot=self.bot, **self.dp.workflow_data)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.dp.emit_shutdown(bot=self.bot, **self.dp.workflow_data)
        await self.bot.session.close()
        await self.db.close()


def rate_of(times: list[float]) -> float:
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


async def main(recipients: int, rate: float, stop_after: int) -> int:
    tracemalloc.start()
    api = FakeBotAPI(TOKEN, global_rate=30, per_chat_interval=1.0)
    await api.start()
    workdir = Path(tempfile.mkdtemp(prefix="kenesh-bench-"))
    settings = Settings(bot_token=TOKEN, database_path=workdir / "bench.db", admin_ids=frozenset({AUTHOR}),
                        broadcast_rate=rate)
    qa = QuestionAnswerer.load(ROOT / "knowledge")
    i18n = build_i18n(ROOT / "locales", "ru")

    def announcement_times() -> list[float]:
        return [c.at for c in api.calls if c.method == "sendMessage" and (c.chat_id or 0) >= FIRST]

    async with Running(settings, qa, i18n, api) as app:
        async with app.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO subscriptions (user_id, region, language, created_at, updated_at) VALUES (?, 'all', ?, '', '')",
                [(FIRST + i, "ky" if i % 2 else "ru") for i in range(recipients)],
            )
        broadcaster = app.dp["broadcaster"]
        broadcast_id = await broadcaster.repo.create(AUTHOR, "Кулактандыруу: шайлоо", "Объявление: выборы", None, Audience("all"))
        print(f"sending to {recipients} subscribers at BROADCAST_RATE={rate}/s (fake API: 30/s overall, 1/s per chat)…", flush=True)
        await broadcaster.launch(app.bot, broadcast_id)
        while len(announcement_times()) < min(stop_after, recipients):
            await asyncio.sleep(0.05)
    first_run = announcement_times()

    restart_began = time.monotonic()
    async with Running(settings, qa, i18n, api) as app:
        while len(announcement_times()) == len(first_run):
            await asyncio.sleep(0.005)
        resume_seconds = api.calls[-1].at - restart_began
        await app.dp["broadcaster"].wait(broadcast_id)
        counts = await app.dp["broadcaster"].repo.counts(broadcast_id)
    all_times = announcement_times()
    second_run = all_times[len(first_run):]
    _, peak = tracemalloc.get_traced_memory()
    await api.stop()
    shutil.rmtree(workdir, ignore_errors=True)

    received = Counter(c.chat_id for c in api.calls if c.method == "sendMessage" and (c.chat_id or 0) >= FIRST)
    sending_time = (first_run[-1] - first_run[0]) + (second_run[-1] - second_run[0]) if second_run else first_run[-1] - first_run[0]
    overall = (len(all_times) - 2) / sending_time if sending_time else 0.0
    print(f"achieved rate, first run:  {rate_of(first_run):6.2f}/s = {rate_of(first_run) / rate:.3f} of the limit")
    print(f"achieved rate, after restart: {rate_of(second_run):6.2f}/s = {rate_of(second_run) / rate:.3f} of the limit")
    print(f"achieved rate, overall (restart gap excluded): {overall:6.2f}/s = {overall / rate:.3f} of the limit (target >= 0.95)")
    print(f"429s answered by the fake API: {api.rate_limited} (target 0)")
    print(f"peak traced memory: {peak / 1e6:.1f} MB (bot and fake API in one process)")
    print(f"restart to first resumed send: {resume_seconds:.2f} s")
    print(f"delivered: {counts.sent} of {recipients}; failed {counts.failed} (uncertain {counts.uncertain});"
          f" received twice: {sum(1 for n in received.values() if n > 1)}; missed: {recipients - len(received)}")
    ok = len(received) == recipients and max(received.values()) == 1 and api.rate_limited == 0
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=25.0, help="BROADCAST_RATE (<= 30)")
    parser.add_argument("--stop-after", type=int, default=3_000, help="stop the first run after this many sends")
    args = parser.parse_args()
    if not 0 < args.rate <= 30:
        parser.error("--rate must be in (0, 30]: the fake API enforces Telegram's 30/s")
    sys.exit(asyncio.run(main(args.recipients, args.rate, args.stop_after)))
