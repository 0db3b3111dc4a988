"""Staff actions on a ticket: open, take, reply (relayed word for word), change status.

Buttons may be pressed in the staff chat (which can contain non-staff) or in a private chat. Every
handler checks the presser's role again. Whatever shows personal data or asks for typed input
(the card, the reply, a reason) goes to the staff member's private chat, never to the group.
"""

from __future__ import annotations

import logging
from html import escape

from aiogram import Bot, F
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram.utils.callback_answer import CallbackAnswer

from handlers.complaint_callbacks import StaffTicket
from handlers.my_tickets import answered_keyboard
from handlers.staff import require_role
from handlers.staff.keyboards import status_choices, ticket_actions
from services import complaint_texts as texts
from services.complaints import NEEDS_DETAIL, NUMBER_RE, ComplaintService, Notifier, TransitionError, can_change
from storage.complaints import OPEN_STATUSES, Ticket
from storage.users import UserRepo
from handlers.routing import HandlerSet

router = HandlerSet(__name__)
log = logging.getLogger("kenesh.complaints")
REPLY_MAX = 3500  # leaves room for the header within Telegram's 4096 characters


class StaffInput(StatesGroup):
    reply = State()
    forwarded = State()
    rejected = State()
    duplicate = State()


def private_state(bot: Bot, storage: BaseStorage, user_id: int) -> FSMContext:
    """The staff member's conversation in their private chat with the bot, wherever they pressed."""
    return FSMContext(storage=storage, key=StorageKey(bot_id=bot.id, chat_id=user_id, user_id=user_id))


async def send_private(bot: Bot, user_id: int, text: str, **kwargs) -> bool:
    try:
        await bot.send_message(user_id, text, **kwargs)
        return True
    except TelegramAPIError:
        return False


async def notify_citizen(bot: Bot, service: ComplaintService, ticket: Ticket) -> None:
    notifier = Notifier(bot, service.settings)
    if ticket.status == "answered":
        answer = await service.repo.last_reply(ticket.id)
        await notifier.citizen_status(ticket, answer=answer, markup=answered_keyboard(ticket))
    else:
        await notifier.citizen_status(ticket)


async def change_and_tell(bot: Bot, service: ComplaintService, ticket: Ticket, status: str, actor_id: int,
                          detail: str | None = None) -> Ticket:
    ticket = await service.change_status(ticket, status, actor_id, detail)
    await notify_citizen(bot, service, ticket)
    return ticket


async def register_and_tell(bot: Bot, service: ComplaintService, ticket: Ticket, actor_id: int) -> Ticket:
    if ticket.status != "new":
        return ticket
    return await change_and_tell(bot, service, ticket, "registered", actor_id)


async def send_card(bot: Bot, chat_id: int, ticket: Ticket, service: ComplaintService, lang: str) -> None:
    attachments = await service.repo.attachments(ticket.id)
    events = await service.repo.events(ticket.id)
    assignee = None
    if ticket.assignee_id is not None:
        assignee = f"id {ticket.assignee_id}"
    parts = texts.staff_card(ticket, events, lang, attachments=len(attachments), assignee=assignee)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await bot.send_message(chat_id, part, reply_markup=ticket_actions(ticket, lang) if last else None)
    for item in attachments:  # by file id: no forwarding or copying
        if item.kind == "photo":
            await bot.send_photo(chat_id, item.file_id, caption=ticket.number)
        else:
            await bot.send_document(chat_id, item.file_id, caption=ticket.number)


