"""What non-staff meet on staff surfaces, and the staff chat kept quiet.

After the staff routers (which only staff pass): a staff button pressed by anyone else is answered
"for staff only", not "out of date". In the staff chat the bot answers only commands and replies to
its own messages; other group talk is left alone (it is consumed here so no later router answers it).
"""

from __future__ import annotations

from aiogram.filters import BaseFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from config import Settings
from handlers.routing import HandlerSet
from services.complaint_callbacks import QueueNav, StaffTicket

router = HandlerSet(__name__)


class StaffChatChatter(BaseFilter):
    """A message in the staff chat that is neither a command nor a reply to the bot."""

    async def __call__(self, message: Message, settings: Settings) -> bool:
        if settings.staff_chat_id is None or message.chat.id != settings.staff_chat_id:
            return False
        if message.text and message.text.startswith("/"):
            return False
        original = message.reply_to_message
        return not (original is not None and original.from_user is not None and original.from_user.is_bot)


@router.message(StaffChatChatter())
async def ignore_chatter(message: Message) -> None:
    """Nothing to say: people talk to each other in the staff chat."""


@router.callback_query(StaffTicket.filter())
@router.callback_query(QueueNav.filter())
async def staff_only(query: CallbackQuery, callback_answer: CallbackAnswer, i18n: I18n) -> None:
    callback_answer.text = _("This button is for staff only.", locale=i18n.current_locale)
    callback_answer.show_alert = True
