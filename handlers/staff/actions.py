"""Staff actions on a ticket: open, take into work, reply, reply and mark answered, change status.

One handler per button. Buttons may be pressed in the staff chat (which can contain non-staff) or in
a private chat; every handler checks the presser's role again. Whatever shows personal data or asks
for typed input (the card, a reply, a reason) goes to the staff member's private chat, never to the
group. Each action is one transaction with the messages it announces (the citizen's notice, the edit
of the staff-chat post: services/outbox.py); the citizen is told only of "taken into work", "answered"
and the closing statuses.
"""

from __future__ import annotations

import logging
from html import escape

from aiogram import Bot, F
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from config import Settings
from handlers.my_tickets import add_keyboard, answered_keyboard
from handlers.routing import HandlerSet
from handlers.staff import require_role
from handlers.staff.keyboards import body_choices, needs_body, status_choices, ticket_actions, update_staff_post
from services import complaint_texts as texts
from services.complaint_bodies import bodies_directory
from services.complaint_callbacks import StaffTicket
from services.complaints import NEEDS_DETAIL, NUMBER_RE, ComplaintService, TransitionError, can_change
from services.outbox import Notices
from services.ticket_files import send_file
from storage.complaints import OPEN_STATUSES, Ticket
from storage.users import User, UserRepo

router = HandlerSet(__name__)
log = logging.getLogger("kenesh.complaints")
REPLY_MAX = 3500  # leaves room for the header within Telegram's 4096 characters


class StaffInput(StatesGroup):
    reply = State()
    answer = State()
    forwarded = State()
    rejected = State()
    duplicate = State()


def private_state(bot: Bot, storage: BaseStorage, user_id: int) -> FSMContext:
    """The staff member's conversation in their private chat with the bot, wherever they pressed."""
    return FSMContext(storage=storage, key=StorageKey(bot_id=bot.id, chat_id=user_id, user_id=user_id))


def needs_private_chat(error: TelegramAPIError) -> bool:
    """Only these mean "the staff member never started the bot" (or blocked it)."""
    return isinstance(error, TelegramForbiddenError) or (
        isinstance(error, TelegramBadRequest) and "chat not found" in error.message.lower())


async def send_private(bot: Bot, user_id: int, text: str, callback_answer: CallbackAnswer | None = None,
                       lang: str = "ru", **kwargs) -> bool:
    """Send to a staff member's private chat; on failure log the real cause and say the right thing."""
    try:
        await bot.send_message(user_id, text, **kwargs)
        return True
    except TelegramAPIError as error:
        log.warning("a staff private message failed: %s: %s", type(error).__name__, error.message)
        if callback_answer is not None:
            callback_answer.text = (_("Start a private chat with the bot first.", locale=lang)
                                    if needs_private_chat(error)
                                    else _("The message could not be sent now; please try again.", locale=lang))
            callback_answer.show_alert = True
        return False


async def announce_status(notices: Notices, service: ComplaintService, ticket: Ticket) -> None:
    """Inside the change's transaction: the citizen's notice of a status they are told of (taken into
    work, answered, closed), stored with the change, so it is sent once even across a crash."""
    if ticket.status not in texts.NOTIFIED_STATUSES:
        return
    answer = await service.repo.last_reply(ticket.id) if ticket.status == "answered" else None
    markup = answered_keyboard(ticket) if ticket.status == "answered" else None
    service.to_citizen(notices, ticket, texts.status_notice(ticket, ticket.language, answer=answer), markup)


async def notify_citizen(bot: Bot, service: ComplaintService, ticket: Ticket) -> None:
    """Tell the citizen of the ticket's current status (a change committed earlier)."""
    async with service.outbox.transaction() as notices:
        await announce_status(notices, service, ticket)
    await service.outbox.deliver(bot, notices)