@router.callback_query(StaffTicket.filter())
async def staff_button(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: StaffTicket, bot: Bot, users: UserRepo,
                       complaint_service: ComplaintService, fsm_storage: BaseStorage, i18n: I18n) -> None:
    staff = await require_role(query, users)
    if staff is None:  # the router filter already said no; this is the second lock
        return
    lang = i18n.current_locale
    service = complaint_service
    ticket = await service.repo.get(callback_data.id)
    if ticket is None:
        callback_answer.text = _("Appeal not found.", locale=lang)
        callback_answer.show_alert = True
        return
    action = callback_data.action
    if action == "open":
        await service.repo.audit(staff.id, "open", ticket.id)
        ticket = await register_and_tell(bot, service, ticket, staff.id)
        try:
            await send_card(bot, staff.id, ticket, service, lang)
        except TelegramAPIError:
            callback_answer.text = _("Start a private chat with the bot first.", locale=lang)
            callback_answer.show_alert = True
    elif action == "take":
        if ticket.status not in OPEN_STATUSES:
            callback_answer.text = _("This appeal is closed: {status}.", locale=lang).format(
                status=texts.status_label(ticket.status, lang))
            callback_answer.show_alert = True
            return
        if ticket.status == "new":
            ticket = await register_and_tell(bot, service, ticket, staff.id)
        was = ticket.status
        ticket = await service.take(ticket, staff.id)
        if ticket.status != was:
            await notify_citizen(bot, service, ticket)
        callback_answer.text = _("You took {number}.", locale=lang).format(number=ticket.number)
        if query.message is not None:
            await bot.send_message(query.message.chat.id, _("{number} was taken into work by {name}.", locale=lang)
                                   .format(number=ticket.number, name=escape(query.from_user.full_name)))
    elif action == "reply":
        if ticket.status not in OPEN_STATUSES:
            callback_answer.text = _("This appeal is closed: {status}.", locale=lang).format(
                status=texts.status_label(ticket.status, lang))
            callback_answer.show_alert = True
            return
        await ask_private(query, callback_answer, bot, fsm_storage, StaffInput.reply, ticket, lang,
                          _("Type the reply to {number}. It is sent to the citizen word for word. /cancel to stop.",
                            locale=lang).format(number=ticket.number))
    elif action == "status":
        if not status_choices(ticket, lang).inline_keyboard:
            callback_answer.text = _("This appeal is closed: {status}.", locale=lang).format(
                status=texts.status_label(ticket.status, lang))
            callback_answer.show_alert = True
            return
        text = _("The new status of {number} (now: {status}):", locale=lang).format(
            number=ticket.number, status=texts.status_label(ticket.status, lang))
        if not await send_private(bot, staff.id, text, reply_markup=status_choices(ticket, lang)):
            callback_answer.text = _("Start a private chat with the bot first.", locale=lang)
            callback_answer.show_alert = True
    elif action == "set":
        await set_status(query, callback_answer, bot, fsm_storage, service, ticket, callback_data.value, staff.id, lang)


async def ask_private(query: CallbackQuery, callback_answer: CallbackAnswer, bot: Bot, storage: BaseStorage, step: State, ticket: Ticket, lang: str,
                      text: str) -> None:
    user_id = query.from_user.id
    if not await send_private(bot, user_id, text):
        callback_answer.text = _("Start a private chat with the bot first.", locale=lang)
        callback_answer.show_alert = True
        return
    state = private_state(bot, storage, user_id)
    await state.set_state(step)
    await state.set_data({"ticket_id": ticket.id})


async def set_status(query: CallbackQuery, callback_answer: CallbackAnswer, bot: Bot, storage: BaseStorage, service: ComplaintService, ticket: Ticket,
                     status: str, actor_id: int, lang: str) -> None:
    if not can_change(ticket.status, status):
        callback_answer.text = _("This status cannot be set now (the appeal is {status}).", locale=lang).format(
            status=texts.status_label(ticket.status, lang))
        callback_answer.show_alert = True
        return
    if status in NEEDS_DETAIL:
        prompts = {
            "forwarded": _("Type the name of the body the appeal {number} is forwarded to.", locale=lang),
            "rejected": _("Type the reason for rejecting {number}; the citizen will see it.", locale=lang),
            "duplicate": _("Type the number of the appeal that {number} repeats (KG-YYYY-NNNNNN).", locale=lang),
        }
        await ask_private(query, callback_answer, bot, storage, getattr(StaffInput, status), ticket, lang,
                          prompts[status].format(number=ticket.number) + " " + _("/cancel to stop.", locale=lang))
        return
    if status == "answered" and await service.repo.last_reply(ticket.id) is None:
        callback_answer.text = _("Send a reply first: the citizen must get the answer itself.", locale=lang)
        callback_answer.show_alert = True
        return
    ticket = await change_and_tell(bot, service, ticket, status, actor_id)
    callback_answer.text = status_done(ticket, lang)
    await send_private(bot, actor_id, status_done(ticket, lang))


def status_done(ticket: Ticket, lang: str) -> str:
    return _("{number}: the status is now «{status}»; the citizen was told.", locale=lang).format(
        number=ticket.number, status=texts.status_label(ticket.status, lang))


# --- typed input in the staff member's private chat ------------------------------------------------


async def input_ticket(state: FSMContext, service: ComplaintService) -> Ticket | None:
    data = await state.get_data()
    return await service.repo.get(int(data.get("ticket_id", 0)))


