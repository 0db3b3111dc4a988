"""The questions residents asked that the bot declined, answered with low confidence, or that got a 👎.

Shared by `python bot.py gaps` and the web console. Nothing here identifies a person: a row is the
question's text (cut to 500 characters), its language, the closest topic and the outcome.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from qa.normalize import match_text
from storage.db import Database

OUTCOMES = ("declined", "unsure", "disliked", "liked")
QUESTION_MAX_CHARS = 500


@dataclass(frozen=True)
class Gap:
    """One question as residents asked it (grouped by its folded text), with how often and how it went."""

    question: str  # the most recent wording
    lang: str
    count: int
    outcomes: dict[str, int]
    topic: str | None  # the closest topic most often found
    last_asked: str


def _now() -> datetime:
    return datetime.now(UTC)


def group_key(text: str) -> str:
    """Questions that differ only in case, spacing, punctuation, emoji, Kyrgyz letters typed or not
    (ң/н, ө/о, ү/у), Latin or Cyrillic letters, or doubled letters are one question (qa.normalize)."""
    return match_text(text) or " ".join(text.casefold().split()).rstrip("?!.… ")


class QuestionLog:
    def __init__(self, db: Database):
        self.db = db

    async def record(self, question: str, lang: str, outcome: str, topic: str | None, confidence: float,
                     now: datetime | None = None) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        text = question.strip()[:QUESTION_MAX_CHARS]
        if not text:
            return
        at = (now or _now()).isoformat(timespec="seconds")
        await self.db.execute(
            "INSERT INTO question_log (asked_at, lang, question, outcome, topic, confidence) VALUES (?, ?, ?, ?, ?, ?)",
            (at, lang, text, outcome, topic, float(confidence)),
        )

    async def purge(self, keep_days: int, now: datetime | None = None) -> int:
        """Deletes rows older than `keep_days`; returns how many."""
        cutoff = ((now or _now()) - timedelta(days=keep_days)).isoformat(timespec="seconds")
        row = await self.db.fetchone("SELECT COUNT(*) AS n FROM question_log WHERE asked_at < ?", (cutoff,))
        await self.db.execute("DELETE FROM question_log WHERE asked_at < ?", (cutoff,))
        return row["n"]

    async def gaps(self, since: datetime | None = None, limit: int = 50,
                   outcomes: tuple[str, ...] = ("declined", "unsure", "disliked")) -> list[Gap]:
        """The questions worth an editor's attention, most frequent first."""
        marks = ", ".join("?" for _ in outcomes)
        sql = f"SELECT * FROM question_log WHERE outcome IN ({marks})"
        params: list = list(outcomes)
        if since is not None:
            sql += " AND asked_at >= ?"
            params.append(since.isoformat(timespec="seconds"))
        rows = await self.db.fetchall(sql + " ORDER BY asked_at", tuple(params))
        groups: dict[str, list] = {}
        for row in rows:
            groups.setdefault(group_key(row["question"]), []).append(row)
        result = []
        for members in groups.values():
            last = members[-1]
            topics = Counter(r["topic"] for r in members if r["topic"])
            result.append(Gap(
                question=last["question"],
                lang=last["lang"],
                count=len(members),
                outcomes=dict(Counter(r["outcome"] for r in members)),
                topic=topics.most_common(1)[0][0] if topics else None,
                last_asked=last["asked_at"],
            ))
        result.sort(key=lambda g: g.last_asked, reverse=True)  # the latest first among equals
        result.sort(key=lambda g: g.count, reverse=True)
        return result[:limit]
