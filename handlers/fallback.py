"""What nobody else took: other message kinds, and buttons nobody recognises. Registered last."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.callback_answer import CallbackAnswer
from handlers.routing import HandlerSet

router = HandlerSet(__name__)


@router.message()
async def not_text(message: Message) -> None:
    # Stickers, photos, voice, locations… outside a form: say what the bot understands.
    await message.answer(
        _("I understand text questions. Write your question in words, or open /menu.")
    )


@router.callback_query()
async def stale_button(query: CallbackQuery, callback_answer: CallbackAnswer) -> None:
    # Old or forged callback data: answer it, so the client stops its spinner, and change nothing.
    callback_answer.text = _("This button is out of date. Open /menu again.")
    callback_answer.show_alert = True