async def change_and_tell(bot: Bot, service: ComplaintService, ticket: Ticket, status: str, actor_id: int,
                          detail: str | None = None) -> Ticket:
    """Change the status; the citizen's notice and the staff post's edit are stored with it, then sent.
    (Also what the web console calls.)"""
    async with service.outbox.transaction() as notices:
        ticket = await service.change_status(ticket, status, actor_id, detail)
        await announce_status(notices, service, ticket)
        await update_staff_post(notices, service.settings, service, ticket)
    await service.outbox.deliver(bot, notices)
    return ticket


async def take_and_tell(bot: Bot, service: ComplaintService, ticket: Ticket, actor_id: int,
                        actor_name: str | None = None, *, only_if_changed: bool = False) -> Ticket:
    """Take into work; the citizen's notice and the staff post's edit are stored with it, then sent."""
    async with service.outbox.transaction() as notices:
        was = ticket.status
        ticket = await service.take(ticket, actor_id, actor_name)
        if not only_if_changed or ticket.status != was:
            await announce_status(notices, service, ticket)
        await update_staff_post(notices, service.settings, service, ticket)
    await service.outbox.deliver(bot, notices)
    return ticket


async def register_and_tell(bot: Bot, service: ComplaintService, ticket: Ticket, actor_id: int) -> Ticket:
    """Kept for callers of earlier versions: opening a ticket no longer registers it or tells anyone."""
    return ticket


async def send_card(bot: Bot, chat_id: int, ticket: Ticket, service: ComplaintService, lang: str) -> None:
    attachments = await service.repo.attachments(ticket.id)
    events = await service.repo.events(ticket.id)
    thread = await service.repo.messages(ticket.id)
    parts = texts.staff_card(ticket, events, lang, attachments=[a.kind for a in attachments], assignee=ticket.assignee_name,
                             thread=thread)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await bot.send_message(chat_id, part, reply_markup=ticket_actions(ticket, lang) if last else None)
    files = [(a.kind, a.file_id) for a in attachments] + [(m.kind, m.file_id) for m in thread if m.file_id]
    for kind, file_id in files:
        await send_file(bot, chat_id, kind, file_id, ticket.number)


async def staff_ticket(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: StaffTicket,
                       users: UserRepo, service: ComplaintService, lang: str) -> tuple[User, Ticket] | None:
    """The presser (staff, read again) and the ticket; None (and the presser told) otherwise."""
    staff = await require_role(query, users)
    if staff is None:  # the router filter already said no; this is the second lock
        return None
    ticket = await service.repo.get(callback_data.id)
    if ticket is None:
        callback_answer.text = _("Appeal not found.", locale=lang)
        callback_answer.show_alert = True
        return None
    return staff, ticket


def closed(callback_answer: CallbackAnswer, ticket: Ticket, lang: str) -> None:
    callback_answer.text = _("This appeal is closed: {status}.", locale=lang).format(
        status=texts.status_label(ticket.status, lang))
    callback_answer.show_alert = True


def staff_button(action: str):
    return router.callback_query(StaffTicket.filter(F.action == action))


@staff_button("open")
async def open_card(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: StaffTicket, bot: Bot,
                    users: UserRepo, complaint_service: ComplaintService, i18n: I18n) -> None:
    """The whole card in private. Opening changes nothing and tells nobody."""
    lang = i18n.current_locale
    if not (found := await staff_ticket(query, callback_answer, callback_data, users, complaint_service, lang)):
        return
    staff, ticket = found
    await complaint_service.repo.audit(staff.id, "open", ticket.id)
    try:
        await send_card(bot, staff.id, ticket, complaint_service, lang)
    except TelegramAPIError as error:
        log.warning("ticket %s: the card could not be sent: %s: %s", ticket.id, type(error).__name__, error.message)
        callback_answer.text = (_("Start a private chat with the bot first.", locale=lang) if needs_private_chat(error)
                                else _("The message could not be sent now; please try again.", locale=lang))
        callback_answer.show_alert = True


