"""What nobody else took: other message kinds, and buttons nobody recognises. Registered last."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

router = Router(name=__name__)


@router.message()
async def not_text(message: Message) -> None:
    # Stickers, photos, voice, locations… outside a form: say what the bot understands.
    await message.answer(
        _("I understand text questions. Write your question in words, or open /menu.")
    )


@router.callback_query()
async def stale_button(query: CallbackQuery) -> None:
    # Old or forged callback data: answer it, so the client stops its spinner, and change nothing.
    await query.answer(_("This button is out of date. Open /menu again."), show_alert=True)
