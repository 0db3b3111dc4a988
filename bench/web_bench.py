"""How fast the web console's queue page is at 100 000 tickets.

    python bench/web_bench.py [--tickets 100000] [--rounds 30]

Seeds a temporary database with N tickets (spread over regions, places, bodies, categories,
statuses, assignees and two years of filing dates), then requests whole pages through the real
aiohttp application (session cookie, role check, query, HTML) and prints the median and p99 time of
each kind of page. Nothing here touches the network: the Bot API session is a recording stand-in.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp  # noqa: E402
from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from bot import build_bot, build_dispatcher  # noqa: E402
from config import ROOT, Settings  # noqa: E402
from qa.service import QuestionAnswerer  # noqa: E402
from services.complaints import STATUSES  # noqa: E402
from services.i18n import build_i18n  # noqa: E402
from storage.db import Database  # noqa: E402
from tests.helpers import BOT_TOKEN, RecordingSession  # noqa: E402
from web.app import build_web_app  # noqa: E402
from web.auth import WebAuth  # noqa: E402

OPERATOR = 901
WORDS = ("дорога", "вода", "свет", "мусор", "школа", "жер", "суу", "жол", "арык", "мектеп", "бюджет", "справка",
         "больница", "автобус", "мост", "канал", "пастбище", "налог", "тротуар", "фонарь")


def places(qa: QuestionAnswerer) -> list[tuple[str, str, str]]:
    """(region, place id, place name) of every rayon and city."""
    regions = qa.kb.regions
    out = []
    for oblast in regions["oblasts"]:
        for place in [*oblast.get("rayons", ()), *oblast.get("cities", ())]:
            out.append((oblast["id"], place["id"], place["name"]["ru"]))
    for city in regions["republican_cities"]:
        out.append((city["id"], city["id"], city["name"]["ru"]))
    return out


async def seed(db: Database, qa: QuestionAnswerer, n: int) -> None:
    rng = random.Random(13)
    where = places(qa)
    today = date.today()
    rows, events = [], []
    for i in range(1, n + 1):
        region, place, name = rng.choice(where)
        filed = today - timedelta(days=rng.randint(0, 730))
        status = rng.choices(STATUSES, weights=(8, 6, 10, 50, 10, 10, 6))[0]
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
        filed_at = datetime.combine(filed, datetime.min.time(), UTC).isoformat(timespec="seconds")
        rows.append((
            i, f"KG-{filed.year}-{i:06d}", 100_000 + i, rng.choice(("ky", "ru")), "complaint", region, place, "city",
            name, f"Мэрия / айыл окмоту: {name} {rng.randint(1, 12)}", rng.choice(("land", "budget", "services", "other")),
            text, text, status, rng.choice((None, OPERATOR, 902, 903)), filed_at, filed.isoformat(),
            (filed + timedelta(days=14)).isoformat(), filed_at,
        ))  # fmt: skip
        if status == "answered":
            answered = datetime.combine(filed + timedelta(days=rng.randint(1, 30)), datetime.min.time(), UTC)
            events.append((i, answered.isoformat(timespec="seconds"), OPERATOR, "status", "in_work", "answered"))
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO tickets (id, number, citizen_id, language, kind, region_id, place_id, place_kind, place_name,"
            " body_name, category, text, text_key, status, assignee_id, filed_at, filed_date, due_date, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        await conn.executemany(
            "INSERT INTO ticket_events (ticket_id, at, actor_id, kind, status_from, status_to) VALUES (?, ?, ?, ?, ?, ?)",
            events,
        )
    await db.conn.execute("ANALYZE")


PAGES = {
    "queue, default (open, by due date)": "/queue",
    "queue, all statuses, newest first": "/queue?status=&sort=-filed",
    "queue, page 500 of all": "/queue?status=&page=500",
    "queue, one region, overdue": "/queue?region=chui&overdue=1",
    "queue, one rayon + category": "/queue?status=&rayon=kant&category=land",
    "queue, assigned to me": "/queue?assignee=me",
    "queue, text search (FTS)": "/queue?status=&q=пастбище%20налог",
    "queue, number prefix": "/queue?status=&q=KG-2026-0500",
    "ticket page": "/tickets/4242",
    "figures": "/figures",
}


async def main(n: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(bot_token=BOT_TOKEN, database_path=Path(tmp) / "bench.db", staff_ids=frozenset({OPERATOR}))
        qa = QuestionAnswerer.load(ROOT / "knowledge")
        db = await Database.connect(settings.database_path)
        started = time.perf_counter()
        await seed(db, qa, n)
        print(f"seeded {n} tickets in {time.perf_counter() - started:.1f} s")
        dp = build_dispatcher(settings, db, qa, build_i18n(settings.locales_dir, settings.default_locale))
        bot = build_bot(settings, session=RecordingSession())
        await dp["users"].bootstrap_roles(settings.admin_ids, settings.staff_ids)
        client = TestClient(TestServer(build_web_app(dp, bot)), cookie_jar=aiohttp.CookieJar(unsafe=True))
        await client.start_server()
        token = await WebAuth(db).issue_link_token(OPERATOR)
        await client.get(f"/login/{token}")
        print(f"{'page':40} {'median':>9} {'p99':>9}  rows")
        for name, path in PAGES.items():
            times = []
            for _ in range(rounds):
                t = time.perf_counter()
                response = await client.get(path)
                body = await response.text()
                times.append((time.perf_counter() - t) * 1000)
                assert response.status == 200, (path, response.status)
            times.sort()
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            rows = body.count('<tr><td><a href="/tickets/')
            print(f"{name:40} {statistics.median(times):7.1f}ms {p99:7.1f}ms  {rows}")
        await client.close()
        await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(main(args.tickets, args.rounds))
