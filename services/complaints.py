"""Complaints: status rules, ticket numbers, the statutory clock, limits and notifications.

Law No. 67 of 2007 (law-facts.md §4.1): an appeal is registered within 1 working day and answered
within 14 days, in the citizen's language where possible. The bot registers an appeal the moment
it is filed, so the registration date shown to the citizen is the filing date and the due date is
`services.deadlines.answer_due(filing date, settings.complaint_answer_days)` (calendar or working
days as knowledge/rules.yaml reads the law).

Statuses: new → in_work → answered; or forwarded (to a named body), rejected (with a reason),
duplicate (of a ticket number). A citizen's "not resolved" (with the reason, kept in the thread)
brings an answered ticket back to in_work (an event "reopened"). "new" means "nobody has taken it
yet", which is what staff need to see in the queue; the citizen reads it as "registered", since the
legal registration happened at filing. "registered" is kept for tickets of earlier versions.
Opening a card changes nothing and tells nobody; the citizen hears only of "taken into work",
"answered" and the closing statuses (services/complaint_texts.NOTIFIED_STATUSES).

Every staff action is one transaction (issue 12): taking a ticket assigns it, moves it to in_work
and writes the history and the audit log together; "reply and mark answered" stores the reply and
the status together, so the citizen gets the answer once.
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardMarkup, Message

from config import Settings
from services import complaint_texts as texts
from services.deadlines import answer_due
from storage.complaints import OPEN_STATUSES, Attachment, ComplaintRepo, ThreadMessage, Ticket, utc_now_iso
from services.outbox import SENT, Notices, Outbox
from storage.db import Database

log = logging.getLogger("kenesh.complaints")

BISHKEK_TZ = timezone(timedelta(hours=6), "Asia/Bishkek")  # no daylight saving since 2005
STATUSES = ("new", "registered", "in_work", "answered", "forwarded", "rejected", "duplicate")
# Who may move a ticket where. Staff transitions; "answered" → "in_work" is the citizen's
# "not resolved" (REOPEN) and is not offered to staff.
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"in_work", "forwarded", "rejected", "duplicate"}),
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
    body_id: str | None = None
    text_key: str | None = None  # what the duplicate check compares; the normalised text unless given


class ComplaintService:
    def __init__(self, db: Database, settings: Settings, outbox: Outbox | None = None):
        self.db = db
        self.settings = settings
        self.repo = ComplaintRepo(db)
        # Messages about a change go out through the outbox, stored in the change's transaction.
        self.outbox = outbox if outbox is not None else Outbox(db)

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
            refusal = await self.refusal(citizen_id, draft.text_key or draft.text, now)
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
                    "place_name": draft.place_name, "body_name": draft.body_name, "body_id": draft.body_id,
                    "category": draft.category,
                    "text": draft.text, "text_key": normalise_text(draft.text_key or draft.text),
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

    async def reopen(self, ticket: Ticket, now: datetime, reason: str | None = None) -> Ticket | None:
        """The citizen's "not resolved": back to in_work, with the reason kept in the thread."""
        if not self.can_reopen(ticket, now):
            return None
        async with self.db.transaction():
            if reason:
                await self.repo.add_message(ticket.id, "citizen", ticket.citizen_id, "not_resolved", reason)
            await self.repo.update(ticket.id, status="in_work")
            await self.repo.add_event(ticket.id, "reopened", actor_id=ticket.citizen_id,
                                      status_from="answered", status_to="in_work")
        log.info("ticket %s reopened by the citizen", ticket.id)
        return await self.repo.get(ticket.id)

    def accepts_additions(self, ticket: Ticket) -> bool:
        """A citizen may add to a ticket until it is closed (an answered one still: it may be reopened)."""
        return ticket.status in (*OPEN_STATUSES, "answered")

    async def add_from_citizen(self, ticket: Ticket, kind: str, text: str | None, file_id: str | None = None,
                               file_name: str | None = None) -> ThreadMessage:
        at = utc_now_iso()
        await self.repo.add_message(ticket.id, "citizen", ticket.citizen_id, kind, text, file_id, file_name, at=at)
        log.info("ticket %s: the citizen added %s", ticket.id, kind)
        return ThreadMessage(at, "citizen", ticket.citizen_id, kind, text, file_id, file_name)

    # --- staff ---------------------------------------------------------------------------
    async def take(self, ticket: Ticket, actor_id: int, actor_name: str | None = None) -> Ticket:
        """Assign to `actor_id` and move to in_work, in one transaction."""
        async with self.db.transaction():
            current = await self.repo.get(ticket.id)  # read inside: a concurrent take is seen
            if current is None or current.status not in OPEN_STATUSES:
                raise TransitionError(current.status if current else "missing")
            await self._assign(current, actor_id, actor_name)
        log.info("ticket %s taken", ticket.id)
        return await self.repo.get(ticket.id)

    async def _assign(self, ticket: Ticket, actor_id: int, actor_name: str | None) -> None:
        """Inside a transaction: the assignee, the in_work status, their history and audit."""
        changes: dict = {"assignee_id": actor_id, "assignee_name": actor_name}
        if ticket.status != "in_work":
            changes["status"] = "in_work"
        await self.repo.update(ticket.id, **changes)
        await self.repo.add_event(ticket.id, "assigned", actor_id=actor_id, detail=actor_name)
        if ticket.status != "in_work":
            await self.repo.add_event(ticket.id, "status", actor_id=actor_id, status_from=ticket.status,
                                      status_to="in_work")
        await self.repo.audit(actor_id, "take", ticket.id)

    async def change_status(self, ticket: Ticket, new: str, actor_id: int, detail: str | None = None,
                            now: datetime | None = None) -> Ticket:
        changes: dict = {"status": new}
        if new in NEEDS_DETAIL:
            if not detail or not detail.strip():
                raise TransitionError(f"{new} needs a detail")
            changes[NEEDS_DETAIL[new]] = detail.strip()
        async with self.db.transaction():
            current = await self.repo.get(ticket.id)
            if current is None or not can_change(current.status, new):
                raise TransitionError(f"{current.status if current else 'missing'} → {new}")
            if new == "answered":
                if await self.repo.last_reply(ticket.id) is None:
                    raise TransitionError("answered needs a reply first")
                changes["answered_at"] = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
            await self.repo.update(ticket.id, **changes)
            await self.repo.add_event(ticket.id, "status", actor_id=actor_id, status_from=current.status,
                                      status_to=new, detail=detail.strip() if detail else None)
            await self.repo.audit(actor_id, "status", ticket.id, f"{current.status}->{new}")
        log.info("ticket %s: %s -> %s", ticket.id, current.status, new)
        return await self.repo.get(ticket.id)

    async def add_reply(self, ticket: Ticket, actor_id: int, reply: str) -> None:
        """A staff message to the citizen that is not the final answer (a question, a clarification)."""
        async with self.db.transaction():
            await self.repo.add_message(ticket.id, "staff", actor_id, "reply", reply)
            await self.repo.audit(actor_id, "reply", ticket.id)
        log.info("ticket %s: staff reply stored", ticket.id)

    async def answer(self, ticket: Ticket, actor_id: int, actor_name: str, reply: str,
                     now: datetime | None = None) -> Ticket:
        """"Reply and mark answered": the answer, the status (taking the ticket if nobody has) in one transaction."""
        async with self.db.transaction():
            current = await self.repo.get(ticket.id)
            if current is None or current.status not in OPEN_STATUSES:
                raise TransitionError(current.status if current else "missing")
            if current.status != "in_work" or current.assignee_id is None:
                await self._assign(current, actor_id, actor_name)
            answered_at = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
            await self.repo.add_message(ticket.id, "staff", actor_id, "answer", reply, at=answered_at)
            await self.repo.update(ticket.id, status="answered", answered_at=answered_at)
            await self.repo.add_event(ticket.id, "status", actor_id=actor_id, status_from="in_work",
                                      status_to="answered", at=answered_at)
            await self.repo.audit(actor_id, "answer", ticket.id)
        log.info("ticket %s answered", ticket.id)
        return await self.repo.get(ticket.id)

    async def set_body(self, ticket: Ticket, actor_id: int, body_id: str, body_name: str) -> Ticket:
        """Staff choose the aiyl okmotu of an appeal the citizen addressed to "the rayon" (one transaction)."""
        async with self.db.transaction():
            await self.repo.update(ticket.id, body_id=body_id, body_name=body_name)
            await self.repo.add_event(ticket.id, "addressee", actor_id=actor_id, detail=body_name)
            await self.repo.audit(actor_id, "addressee", ticket.id, body_id)
        log.info("ticket %s: addressee chosen by staff", ticket.id)
        return await self.repo.get(ticket.id)

    @staticmethod
    def to_citizen(notices: Notices, ticket: Ticket, text: str, markup: InlineKeyboardMarkup | None = None, *,
                   edit_message_id: int | None = None) -> None:
        """A message to the ticket's citizen, in the outbox with the change it announces; once sent, it is
        remembered, so that the citizen's Telegram reply to it joins this ticket. None after /forget."""
        if ticket.citizen_id:
            notices.add(ticket.citizen_id, text, markup, citizen_id=ticket.citizen_id, ticket_id=ticket.id,
                        after_sent="link", edit_message_id=edit_message_id)

    async def tell_citizen(self, bot: Bot, ticket: Ticket, text: str,
                           markup: InlineKeyboardMarkup | None = None) -> bool:
        """Send to the citizen through the outbox (for news that follows no change); True when delivered now."""
        async with self.outbox.transaction() as notices:
            self.to_citizen(notices, ticket, text, markup)
        return SENT in (await self.outbox.deliver(bot, notices)).values()

    async def set_staff_post(self, ticket_id: int, message_id: int) -> None:
        await self.repo.update(ticket_id, staff_post_id=message_id)

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
                   ticket_id: int | None = None) -> Message | None:
        """The sent message, or None when it could not be delivered (the cause is logged)."""
        try:
            return await self.bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramAPIError as error:
            # The ticket id and the cause only: a chat id is a person's Telegram id.
            log.warning("ticket %s: a notification could not be delivered: %s: %s", ticket_id,
                        type(error).__name__, getattr(error, "message", ""))
            return None

    async def citizen_status(self, ticket: Ticket, answer: str | None = None,
                             markup: InlineKeyboardMarkup | None = None) -> Message | None:
        return await self.send(ticket.citizen_id, texts.status_notice(ticket, ticket.language, answer=answer),
                               markup, ticket.id)
