"""Free text that is not a command: a question for the knowledge base.

Registered last, so every form, command and staff surface comes first; the most common update of
all, a plain question in a private chat, takes a fast lane registered first (`fast_lane`): its
filter admits only what no other handler could want, so it skips the walk through every router.

Buttons under an answer that lead elsewhere ("More", a related topic) send a new message: the
answer the resident is reading is never overwritten.
"""

from __future__ import annotations

from aiogram.filters import Filter, StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from config import Settings
from handlers.conversation import conversation_buttons, converse
from handlers.callbacks import MoreDetails, ShowTopic
from handlers.filters import HasText
from handlers.keyboards import answer_keyboard, reply_keyboard, topic_keyboard
from qa.service import QuestionAnswerer
from services.answer_cache import AnswerCache
from services.answers import details_message, render_answer, render_reply
from handlers.routing import HandlerSet
from services.conversation import Conversation
from storage.question_log import QuestionLog

router = HandlerSet(__name__)
fast_lane = HandlerSet(__name__ + ".fast_lane")


class PlainQuestion(Filter):
    """Text in a private chat that is not a command and not a reply to a message.

    With no form in progress (StateFilter(None) beside it) no handler before the questions wants
    such a message: commands start with "/", forms and staff input need a state, a reply may add to
    a ticket (handlers/my_tickets.py), the staff chat is a group, photos and locations have no text.
    Anything else takes the ordinary way through every router.
    """

    async def __call__(self, message: Message) -> bool:
        text = message.text
        return (
            text is not None
            and not text.startswith("/")
            and message.reply_to_message is None
            and message.chat.type == "private"
        )


@router.message(StateFilter(None), HasText(command=True))
async def unknown_command(message: Message) -> None:
    await message.answer(_("I don't know this command. Send /help to see what I can do."))


@fast_lane.message(StateFilter(None), PlainQuestion())
@router.message(StateFilter(None), HasText(command=False))
async def question(message: Message, qa: QuestionAnswerer, i18n: I18n, conversation: Conversation,
                   question_log: QuestionLog, settings: Settings, answer_cache: AnswerCache) -> None:
    if not message.text.strip():
        await message.answer(_("Please write your question in words."))
        return
    # conversation hook 1 (handlers/conversation.py): small talk, problems, follow-ups in context
    turn = await converse(message, conversation, settings, i18n.current_locale,
                          lambda text: answer_cache.ask(qa, text, i18n.current_locale))
    if turn is None:
        return
    answer = turn.answer
    markup = reply_keyboard(qa.kb, answer)
    # conversation hook 2: 👍/👎, "send to staff", "file a complaint"; declined/unsure kept for editors
    markup = await conversation_buttons(markup, turn, message.from_user.id, conversation, question_log)
    await message.answer(render_reply(answer, html=True), reply_markup=markup)


@router.callback_query(MoreDetails.filter(), StateFilter("*"))
async def more_details(query: CallbackQuery, callback_data: MoreDetails, qa: QuestionAnswerer, i18n: I18n) -> None:
    lang = _answer_lang(callback_data.lang, i18n)
    entry = qa.kb.entry(callback_data.id)
    if query.message is None:
        return
    if entry is None:  # a button from an older version of the knowledge base
        await query.bot.send_message(query.message.chat.id, _("This button is out of date."))
        return
    text = details_message(entry, max(callback_data.shown, 0), lang, qa.cite, html=True)
    await query.bot.send_message(query.message.chat.id, text, reply_markup=topic_keyboard(qa.kb, entry.id, lang))


@router.callback_query(ShowTopic.filter(), StateFilter("*"))
async def show_topic(query: CallbackQuery, callback_data: ShowTopic, qa: QuestionAnswerer, i18n: I18n) -> None:
    answer = qa.topic(callback_data.id, _answer_lang(callback_data.lang, i18n))
    if query.message is None:
        return
    if answer is None:
        await query.bot.send_message(query.message.chat.id, _("This button is out of date."))
        return
    await query.bot.send_message(
        query.message.chat.id, render_answer(answer, html=True), reply_markup=answer_keyboard(qa.kb, answer)
    )


def _answer_lang(lang: str, i18n: I18n) -> str:
    """The language of the answer the button was under; the interface language for older buttons."""
    return lang if lang in i18n.available_locales else i18n.current_locale
