"""Sign-in for the web console: one-time links sent by /web, and browser sessions.

A link carries a random token, valid LINK_LIFETIME and good for one session; the session cookie
carries another random value. Only sha256 hashes of both are stored. A session ends on sign-out or
after IDLE_TIMEOUT without a request; the staff member's role is NOT kept in the session but read
from the users table on every request, so taking a role away in Telegram takes effect at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storage.db import Database

LINK_LIFETIME = timedelta(minutes=10)
IDLE_TIMEOUT = timedelta(minutes=30)
TOUCH_EVERY = timedelta(seconds=60)  # last_seen is written at most this often per session


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class WebSession:
    id_hash: str
    user_id: int
    csrf_token: str
    language: str
    last_seen: datetime


class WebAuth:
    def __init__(self, db: Database):
        self.db = db

    async def issue_link_token(self, user_id: int, now: datetime | None = None) -> str:
        now = now or _now()
        token = secrets.token_urlsafe(32)
        await self.db.execute(
            "INSERT INTO web_login_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            (_hash(token), user_id, _iso(now), _iso(now + LINK_LIFETIME)),
        )
        return token

    async def redeem_link_token(self, token: str, now: datetime | None = None) -> int | None:
        """The user id when the token is known, unused and fresh; it is spent either way."""
        now = now or _now()
        async with self.db.transaction() as conn:
            async with conn.execute(
                "UPDATE web_login_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?"
                " RETURNING user_id",
                (_iso(now), _hash(token), _iso(now)),
            ) as cur:
                row = await cur.fetchone()
        return int(row[0]) if row else None

    async def open_session(self, user_id: int, language: str, now: datetime | None = None) -> tuple[str, WebSession]:
        """A new session: (the cookie value, the session)."""
        now = now or _now()
        cookie = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(24)
        await self.db.execute(
            "INSERT INTO web_sessions (id_hash, user_id, csrf_token, language, created_at, last_seen)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (_hash(cookie), user_id, csrf, language, _iso(now), _iso(now)),
        )
        return cookie, WebSession(_hash(cookie), user_id, csrf, language, now)

    async def session(self, cookie: str, now: datetime | None = None) -> WebSession | None:
        """The live session behind a cookie (its idle clock restarted), or None."""
        if not cookie:
            return None
        now = now or _now()
        row = await self.db.fetchone(
            "SELECT id_hash, user_id, csrf_token, language, last_seen FROM web_sessions"
            " WHERE id_hash = ? AND ended_at IS NULL",
            (_hash(cookie),),
        )
        if row is None:
            return None
        last_seen = datetime.fromisoformat(row["last_seen"])
        if now - last_seen > IDLE_TIMEOUT:
            await self.end_session(row["id_hash"], now)
            return None
        if now - last_seen >= TOUCH_EVERY:
            await self.db.execute("UPDATE web_sessions SET last_seen = ? WHERE id_hash = ?", (_iso(now), row["id_hash"]))
            last_seen = now
        return WebSession(row["id_hash"], int(row["user_id"]), row["csrf_token"], row["language"], last_seen)

    async def set_language(self, session: WebSession, language: str) -> None:
        await self.db.execute("UPDATE web_sessions SET language = ? WHERE id_hash = ?", (language, session.id_hash))

    async def end_session(self, id_hash: str, now: datetime | None = None) -> None:
        await self.db.execute(
            "UPDATE web_sessions SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL", (_iso(now or _now()), id_hash)
        )

    async def purge(self, now: datetime | None = None) -> None:
        """Forget spent or stale links and sessions ended a day ago (run at start)."""
        now = now or _now()
        day_ago = _iso(now - timedelta(days=1))
        await self.db.execute("DELETE FROM web_login_tokens WHERE expires_at < ?", (day_ago,))
        await self.db.execute(
            "DELETE FROM web_sessions WHERE COALESCE(ended_at, last_seen) < ?", (day_ago,)
        )
