"""The users table: language, role, first and last seen."""

from __future__ import annotations

import asyncio
import contextvars
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storage.db import Database

ROLES = ("citizen", "operator", "announcer", "admin")
# last_seen is a day-level figure for staff statistics: writing it on every update would cost a
# database write per message, so it is refreshed at most this often per user.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)
STAFF_ROLES = frozenset({"operator", "announcer", "admin"})


@dataclass(frozen=True, slots=True)  # up to 20 000 kept in memory: no __dict__ each
class User:
    id: int
    language: str | None
    language_chosen: bool
    role: str
    first_seen: str
    last_seen: str

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _user(row) -> User | None:
    if row is None:
        return None
    return User(
        id=row["id"],
        language=row["language"],
        language_chosen=bool(row["language_chosen"]),
        role=row["role"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
    )


SQLITE_MIN_INTEGER, SQLITE_MAX_INTEGER = -(2**63), 2**63 - 1
ARRIVALS_PER_STATEMENT = 200  # 4 parameters a row; well under SQLite's limit of parameters


class UserRepo:
    def __init__(self, db: Database):
        self.db = db
        # Users not in the cache, waiting to be inserted together: user id -> (language guessed, stamp)
        self._arrivals: dict[int, tuple[str | None, str]] = {}
        self._arrivals_write: asyncio.Task[set[int]] | None = None

    async def get(self, user_id: int) -> User | None:
        return _user(await self.db.fetchone("SELECT * FROM users WHERE id = ?", (user_id,)))

    async def touch(self, user_id: int, guessed_language: str | None) -> tuple[User, bool]:
        """Record that the user was seen; on first sight remember Telegram's language guess.

        Returns the user and whether they were seen for the first time. A new user costs a share
        of one write: users arriving together (a crowd comes in batches of updates, handled at
        once) are inserted by one statement, and no row is read back (we know what we wrote). A
        returning user not in the cache costs that and one UPDATE … RETURNING.
        """
        cached: User | None = self.db.user_cache.get(user_id)  # type: ignore[assignment]
        now = datetime.now(UTC)
        if cached is not None and now - datetime.fromisoformat(cached.last_seen) < LAST_SEEN_RESOLUTION:
            return cached, False
        if not SQLITE_MIN_INTEGER <= user_id <= SQLITE_MAX_INTEGER:
            # what SQLite would say, for this update only: one forged id must not fail the batch
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        stamp = now.isoformat(timespec="seconds")
        written = self._arrivals.setdefault(user_id, (guessed_language, stamp))
        if self._arrivals_write is None:
            # Its own context: never part of a transaction the caller may be in, never marking an
            # update done (the row is bookkeeping, not an update's effect).
            self._arrivals_write = asyncio.create_task(self._insert_arrivals(), context=contextvars.Context())
        new = user_id in await asyncio.shield(self._arrivals_write)
        if new:
            language, first_seen = written
            user = User(user_id, language, False, "citizen", first_seen, first_seen)
        else:
            user = _user(await self.db.write_returning(
                "UPDATE users SET last_seen = ?, language = COALESCE(language, ?) WHERE id = ? RETURNING *",
                (stamp, guessed_language, user_id),
            ))
        self.db.user_cache[user_id] = user
        return user, new

    async def _insert_arrivals(self) -> set[int]:
        """Insert the users gathered in this turn of the event loop; the ids that were new."""
        await asyncio.sleep(0)  # let the others arriving in this turn join
        arrivals, self._arrivals, self._arrivals_write = self._arrivals, {}, None
        new: set[int] = set()
        rows = list(arrivals.items())
        for start in range(0, len(rows), ARRIVALS_PER_STATEMENT):
            chunk = rows[start:start + ARRIVALS_PER_STATEMENT]
            # One autocommitted statement (BEGIN and COMMIT would be two more round trips to the
            # database thread); users seen before are left as they are, RETURNING names the new.
            inserted = await self.db.write_returning_all(
                "INSERT INTO users (id, language, first_seen, last_seen) VALUES "
                + ",".join(["(?, ?, ?, ?)"] * len(chunk))
                + " ON CONFLICT (id) DO NOTHING RETURNING id",
                tuple(v for user_id, (language, stamp) in chunk for v in (user_id, language, stamp, stamp)),
            )
            new.update(row[0] for row in inserted)
        return new

    def _forget(self, user_id: int) -> None:
        self.db.user_cache.pop(user_id, None)

    async def set_language(self, user_id: int, language: str) -> None:
        await self.db.execute(
            "UPDATE users SET language = ?, language_chosen = 1 WHERE id = ?", (language, user_id)
        )
        self._forget(user_id)

    async def set_role(self, user_id: int, role: str) -> None:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        now = _now()
        await self.db.execute(
            "INSERT INTO users (id, role, first_seen, last_seen) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET role = excluded.role",
            (user_id, role, now, now),
        )
        self._forget(user_id)

    async def with_roles(self, roles: set[str] | frozenset[str]) -> list[User]:
        marks = ",".join("?" * len(roles))
        rows = await self.db.fetchall(f"SELECT * FROM users WHERE role IN ({marks}) ORDER BY id", tuple(roles))
        return [_user(r) for r in rows]

    async def bootstrap_roles(self, admin_ids: frozenset[int], staff_ids: frozenset[int]) -> None:
        """ADMIN_IDS become admins and STAFF_IDS operators (unless they already hold a staff role)."""
        for user_id in admin_ids:
            await self.set_role(user_id, "admin")
        for user_id in staff_ids - admin_ids:
            user = await self.get(user_id)
            if user is None or not user.is_staff:
                await self.set_role(user_id, "operator")
