"""/menu: topic groups → topics → answer, in one message edited in place. "More" under an answer
sends a new message (handlers/questions.py), so the answer being read is never overwritten."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import MenuNav
from handlers.keyboards import answer_keyboard, groups_keyboard, topic_keyboard, topics_keyboard
from qa.service import QuestionAnswerer
from services.answers import details_message, render_answer
from handlers.routing import HandlerSet

router = HandlerSet(__name__)


@router.message(Command("menu"), StateFilter("*"))
async def show_menu(message: Message, qa: QuestionAnswerer, i18n: I18n) -> None:
    await message.answer(_("Choose a topic:"), reply_markup=groups_keyboard(qa.kb, i18n.current_locale))


@router.callback_query(MenuNav.filter(), StateFilter("*"))
async def navigate(query: CallbackQuery, callback_data: MenuNav, qa: QuestionAnswerer, i18n: I18n) -> None:
    lang = i18n.current_locale
    level, item = callback_data.level, callback_data.id
    if level == "root":
        text, markup = _("Choose a topic:"), groups_keyboard(qa.kb, lang)
    elif level == "group" and (group := qa.kb.group(item)) is not None:
        text, markup = group.title[lang], topics_keyboard(qa.kb, group.id, lang)
    elif level == "topic" and (answer := qa.topic(item, lang)) is not None:
        text = render_answer(answer, html=True)
        markup = answer_keyboard(qa.kb, answer, in_menu=True)
    elif level == "more" and (entry := qa.kb.entry(item)) is not None:
        # a "More" button of an older version: the details as a new message, like the new button
        if query.message is not None:
            text = details_message(entry, 0, lang, qa.cite, html=True)
            await query.bot.send_message(query.message.chat.id, text, reply_markup=topic_keyboard(qa.kb, entry.id, lang))
        return
    else:
        # A button from an older version of the knowledge base: start again from the top.
        text = _("This button is out of date.") + "\n\n" + _("Choose a topic:")
        markup = groups_keyboard(qa.kb, lang)
    await show_in_place(query, text, markup)


async def show_in_place(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """Edit the message the button is on; send a new one when it can no longer be edited."""
    message = query.message
    if isinstance(message, Message):
        try:
            await message.edit_text(text, reply_markup=markup)
            return
        except TelegramBadRequest as error:
            if "message is not modified" in str(error):
                return
    if message is not None:
        await query.bot.send_message(message.chat.id, text, reply_markup=markup)