@staff_button("take")
async def take(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: StaffTicket, bot: Bot,
               users: UserRepo, settings: Settings, complaint_service: ComplaintService, i18n: I18n) -> None:
    lang = i18n.current_locale
    if not (found := await staff_ticket(query, callback_answer, callback_data, users, complaint_service, lang)):
        return
    staff, ticket = found
    if ticket.assignee_id is not None and ticket.status in OPEN_STATUSES:
        callback_answer.text = _("{number} is already in work: {name}.", locale=lang).format(
            number=ticket.number, name=ticket.assignee_name or "—")
        callback_answer.show_alert = True
        return
    try:
        ticket = await take_and_tell(bot, complaint_service, ticket, staff.id, query.from_user.full_name)
    except TransitionError:
        closed(callback_answer, ticket, lang)
        return
    callback_answer.text = _("You took {number} into work.", locale=lang).format(number=ticket.number)


async def ask_private(query: CallbackQuery, callback_answer: CallbackAnswer, bot: Bot, storage: BaseStorage,
                      step: State, ticket: Ticket, lang: str, text: str) -> None:
    user_id = query.from_user.id
    if not await send_private(bot, user_id, text, callback_answer, lang):
        return
    state = private_state(bot, storage, user_id)
    await state.set_state(step)
    await state.set_data({"ticket_id": ticket.id})


@staff_button("reply")
async def reply(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: StaffTicket, bot: Bot,
                users: UserRepo, complaint_service: ComplaintService, fsm_storage: BaseStorage, i18n: I18n) -> None:
    lang = i18n.current_locale
    await _ask_for_text(query, callback_answer, callback_data, bot, users, complaint_service, fsm_storage, lang,
                        StaffInput.reply,
                        _("Type your message to the citizen about {number} (a question or a clarification; the "
                          "appeal stays in work). It is sent word for word. /cancel to stop.", locale=lang))


@staff_button("answer")
async def answer(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: StaffTicket, bot: Bot,
                 users: UserRepo, complaint_service: ComplaintService, fsm_storage: BaseStorage, i18n: I18n) -> None:
    lang = i18n.current_locale
    await _ask_for_text(query, callback_answer, callback_data, bot, users, complaint_service, fsm_storage, lang,
                        StaffInput.answer,
                        _("Type the answer to {number}. It is sent to the citizen word for word and the appeal is "
                          "marked answered. /cancel to stop.", locale=lang))


async def _ask_for_text(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: StaffTicket, bot: Bot,
                        users: UserRepo, service: ComplaintService, storage: BaseStorage, lang: str, step: State,
                        prompt: str) -> None:
    """Reply and answer both ask the staff member, in a private chat, for the text to send (open tickets only)."""
    if not (found := await staff_ticket(query, callback_answer, callback_data, users, service, lang)):
        return
    _staff, ticket = found
    if ticket.status not in OPEN_STATUSES:
        closed(callback_answer, ticket, lang)
        return
    await ask_private(query, callback_answer, bot, storage, step, ticket, lang, prompt.format(number=ticket.number))


@staff_button("status")
async def status_menu(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: StaffTicket, bot: Bot,
                      users: UserRepo, complaint_service: ComplaintService, i18n: I18n) -> None:
    lang = i18n.current_locale
    if not (found := await staff_ticket(query, callback_answer, callback_data, users, complaint_service, lang)):
        return
    staff, ticket = found
    choices = status_choices(ticket, lang)
    if not choices.inline_keyboard:
        closed(callback_answer, ticket, lang)
        return
    text = _("The new status of {number} (now: {status}):", locale=lang).format(
        number=ticket.number, status=texts.status_label(ticket.status, lang))
    await send_private(bot, staff.id, text, callback_answer, lang, reply_markup=choices)


