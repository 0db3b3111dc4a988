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


async def test_forget_erases_contacts_keeps_anonymised_tickets_and_audits(app) -> None:
    from aiogram.fsm.storage.base import StorageKey

    from storage.complaints import ComplaintRepo
    from tests.helpers import BOT_ID
    from tests.test_complaints_flow import file_quickly

    citizen = 7301
    c = app.client
    confirmation = await file_quickly(app, citizen, "Во дворе третий месяц нет воды, прошу принять меры срочно.")
    await c.send(citizen, "/subscribe")
    await c.click(citizen, "Бишкек")  # subscribed in the language the citizen uses
    number = confirmation.split("KG-")[1][:11]
    await app.db.execute("UPDATE tickets SET contact_name = 'Асан', contact_phone = '+996555000111',"
                         " latitude = 42.8, longitude = 74.6, consent = 1 WHERE citizen_id = ?", (citizen,))
    await c.send(citizen, "/complaint")  # a form in progress

    await c.send(citizen, "/forget")
    assert "Удалить ваши персональные данные?" in c.last_text(citizen)
    await c.click(citizen, "Нет, оставить")
    assert await app.db.fetchone("SELECT 1 FROM users WHERE id = ?", (citizen,)) is not None
    await c.send(citizen, "/forget")
    await c.click(citizen, "Да, удалить")
    assert "удалены" in c.last_text(citizen) and "1" in c.last_text(citizen)

    ticket = await ComplaintRepo(app.db).by_number("KG-" + number)
    assert ticket is not None and ticket.text.startswith("Во дворе")  # kept for the statistics
    assert (ticket.citizen_id, ticket.contact_name, ticket.contact_phone) == (0, None, None)
    row = await app.db.fetchone("SELECT latitude, longitude, consent FROM tickets WHERE id = ?", (ticket.id,))
    assert tuple(row) == (None, None, 0)
    assert await app.db.fetchone("SELECT 1 FROM subscriptions WHERE user_id = ?", (citizen,)) is None
    assert await app.db.fetchone("SELECT 1 FROM users WHERE id = ?", (citizen,)) is None
    # the thread keeps the words, not who wrote them; no reply in the citizen's chat leads to the ticket
    assert await app.db.fetchone("SELECT 1 FROM ticket_messages WHERE author_id = ?", (citizen,)) is None
    assert await app.db.fetchone("SELECT 1 FROM ticket_links WHERE chat_id = ?", (citizen,)) is None
    key = StorageKey(bot_id=BOT_ID, chat_id=citizen, user_id=citizen)
    assert await app.dp.storage.get_state(key) is None and await app.dp.storage.get_data(key) == {}
    audit = await app.db.fetchone("SELECT actor_id, detail FROM audit_log WHERE action = 'forget'")
    assert audit["actor_id"] == 0 and str(citizen) not in audit["detail"] and "Асан" not in audit["detail"]

    await c.send(citizen, "/my")  # nothing links the tickets to this account any more
    assert "KG-" not in c.last_text(citizen)
