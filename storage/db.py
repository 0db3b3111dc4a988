"""One SQLite file through aiosqlite: connection, PRAGMAs, numbered migrations.

Migrations are the files `storage/migrations/NNN_name.sql`, applied in order at start; the number
of the last one applied is kept in `PRAGMA user_version`, so a fresh file and an older file both
end at the current schema. Each migration runs in one transaction with the version bump.
"""

from __future__ import annotations

import asyncio
import contextvars
import re
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.lru import LRUCache

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
CACHED_USERS = 10_000  # users active in the last minutes; the rest are read again when they come back
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
# Set while the current task is inside `Database.transaction()`, so `execute()` joins it
# instead of waiting for the lock it already holds.
_in_transaction: contextvars.ContextVar[bool] = contextvars.ContextVar("in_transaction", default=False)
# The Telegram update the current task is handling (set by services/delivery.py). A transaction
# committed while handling it also marks the update done in the journal, in the same commit: a
# crash right after it never replays an update whose effect (a ticket, a reply) is already stored.
handling_update: contextvars.ContextVar[int | None] = contextvars.ContextVar("handling_update", default=None)


def in_transaction() -> bool:
    """Whether the current task is inside `Database.transaction()` (nothing it wrote is committed yet)."""
    return _in_transaction.get()


def migration_files(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, Path]]:
    found = []
    for path in directory.iterdir():
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    found.sort()
    numbers = [n for n, _ in found]
    if len(set(numbers)) != len(numbers):
        raise RuntimeError(f"two migrations share a number: {numbers}")
    return found


class Database:
    """The shared connection. Multi-statement writes go through `transaction()`.

    aiosqlite serialises calls on one connection, but concurrent handlers would share its
    transaction state; the lock keeps one explicit transaction at a time.
    """

    def __init__(self, conn: aiosqlite.Connection, path: Path):
        self.conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()
        # Read caches shared by every repository on this connection (this process is the only
        # writer of the file), so the hot path of an update needs no database round trip.
        self.user_cache: LRUCache[int, object] = LRUCache(CACHED_USERS)

    @classmethod
    async def connect(cls, path: Path | str, *, migrate: bool = True) -> Database:
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: autocommit for single statements; transactions are explicit.
        conn = await aiosqlite.connect(path, isolation_level=None)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            db = cls(conn, path)
            if migrate:
                await db.migrate()
        except BaseException:
            await conn.close()  # an open aiosqlite thread would keep the process alive
            raise
        return db

    async def close(self) -> None:
        await self.conn.close()

    async def schema_version(self) -> int:
        async with self.conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0])

    async def migrate(self, directory: Path = MIGRATIONS_DIR) -> int:
        current = await self.schema_version()
        for number, path in migration_files(directory):
            if number <= current:
                continue
            script = path.read_text(encoding="utf-8")
            async with self.transaction():
                for statement in _split_sql(script):
                    await self.conn.execute(statement)
                await self.conn.execute(f"PRAGMA user_version = {number}")
            current = number
        return current

    @asynccontextmanager
    async def transaction(self, *, bookkeeping: bool = False) -> AsyncIterator[aiosqlite.Connection]:
        """One explicit transaction. `bookkeeping=True` for writes that are not an update's effect
        (recording that a user was seen): they do not mark the update done."""
        if _in_transaction.get():
            yield self.conn  # nested: part of the outer transaction
            return
        async with self._write_lock:
            token = _in_transaction.set(True)
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                update_id = None if bookkeeping else handling_update.get()
                if update_id is not None:
                    await self.conn.execute(
                        "UPDATE update_journal SET done_at = strftime('%Y-%m-%dT%H:%M:%fZ'), body = NULL"
                        " WHERE update_id = ? AND done_at IS NULL",
                        (update_id,),
                    )
                await self.conn.execute("COMMIT")
            finally:
                _in_transaction.reset(token)

    # Each call below is one round trip to aiosqlite's thread where it can be (`execute_fetchall`,
    # `execute_insert`: the statement, its rows and the cursor's end in one go) rather than three
    # (execute, fetch, close): under a crowd, each round trip is a thread switch on the event loop's
    # CPU, and the journal and the users table make several per update.

    async def fetchone(self, sql: str, params: tuple | dict = ()) -> aiosqlite.Row | None:
        async with self.conn.execute(sql, params) as cur:
            return await cur.fetchone()

    async def fetchall(self, sql: str, params: tuple | dict = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, params))

    async def execute_rowcount(self, sql: str, params: tuple | dict = ()) -> int:
        """Like `execute()`, but the number of rows changed."""
        if _in_transaction.get():
            async with self.conn.execute(sql, params) as cur:
                return cur.rowcount
        async with self._write_lock:
            async with self.conn.execute(sql, params) as cur:
                return cur.rowcount

    async def write_returning(self, sql: str, params: tuple | dict = ()) -> aiosqlite.Row | None:
        """One write statement with a RETURNING clause, autocommitted; its first row."""
        rows = await self.write_returning_all(sql, params)
        return rows[0] if rows else None

    async def write_returning_all(self, sql: str, params: tuple | dict = ()) -> list[aiosqlite.Row]:
        """One write statement with a RETURNING clause, autocommitted; all its rows."""
        if _in_transaction.get():
            return list(await self.conn.execute_fetchall(sql, params))
        async with self._write_lock:
            return list(await self.conn.execute_fetchall(sql, params))

    async def execute(self, sql: str, params: tuple | dict = ()) -> int:
        """Run one write statement, autocommitted (or as part of the current transaction); the
        rowid of the row it inserted (SQLite's last_insert_rowid()).

        Taking the lock keeps a lone write from landing inside another task's transaction.
        """
        if _in_transaction.get():
            return (await self.conn.execute_insert(sql, params))[0]
        async with self._write_lock:
            return (await self.conn.execute_insert(sql, params))[0]


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, using SQLite's own idea of where a statement ends
    (so semicolons in comments and strings are safe). `executescript` would commit on its own,
    outside our transaction."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(l.strip().startswith("--") or not l.strip() for l in buffer.splitlines()):
        raise RuntimeError(f"incomplete SQL statement at the end of a migration: {buffer.strip()[:80]!r}")
    return statements