@router.message(StateFilter(StaffInput.reply), F.text, F.chat.type == "private")
async def typed_reply(message: Message, state: FSMContext, bot: Bot, complaint_service: ComplaintService,
                      i18n: I18n) -> None:
    lang = i18n.current_locale
    ticket = await input_ticket(state, complaint_service)
    if ticket is None or ticket.status not in OPEN_STATUSES:
        await state.clear()
        await message.answer(_("This appeal can no longer be replied to.", locale=lang))
        return
    reply = message.text.strip()
    if not reply or len(reply) > REPLY_MAX:
        await message.answer(_("A reply must have from 1 to {max} characters; this one has {n}. Nothing was sent.",
                               locale=lang).format(max=REPLY_MAX, n=len(reply)))
        return
    await complaint_service.add_reply(ticket, message.from_user.id, reply)
    delivered = await Notifier(bot, complaint_service.settings).send(
        ticket.citizen_id, texts.reply_notice(ticket, reply, ticket.language), ticket_id=ticket.id)
    await state.clear()
    kb = InlineKeyboardBuilder()
    if can_change(ticket.status, "answered"):
        kb.button(text="✅ " + _("Mark as answered", locale=lang),
                  callback_data=StaffTicket(action="set", id=ticket.id, value="answered"))
    kb.button(text="🔀 " + _("Status", locale=lang), callback_data=StaffTicket(action="status", id=ticket.id))
    kb.adjust(1)
    done = (_("The reply to {number} was sent to the citizen and saved.", locale=lang) if delivered
            else _("The reply to {number} was saved, but the citizen could not be reached (the bot may be blocked).",
                   locale=lang))
    await message.answer(done.format(number=ticket.number), reply_markup=kb.as_markup())


@router.message(StateFilter(StaffInput.forwarded), F.text, F.chat.type == "private")
async def typed_forwarded(message: Message, state: FSMContext, bot: Bot, complaint_service: ComplaintService,
                          i18n: I18n) -> None:
    await typed_detail(message, state, bot, complaint_service, i18n, "forwarded", 3, 200)


@router.message(StateFilter(StaffInput.rejected), F.text, F.chat.type == "private")
async def typed_reason(message: Message, state: FSMContext, bot: Bot, complaint_service: ComplaintService,
                       i18n: I18n) -> None:
    await typed_detail(message, state, bot, complaint_service, i18n, "rejected", 5, 1000)


@router.message(StateFilter(StaffInput.duplicate), F.text, F.chat.type == "private")
async def typed_duplicate(message: Message, state: FSMContext, bot: Bot, complaint_service: ComplaintService,
                          i18n: I18n) -> None:
    lang = i18n.current_locale
    ticket = await input_ticket(state, complaint_service)
    number = message.text.strip().upper()
    other = await complaint_service.repo.by_number(number) if NUMBER_RE.match(number) else None
    if ticket is not None and (other is None or other.id == ticket.id):
        await message.answer(_("There is no other appeal with this number. Type a number like KG-2026-000123, "
                               "or /cancel.", locale=lang))
        return
    await typed_detail(message, state, bot, complaint_service, i18n, "duplicate", 1, 20, detail=number)


async def typed_detail(message: Message, state: FSMContext, bot: Bot, service: ComplaintService, i18n: I18n,
                       status: str, low: int, high: int, detail: str | None = None) -> None:
    lang = i18n.current_locale
    ticket = await input_ticket(state, service)
    if ticket is None or not can_change(ticket.status, status):
        await state.clear()
        await message.answer(_("This status cannot be set now.", locale=lang))
        return
    detail = detail or " ".join(message.text.split())
    if not low <= len(detail) <= high:
        await message.answer(_("Please type from {min} to {max} characters.", locale=lang).format(min=low, max=high))
        return
    try:
        ticket = await change_and_tell(bot, service, ticket, status, message.from_user.id, detail)
    except TransitionError:
        await message.answer(_("This status cannot be set now.", locale=lang))
    else:
        await message.answer(status_done(ticket, lang))
    await state.clear()


@router.message(StateFilter(StaffInput.reply))
@router.message(StateFilter(StaffInput.forwarded))
@router.message(StateFilter(StaffInput.rejected))
@router.message(StateFilter(StaffInput.duplicate))
async def not_text(message: Message, i18n: I18n) -> None:
    await message.answer(_("Please type it as text in this chat, or /cancel.", locale=i18n.current_locale))
