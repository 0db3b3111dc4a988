"""Staff keyboards and the staff-chat post of a ticket, kept current by editing it in place (through the outbox)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from config import Settings
from handlers.layout import paired
from services import complaint_texts as texts
from services.complaint_callbacks import StaffTicket
from services.complaints import TRANSITIONS, ComplaintService
from services.outbox import Notices
from storage.complaints import OPEN_STATUSES, Ticket

STATUS_CHOICES = ("in_work", "forwarded", "rejected", "duplicate")  # "answered" comes with the answer itself


def needs_body(ticket: Ticket) -> bool:
    """The citizen did not know the aiyl okmotu: staff choose it from the rayon's."""
    return ticket.body_id is None and ticket.place_kind == "rayon" and ticket.status in OPEN_STATUSES


def ticket_actions(ticket: Ticket, lang: str, *, with_open: bool = False) -> InlineKeyboardMarkup:
    """Open (in the staff chat), Take (until someone has), Reply, Reply and mark answered, Status;
    and "Choose the aiyl okmotu" in the card while the citizen's "I don't know" stands."""
    kb = InlineKeyboardBuilder()
    if with_open:
        kb.button(text="📂 " + _("Open", locale=lang), callback_data=StaffTicket(action="open", id=ticket.id))
    if ticket.status in OPEN_STATUSES:
        if ticket.assignee_id is None:
            kb.button(text="🙋 " + _("Take into work", locale=lang), callback_data=StaffTicket(action="take", id=ticket.id))
        kb.button(text="💬 " + _("Reply", locale=lang), callback_data=StaffTicket(action="reply", id=ticket.id))
    if any(s in TRANSITIONS.get(ticket.status, ()) for s in STATUS_CHOICES):
        kb.button(text="🔀 " + _("Status", locale=lang), callback_data=StaffTicket(action="status", id=ticket.id))
    if ticket.status in OPEN_STATUSES:  # the longest label last, on its own row where it is not cut
        kb.button(text="✅ " + _("Reply and mark answered", locale=lang),
                  callback_data=StaffTicket(action="answer", id=ticket.id))
    if not with_open and needs_body(ticket):
        kb.button(text="🏛 " + _("Choose the aiyl okmotu", locale=lang), callback_data=StaffTicket(action="body", id=ticket.id))
    return InlineKeyboardMarkup(inline_keyboard=paired(*kb.buttons))


def status_choices(ticket: Ticket, lang: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for status in STATUS_CHOICES:
        if status in TRANSITIONS.get(ticket.status, ()):
            kb.button(text=texts.status_label(status, lang), callback_data=StaffTicket(action="set", id=ticket.id, value=status))
    kb.adjust(1)
    return kb.as_markup()


def body_choices(ticket: Ticket, bodies: list, lang: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for body in bodies:
        kb.button(text=body.short(lang), callback_data=StaffTicket(action="setbody", id=ticket.id, value=body.id))
    kb.adjust(2)
    return kb.as_markup()


def announce_new_ticket(notices: Notices, settings: Settings, ticket: Ticket, attachments: Sequence[str] = ()) -> None:
    """The staff-chat post of a new ticket (in the default locale: the chat is shared), in the outbox
    with the ticket; once sent, the post is remembered so that it shows the current status later.
    `attachments`: the kinds of the ticket's files."""
    if settings.staff_chat_id is None:
        return
    lang = settings.default_locale
    notices.add(settings.staff_chat_id, texts.staff_post(ticket, lang, attachments=attachments),
                ticket_actions(ticket, lang, with_open=True), citizen_id=ticket.citizen_id, ticket_id=ticket.id,
                after_sent="staff_post")


async def update_staff_post(notices: Notices, settings: Settings, service: ComplaintService, ticket: Ticket) -> None:
    """Inside the change's transaction: the staff-chat post re-rendered (the current status, the assignee's
    name, the buttons that still apply), an edit in the outbox with the change. A crash after the commit
    cannot leave the post showing an old status; of several edits waiting, only the newest is made."""
    if settings.staff_chat_id is None:
        return
    lang = settings.default_locale
    attachments = [a.kind for a in await service.repo.attachments(ticket.id)]
    notices.edit_staff_post(settings.staff_chat_id, ticket.id, texts.staff_post(ticket, lang, attachments=attachments),
                            ticket_actions(ticket, lang, with_open=True), citizen_id=ticket.citizen_id)
