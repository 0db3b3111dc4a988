"""Updates handled per second through the real Dispatcher, against a bare aiogram echo bot.

    python bench/updates_bench.py [--updates 3000]

Both dispatchers get the same recording session (no network) and the same raw updates, fed one
after another with `feed_raw_update`. The Kenesh mix: /start, questions in ky and ru (answered,
declined), /menu and menu clicks. The ratio (Kenesh / echo) is the figure to watch.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram import Bot, Dispatcher, Router  # noqa: E402
from aiogram.types import Message  # noqa: E402

from bot import build_bot, build_dispatcher  # noqa: E402
from config import ROOT, Settings  # noqa: E402
from qa.service import QuestionAnswerer  # noqa: E402
from services.i18n import build_i18n  # noqa: E402
from storage.db import Database  # noqa: E402
from tests.helpers import BOT_TOKEN, RecordingSession, TgClient  # noqa: E402

QUESTIONS = [
    ("мэрди ким дайындайт?", "ky"),
    ("Сколько депутатов в айыльном кенеше, если у нас 15 000 жителей?", "ru"),
    ("айыл окмоту кимге отчет берет", "ky"),
    ("куда жаловаться на айыл окмоту", "ru"),
    ("погода завтра", "ru"),
    ("kenesh kancha jylga shailanat", "ky"),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run_mix(client: TgClient, n: int, *, kenesh: bool) -> list[float]:
    timings = []
    for i in range(n):
        user = 10_000 + i % 200
        kind = i % 10
        started = time.perf_counter()
        if kind == 0:
            await client.send(user, "/start")
        elif kind == 1 and kenesh:
            await client.send(user, "/menu")
        elif kind == 2 and kenesh:
            await client.callback(user, "m:group:mayor")
        elif kind == 3 and kenesh:
            await client.callback(user, "m:topic:mayor-appointment")
        else:
            text, lang = QUESTIONS[i % len(QUESTIONS)]
            await client.send(user, text, language_code=lang)
        timings.append(time.perf_counter() - started)
        if len(client.session.requests) > 5000:
            client.session.clear()
    return timings


def echo_dispatcher() -> Dispatcher:
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…")

    @router.callback_query()
    async def answer(query) -> None:
        await query.answer()

    dp = Dispatcher()
    dp.include_router(router)
    return dp


def report(name: str, timings: list[float], elapsed: float) -> float:
    rate = len(timings) / elapsed
    print(f"| {name} | {rate:,.0f} | {statistics.median(timings) * 1000:.2f} | {percentile(timings, 0.99) * 1000:.2f} |")
    return rate


async def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(bot_token=BOT_TOKEN, database_path=Path(tmp) / "bench.db")
        qa = QuestionAnswerer.load(ROOT / "knowledge")
        i18n = build_i18n(ROOT / "locales", "ru")
        db = await Database.connect(settings.database_path)
        session = RecordingSession()
        bot = build_bot(settings, session=session)
        dp = build_dispatcher(settings, db, qa, i18n)
        dp["flood_gate"].enabled = False  # 200 users at full speed: not a flood to throttle here
        kenesh = TgClient(dp, bot, session)

        echo_session = RecordingSession()
        echo = TgClient(echo_dispatcher(), Bot(BOT_TOKEN, session=echo_session), echo_session)

        await run_mix(kenesh, 200, kenesh=True)  # warm-up: users rows, imports, caches
        await run_mix(echo, 200, kenesh=False)

        print(f"{n} updates each, fed one after another (2-core machine, Python {sys.version.split()[0]})\n")
        print("| dispatcher | updates/s | p50 ms | p99 ms |")
        print("|---|---|---|---|")
        started = time.perf_counter()
        echo_timings = await run_mix(echo, n, kenesh=False)
        echo_rate = report("bare aiogram echo (baseline)", echo_timings, time.perf_counter() - started)
        started = time.perf_counter()
        kenesh_timings = await run_mix(kenesh, n, kenesh=True)
        kenesh_rate = report("Kenesh (SQLite, i18n, FSM, QA)", kenesh_timings, time.perf_counter() - started)
        print(f"\nratio Kenesh / echo: {kenesh_rate / echo_rate:.2f}")
        await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=3000)
    asyncio.run(main(parser.parse_args().updates))
