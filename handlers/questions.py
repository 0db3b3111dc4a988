"""Free text that is not a command: a question for the knowledge base. Registered last."""

from __future__ import annotations

from aiogram.filters import StateFilter
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from config import Settings
from handlers.conversation import conversation_buttons, converse
from handlers.filters import HasText
from handlers.keyboards import reply_keyboard
from qa.service import QuestionAnswerer
from services.answers import render_reply
from handlers.routing import HandlerSet
from services.conversation import Conversation
from storage.question_log import QuestionLog

router = HandlerSet(__name__)


@router.message(StateFilter(None), HasText(command=True))
async def unknown_command(message: Message) -> None:
    await message.answer(_("I don't know this command. Send /help to see what I can do."))


@router.message(StateFilter(None), HasText(command=False))
async def question(message: Message, qa: QuestionAnswerer, i18n: I18n, conversation: Conversation,
                   question_log: QuestionLog, settings: Settings) -> None:
    if not message.text.strip():
        await message.answer(_("Please write your question in words."))
        return
    # conversation hook 1 (handlers/conversation.py): small talk, problems, follow-ups in context
    turn = await converse(message, conversation, settings, i18n.current_locale,
                          lambda text: qa.ask(text, user_lang=i18n.current_locale))
    if turn is None:
        return
    answer = turn.answer
    markup = reply_keyboard(qa.kb, answer)
    # conversation hook 2: 👍/👎, "send to staff", "file a complaint"; declined/unsure kept for editors
    markup = await conversation_buttons(markup, turn, message.from_user.id, conversation, question_log)
    await message.answer(render_reply(answer, html=True), reply_markup=markup)
