"""The users table: language, role, first and last seen."""

from __future__ import annotations

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


class UserRepo:
    def __init__(self, db: Database):
        self.db = db

    async def get(self, user_id: int) -> User | None:
        return _user(await self.db.fetchone("SELECT * FROM users WHERE id = ?", (user_id,)))

    async def touch(self, user_id: int, guessed_language: str | None) -> tuple[User, bool]:
        """Record that the user was seen; on first sight remember Telegram's language guess.

        Returns the user and whether they were seen for the first time. A new user costs one
        write (INSERT OR IGNORE, no read back: we know what we wrote); a returning one not in the
        cache costs the INSERT attempt and one UPDATE … RETURNING.
        """
        cached: User | None = self.db.user_cache.get(user_id)  # type: ignore[assignment]
        now = datetime.now(UTC)
        if cached is not None and now - datetime.fromisoformat(cached.last_seen) < LAST_SEEN_RESOLUTION:
            return cached, False
        stamp = now.isoformat(timespec="seconds")
        # Two autocommitted statements rather than a transaction: BEGIN and COMMIT would be two
        # more round trips to the database thread, and the row is the same either way.
        new = await self.db.execute_rowcount(
            "INSERT OR IGNORE INTO users (id, language, first_seen, last_seen) VALUES (?, ?, ?, ?)",
            (user_id, guessed_language, stamp, stamp),
        ) == 1
        if new:
            user = User(user_id, guessed_language, False, "citizen", stamp, stamp)
        else:
            user = _user(await self.db.write_returning(
                "UPDATE users SET last_seen = ?, language = COALESCE(language, ?) WHERE id = ? RETURNING *",
                (stamp, guessed_language, user_id),
            ))
        self.db.user_cache[user_id] = user
        return user, new

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
