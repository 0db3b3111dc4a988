"""The outbox table: messages that announce a committed change, stored with the change.

See migrations/010_outbox.sql and 011_outbox_files.sql. `add()` runs inside the caller's transaction
(the change's own); `of_chat()` lists a chat's rows in the order they must be sent; `sent()` deletes a row and keeps
what the sent message id is needed for (the ticket link, the staff-chat post) in one transaction.
A chat waits behind its first row: a retry time on that row holds the rows after it, so one
chat's messages never overtake each other. A row may carry a file (sent by its Telegram file id, the
text as its caption) or edit a message: a given one, or the ticket's staff-chat post, looked up when
the row is sent (`staff_post_id()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from storage.db import Database


def stamp(moment: datetime) -> str:
    """ISO 8601 UTC with milliseconds: text that sorts as time does."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass(frozen=True)
class OutgoingMessage:
    """What to send. `reply_markup` is the inline keyboard as JSON (or None)."""

    chat_id: int
    text: str
    reply_markup: str | None = None
    citizen_id: int | None = None  # whose appeal it is about: /forget erases the row
    ticket_id: int | None = None
    after_sent: str | None = None  # "link": a reply to it joins the ticket; "staff_post": it is the ticket's post
    edit_message_id: int | None = None  # edit this message in place (a new one is sent if it cannot be)
    # Edit the ticket's staff-chat post, whichever message it is when this row is sent: the post itself
    # may still be waiting in the outbox when the change that edits it commits.
    edit_staff_post: bool = False
    file_kind: str | None = None  # photo, voice, video_note or document: send the file `file_id`, `text` its caption
    file_id: str | None = None

    @property
    def edit_target(self) -> tuple[str, int] | None:
        """The message this row edits, as a key: a newer edit of the same one makes this one stale."""
        if self.edit_staff_post and self.ticket_id is not None:
            return "staff_post", self.ticket_id
        if self.edit_message_id is not None:
            return "message", self.edit_message_id
        return None


@dataclass(frozen=True)
class PendingMessage:
    id: int
    message: OutgoingMessage
    created_at: str
    attempts: int
    not_before: str | None


_COLUMNS = "id, chat_id, citizen_id, method, message_id, text, reply_markup, ticket_id, after_sent, created_at," \
           " attempts, not_before, file_kind, file_id"


def _pending(row) -> PendingMessage:
    edit = row["method"] == "edit"
    message = OutgoingMessage(
        chat_id=row["chat_id"], text=row["text"], reply_markup=row["reply_markup"], citizen_id=row["citizen_id"],
        ticket_id=row["ticket_id"], after_sent=row["after_sent"],
        edit_message_id=row["message_id"] if edit else None,
        edit_staff_post=edit and row["after_sent"] == "staff_post" and row["message_id"] is None,
        file_kind=row["file_kind"], file_id=row["file_id"],
    )  # fmt: skip
    return PendingMessage(row["id"], message, row["created_at"], row["attempts"], row["not_before"])


