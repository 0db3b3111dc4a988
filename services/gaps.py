"""`python bot.py gaps`: what residents asked that the bot could not answer well, most frequent first.

Reads question_log (storage/question_log.py): declined, unsure and 👎 questions, grouped by their
folded text, each with its closest topic and how it went, so the editors see what to add next.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from config import Settings
from qa.loader import KnowledgeError, load_knowledge
from qa.model import KnowledgeBase
from storage.db import Database
from storage.question_log import Gap, QuestionLog

OUTCOME_ORDER = ("declined", "unsure", "disliked", "liked")


def outcomes_text(outcomes: dict[str, int]) -> str:
    return ", ".join(f"{name} {outcomes[name]}" for name in OUTCOME_ORDER if outcomes.get(name))


def topic_title(kb: KnowledgeBase | None, topic: str | None, lang: str) -> str:
    if topic is None:
        return "no close topic"
    entry = kb.entry(topic) if kb is not None else None
    return f"{topic} ({entry.title.get(lang, '')})" if entry is not None else topic


def gap_lines(gaps: list[Gap], kb: KnowledgeBase | None, *, as_json: bool) -> list[str]:
    if as_json:
        return [json.dumps(asdict(g), ensure_ascii=False) for g in gaps]
    lines = []
    for g in gaps:
        lines.append(f"{g.count:>4} × [{g.lang}] {g.question}")
        lines.append(f"       closest: {topic_title(kb, g.topic, g.lang)} · {outcomes_text(g.outcomes)}"
                     f" · last {g.last_asked[:10]}")
    return lines


async def print_gaps(settings: Settings, *, days: int, limit: int, as_json: bool) -> int:
    if not settings.database_path.exists():
        print(f"kenesh: no database at {settings.database_path}: nothing has been asked yet")
        return 1
    try:
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeError:  # titles are a convenience; the list itself needs only the database
        kb = None
    db = await Database.connect(settings.database_path)
    try:
        since = datetime.now(UTC) - timedelta(days=max(days, 1))
        gaps = await QuestionLog(db).gaps(since=since, limit=max(limit, 1))
    finally:
        await db.close()
    lines = gap_lines(gaps, kb, as_json=as_json)
    if not lines and not as_json:
        lines = [f"No declined, unsure or disliked questions in the last {days} days."]
    for line in lines:
        print(line, flush=True)
    return 0