@staff_button("set")
async def set_status(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: StaffTicket, bot: Bot,
                     users: UserRepo, settings: Settings, complaint_service: ComplaintService,
                     fsm_storage: BaseStorage, i18n: I18n) -> None:
    lang = i18n.current_locale
    if not (found := await staff_ticket(query, callback_answer, callback_data, users, complaint_service, lang)):
        return
    staff, ticket = found
    status = callback_data.value
    if not can_change(ticket.status, status) or status == "answered":
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
        await ask_private(query, callback_answer, bot, fsm_storage, getattr(StaffInput, status), ticket, lang,
                          prompts[status].format(number=ticket.number) + " " + _("/cancel to stop.", locale=lang))
        return
    if status == "in_work":
        ticket = await take_and_tell(bot, complaint_service, ticket, staff.id, query.from_user.full_name)
    else:
        ticket = await change_and_tell(bot, complaint_service, ticket, status, staff.id)
    callback_answer.text = status_done(ticket, lang)
    await send_private(bot, staff.id, status_done(ticket, lang))


@staff_button("body")
async def body_menu(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: StaffTicket, bot: Bot,
                    users: UserRepo, complaint_service: ComplaintService, i18n: I18n) -> None:
    """The aiyl okmotus of the ticket's rayon, for the staff member to choose (in private)."""
    lang = i18n.current_locale
    if not (found := await staff_ticket(query, callback_answer, callback_data, users, complaint_service, lang)):
        return
    staff, ticket = found
    directory = bodies_directory()
    bodies = [b for b in directory.in_rayon(ticket.place_id, lang) if b.kind == "aiyl_okmotu"] \
        if directory is not None and needs_body(ticket) else []
    if not bodies:
        callback_answer.text = _("The directory has no aiyl okmotus of this rayon yet; forward the appeal with "
                                 "«Status» if it is not yours.", locale=lang)
        callback_answer.show_alert = True
        return
    text = _("Which aiyl okmotu of {rayon} is {number} about?", locale=lang).format(
        rayon=escape(ticket.place_name), number=ticket.number)
    await send_private(bot, staff.id, text, callback_answer, lang, reply_markup=body_choices(ticket, bodies, lang))


@staff_button("setbody")
async def body_chosen(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: StaffTicket, bot: Bot,
                      users: UserRepo, settings: Settings, complaint_service: ComplaintService, i18n: I18n) -> None:
    lang = i18n.current_locale
    if not (found := await staff_ticket(query, callback_answer, callback_data, users, complaint_service, lang)):
        return
    staff, ticket = found
    directory = bodies_directory()
    body = directory.get(callback_data.value) if directory is not None else None
    if body is None or body.rayon != ticket.place_id or not needs_body(ticket):
        callback_answer.text = _("This button is out of date.", locale=lang)
        return
    # The addressee is kept in the citizen's language, as the citizen wrote to it.
    async with complaint_service.outbox.transaction() as notices:
        ticket = await complaint_service.set_body(ticket, staff.id, body.id, body.label(ticket.language))
        await update_staff_post(notices, settings, complaint_service, ticket)
    await complaint_service.outbox.deliver(bot, notices)
    callback_answer.text = _("{number} is addressed to {body}.", locale=lang).format(
        number=ticket.number, body=body.label(lang))


def status_done(ticket: Ticket, lang: str) -> str:
    return _("{number}: the status is now «{status}»; the citizen was told.", locale=lang).format(
        number=ticket.number, status=texts.status_label(ticket.status, lang))


# --- typed input in the staff member's private chat ------------------------------------------------


async def input_ticket(state: FSMContext, service: ComplaintService) -> Ticket | None:
    data = await state.get_data()
    return await service.repo.get(int(data.get("ticket_id", 0)))


