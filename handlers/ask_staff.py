""""Send my question to staff": what is sent, the citizen's consent, then a question ticket in the queue."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from aiogram import Bot
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from config import Settings
from handlers.complaint_form import refusal_text
from handlers.conversation_callbacks import AskStaff
from handlers.menu import show_in_place
from handlers.routing import HandlerSet
from handlers.staff.keyboards import announce_new_ticket
from services.complaints import ComplaintService, Refusal
from services.conversation import Conversation
from services.question_tickets import (
    consent_text,
    file_question,
    not_sent_text,
    sent_text,
)

router = HandlerSet(__name__)


def telegram_name(query: CallbackQuery) -> str:
    user = query.from_user
    return user.full_name + (f" (@{user.username})" if user.username else "")


def consent_keyboard(ref: str, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="✅ " + _("Send to staff", locale=lang),
                             callback_data=AskStaff(action="send", ref=ref).pack()),
        InlineKeyboardButton(text="✖️ " + _("Don't send", locale=lang),
                             callback_data=AskStaff(action="no", ref=ref).pack()),
    ]])


@router.callback_query(AskStaff.filter(), StateFilter("*"))
async def ask_staff(query: CallbackQuery, callback_data: AskStaff, callback_answer: CallbackAnswer, bot: Bot,
                    conversation: Conversation, complaint_service: ComplaintService, settings: Settings) -> None:
    record = conversation.record(callback_data.ref, query.from_user.id)
    if record is None or query.message is None:
        callback_answer.text = _("This button is out of date. Ask your question again.")
        callback_answer.show_alert = True
        return
    lang = record.lang  # the language of the answer above it, which is the question's
    if record.sent_to_staff:
        callback_answer.text = _("This question has already been sent to staff: see /my.", locale=lang)
        callback_answer.show_alert = True
        return
    if callback_data.action == "offer":
        # A new message: the answer above stays as it was.
        days = settings.complaint_answer_days
        await bot.send_message(query.message.chat.id, consent_text(record.question, telegram_name(query), lang, days),
                               reply_markup=consent_keyboard(callback_data.ref, lang))
    elif callback_data.action == "send":
        # The question ticket, its confirmation (in place of the consent screen) and the staff-chat post
        # commit together, so a crash after the commit still tells the citizen the number.
        outbox = complaint_service.outbox
        async with outbox.transaction() as notices:
            result = await file_question(complaint_service, query.from_user.id, lang, record.question,
                                         telegram_name(query), datetime.now(UTC))
            if not isinstance(result, Refusal):
                in_private = query.message.chat.id == query.from_user.id
                complaint_service.to_citizen(notices, result, sent_text(result, lang),
                                             edit_message_id=query.message.message_id if in_private else None)
                announce_new_ticket(notices, settings, result)
        if isinstance(result, Refusal):
            await show_in_place(query, refusal_text(result, lang), None)
            return
        conversation.update(callback_data.ref, replace(record, sent_to_staff=True))
        await outbox.deliver(bot, notices)
    else:
        await show_in_place(query, not_sent_text(lang), None)
