"""/my: the citizen's own tickets, each with its history; "not resolved" reopens an answered one.

Only the citizen's own tickets are ever shown: a callback with someone else's ticket id finds nothing.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from aiogram import Bot
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram.utils.callback_answer import CallbackAnswer

from config import Settings
from handlers.complaint_callbacks import MyTicket, StaffTicket
from services import complaint_texts as texts
from services.complaints import ComplaintService, Notifier
from storage.complaints import Ticket
from storage.users import UserRepo
from handlers.routing import HandlerSet

router = HandlerSet(__name__)
log = logging.getLogger("kenesh.complaints")


def list_keyboard(tickets: list[Ticket]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for ticket in tickets:
        kb.button(text=ticket.number, callback_data=MyTicket(action="open", id=ticket.id))
    kb.adjust(2)
    return kb.as_markup()


def ticket_keyboard(ticket: Ticket, can_reopen: bool, lang: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if can_reopen:
        kb.button(text="🔁 " + _("Not resolved", locale=lang), callback_data=MyTicket(action="reopen", id=ticket.id))
    kb.button(text="⬅️ " + _("My appeals", locale=lang), callback_data=MyTicket(action="list"))
    kb.adjust(1)
    return kb.as_markup()


def answered_keyboard(ticket: Ticket) -> InlineKeyboardMarkup:
    """Under the "answered" notice: the citizen's way to say the problem remains."""
    return ticket_keyboard(ticket, True, ticket.language)


async def show_list(message: Message, citizen_id: int, lang: str, service: ComplaintService) -> None:
    tickets = await service.repo.of_citizen(citizen_id)
    if not tickets:
        await message.answer(_("You have no appeals yet. To file one: /complaint", locale=lang))
        return
    lines = ["<b>" + _("Your appeals:", locale=lang) + "</b>"]
    lines += [texts.citizen_list_line(t, lang) for t in tickets]
    lines += ["", _("Press a number to see its history.", locale=lang)]
    await message.answer("\n".join(lines), reply_markup=list_keyboard(tickets))


@router.message(Command("my"), StateFilter("*"))
async def my_command(message: Message, complaint_service: ComplaintService, i18n: I18n) -> None:
    await show_list(message, message.from_user.id, i18n.current_locale, complaint_service)


@router.callback_query(MyTicket.filter(), StateFilter("*"))
async def my_button(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: MyTicket, bot: Bot, settings: Settings,
                    complaint_service: ComplaintService, users: UserRepo, i18n: I18n) -> None:
    lang = i18n.current_locale
    message = query.message
    if not isinstance(message, Message):
        return
    if callback_data.action == "list":
        await show_list(message, query.from_user.id, lang, complaint_service)
        return
    ticket = await complaint_service.citizen_ticket(query.from_user.id, callback_data.id)
    if ticket is None:
        callback_answer.text = _("Appeal not found.", locale=lang)
        callback_answer.show_alert = True
        return
    now = datetime.now(UTC)
    if callback_data.action == "reopen":
        reopened = await complaint_service.reopen(ticket, now)
        if reopened is None:
            callback_answer.text = _("This appeal can no longer be reopened.", locale=lang)
            callback_answer.show_alert = True
            return
        await message.answer(texts.reopened_notice(reopened, lang))
        await tell_staff_reopened(bot, settings, users, reopened)
        return
    events = await complaint_service.repo.events(ticket.id)
    await message.answer(texts.citizen_ticket_view(ticket, events, lang),
                         reply_markup=ticket_keyboard(ticket, complaint_service.can_reopen(ticket, now), lang))


async def tell_staff_reopened(bot: Bot, settings: Settings, users: UserRepo, ticket: Ticket) -> None:
    target = ticket.assignee_id or settings.staff_chat_id
    if target is None:
        return
    lang = settings.default_locale
    if ticket.assignee_id and (assignee := await users.get(ticket.assignee_id)) and assignee.language:
        lang = assignee.language
    kb = InlineKeyboardBuilder()
    kb.button(text=_("Open", locale=lang), callback_data=StaffTicket(action="open", id=ticket.id))
    text = "🔁 " + _("Appeal {number} was reopened: the citizen says the problem is not resolved.",
                     locale=lang).format(number=ticket.number)
    await Notifier(bot, settings).send(target, text, kb.as_markup(), ticket.id)
