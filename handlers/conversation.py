"""Conversation around the question path: the two hooks handlers/questions.py calls, and "Where else to turn".

    turn = await converse(message, conversation, settings, ask)      # before the answer
    markup = await conversation_buttons(markup, turn, user_id, ...)  # buttons under the answer

`converse` replies itself to small talk, a rude message, a problem told and a bare "почему?", and
returns None then; otherwise it returns the turn whose `answer` the question handler renders.
`conversation_buttons` adds 👍/👎, "Send my question to staff" and "File a complaint" where they
belong, and keeps declined and unsure questions for the editors (question_log, no user id).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from aiogram.filters import StateFilter
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from config import Settings
from handlers.callbacks import StartComplaint
from handlers.conversation_callbacks import AskStaff, Feedback, WhereToTurn
from handlers.keyboards import complaint_button, menu_button, reply_keyboard
from handlers.routing import HandlerSet
from qa.rules import answer_due_date
from qa.service import Answer, QuestionAnswerer
from services.answers import render_reply
from services.complaints import local_date
from services.conversation import (
    WHERE_TO_COMPLAIN,
    Conversation,
    Turn,
    offers_complaint,
    offers_staff,
    outcome_of,
    problem_text,
    small_talk_text,
)
from storage.question_log import QuestionLog

router = HandlerSet(__name__)


def _button(text: str, data) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def feedback_row(ref: str) -> list[InlineKeyboardButton]:
    return [_button("👍", Feedback(vote="up", ref=ref)), _button("👎", Feedback(vote="down", ref=ref))]


def staff_row(ref: str, lang: str) -> list[InlineKeyboardButton]:
    return [_button("📨 " + _("Send my question to staff", locale=lang), AskStaff(action="offer", ref=ref))]


def has_complaint_button(markup: InlineKeyboardMarkup | None) -> bool:
    complaint = StartComplaint().pack()
    return markup is not None and any(
        b.callback_data == complaint for row in markup.inline_keyboard for b in row
    )


def complaint_row_if_missing(markup: InlineKeyboardMarkup | None, lang: str) -> list[list[InlineKeyboardButton]]:
    """The "File a complaint" row, unless the answer path's keyboard already has the button."""
    return [] if has_complaint_button(markup) else [[complaint_button(lang)]]


def extended(markup: InlineKeyboardMarkup | None, rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    # The answer path's keyboards are cached and shared: build a new markup, never change theirs.
    if not rows:
        return markup
    return InlineKeyboardMarkup(inline_keyboard=[*(markup.inline_keyboard if markup else ()), *rows])


def problem_keyboard(lang: str) -> InlineKeyboardMarkup:
    where = _button("🧭 " + _("Where else to turn", locale=lang), WhereToTurn())
    return InlineKeyboardMarkup(inline_keyboard=[[complaint_button(lang)], [where]])


def small_talk_keyboard(kind: str, lang: str) -> InlineKeyboardMarkup:
    if kind == "rude":
        return InlineKeyboardMarkup(inline_keyboard=[[menu_button(lang)], [complaint_button(lang)]])
    return InlineKeyboardMarkup(inline_keyboard=[[menu_button(lang)]])


# --- hook 1: before the answer -------------------------------------------------------------------


async def converse(message: Message, conversation: Conversation, settings: Settings, user_lang: str,
                   ask: Callable[[str], Answer]) -> Turn | None:
    """Reply to what is not a question and return None; else the turn to answer."""
    turn = conversation.read(message.from_user.id, message.text, user_lang, ask)
    if turn.kind == "question":
        return turn
    if turn.kind == "problem":
        days = settings.complaint_answer_days
        due = answer_due_date(local_date(datetime.now(UTC)), days=days)
        await message.answer(problem_text(turn.lang, due, days), reply_markup=problem_keyboard(turn.lang))
        return None
    await message.answer(small_talk_text(turn.kind, turn.lang), reply_markup=small_talk_keyboard(turn.kind, turn.lang))
    return None


# --- hook 2: the buttons under the answer ------------------------------------------------------


async def conversation_buttons(markup: InlineKeyboardMarkup | None, turn: Turn, user_id: int,
                               conversation: Conversation, question_log: QuestionLog) -> InlineKeyboardMarkup | None:
    answer = turn.answer
    assert answer is not None
    lang = answer.lang
    outcome = outcome_of(answer)
    if outcome is not None:
        closest = answer.topic or (answer.alternatives[0] if answer.alternatives else None)
        await question_log.record(turn.question, lang, outcome, closest, answer.confidence)
    rows: list[list[InlineKeyboardButton]] = []
    staff = offers_staff(answer, turn.question)
    if answer.answered or staff:
        ref = conversation.keep(user_id, turn.question, answer)
        if answer.answered:
            rows.append(feedback_row(ref))
        if staff:
            rows.append(staff_row(ref, lang))
    if offers_complaint(answer) or turn.problem:
        rows += complaint_row_if_missing(markup, lang)
    return extended(markup, rows)


# --- "Where else to turn" ----------------------------------------------------------------------


@router.callback_query(WhereToTurn.filter(), StateFilter("*"))
async def where_to_turn(query: CallbackQuery, qa: QuestionAnswerer, i18n: I18n) -> None:
    # A new message: the resident keeps the one-line reply and its complaint button above it.
    answer = qa.topic(WHERE_TO_COMPLAIN, i18n.current_locale)
    if answer is None or query.message is None:
        return
    markup = reply_keyboard(qa.kb, answer)
    markup = extended(markup, complaint_row_if_missing(markup, answer.lang))
    await query.bot.send_message(query.message.chat.id, render_reply(answer, html=True), reply_markup=markup)
