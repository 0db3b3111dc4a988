"""Operations: a backup of the live database while it is being written."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from services.backup import backup_database
from storage.db import Database


async def test_a_backup_taken_during_writes_is_consistent(tmp_path: Path) -> None:
    db = await Database.connect(tmp_path / "live.db")
    stop = asyncio.Event()

    async def writer() -> int:
        n = 0
        while not stop.is_set():
            # Two rows per transaction: a consistent copy has an even number of them.
            async with db.transaction() as conn:
                for _ in range(2):
                    n += 1
                    await conn.execute(
                        "INSERT INTO users (id, first_seen, last_seen) VALUES (?, 'x', 'x')", (n,))
        return n

    task = asyncio.create_task(writer())
    copies = []
    for i in range(5):
        await asyncio.sleep(0.05)
        target = tmp_path / f"copy{i}.db"
        await asyncio.to_thread(backup_database, tmp_path / "live.db", target)
        copies.append(target)
    stop.set()
    written = await task
    await db.close()
    counts = []
    for copy in copies:
        con = sqlite3.connect(copy)
        assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        counts.append(con.execute("SELECT COUNT(*) FROM users").fetchone()[0])
        assert con.execute("PRAGMA user_version").fetchone()[0] >= 6  # the schema came along
        con.close()
    assert all(c % 2 == 0 for c in counts), counts  # never half a transaction
    assert counts == sorted(counts) and counts[-1] <= written and counts[-1] > 0
    assert not list(tmp_path.glob("*.partial"))


async def test_the_backup_command(tmp_path: Path) -> None:
    import os
    import sys

    from config import ROOT

    db = await Database.connect(tmp_path / "live.db")
    await db.execute("INSERT INTO users (id, first_seen, last_seen) VALUES (7, 'x', 'x')")
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"} | {"DATABASE_PATH": str(tmp_path / "live.db")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), "backup", str(tmp_path / "saved" / "copy.db"), cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 90)
    await db.close()
    assert process.returncode == 0, err.decode()
    assert "integrity checked" in out.decode()
    con = sqlite3.connect(tmp_path / "saved" / "copy.db")
    assert con.execute("SELECT id FROM users").fetchall() == [(7,)]
    con.close()
