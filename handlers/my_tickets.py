"""/my: the citizen's own tickets and their thread; adding to an appeal; "not resolved" with the reason.

Only the citizen's own tickets are ever shown: a callback with someone else's ticket id finds nothing.
A citizen adds to an appeal by replying (Telegram's reply) to any message of the bot about it, or
with the "Add to my appeal" button; what they add reaches the assignee and the staff chat.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from aiogram import Bot, F
from aiogram.filters import BaseFilter, Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from config import Settings
from handlers.routing import HandlerSet
from handlers.staff.keyboards import update_staff_post
from services import complaint_texts as texts
from services.complaint_callbacks import MyTicket, StaffTicket
from services.complaints import ComplaintService
from services.outbox import Notices
from storage.complaints import ThreadMessage, Ticket
from storage.users import UserRepo

router = HandlerSet(__name__)
log = logging.getLogger("kenesh.complaints")
ADDITION_MAX = 4000


class CitizenInput(StatesGroup):
    addition = State()  # data: ticket_id
    not_resolved = State()  # data: ticket_id


def list_keyboard(tickets: list[Ticket]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for ticket in tickets:
        kb.button(text=ticket.number, callback_data=MyTicket(action="open", id=ticket.id))
    kb.adjust(2)
    return kb.as_markup()


def ticket_keyboard(ticket: Ticket, can_reopen: bool, lang: str, *, with_list: bool = True) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if can_reopen:
        kb.button(text="🔁 " + _("Not resolved", locale=lang), callback_data=MyTicket(action="reopen", id=ticket.id))
    if ticket.status in ("new", "registered", "in_work", "answered"):
        kb.button(text="➕ " + _("Add to my appeal", locale=lang), callback_data=MyTicket(action="add", id=ticket.id))
    if with_list:
        kb.button(text="⬅️ " + _("My appeals", locale=lang), callback_data=MyTicket(action="list"))
    kb.adjust(1)
    return kb.as_markup()


def add_keyboard(ticket: Ticket) -> InlineKeyboardMarkup:
    """Under a staff message: the citizen's way to answer it (besides Telegram's reply)."""
    kb = InlineKeyboardBuilder()
    kb.button(text="➕ " + _("Add to my appeal", locale=ticket.language), callback_data=MyTicket(action="add", id=ticket.id))
    return kb.as_markup()


def answered_keyboard(ticket: Ticket) -> InlineKeyboardMarkup:
    """Under the "answered" notice: the citizen's way to say the problem remains, or to add something."""
    return ticket_keyboard(ticket, True, ticket.language, with_list=False)


async def show_list(message: Message, citizen_id: int, lang: str, service: ComplaintService) -> None:
    tickets = await service.repo.of_citizen(citizen_id)
    if not tickets:
        await message.answer(_("You have no appeals yet. To file one: /complaint", locale=lang))
        return
    lines = ["<b>" + _("Your appeals:", locale=lang) + "</b>"]
    lines += [texts.citizen_list_line(t, lang) for t in tickets]
    lines += ["", _("Press a number to see its history.", locale=lang)]
    await message.answer("\n".join(lines), reply_markup=list_keyboard(tickets))


async def show_ticket(message: Message, ticket: Ticket, lang: str, service: ComplaintService) -> None:
    events = await service.repo.events(ticket.id)
    thread = await service.repo.messages(ticket.id)
    sent = await message.answer(texts.citizen_ticket_view(ticket, events, lang, thread),
                                reply_markup=ticket_keyboard(ticket, service.can_reopen(ticket, datetime.now(UTC)), lang))
    await service.repo.link(sent.chat.id, sent.message_id, ticket.id)


@router.message(Command("my"), StateFilter("*"))
async def my_command(message: Message, complaint_service: ComplaintService, i18n: I18n) -> None:
    await show_list(message, message.from_user.id, i18n.current_locale, complaint_service)


async def own_ticket(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: MyTicket,
                     service: ComplaintService, lang: str) -> Ticket | None:
    ticket = await service.citizen_ticket(query.from_user.id, callback_data.id)
    if ticket is None or not isinstance(query.message, Message):
        callback_answer.text = _("Appeal not found.", locale=lang)
        callback_answer.show_alert = True
        return None
    return ticket


