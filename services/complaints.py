"""Complaints: status rules, ticket numbers, the statutory clock, limits and notifications.

Law No. 67 of 2007 (law-facts.md §4.1): an appeal is registered within 1 working day and answered
within 14 days, in the citizen's language where possible. The bot registers an appeal the moment
it is filed, so the registration date shown to the citizen is the filing date and the due date is
`services.deadlines.answer_due(filing date, settings.complaint_answer_days)` (calendar or working
days as knowledge/rules.yaml reads the law).

Statuses: new → registered → in_work → answered; or forwarded (to a named body), rejected (with a
reason), duplicate (of a ticket number). A citizen's "not resolved" brings an answered ticket back
to in_work (an event "reopened"). "registered" is set automatically when a staff member first opens
or takes a new ticket: "new" then means "no person has looked at it yet", which is what staff need
to see in the queue, while the legal registration already happened at filing.
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardMarkup

from config import Settings
from services import complaint_texts as texts
from services.deadlines import answer_due
from storage.complaints import OPEN_STATUSES, Attachment, ComplaintRepo, Ticket
from storage.db import Database

log = logging.getLogger("kenesh.complaints")

BISHKEK_TZ = timezone(timedelta(hours=6), "Asia/Bishkek")  # no daylight saving since 2005
STATUSES = ("new", "registered", "in_work", "answered", "forwarded", "rejected", "duplicate")
# Who may move a ticket where. Staff transitions; "answered" → "in_work" is the citizen's
# "not resolved" (REOPEN) and is not offered to staff.
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"registered", "in_work", "forwarded", "rejected", "duplicate"}),
    "registered": frozenset({"in_work", "forwarded", "rejected", "duplicate"}),
    "in_work": frozenset({"answered", "forwarded", "rejected", "duplicate"}),
    "answered": frozenset(),
    "forwarded": frozenset(),
    "rejected": frozenset(),
    "duplicate": frozenset(),
}
REOPEN = ("answered", "in_work")
REOPEN_WINDOW = timedelta(days=30)
NEEDS_DETAIL = {"forwarded": "forwarded_to", "rejected": "reject_reason", "duplicate": "duplicate_of"}
TEXT_MIN, TEXT_MAX = 20, 4000
MAX_ATTACHMENTS = 5
DUPLICATE_WINDOW = timedelta(hours=24)
REMIND_BEFORE = timedelta(days=2)
NUMBER_RE = re.compile(r"^KG-\d{4}-\d{6}$", re.IGNORECASE)


class TransitionError(Exception):
    """A status change the rules do not allow (the message says which)."""


def can_change(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


def format_number(year: int, sequence: int) -> str:
    return f"KG-{year:04d}-{sequence:06d}"


def local_date(now: datetime) -> date:
    return now.astimezone(BISHKEK_TZ).date()


def normalise_text(text: str) -> str:
    """Case, punctuation and spacing do not make a text different."""
    words = re.findall(r"\w+", text.casefold().replace("ё", "е"))
    return " ".join(words)


def day_start_utc(now: datetime) -> str:
    """Midnight of today in Bishkek, as a UTC ISO string comparable with `filed_at`."""
    start = datetime.combine(local_date(now), datetime.min.time(), BISHKEK_TZ)
    return start.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Refusal:
    reason: str  # daily_limit | duplicate
    earlier: Ticket | None = None


@dataclass
class Draft:
    """What the intake form collected (kept as JSON in the FSM data between steps)."""

    kind: str
    region_id: str
    place_id: str
    place_kind: str
    place_name: str
    body_name: str
    category: str
    text: str
    attachments: list[Attachment]
    latitude: float | None = None
    longitude: float | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    consent: bool = False


class ComplaintService:
    def __init__(self, db: Database, settings: Settings):
        self.db = db
        self.settings = settings
        self.repo = ComplaintRepo(db)

    # --- the citizen ---------------------------------------------------------------------
    async def refusal(self, citizen_id: int, text: str | None, now: datetime) -> Refusal | None:
        """Why a new ticket with this text cannot be filed now, or None."""
        if text is not None:
            since = (now - DUPLICATE_WINDOW).astimezone(UTC).isoformat(timespec="seconds")
            earlier = await self.repo.same_text_since(citizen_id, normalise_text(text), since)
            if earlier is not None:
                return Refusal("duplicate", earlier)
        filed_today = await self.repo.count_filed_since(citizen_id, day_start_utc(now))
        if filed_today >= self.settings.complaint_daily_limit:
            return Refusal("daily_limit")
        return None

    async def file(self, citizen_id: int, language: str, draft: Draft, now: datetime) -> Ticket | Refusal:
        async with self.db.transaction():
            refusal = await self.refusal(citizen_id, draft.text, now)
            if refusal is not None:
                return refusal
            filed = local_date(now)
            number = format_number(filed.year, await self.repo.next_number(filed.year))
            now_iso = now.astimezone(UTC).isoformat(timespec="seconds")
            due = answer_due(filed, self.settings.complaint_answer_days)
            ticket_id = await self.repo.insert(
                {
                    "number": number, "citizen_id": citizen_id, "language": language, "kind": draft.kind,
                    "region_id": draft.region_id, "place_id": draft.place_id, "place_kind": draft.place_kind,
                    "place_name": draft.place_name, "body_name": draft.body_name, "category": draft.category,
                    "text": draft.text, "text_key": normalise_text(draft.text),
                    "latitude": draft.latitude, "longitude": draft.longitude,
                    "contact_name": draft.contact_name, "contact_phone": draft.contact_phone,
                    "consent": int(draft.consent), "status": "new", "filed_at": now_iso,
                    "filed_date": filed.isoformat(), "due_date": due.isoformat(), "updated_at": now_iso,
                },
                draft.attachments,
            )  # fmt: skip
            await self.repo.add_event(ticket_id, "filed", actor_id=citizen_id, status_to="new", at=now_iso)
        log.info("ticket %s filed", ticket_id)
        ticket = await self.repo.get(ticket_id)
        assert ticket is not None
        return ticket

    async def citizen_ticket(self, citizen_id: int, ticket_id: int) -> Ticket | None:
        """The ticket only when it is this citizen's own (a forged id shows nothing)."""
        ticket = await self.repo.get(ticket_id)
        return ticket if ticket is not None and ticket.citizen_id == citizen_id else None

    def can_reopen(self, ticket: Ticket, now: datetime) -> bool:
        if ticket.status != "answered" or not ticket.answered_at:
            return False
        return now - datetime.fromisoformat(ticket.answered_at) <= REOPEN_WINDOW

    async def reopen(self, ticket: Ticket, now: datetime) -> Ticket | None:
        if not self.can_reopen(ticket, now):
            return None
        async with self.db.transaction():
            await self.repo.update(ticket.id, status="in_work")
            await self.repo.add_event(ticket.id, "reopened", actor_id=ticket.citizen_id,
                                      status_from="answered", status_to="in_work")
        log.info("ticket %s reopened by the citizen", ticket.id)
        return await self.repo.get(ticket.id)

    # --- staff ---------------------------------------------------------------------------
    async def register_if_new(self, ticket: Ticket, actor_id: int) -> Ticket:
        if ticket.status != "new":
            return ticket
        return await self.change_status(ticket, "registered", actor_id)

    async def take(self, ticket: Ticket, actor_id: int) -> Ticket:
        if ticket.status not in OPEN_STATUSES:
            raise TransitionError(ticket.status)
        ticket = await self.register_if_new(ticket, actor_id)
        async with self.db.transaction():
            await self.repo.update(ticket.id, assignee_id=actor_id)
            await self.repo.add_event(ticket.id, "assigned", actor_id=actor_id)
            await self.repo.audit(actor_id, "take", ticket.id)
        if ticket.status != "in_work":
            ticket = await self.change_status(ticket, "in_work", actor_id)
        return await self.repo.get(ticket.id)

    async def change_status(self, ticket: Ticket, new: str, actor_id: int, detail: str | None = None,
                            now: datetime | None = None) -> Ticket:
        if not can_change(ticket.status, new):
            raise TransitionError(f"{ticket.status} → {new}")
        changes: dict = {"status": new}
        if new in NEEDS_DETAIL:
            if not detail or not detail.strip():
                raise TransitionError(f"{new} needs a detail")
            changes[NEEDS_DETAIL[new]] = detail.strip()
        if new == "answered":
            if await self.repo.last_reply(ticket.id) is None:
                raise TransitionError("answered needs a reply first")
            changes["answered_at"] = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
        async with self.db.transaction():
            await self.repo.update(ticket.id, **changes)
            await self.repo.add_event(ticket.id, "status", actor_id=actor_id, status_from=ticket.status,
                                      status_to=new, detail=detail.strip() if detail else None)
            await self.repo.audit(actor_id, "status", ticket.id, f"{ticket.status}->{new}")
        log.info("ticket %s: %s -> %s", ticket.id, ticket.status, new)
        return await self.repo.get(ticket.id)

    async def add_reply(self, ticket: Ticket, actor_id: int, reply: str) -> None:
        async with self.db.transaction():
            await self.repo.add_event(ticket.id, "reply", actor_id=actor_id, detail=reply)
            await self.repo.audit(actor_id, "reply", ticket.id)
        log.info("ticket %s: staff reply stored", ticket.id)

    # --- statistics ----------------------------------------------------------------------
    async def stats(self) -> dict:
        durations = []
        for filed_at, answered in await self.repo.answer_durations():
            delta = datetime.fromisoformat(answered) - datetime.fromisoformat(filed_at)
            durations.append(delta.total_seconds() / 86400)
        return {
            "status": await self.repo.counts_by("status"),
            "region": await self.repo.counts_by("region_id"),
            "category": await self.repo.counts_by("category"),
            "median_days": statistics.median(durations) if durations else None,
            "answered": len(durations),
        }


# --- notifications ------------------------------------------------------------------------------


class Notifier:
    """Messages about tickets to citizens and staff. A blocked citizen is logged, never fatal."""

    def __init__(self, bot: Bot, settings: Settings):
        self.bot = bot
        self.settings = settings

    async def send(self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None,
                   ticket_id: int | None = None) -> bool:
        try:
            await self.bot.send_message(chat_id, text, reply_markup=markup)
            return True
        except TelegramAPIError as error:
            # The ticket id only: a chat id is a person's Telegram id.
            log.warning("ticket %s: a notification could not be delivered: %s", ticket_id, type(error).__name__)
            return False

    async def citizen_status(self, ticket: Ticket, answer: str | None = None,
                             markup: InlineKeyboardMarkup | None = None) -> bool:
        return await self.send(ticket.citizen_id, texts.status_notice(ticket, ticket.language, answer=answer),
                               markup, ticket.id)

