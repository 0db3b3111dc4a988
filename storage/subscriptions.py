"""Announcement subscriptions: region and language per resident, active or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from storage.db import Database

ALL_REGIONS = "all"


@dataclass(frozen=True)
class Subscription:
    user_id: int
    region: str  # 'all' or a region id
    language: str
    active: bool
    blocked_at: str | None


@dataclass(frozen=True)
class Audience:
    """Who an announcement goes to: every subscriber, one region's, or one language's."""

    kind: str = "all"  # all | region | language
    value: str | None = None

    def where(self) -> tuple[str, tuple]:
        """The SQL condition (on subscriptions) and its parameters."""
        if self.kind == "region":
            # Those who chose "all of Kyrgyzstan" asked for every announcement, regional ones too.
            return "active = 1 AND region IN (?, ?)", (self.value, ALL_REGIONS)
        if self.kind == "language":
            return "active = 1 AND language = ?", (self.value,)
        return "active = 1", ()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _subscription(row) -> Subscription | None:
    if row is None:
        return None
    return Subscription(row["user_id"], row["region"], row["language"], bool(row["active"]), row["blocked_at"])


class SubscriptionRepo:
    def __init__(self, db: Database):
        self.db = db

    async def get(self, user_id: int) -> Subscription | None:
        return _subscription(await self.db.fetchone("SELECT * FROM subscriptions WHERE user_id = ?", (user_id,)))

    async def subscribe(self, user_id: int, region: str, language: str) -> None:
        now = _now()
        await self.db.execute(
            "INSERT INTO subscriptions (user_id, region, language, active, created_at, updated_at)"
            " VALUES (?, ?, ?, 1, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET region = excluded.region, language = excluded.language,"
            " active = 1, blocked_at = NULL, updated_at = excluded.updated_at",
            (user_id, region, language, now, now),
        )

    async def unsubscribe(self, user_id: int) -> bool:
        """True when there was an active subscription to end."""
        current = await self.get(user_id)
        if current is None or not current.active:
            return False
        await self.db.execute(
            "UPDATE subscriptions SET active = 0, updated_at = ? WHERE user_id = ?", (_now(), user_id)
        )
        return True

    async def mark_blocked(self, user_id: int) -> None:
        """The user blocked the bot (403): no more announcements until they /subscribe again."""
        now = _now()
        await self.db.execute(
            "UPDATE subscriptions SET active = 0, blocked_at = ?, updated_at = ? WHERE user_id = ?",
            (now, now, user_id),
        )

    async def count(self, audience: Audience) -> int:
        condition, params = audience.where()
        row = await self.db.fetchone(f"SELECT COUNT(*) AS n FROM subscriptions WHERE {condition}", params)
        return int(row["n"])
