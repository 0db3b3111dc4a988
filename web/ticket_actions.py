"""What staff do to a ticket from the web console, through the same service and notices as in Telegram.

The citizen hears of every change from the bot, in the ticket's language, exactly as when the change
is made from a Telegram button; every change is in the audit log (ComplaintService writes it).
"""

from __future__ import annotations

from aiogram import Bot

from handlers.staff.keyboards import update_staff_post
from handlers.staff.actions import (
    REPLY_MAX,
    change_and_tell,
    register_and_tell,
    take_and_tell,
)
from services import complaint_texts as texts
from services.complaints import (
    NEEDS_DETAIL,
    NUMBER_RE,
    ComplaintService,
    TransitionError,
    can_change,
)
from services.outbox import SENT
from storage.complaints import OPEN_STATUSES, Ticket

DETAIL_LIMITS = {"forwarded": (3, 200), "rejected": (5, 1000), "duplicate": (1, 20)}


class ActionRefused(Exception):
    """Why the action was not done (a code the page turns into a sentence)."""


async def take(bot: Bot, service: ComplaintService, ticket: Ticket, actor_id: int) -> Ticket:
    if ticket.status not in OPEN_STATUSES:
        raise ActionRefused("closed")
    ticket = await register_and_tell(bot, service, ticket, actor_id)
    # the citizen's notice (only when the status changed) is stored with the change and then sent
    return await take_and_tell(bot, service, ticket, actor_id, only_if_changed=True)


async def reply(bot: Bot, service: ComplaintService, ticket: Ticket, actor_id: int, text: str) -> bool:
    """Store the reply in the thread and relay it to the citizen; True when Telegram delivered it."""
    if ticket.status not in OPEN_STATUSES:
        raise ActionRefused("closed")
    text = text.strip()
    if not text or len(text) > REPLY_MAX:
        raise ActionRefused("reply_length")
    # The reply and its relay commit together; once sent, the relay is remembered, so the citizen's
    # Telegram reply to it joins this ticket.
    async with service.outbox.transaction() as notices:
        await service.add_reply(ticket, actor_id, text)
        service.to_citizen(notices, ticket, texts.reply_notice(ticket, text, ticket.language))
    return SENT in (await service.outbox.deliver(bot, notices)).values()


async def set_status(bot: Bot, service: ComplaintService, ticket: Ticket, actor_id: int, status: str,
                     detail: str) -> Ticket:
    if not can_change(ticket.status, status):
        raise ActionRefused("transition")
    detail = " ".join(detail.split())
    if status in NEEDS_DETAIL:
        low, high = DETAIL_LIMITS[status]
        if not low <= len(detail) <= high:
            raise ActionRefused("detail")
        if status == "duplicate":
            detail = detail.upper()
            other = await service.repo.by_number(detail) if NUMBER_RE.match(detail) else None
            if other is None or other.id == ticket.id:
                raise ActionRefused("duplicate_of")
    if status == "answered" and await service.repo.last_reply(ticket.id) is None:
        raise ActionRefused("reply_first")
    try:
        return await change_and_tell(bot, service, ticket, status, actor_id, detail if status in NEEDS_DETAIL else None)
    except TransitionError as error:
        raise ActionRefused("transition") from error


async def assign(bot: Bot, service: ComplaintService, ticket: Ticket, actor_id: int, assignee_id: int) -> Ticket:
    """Give an open ticket to a staff member (operator or admin). The name shown with the ticket is the
    one they last took a ticket under (the console knows staff by id only), or none rather than the
    previous assignee's; the staff-chat post is updated with the change."""
    if ticket.status not in OPEN_STATUSES:
        raise ActionRefused("closed")
    async with service.outbox.transaction() as notices:
        name = await service.repo.staff_name(assignee_id)
        await service.repo.update(ticket.id, assignee_id=assignee_id, assignee_name=name)
        await service.repo.add_event(ticket.id, "assigned", actor_id=actor_id, detail=f"id {assignee_id}")
        await service.repo.audit(actor_id, "assign", ticket.id, f"to {assignee_id}")
        updated = await service.repo.get(ticket.id)
        assert updated is not None
        await update_staff_post(notices, service.settings, service, updated)
    await service.outbox.deliver(bot, notices)
    return updated