@router.callback_query(MyTicket.filter(F.action == "list"), StateFilter("*"))
async def list_pressed(query: CallbackQuery, complaint_service: ComplaintService, i18n: I18n) -> None:
    if isinstance(query.message, Message):
        await show_list(query.message, query.from_user.id, i18n.current_locale, complaint_service)


@router.callback_query(MyTicket.filter(F.action == "open"), StateFilter("*"))
async def open_pressed(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: MyTicket,
                       complaint_service: ComplaintService, i18n: I18n) -> None:
    lang = i18n.current_locale
    if ticket := await own_ticket(query, callback_answer, callback_data, complaint_service, lang):
        await show_ticket(query.message, ticket, lang, complaint_service)


@router.callback_query(MyTicket.filter(F.action == "reopen"), StateFilter("*"))
async def not_resolved_pressed(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: MyTicket,
                               state: FSMContext, complaint_service: ComplaintService, i18n: I18n) -> None:
    """"Not resolved" first asks why; the reason reopens the ticket (typed_reason)."""
    lang = i18n.current_locale
    if not (ticket := await own_ticket(query, callback_answer, callback_data, complaint_service, lang)):
        return
    if not complaint_service.can_reopen(ticket, datetime.now(UTC)):
        callback_answer.text = _("This appeal can no longer be reopened.", locale=lang)
        callback_answer.show_alert = True
        return
    await state.set_state(CitizenInput.not_resolved)
    await state.set_data({"ticket_id": ticket.id})
    await query.message.answer(_("What is still not resolved in {number}? Please write it in a few words; staff "
                                 "will see it. /cancel to stop.", locale=lang).format(number=ticket.number))


@router.callback_query(MyTicket.filter(F.action == "add"), StateFilter("*"))
async def add_pressed(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: MyTicket,
                      state: FSMContext, complaint_service: ComplaintService, i18n: I18n) -> None:
    lang = i18n.current_locale
    if not (ticket := await own_ticket(query, callback_answer, callback_data, complaint_service, lang)):
        return
    if not complaint_service.accepts_additions(ticket):
        callback_answer.text = _("This appeal is closed; please file a new one: /complaint", locale=lang)
        callback_answer.show_alert = True
        return
    await state.set_state(CitizenInput.addition)
    await state.set_data({"ticket_id": ticket.id})
    await query.message.answer(_("Send what you want to add to {number}: a message, a photo, a document or a voice "
                                 "message. /cancel to stop.", locale=lang).format(number=ticket.number))


@router.message(StateFilter(CitizenInput.not_resolved), F.text)
async def typed_reason(message: Message, state: FSMContext, bot: Bot, settings: Settings, users: UserRepo,
                       complaint_service: ComplaintService, i18n: I18n) -> None:
    lang = i18n.current_locale
    reason = " ".join(message.text.split())
    if reason.startswith("/") or not 3 <= len(reason) <= ADDITION_MAX:
        await message.answer(_("Please write in words what is not resolved (or /cancel).", locale=lang))
        return
    ticket = await complaint_service.citizen_ticket(message.from_user.id, int((await state.get_data()).get("ticket_id", 0)))
    await state.clear()
    now = datetime.now(UTC)
    # Reopened, and the citizen and staff told, in one transaction: the notices survive a crash.
    async with complaint_service.outbox.transaction() as notices:
        reopened = await complaint_service.reopen(ticket, now, reason) if ticket is not None else None
        if reopened is not None:
            complaint_service.to_citizen(notices, reopened, texts.reopened_notice(reopened, lang))
            item = ThreadMessage(now.isoformat(), "citizen", reopened.citizen_id, "not_resolved", reason)
            await announce_to_staff(notices, settings, users, reopened, item)
            await update_staff_post(notices, settings, complaint_service, reopened)
    if reopened is None:
        await message.answer(_("This appeal can no longer be reopened.", locale=lang))
        return
    await complaint_service.outbox.deliver(bot, notices)


class RepliedToTicket(BaseFilter):
    """A citizen's Telegram reply to a message of the bot about one of their tickets: {"ticket": Ticket}."""

    async def __call__(self, message: Message, complaint_service: ComplaintService) -> bool | dict:
        original = message.reply_to_message
        if original is None or original.from_user is None or not original.from_user.is_bot:
            return False
        if message.chat.type != "private":
            return False
        ticket_id = await complaint_service.repo.linked_ticket(message.chat.id, original.message_id)
        if ticket_id is None:
            return False
        ticket = await complaint_service.citizen_ticket(message.from_user.id, ticket_id)
        return {"ticket": ticket} if ticket is not None else False