async def typed_reply_input(message: Message, state: FSMContext, service: ComplaintService,
                            lang: str) -> tuple[Ticket, str] | None:
    """The open appeal being replied to and the reply typed; None when refused (the staff member is told why)."""
    ticket = await input_ticket(state, service)
    if ticket is None or ticket.status not in OPEN_STATUSES:
        await state.clear()
        await message.answer(_("This appeal can no longer be replied to.", locale=lang))
        return None
    reply = message.text.strip()
    if not reply or len(reply) > REPLY_MAX:
        await message.answer(_("A reply must have from 1 to {max} characters; this one has {n}. Nothing was sent.",
                               locale=lang).format(max=REPLY_MAX, n=len(reply)))
        return None
    return ticket, reply


@router.message(StateFilter(StaffInput.reply), F.text, F.chat.type == "private")
async def typed_reply(message: Message, state: FSMContext, bot: Bot, complaint_service: ComplaintService,
                      i18n: I18n) -> None:
    """A message to the citizen that is not yet the answer; the citizen can reply to it."""
    lang = i18n.current_locale
    typed = await typed_reply_input(message, state, complaint_service, lang)
    if typed is None:
        return
    ticket, reply = typed
    # The reply, its relay to the citizen, the end of the input and the staff member's confirmation commit
    # together: after a crash the relay and the confirmation are still sent, and the reply is not typed twice.
    async with complaint_service.outbox.transaction() as notices:
        await complaint_service.add_reply(ticket, message.from_user.id, reply)
        complaint_service.to_citizen(notices, ticket, texts.reply_notice(ticket, reply, ticket.language),
                                     add_keyboard(ticket))
        number = ticket.number
        notices.confirm(
            message.chat.id,
            sent=_("The message on {number} was sent to the citizen and saved.", locale=lang).format(number=number),
            dropped=_("The message on {number} was saved, but the citizen could not be reached (the bot may be "
                      "blocked).", locale=lang).format(number=number),
            pending=_("The message on {number} was saved; Telegram did not take it yet, and it will be sent to "
                      "the citizen as soon as it does.", locale=lang).format(number=number),
            markup=ticket_actions(ticket, lang),
        )
        await state.clear()
    await complaint_service.outbox.deliver(bot, notices)


@router.message(StateFilter(StaffInput.answer), F.text, F.chat.type == "private")
async def typed_answer(message: Message, state: FSMContext, bot: Bot, settings: Settings,
                       complaint_service: ComplaintService, i18n: I18n) -> None:
    """Reply and mark answered: one action, and the citizen gets the answer once."""
    lang = i18n.current_locale
    typed = await typed_reply_input(message, state, complaint_service, lang)
    if typed is None:
        return
    ticket, reply = typed
    try:
        # The answer, its relay, the end of the input and the confirmation commit together (see typed_reply).
        async with complaint_service.outbox.transaction() as notices:
            ticket = await complaint_service.answer(ticket, message.from_user.id, message.from_user.full_name, reply)
            await announce_status(notices, complaint_service, ticket)
            number = ticket.number
            notices.confirm(
                message.chat.id,
                sent=_("{number} is answered; the citizen got the answer.", locale=lang).format(number=number),
                dropped=_("{number} is answered, but the citizen could not be reached (the bot may be blocked).",
                          locale=lang).format(number=number),
                pending=_("{number} is answered; Telegram did not take the answer yet, and it will be sent to the "
                          "citizen as soon as it does.", locale=lang).format(number=number),
            )
            await update_staff_post(notices, settings, complaint_service, ticket)  # not the confirmation's concern
            await state.clear()
    except TransitionError:
        await state.clear()
        await message.answer(_("This appeal can no longer be replied to.", locale=lang))
        return
    await complaint_service.outbox.deliver(bot, notices)


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
@router.message(StateFilter(StaffInput.answer))
@router.message(StateFilter(StaffInput.forwarded))
@router.message(StateFilter(StaffInput.rejected))
@router.message(StateFilter(StaffInput.duplicate))
async def not_text(message: Message, i18n: I18n) -> None:
    await message.answer(_("Please type it as text in this chat, or /cancel.", locale=i18n.current_locale))
