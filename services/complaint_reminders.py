"""Reminders to staff: tickets due within 2 days and overdue ones, each reminder sent once.

`remind_once(..., now)` is one pass (tests call it with an injected time); `ComplaintReminders`
runs it every `settings.complaint_reminder_minutes` from the dispatcher's startup until shutdown.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from aiogram import Bot
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from config import Settings
from services.background import BackgroundTask
from services.complaint_callbacks import StaffTicket
from services import complaint_texts as texts
from services.complaints import REMIND_BEFORE, Notifier, local_date
from storage.complaints import ComplaintRepo, Ticket
from storage.db import Database
from storage.users import UserRepo

log = logging.getLogger("kenesh.complaints")


def reminder_text(ticket: Ticket, kind: str, lang: str) -> str:
    if kind == "overdue":
        text = "❗ " + _("Appeal {number} is overdue: the answer was due by {due}. Status: {status}.", locale=lang)
    else:
        text = "⏰ " + _("Appeal {number} must be answered by {due}. Status: {status}.", locale=lang)
    return text.format(number=ticket.number, due=texts.format_due(ticket, lang),
                       status=texts.status_label(ticket.status, lang))


async def remind_once(bot: Bot, db: Database, settings: Settings, i18n: I18n, now: datetime) -> int:
    """Send the reminders due at `now`; return how many were sent."""
    repo, users = ComplaintRepo(db), UserRepo(db)
    notifier = Notifier(bot, settings)
    today = local_date(now)
    sent = 0
    with i18n.context():
        for ticket in await repo.open_due_by((today + REMIND_BEFORE).isoformat()):
            kind = "overdue" if ticket.due < today else "due_soon"
            target = ticket.assignee_id or settings.staff_chat_id
            if target is None:
                continue
            if await repo.was_reminded(ticket.id, kind, ticket.due_date):
                continue
            lang = settings.default_locale
            if ticket.assignee_id is not None and (assignee := await users.get(ticket.assignee_id)) and assignee.language:
                lang = assignee.language
            kb = InlineKeyboardBuilder()
            kb.button(text=_("Open", locale=lang), callback_data=StaffTicket(action="open", id=ticket.id))
            if await notifier.send(target, reminder_text(ticket, kind, lang), kb.as_markup(), ticket.id):
                await repo.mark_reminded(ticket.id, kind, ticket.due_date, now.astimezone(UTC).isoformat())
                sent += 1
    return sent


class ComplaintReminders:
    """The periodic task; started by the dispatcher's startup and stopped by its shutdown."""

    def __init__(self) -> None:
        self._background = BackgroundTask("complaint-reminders")

    async def start(self, bot: Bot, db: Database, settings: Settings, i18n: I18n) -> None:
        if settings.complaint_reminder_minutes > 0:
            self._background.start(lambda: self._run(bot, db, settings, i18n))

    async def stop(self) -> None:
        await self._background.stop()

    async def _run(self, bot: Bot, db: Database, settings: Settings, i18n: I18n) -> None:
        while True:
            # The first pass waits one interval, so a restart does not race the first updates.
            await asyncio.sleep(settings.complaint_reminder_minutes * 60)
            try:
                count = await remind_once(bot, db, settings, i18n, datetime.now(UTC))
                if count:
                    log.info("sent %s reminder(s)", count)
            except Exception:  # a failed pass is retried at the next interval
                log.exception("reminder pass failed")


async def start_reminders(bot: Bot, db: Database, settings: Settings, i18n: I18n,
                          complaint_reminders: ComplaintReminders) -> None:
    await complaint_reminders.start(bot, db, settings, i18n)


async def stop_reminders(complaint_reminders: ComplaintReminders) -> None:
    await complaint_reminders.stop()
