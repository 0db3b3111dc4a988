"""The complaints tables: tickets, attachments, history, audit log, reminders sent.

Plain storage: the status rules, numbering and clock live in services/complaints.py.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime

from storage.db import Database

OPEN_STATUSES = ("new", "registered", "in_work")


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Ticket:
    id: int
    number: str
    citizen_id: int
    language: str
    kind: str
    region_id: str
    place_id: str
    place_kind: str
    place_name: str
    body_name: str
    category: str
    text: str
    text_key: str
    latitude: float | None
    longitude: float | None
    contact_name: str | None
    contact_phone: str | None
    consent: bool
    status: str
    assignee_id: int | None
    filed_at: str
    filed_date: str
    due_date: str
    answered_at: str | None
    forwarded_to: str | None
    reject_reason: str | None
    duplicate_of: str | None
    updated_at: str
    staff_post_id: int | None = None  # the message in the staff chat, edited as the ticket changes
    assignee_name: str | None = None
    body_id: str | None = None  # the directory's body; None: staff choose, or a confirmed typed name

    @property
    def due(self) -> date:
        return date.fromisoformat(self.due_date)

    @property
    def filed(self) -> date:
        return date.fromisoformat(self.filed_date)


_TICKET_FIELDS = [f.name for f in fields(Ticket)]


def _ticket(row) -> Ticket | None:
    if row is None:
        return None
    values = {name: row[name] for name in _TICKET_FIELDS}
    values["consent"] = bool(values["consent"])
    return Ticket(**values)


@dataclass(frozen=True)
class Attachment:
    kind: str  # photo | document | voice | video_note
    file_id: str
    file_name: str | None = None


@dataclass(frozen=True)
class Event:
    at: str
    actor_id: int | None
    kind: str
    status_from: str | None
    status_to: str | None
    detail: str | None


@dataclass(frozen=True)
class ThreadMessage:
    """One entry of a ticket's thread (ticket_messages)."""

    at: str
    author: str  # citizen | staff
    author_id: int | None
    kind: str  # text | photo | document | voice | video_note | not_resolved | reply | answer
    text: str | None
    file_id: str | None = None
    file_name: str | None = None


