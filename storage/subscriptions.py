"""Announcement subscriptions: region (and optionally one rayon or city in it) and language per
resident, active or not; and the audiences announcements are sent to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from storage.db import Database

ALL_REGIONS = "all"


@dataclass(frozen=True)
class Subscription:
    user_id: int
    region: str  # 'all', an oblast id or a republican city id
    language: str
    active: bool
    blocked_at: str | None
    place: str | None = None  # a rayon or city id inside the oblast; None: the whole region
    place_rayon: str | None = None  # the rayon of a city of rayon significance


@dataclass(frozen=True)
class Audience:
    """Who an announcement goes to: every subscriber, one region's, one rayon's or city's, or one
    language's.

    What residents expect of the places: an announcement reaches everyone who subscribed to its
    area, to any area that contains it, or to any area inside it. So an oblast announcement reaches
    the oblast's rayon and city subscribers too; a rayon announcement reaches the rayon's, its
    cities of rayon significance', the whole oblast's and "all of Kyrgyzstan" subscribers; a city
    announcement reaches the city's, its rayon's (for a city of rayon significance), the oblast's
    and "all". Neighbouring rayons and other cities of the same rayon get nothing.
    """

    kind: str = "all"  # all | region | place | language
    value: str | None = None  # region id, rayon or city id, or language code
    region: str | None = None  # for kind 'place': the oblast it lies in
    rayon: str | None = None  # for kind 'place': the rayon (itself, or a city's rayon)

    def where(self) -> tuple[str, tuple]:
        """The SQL condition (on subscriptions) and its parameters."""
        if self.kind == "region":
            # Those who chose "all of Kyrgyzstan" asked for every announcement, regional ones too.
            return "active = 1 AND region IN (?, ?)", (self.value, ALL_REGIONS)
        if self.kind == "place":
            if self.rayon == self.value:  # a rayon: its own subscribers and its cities'
                inside = "place = ? OR place_rayon = ?"
            else:  # a city: its own subscribers and its rayon's (when it has one)
                inside = "place = ? OR place = ?"
            return (
                f"active = 1 AND (region = ? OR (region = ? AND (place IS NULL OR {inside})))",
                (ALL_REGIONS, self.region, self.value, self.rayon or self.value),
            )
        if self.kind == "language":
            return "active = 1 AND language = ?", (self.value,)
        return "active = 1", ()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _subscription(row) -> Subscription | None:
    if row is None:
        return None
    return Subscription(
        row["user_id"], row["region"], row["language"], bool(row["active"]), row["blocked_at"],
        row["place"], row["place_rayon"],
    )


class SubscriptionRepo:
    def __init__(self, db: Database):
        self.db = db

    async def get(self, user_id: int) -> Subscription | None:
        return _subscription(await self.db.fetchone("SELECT * FROM subscriptions WHERE user_id = ?", (user_id,)))

    async def subscribe(self, user_id: int, region: str, language: str, *, place: str | None = None,
                        place_rayon: str | None = None) -> None:
        now = _now()
        await self.db.execute(
            "INSERT INTO subscriptions (user_id, region, place, place_rayon, language, active, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 1, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET region = excluded.region, place = excluded.place,"
            " place_rayon = excluded.place_rayon, language = excluded.language,"
            " active = 1, blocked_at = NULL, updated_at = excluded.updated_at",
            (user_id, region, place, place_rayon, language, now, now),
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
