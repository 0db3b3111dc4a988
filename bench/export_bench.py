"""How long /export takes to build its files, and what that does to the event loop.

    python bench/export_bench.py [--tickets 10000]

Builds N synthetic tickets (texts of ~300 characters, some formula-like), renders the labels in
Russian, then builds the CSV and XLSX (services.complaint_export.build_files) twice:
- inline on the event loop, as before: the longest stall another update would see;
- in a worker thread (asyncio.to_thread), as /export does now: the longest stall then.
A 1 ms ticker task measures the stalls. Prints the build time, file sizes and both stalls.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import ROOT
from services.complaint_export import build_files, export_labels
from services.complaints import STATUSES
from services.i18n import build_i18n
from storage.complaints import Ticket


def tickets(n: int) -> list[Ticket]:
    text = "В селе третью неделю нет питьевой воды, просим принять меры. " * 5
    return [
        Ticket(
            id=i, number=f"KG-2026-{i:06d}", citizen_id=10_000 + i, language="ru", kind="complaint",
            region_id="chui", place_id="sokuluk", place_kind="rayon", place_name="Сокулукский район",
            body_name="Айыл окмоту Шопоков", category="services",
            text=("=HYPERLINK(\"http://x\")" if i % 50 == 0 else "") + text, text_key="", latitude=42.85,
            longitude=74.6, contact_name="Асан", contact_phone="+996700000000", consent=i % 2 == 0,
            status=STATUSES[i % len(STATUSES)], assignee_id=900, filed_at="2026-03-01T04:00:00+00:00",
            filed_date="2026-03-01", due_date="2026-03-15", answered_at=None, forwarded_to=None,
            reject_reason=None, duplicate_of=None, updated_at="2026-03-01T04:00:00+00:00",
        )
        for i in range(1, n + 1)
    ]  # fmt: skip


async def longest_stall(work) -> tuple[float, float]:
    """(seconds the work took, longest gap between 1 ms ticks while it ran)."""
    stall = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal stall
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            stall = max(stall, now - last)
            last = now

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    start = time.perf_counter()
    await work()
    took = time.perf_counter() - start
    done.set()
    await task
    return took, stall


async def main(n: int) -> None:
    i18n = build_i18n(ROOT / "locales", "ru")
    with i18n.context():
        labels = export_labels("ru", STATUSES, {"chui": "Чуйская область"})
    rows = tickets(n)
    today = date(2026, 4, 1)
    sizes = {}

    async def inline() -> None:
        sizes["csv"], sizes["xlsx"] = (len(f) for f in build_files(rows, labels, today))

    async def threaded() -> None:
        await asyncio.to_thread(build_files, rows, labels, today)

    took, stall_inline = await longest_stall(inline)
    _took, stall_thread = await longest_stall(threaded)
    print(f"tickets: {n}")
    print(f"build CSV + XLSX: {took * 1000:.0f} ms (CSV {sizes['csv'] / 1e6:.1f} MB, XLSX {sizes['xlsx'] / 1e6:.1f} MB)")
    print(f"longest event-loop stall, built inline: {stall_inline * 1000:.0f} ms")
    print(f"longest event-loop stall, built in a thread: {stall_thread * 1000:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=10_000)
    asyncio.run(main(parser.parse_args().tickets))
