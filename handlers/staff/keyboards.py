"""Staff keyboards and the staff-chat post of a new ticket."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from config import Settings
from handlers.complaint_callbacks import StaffTicket
from services import complaint_texts as texts
from services.complaints import TRANSITIONS
from storage.complaints import OPEN_STATUSES, Ticket

log = logging.getLogger("kenesh.complaints")


def ticket_actions(ticket: Ticket, lang: str, *, with_open: bool = False) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if with_open:
        kb.button(text="📂 " + _("Open", locale=lang), callback_data=StaffTicket(action="open", id=ticket.id))
    if ticket.status in OPEN_STATUSES:
        kb.button(text="🙋 " + _("Take", locale=lang), callback_data=StaffTicket(action="take", id=ticket.id))
        kb.button(text="💬 " + _("Reply", locale=lang), callback_data=StaffTicket(action="reply", id=ticket.id))
    if TRANSITIONS.get(ticket.status):
        kb.button(text="🔀 " + _("Status", locale=lang), callback_data=StaffTicket(action="status", id=ticket.id))
    kb.adjust(4)
    return kb.as_markup()


def status_choices(ticket: Ticket, lang: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for status in ("registered", "in_work", "answered", "forwarded", "rejected", "duplicate"):
        if status in TRANSITIONS.get(ticket.status, ()):
            kb.button(text=texts.status_label(status, lang), callback_data=StaffTicket(action="set", id=ticket.id, value=status))
    kb.adjust(1)
    return kb.as_markup()


async def post_new_ticket(bot: Bot, settings: Settings, ticket: Ticket, attachments: int) -> None:
    """Tell the staff chat about a new ticket (in the default locale: the chat is shared)."""
    if settings.staff_chat_id is None:
        return
    lang = settings.default_locale
    try:
        await bot.send_message(settings.staff_chat_id, texts.staff_post(ticket, lang, attachments=attachments),
                               reply_markup=ticket_actions(ticket, lang, with_open=True))
    except TelegramAPIError as error:
        log.warning("ticket %s: staff chat post failed: %s", ticket.id, type(error).__name__)