class OutboxStore:
    def __init__(self, db: Database):
        self.db = db

    async def add(self, messages: list[OutgoingMessage], now: datetime | None = None) -> list[int]:
        """Store messages, in order; call it inside the transaction of the change they announce."""
        created = stamp(now or datetime.now(UTC))
        ids = []
        async with self.db.transaction():  # joins the caller's transaction
            for m in messages:
                ids.append(await self.db.execute(
                    "INSERT INTO outbox (chat_id, citizen_id, method, message_id, text, reply_markup, ticket_id,"
                    " after_sent, created_at, file_kind, file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (m.chat_id, m.citizen_id, "edit" if m.edit_message_id or m.edit_staff_post else "send",
                     None if m.edit_staff_post else m.edit_message_id, m.text, m.reply_markup, m.ticket_id,
                     m.after_sent, created, m.file_kind, m.file_id),
                ))
        return ids

    async def of_chat(self, chat_id: int, limit: int = 20) -> list[PendingMessage]:
        """The chat's rows, committed ones only: read under the write lock, since every task shares one
        connection and a plain read would see a row another task's open transaction has just added."""
        async with self.db.transaction(bookkeeping=True):
            rows = await self.db.fetchall(
                f"SELECT {_COLUMNS} FROM outbox WHERE chat_id = ? ORDER BY id LIMIT ?", (chat_id, limit))
        return [_pending(row) for row in rows]

    async def due_chats(self, now: datetime) -> list[int]:
        """Chats whose first row may be tried now, the longest waiting first."""
        rows = await self.db.fetchall(
            "SELECT chat_id FROM outbox WHERE id IN (SELECT MIN(id) FROM outbox GROUP BY chat_id)"
            " AND (not_before IS NULL OR not_before <= ?) ORDER BY id",
            (stamp(now),),
        )
        return [row["chat_id"] for row in rows]

    async def next_try(self) -> str | None:
        """When the earliest chat waiting behind a retry time may be tried (None: nothing waits)."""
        row = await self.db.fetchone(
            "SELECT MIN(not_before) FROM outbox WHERE id IN (SELECT MIN(id) FROM outbox GROUP BY chat_id)")
        return row[0] if row else None

    async def count(self) -> int:
        row = await self.db.fetchone("SELECT COUNT(*) FROM outbox")
        return int(row[0])

    async def sent(self, pending: PendingMessage, message_id: int | None) -> None:
        """Delivered: the row goes, and the sent message is remembered where the ticket needs it."""
        m = pending.message
        async with self.db.transaction(bookkeeping=True):
            await self.db.execute("DELETE FROM outbox WHERE id = ?", (pending.id,))
            if message_id is None or m.ticket_id is None:
                return
            if m.after_sent == "link":
                # Only while the ticket still has its citizen: after /forget the link would lead nowhere.
                await self.db.execute(
                    "INSERT OR REPLACE INTO ticket_links (chat_id, message_id, ticket_id)"
                    " SELECT ?, ?, id FROM tickets WHERE id = ? AND citizen_id = ?",
                    (m.chat_id, message_id, m.ticket_id, m.chat_id),
                )
            elif m.after_sent == "staff_post":
                await self.db.execute("UPDATE tickets SET staff_post_id = ? WHERE id = ?", (message_id, m.ticket_id))

    async def staff_post_id(self, ticket_id: int) -> int | None:
        """The ticket's staff-chat post as it is now (None: never delivered, or no staff chat then)."""
        row = await self.db.fetchone("SELECT staff_post_id FROM tickets WHERE id = ?", (ticket_id,))
        return row["staff_post_id"] if row is not None else None

    async def set_text(self, row_id: int, text: str) -> None:
        """A row not sent yet says something else (a confirmation, once the messages before it went)."""
        await self.db.execute("UPDATE outbox SET text = ? WHERE id = ?", (text, row_id))

    async def drop(self, row_id: int) -> None:
        """Refused for good (blocked, a bad request) or too old: not tried again."""
        async with self.db.transaction(bookkeeping=True):
            await self.db.execute("DELETE FROM outbox WHERE id = ?", (row_id,))

    async def retry_at(self, row_id: int, when: datetime, *, failed: bool) -> None:
        """Try this row (and so its chat) again at `when`; `failed` counts an attempt (not for a 429)."""
        async with self.db.transaction(bookkeeping=True):
            await self.db.execute(
                "UPDATE outbox SET not_before = ?, attempts = attempts + ? WHERE id = ?",
                (stamp(when), 1 if failed else 0, row_id),
            )


async def erase_person(conn, user_id: int) -> int:
    """Within the caller's transaction (/forget): the messages to this person or about their appeals."""
    async with conn.execute("DELETE FROM outbox WHERE chat_id = ? OR citizen_id = ?", (user_id, user_id)) as cur:
        return cur.rowcount
