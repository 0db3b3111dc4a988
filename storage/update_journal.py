"""The update journal: received updates, recorded durably before they are confirmed to Telegram.

See migrations/006_update_journal.sql. `record()` takes a batch in one transaction and returns the
updates never seen before; `done()` clears the body once the update is handled; `pending()` lists
what a crash left unhandled. The Database marks the update in progress as done inside any
transaction it commits (storage/db.py), so the effect of an update and its "done" land together.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from storage.db import Database

RETENTION = timedelta(days=2)  # Telegram keeps an unconfirmed update for 24 hours at most


def _stamp(moment: datetime) -> str:
    """The same text as SQLite's strftime('%Y-%m-%dT%H:%M:%fZ'), used by storage/db.py."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _now() -> str:
    return _stamp(datetime.now(UTC))


class UpdateJournal:
    def __init__(self, db: Database):
        self.db = db
        self._done_waiting: list[int] = []
        self._done_write: asyncio.Task | None = None  # the next write, still gathering ids
        self._done_writing: asyncio.Task | None = None  # the last write started

    async def record(self, updates: list[tuple[int, str]]) -> set[int]:
        """Store (update_id, JSON) pairs; the ids not seen before."""
        if not updates:
            return set()
        now = _now()
        fresh: set[int] = set()
        for start in range(0, len(updates), 100):  # getUpdates gives at most 100; 300 parameters
            chunk = updates[start:start + 100]
            # One autocommitted statement: ids seen before are skipped by the primary key, and
            # RETURNING names the ones that were new.
            rows = await self.db.write_returning_all(
                "INSERT INTO update_journal (update_id, body, received_at) VALUES "
                + ",".join(["(?, ?, ?)"] * len(chunk))
                + " ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
                tuple(value for update_id, body in chunk for value in (update_id, body, now)),
            )
            fresh.update(row[0] for row in rows)
        return fresh

    async def done(self, update_id: int) -> None:
        """Mark an update handled. Updates that finish together are marked by one statement: those
        finishing in the same turn of the event loop, and under a crowd all those finishing while
        the previous mark is being written (one write at a time, like a group commit). Each
        caller waits for the write that carries its id, so "done" still means written."""
        self._done_waiting.append(update_id)
        if self._done_write is None:
            self._done_write = asyncio.create_task(self._write_done(self._done_writing))
            self._done_writing = self._done_write
        await asyncio.shield(self._done_write)  # a caller cancelled at stop leaves the write alone

    async def _write_done(self, previous: asyncio.Task | None) -> None:
        if previous is not None and not previous.done():
            await asyncio.wait([previous])  # its failure is its callers' to see
        await asyncio.sleep(0)  # let the others finishing in this turn join
        ids, self._done_waiting, self._done_write = self._done_waiting, [], None
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            await self.db.execute(
                "UPDATE update_journal SET done_at = ?, body = NULL"
                f" WHERE update_id IN ({','.join('?' * len(chunk))}) AND done_at IS NULL",
                (_now(), *chunk),
            )

    async def pending(self) -> list[tuple[int, str]]:
        rows = await self.db.fetchall(
            "SELECT update_id, body FROM update_journal WHERE done_at IS NULL ORDER BY update_id"
        )
        return [(row["update_id"], row["body"]) for row in rows]

    async def prune(self, retention: timedelta = RETENTION) -> int:
        cutoff = _stamp(datetime.now(UTC) - retention)
        async with self.db.transaction() as conn:
            async with conn.execute("DELETE FROM update_journal WHERE done_at IS NOT NULL AND done_at < ?",
                                    (cutoff,)) as cur:
                return cur.rowcount
