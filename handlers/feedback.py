"""👍 / 👎 under an answer: kept for the editors (question_log: the question and topic, no user id)."""

from __future__ import annotations

from dataclasses import replace

from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from handlers.conversation import staff_row
from handlers.conversation_callbacks import Feedback
from handlers.routing import HandlerSet
from services.conversation import Conversation
from storage.question_log import QuestionLog

router = HandlerSet(__name__)
VOTES = {"up": "liked", "down": "disliked"}


@router.callback_query(Feedback.filter(), StateFilter("*"))
async def vote(query: CallbackQuery, callback_data: Feedback, callback_answer: CallbackAnswer,
               conversation: Conversation, question_log: QuestionLog) -> None:
    outcome = VOTES.get(callback_data.vote)
    record = conversation.record(callback_data.ref, query.from_user.id)
    if outcome is None or record is None:
        # older than a day, from before a restart, or not this user's answer
        callback_answer.text = _("This button is out of date. Ask your question again.")
        callback_answer.show_alert = True
        return
    lang = record.lang  # the language of the answer rated
    if record.vote is not None:
        callback_answer.text = _("You have already rated this answer. Thank you!", locale=lang)
        return
    conversation.update(callback_data.ref, replace(record, vote=outcome))
    await question_log.record(record.question, record.lang, outcome, record.topic, record.confidence)
    if outcome == "liked":
        callback_answer.text = _("Thank you!", locale=lang)
        return
    callback_answer.text = _("Thank you, noted.", locale=lang)
    if query.message is not None:
        await query.bot.send_message(
            query.message.chat.id,
            _("Thank you: the editors will see this question and improve the answer. If you like, I can send "
              "your question to the agency's staff, who will answer you here.", locale=lang),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[staff_row(callback_data.ref, lang)]),
        )
