"""Announcements and their per-recipient deliveries.

Life of an announcement: `scheduled` (waits for its time) or straight to `running`; `begin()` fixes
the recipients (one `pending` delivery each) in the same transaction that makes it `running`; the
broadcaster moves each delivery `pending → sending → sent | blocked | failed`; `running ⇄ paused`;
`cancelled` or `finished` at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from storage.db import Database
from storage.subscriptions import Audience

OPEN_STATUSES = ("scheduled", "running", "paused")
UNCERTAIN = "uncertain"  # the error recorded for a send interrupted before its answer arrived


@dataclass(frozen=True)
class Broadcast:
    id: int
    author_id: int
    text_ky: str | None
    text_ru: str | None
    photo_file_id: str | None
    audience: Audience
    status: str
    scheduled_at: datetime | None
    created_at: str
    started_at: str | None
    finished_at: str | None
    total: int
    progress_message_id: int | None

    def language_for(self, subscriber_language: str) -> str:
        """The recipient's language when it was written in both; else the one it was written in."""
        if self.text_ky and self.text_ru:
            return subscriber_language if subscriber_language in ("ky", "ru") else "ru"
        return "ky" if self.text_ky else "ru"

    def text(self, language: str) -> str:
        return (self.text_ky if language == "ky" else self.text_ru) or self.text_ky or self.text_ru or ""


@dataclass(frozen=True)
class DeliveryCounts:
    pending: int = 0
    sending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    uncertain: int = 0

    @property
    def total(self) -> int:
        return self.pending + self.sending + self.sent + self.blocked + self.failed

    @property
    def done(self) -> int:
        return self.sent + self.blocked + self.failed


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _broadcast(row) -> Broadcast | None:
    if row is None:
        return None
    return Broadcast(
        id=row["id"],
        author_id=row["author_id"],
        text_ky=row["text_ky"],
        text_ru=row["text_ru"],
        photo_file_id=row["photo_file_id"],
        audience=Audience(row["audience"], row["audience_value"], row["audience_region"], row["audience_rayon"]),
        status=row["status"],
        scheduled_at=datetime.fromisoformat(row["scheduled_at"]) if row["scheduled_at"] else None,
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        total=row["total"],
        progress_message_id=row["progress_message_id"],
    )