@router.message(StateFilter(None), RepliedToTicket())
async def replied(message: Message, ticket: Ticket, bot: Bot, settings: Settings, users: UserRepo,
                  complaint_service: ComplaintService, i18n: I18n) -> None:
    await add_to_ticket(message, ticket, bot, settings, users, complaint_service, i18n.current_locale)


@router.message(StateFilter(CitizenInput.addition))
async def addition(message: Message, state: FSMContext, bot: Bot, settings: Settings, users: UserRepo,
                   complaint_service: ComplaintService, i18n: I18n) -> None:
    lang = i18n.current_locale
    ticket = await complaint_service.citizen_ticket(message.from_user.id, int((await state.get_data()).get("ticket_id", 0)))
    if ticket is None:
        await state.clear()
        await message.answer(_("Appeal not found.", locale=lang))
        return
    if await add_to_ticket(message, ticket, bot, settings, users, complaint_service, lang):
        await state.clear()


def addition_of(message: Message) -> tuple[str, str | None, str | None, str | None] | None:
    """(kind, text, file id, file name) of what a message adds, or None when it cannot be added."""
    if message.text and not message.text.startswith("/"):
        return "text", message.text.strip(), None, None
    if message.photo:
        return "photo", message.caption, message.photo[-1].file_id, None
    if message.document:
        return "document", message.caption, message.document.file_id, message.document.file_name
    if message.voice:
        return "voice", message.caption, message.voice.file_id, None
    if message.video_note:
        return "video_note", None, message.video_note.file_id, None
    return None


async def add_to_ticket(message: Message, ticket: Ticket, bot: Bot, settings: Settings, users: UserRepo,
                        service: ComplaintService, lang: str) -> bool:
    """Add the message to the ticket's thread and tell staff; False (and the citizen told why) if not added."""
    if not service.accepts_additions(ticket):
        await message.answer(_("This appeal is closed; please file a new one: /complaint", locale=lang))
        return True
    found = addition_of(message)
    if found is None or (found[1] and len(found[1]) > ADDITION_MAX):
        await message.answer(_("Text (up to {max} characters), a photo, a document or a voice message can be added. "
                               "/cancel to stop.", locale=lang).format(max=ADDITION_MAX))
        return False
    kind, text, file_id, file_name = found
    # The addition, the citizen's receipt and the staff's notices (with the file itself for the assignee)
    # commit together: they survive a crash.
    async with service.outbox.transaction() as notices:
        item = await service.add_from_citizen(ticket, kind, text, file_id, file_name)
        notices.add(message.chat.id, _("Added to your appeal {number}; staff were told.", locale=lang).format(
            number=ticket.number), citizen_id=ticket.citizen_id, ticket_id=ticket.id)
        await announce_to_staff(notices, settings, users, ticket, item)
    await service.outbox.deliver(bot, notices)
    return True


async def announce_to_staff(notices: Notices, settings: Settings, users: UserRepo, ticket: Ticket,
                            item: ThreadMessage) -> None:
    """The assignee (in their language) and the staff chat hear what the citizen added (stored with it);
    the assignee gets the file too, by its file id, right after the text that announces it."""
    targets: list[tuple[int, str]] = []
    if ticket.assignee_id is not None:
        assignee = await users.get(ticket.assignee_id)
        targets.append((ticket.assignee_id, (assignee.language if assignee and assignee.language
                                             else settings.default_locale)))
    if settings.staff_chat_id is not None:
        targets.append((settings.staff_chat_id, settings.default_locale))
    for chat_id, lang in targets:
        kb = InlineKeyboardBuilder()
        kb.button(text="📂 " + _("Open", locale=lang), callback_data=StaffTicket(action="open", id=ticket.id))
        notices.add(chat_id, texts.addition_for_staff(ticket, item, lang), kb.as_markup(),
                    citizen_id=ticket.citizen_id, ticket_id=ticket.id)
        if item.file_id and chat_id == ticket.assignee_id:
            notices.add_file(chat_id, item.kind, item.file_id, ticket.number, citizen_id=ticket.citizen_id,
                             ticket_id=ticket.id)
