"""Erasing a resident's personal data on request (/forget), in one transaction.

Removed: the contact details on their tickets (name, phone, location) and the link from the tickets
to their Telegram id; their subscription; their users row (language, role, first and last seen);
announcements still waiting for them; messages to them or about their appeals still in the outbox.
Kept: the tickets, anonymised (text, place, category, dates, statuses, staff replies), which the
agency needs for its statistics and its duty to answer. The erasure is written to the audit log
without any personal data (no id, only counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from storage.complaints import anonymise_citizen_tickets
from storage.db import Database
from storage.outbox import erase_person


@dataclass(frozen=True)
class Erasure:
    tickets: int
    subscription: bool


async def erase_personal_data(db: Database, user_id: int) -> Erasure:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    async with db.transaction() as conn:
        tickets = await anonymise_citizen_tickets(conn, user_id, now)
        async with conn.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,)) as cur:
            subscription = cur.rowcount > 0
        await conn.execute(
            "UPDATE deliveries SET status = 'failed', error = 'erased', updated_at = ?"
            " WHERE user_id = ? AND status = 'pending'",
            (now, user_id),
        )
        # Messages not sent yet to them or about their appeals (a ticket's number, a reply, a notice to
        # staff quoting their text) carry their words: they go too.
        await erase_person(conn, user_id)
        await conn.execute("DELETE FROM users WHERE id = ?", (user_id,))
        await conn.execute(
            "INSERT INTO audit_log (at, actor_id, action, ticket_id, detail) VALUES (?, 0, 'forget', NULL, ?)",
            (now, f"tickets anonymised: {tickets}; subscription removed: {'yes' if subscription else 'no'}"),
        )
    db.user_cache.pop(user_id, None)
    return Erasure(tickets, subscription)