class BroadcastRepo:
    def __init__(self, db: Database):
        self.db = db

    # --- announcements -----------------------------------------------------------------------
    async def create(
        self,
        author_id: int,
        text_ky: str | None,
        text_ru: str | None,
        photo_file_id: str | None,
        audience: Audience,
        scheduled_at: datetime | None = None,
    ) -> int:
        """A new announcement: `scheduled` when it has a time, else a `draft` to `begin()` now."""
        status = "scheduled" if scheduled_at is not None else "draft"
        return await self.db.execute(
            "INSERT INTO broadcasts (author_id, text_ky, text_ru, photo_file_id, audience, audience_value,"
            " audience_region, audience_rayon, status, scheduled_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (author_id, text_ky or None, text_ru or None, photo_file_id, audience.kind, audience.value,
             audience.region, audience.rayon, status, _iso(scheduled_at) if scheduled_at else None, _iso(utc_now())),
        )

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return _broadcast(await self.db.fetchone("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,)))

    async def open_ones(self) -> list[Broadcast]:
        rows = await self.db.fetchall(
            "SELECT * FROM broadcasts WHERE status IN ('scheduled', 'running', 'paused') ORDER BY id"
        )
        return [_broadcast(r) for r in rows]

    async def with_status(self, status: str) -> list[Broadcast]:
        rows = await self.db.fetchall("SELECT * FROM broadcasts WHERE status = ? ORDER BY id", (status,))
        return [_broadcast(r) for r in rows]

    async def due(self, now: datetime) -> list[Broadcast]:
        rows = await self.db.fetchall(
            "SELECT * FROM broadcasts WHERE status = 'scheduled' AND scheduled_at <= ? ORDER BY scheduled_at, id",
            (_iso(now),),
        )
        return [_broadcast(r) for r in rows]

    async def begin(self, broadcast_id: int, now: datetime) -> int | None:
        """Fix the recipients and make it `running`, in one transaction. Returns their number, or
        None when it was no longer a draft or scheduled (cancelled meanwhile, or begun already)."""
        async with self.db.transaction() as conn:
            broadcast = await self.get(broadcast_id)
            if broadcast is None or broadcast.status not in ("draft", "scheduled"):
                return None
            condition, params = broadcast.audience.where()
            if broadcast.text_ky and broadcast.text_ru:
                # The language the resident reads the bot in now (/lang changes it), else the one
                # they subscribed in.
                language_sql = (
                    "CASE WHEN COALESCE((SELECT u.language FROM users u WHERE u.id = subscriptions.user_id"
                    " AND u.language_chosen = 1), language) = 'ky' THEN 'ky' ELSE 'ru' END"
                )
            else:
                language_sql = "'ky'" if broadcast.text_ky else "'ru'"
            await conn.execute(
                f"INSERT INTO deliveries (broadcast_id, user_id, language, status, updated_at)"
                f" SELECT ?, user_id, {language_sql}, 'pending', ? FROM subscriptions WHERE {condition}",
                (broadcast_id, _iso(now), *params),
            )
            async with conn.execute("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ?", (broadcast_id,)) as cur:
                total = int((await cur.fetchone())[0])
            await conn.execute(
                "UPDATE broadcasts SET status = 'running', started_at = ?, total = ? WHERE id = ?",
                (_iso(now), total, broadcast_id),
            )
        return total

    async def set_status(self, broadcast_id: int, status: str, *, only_from: tuple[str, ...]) -> bool:
        """Change the status if it is one of `only_from` (a stale button cannot revive a finished one)."""
        marks = ",".join("?" * len(only_from))
        async with self.db.transaction() as conn:
            async with conn.execute(
                f"UPDATE broadcasts SET status = ? WHERE id = ? AND status IN ({marks})",
                (status, broadcast_id, *only_from),
            ) as cur:
                return cur.rowcount == 1

    async def edit_scheduled(self, broadcast_id: int, *, text_ky: str | None = None, text_ru: str | None = None,
                             scheduled_at: datetime | None = None) -> bool:
        """Change the text of one language, or the time, of an announcement still `scheduled`
        (False once it has started or was cancelled: what is sent is never changed under way)."""
        changes: dict[str, str] = {}
        if text_ky is not None:
            changes["text_ky"] = text_ky
        if text_ru is not None:
            changes["text_ru"] = text_ru
        if scheduled_at is not None:
            changes["scheduled_at"] = _iso(scheduled_at)
        if not changes:
            return False
        assignments = ", ".join(f"{column} = ?" for column in changes)
        async with self.db.transaction() as conn, conn.execute(
            f"UPDATE broadcasts SET {assignments} WHERE id = ? AND status = 'scheduled'",
            (*changes.values(), broadcast_id),
        ) as cur:
            return cur.rowcount == 1

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        await self.db.execute("UPDATE broadcasts SET progress_message_id = ? WHERE id = ?", (message_id, broadcast_id))

    async def finish(self, broadcast_id: int, status: str, now: datetime) -> DeliveryCounts:
        """Close it (`finished` or `cancelled`) and copy the final counts onto the row."""
        counts = await self.counts(broadcast_id)
        await self.db.execute(
            "UPDATE broadcasts SET status = ?, finished_at = ?, sent = ?, blocked = ?, failed = ?, uncertain = ?"
            " WHERE id = ?",
            (status, _iso(now), counts.sent, counts.blocked, counts.failed, counts.uncertain, broadcast_id),
        )
        return counts

    # --- deliveries --------------------------------------------------------------------------
    async def fail_interrupted(self, broadcast_id: int) -> int:
        """Deliveries left `sending` by a crash: Telegram may or may not have delivered them, and
        it has no idempotency key, so they are recorded as failed (uncertain) and NOT sent again:
        nobody gets an announcement twice. Returns how many."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                "UPDATE deliveries SET status = 'failed', error = ?, updated_at = ?"
                " WHERE broadcast_id = ? AND status = 'sending'",
                (UNCERTAIN, _iso(utc_now()), broadcast_id),
            ) as cur:
                return cur.rowcount

    async def pending_after(self, broadcast_id: int, after_user_id: int, limit: int) -> list[tuple[int, str]]:
        """The next `limit` pending deliveries by user id (keyset paging keeps memory flat)."""
        rows = await self.db.fetchall(
            "SELECT user_id, language FROM deliveries WHERE broadcast_id = ? AND status = 'pending'"
            " AND user_id > ? ORDER BY user_id LIMIT ?",
            (broadcast_id, after_user_id, limit),
        )
        return [(r["user_id"], r["language"]) for r in rows]

    async def mark_sending(self, broadcast_id: int, user_id: int) -> None:
        await self.db.execute(
            "UPDATE deliveries SET status = 'sending', attempts = attempts + 1, updated_at = ?"
            " WHERE broadcast_id = ? AND user_id = ?",
            (_iso(utc_now()), broadcast_id, user_id),
        )

    async def mark(self, broadcast_id: int, user_id: int, status: str, error: str | None = None) -> None:
        await self.db.execute(
            "UPDATE deliveries SET status = ?, error = ?, updated_at = ? WHERE broadcast_id = ? AND user_id = ?",
            (status, error, _iso(utc_now()), broadcast_id, user_id),
        )

    async def attempts(self, broadcast_id: int, user_id: int) -> int:
        row = await self.db.fetchone(
            "SELECT attempts FROM deliveries WHERE broadcast_id = ? AND user_id = ?", (broadcast_id, user_id)
        )
        return int(row["attempts"]) if row else 0

    async def counts(self, broadcast_id: int) -> DeliveryCounts:
        rows = await self.db.fetchall(
            "SELECT status, error = ? AS uncertain, COUNT(*) AS n FROM deliveries WHERE broadcast_id = ?"
            " GROUP BY status, error = ?",
            (UNCERTAIN, broadcast_id, UNCERTAIN),
        )
        values = {"pending": 0, "sending": 0, "sent": 0, "blocked": 0, "failed": 0, "uncertain": 0}
        for row in rows:
            values[row["status"]] += row["n"]
            if row["status"] == "failed" and row["uncertain"]:
                values["uncertain"] += row["n"]
        return DeliveryCounts(**values)

    async def failures(self, broadcast_id: int) -> list[tuple[int, str, str, int]]:
        """(user_id, status, error, attempts) of every delivery that did not arrive."""
        rows = await self.db.fetchall(
            "SELECT user_id, status, COALESCE(error, '') AS error, attempts FROM deliveries"
            " WHERE broadcast_id = ? AND status IN ('blocked', 'failed') ORDER BY user_id",
            (broadcast_id,),
        )
        return [(r["user_id"], r["status"], r["error"], r["attempts"]) for r in rows]