@dataclass(frozen=True)
class QueueFilter:
    """What /queue and /export show. view: new | mine | overdue | all."""

    view: str = "new"
    region_id: str = ""
    category: str = ""
    staff_id: int = 0  # for view "mine"
    today: str = ""  # YYYY-MM-DD, for view "overdue"

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        if self.view == "new":
            clauses.append("status IN ('new', 'registered')")
        elif self.view == "mine":
            clauses.append("assignee_id = ? AND status = 'in_work'")
            params.append(self.staff_id)
        elif self.view == "overdue":
            clauses.append("status IN ('new', 'registered', 'in_work') AND due_date < ?")
            params.append(self.today)
        if self.region_id:
            clauses.append("region_id = ?")
            params.append(self.region_id)
        if self.category:
            clauses.append("category = ?")
            params.append(self.category)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class ComplaintRepo:
    def __init__(self, db: Database):
        self.db = db

    # --- tickets ---------------------------------------------------------------------------
    async def next_number(self, year: int) -> int:
        """The next sequence number of the year; call inside a transaction."""
        await self.db.execute(
            "INSERT INTO ticket_sequence (year, last_number) VALUES (?, 1)"
            " ON CONFLICT(year) DO UPDATE SET last_number = last_number + 1",
            (year,),
        )
        row = await self.db.fetchone("SELECT last_number FROM ticket_sequence WHERE year = ?", (year,))
        return int(row["last_number"])

    async def insert(self, values: dict, attachments: list[Attachment]) -> int:
        """Insert a ticket (call inside a transaction); returns its id."""
        columns = ", ".join(values)
        marks = ", ".join("?" * len(values))
        ticket_id = await self.db.execute(f"INSERT INTO tickets ({columns}) VALUES ({marks})", tuple(values.values()))
        for item in attachments:
            await self.db.execute(
                "INSERT INTO ticket_attachments (ticket_id, kind, file_id, file_name) VALUES (?, ?, ?, ?)",
                (ticket_id, item.kind, item.file_id, item.file_name),
            )
        return ticket_id

    async def get(self, ticket_id: int) -> Ticket | None:
        return _ticket(await self.db.fetchone("SELECT * FROM tickets WHERE id = ?", (ticket_id,)))

    async def by_number(self, number: str) -> Ticket | None:
        return _ticket(await self.db.fetchone("SELECT * FROM tickets WHERE number = ?", (number.upper(),)))

    async def update(self, ticket_id: int, **values) -> None:
        values["updated_at"] = utc_now_iso()
        assignments = ", ".join(f"{name} = ?" for name in values)
        await self.db.execute(f"UPDATE tickets SET {assignments} WHERE id = ?", (*values.values(), ticket_id))

    async def staff_name(self, staff_id: int) -> str | None:
        """The name a staff member last took a ticket under (Telegram's full name), if they ever did."""
        row = await self.db.fetchone(
            "SELECT assignee_name FROM tickets WHERE assignee_id = ? AND assignee_name IS NOT NULL "
            "ORDER BY updated_at DESC LIMIT 1",
            (staff_id,),
        )
        return row["assignee_name"] if row else None

    async def of_citizen(self, citizen_id: int, limit: int = 20) -> list[Ticket]:
        rows = await self.db.fetchall(
            "SELECT * FROM tickets WHERE citizen_id = ? ORDER BY id DESC LIMIT ?", (citizen_id, limit)
        )
        return [_ticket(r) for r in rows]

    async def count_filed_since(self, citizen_id: int, since_iso: str) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM tickets WHERE citizen_id = ? AND filed_at >= ?", (citizen_id, since_iso)
        )
        return int(row["n"])

    async def same_text_since(self, citizen_id: int, text_key: str, since_iso: str) -> Ticket | None:
        row = await self.db.fetchone(
            "SELECT * FROM tickets WHERE citizen_id = ? AND text_key = ? AND filed_at >= ? ORDER BY id DESC LIMIT 1",
            (citizen_id, text_key, since_iso),
        )
        return _ticket(row)

    async def queue(self, flt: QueueFilter, *, offset: int = 0, limit: int | None = None) -> list[Ticket]:
        where, params = flt.where()
        sql = f"SELECT * FROM tickets{where} ORDER BY due_date, id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, limit, offset]
        return [_ticket(r) for r in await self.db.fetchall(sql, tuple(params))]

    async def count(self, flt: QueueFilter) -> int:
        where, params = flt.where()
        row = await self.db.fetchone(f"SELECT COUNT(*) AS n FROM tickets{where}", tuple(params))
        return int(row["n"])

    async def open_due_by(self, last_day: str) -> list[Ticket]:
        rows = await self.db.fetchall(
            "SELECT * FROM tickets WHERE status IN ('new', 'registered', 'in_work') AND due_date <= ? ORDER BY due_date, id",
            (last_day,),
        )
        return [_ticket(r) for r in rows]

    async def counts_by(self, column: str) -> list[tuple[str, int]]:
        assert column in ("status", "region_id", "category", "kind")
        rows = await self.db.fetchall(
            f"SELECT {column} AS key, COUNT(*) AS n FROM tickets GROUP BY {column} ORDER BY n DESC, key"
        )
        return [(r["key"], int(r["n"])) for r in rows]

    async def answer_durations(self) -> list[tuple[str, str]]:
        """(filed_at, first answered at) of every ticket that was ever answered."""
        rows = await self.db.fetchall(
            "SELECT t.filed_at AS filed_at, MIN(e.at) AS answered"
            " FROM tickets t JOIN ticket_events e ON e.ticket_id = t.id"
            " WHERE e.kind = 'status' AND e.status_to = 'answered' GROUP BY t.id"
        )
        return [(r["filed_at"], r["answered"]) for r in rows]

    # --- attachments and history -----------------------------------------------------------
    async def attachments(self, ticket_id: int) -> list[Attachment]:
        rows = await self.db.fetchall(
            "SELECT kind, file_id, file_name FROM ticket_attachments WHERE ticket_id = ? ORDER BY id", (ticket_id,)
        )
        return [Attachment(r["kind"], r["file_id"], r["file_name"]) for r in rows]

    async def add_event(self, ticket_id: int, kind: str, *, actor_id: int | None = None, status_from: str | None = None,
                        status_to: str | None = None, detail: str | None = None, at: str | None = None) -> None:
        await self.db.execute(
            "INSERT INTO ticket_events (ticket_id, at, actor_id, kind, status_from, status_to, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (ticket_id, at or utc_now_iso(), actor_id, kind, status_from, status_to, detail),
        )

    async def events(self, ticket_id: int) -> list[Event]:
        rows = await self.db.fetchall(
            "SELECT at, actor_id, kind, status_from, status_to, detail FROM ticket_events WHERE ticket_id = ? ORDER BY id",
            (ticket_id,),
        )
        return [Event(r["at"], r["actor_id"], r["kind"], r["status_from"], r["status_to"], r["detail"]) for r in rows]

    async def last_reply(self, ticket_id: int) -> str | None:
        """The newest staff reply (thread first; tickets answered before the thread existed keep theirs in events)."""
        row = await self.db.fetchone(
            "SELECT text FROM ticket_messages WHERE ticket_id = ? AND author = 'staff' ORDER BY id DESC LIMIT 1",
            (ticket_id,),
        )
        if row is not None:
            return row["text"]
        row = await self.db.fetchone(
            "SELECT detail FROM ticket_events WHERE ticket_id = ? AND kind = 'reply' ORDER BY id DESC LIMIT 1",
            (ticket_id,),
        )
        return row["detail"] if row else None

    # --- the thread: additions, reasons, replies ---------------------------------------------
    async def add_message(self, ticket_id: int, author: str, author_id: int | None, kind: str, text: str | None,
                          file_id: str | None = None, file_name: str | None = None, at: str | None = None) -> None:
        await self.db.execute(
            "INSERT INTO ticket_messages (ticket_id, at, author, author_id, kind, text, file_id, file_name)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (ticket_id, at or utc_now_iso(), author, author_id, kind, text, file_id, file_name),
        )

    async def messages(self, ticket_id: int) -> list[ThreadMessage]:
        rows = await self.db.fetchall(
            "SELECT at, author, author_id, kind, text, file_id, file_name FROM ticket_messages"
            " WHERE ticket_id = ? ORDER BY id",
            (ticket_id,),
        )
        return [ThreadMessage(r["at"], r["author"], r["author_id"], r["kind"], r["text"], r["file_id"], r["file_name"])
                for r in rows]

    async def link(self, chat_id: int, message_id: int, ticket_id: int) -> None:
        """Remember that this message of the bot is about this ticket (a reply to it joins the thread)."""
        await self.db.execute(
            "INSERT OR REPLACE INTO ticket_links (chat_id, message_id, ticket_id) VALUES (?, ?, ?)",
            (chat_id, message_id, ticket_id),
        )

    async def linked_ticket(self, chat_id: int, message_id: int) -> int | None:
        row = await self.db.fetchone(
            "SELECT ticket_id FROM ticket_links WHERE chat_id = ? AND message_id = ?", (chat_id, message_id)
        )
        return int(row["ticket_id"]) if row else None

    # --- audit and reminders ---------------------------------------------------------------
    async def audit(self, actor_id: int, action: str, ticket_id: int | None = None, detail: str | None = None) -> None:
        await self.db.execute(
            "INSERT INTO audit_log (at, actor_id, action, ticket_id, detail) VALUES (?, ?, ?, ?, ?)",
            (utc_now_iso(), actor_id, action, ticket_id, detail),
        )

    async def audit_entries(self) -> list[dict]:
        rows = await self.db.fetchall("SELECT actor_id, action, ticket_id, detail FROM audit_log ORDER BY id")
        return [dict(r) for r in rows]

    async def was_reminded(self, ticket_id: int, kind: str, due_date: str) -> bool:
        row = await self.db.fetchone(
            "SELECT 1 FROM ticket_reminders WHERE ticket_id = ? AND kind = ? AND due_date = ?",
            (ticket_id, kind, due_date),
        )
        return row is not None

    async def mark_reminded(self, ticket_id: int, kind: str, due_date: str, sent_at: str) -> None:
        await self.db.execute(
            "INSERT OR IGNORE INTO ticket_reminders (ticket_id, kind, due_date, sent_at) VALUES (?, ?, ?, ?)",
            (ticket_id, kind, due_date, sent_at),
        )


# --- erasure (/forget) --------------------------------------------------------------------------


async def anonymise_citizen_tickets(conn, citizen_id: int, now: str) -> int:
    """Within the caller's transaction: remove the citizen's contact details (name, phone,
    location, consent) from their tickets and unlink the tickets from their Telegram id; the
    tickets themselves, their text and history, stay for the agency's statistics and its duty to
    answer. The number of tickets anonymised."""
    # The thread keeps what the citizen wrote, but no longer who wrote it; the links from the
    # citizen's chat to the tickets (for replies) go.
    await conn.execute(
        "UPDATE ticket_messages SET author_id = NULL WHERE author = 'citizen'"
        " AND ticket_id IN (SELECT id FROM tickets WHERE citizen_id = ?)",
        (citizen_id,),
    )
    await conn.execute("DELETE FROM ticket_links WHERE chat_id = ?", (citizen_id,))
    async with conn.execute(
        "UPDATE tickets SET contact_name = NULL, contact_phone = NULL, latitude = NULL, longitude = NULL,"
        " consent = 0, citizen_id = 0, updated_at = ? WHERE citizen_id = ?",
        (now, citizen_id),
    ) as cur:
        return cur.rowcount
