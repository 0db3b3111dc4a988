"""/forget: a resident erases their personal data, after confirming with a button."""

from __future__ import annotations

from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from handlers.routing import HandlerSet
from services.privacy import erase_personal_data
from storage.db import Database

router = HandlerSet(__name__)


class ForgetChoice(CallbackData, prefix="forget"):
    action: str  # yes | no


def confirm_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="🗑 " + _("Yes, erase my data"), callback_data=ForgetChoice(action="yes").pack()),
        InlineKeyboardButton(text=_("No, keep it"), callback_data=ForgetChoice(action="no").pack()),
    ]])


@router.message(Command("forget"), StateFilter("*"))
async def forget_command(message: Message) -> None:
    await message.answer(
        _("Erase your personal data?\n\n"
          "• Your name, phone number and location are removed from your appeals, and the appeals are no "
          "longer linked to your Telegram account. The appeals themselves stay, anonymised: the agency "
          "must answer them and counts them in its statistics.\n"
          "• Your announcement subscription, your language choice and any form in progress are deleted.\n\n"
          "This cannot be undone; afterwards /my will no longer show your appeals."),
        reply_markup=confirm_keyboard(),
    )


@router.callback_query(ForgetChoice.filter(), StateFilter("*"))
async def forget_choice(query: CallbackQuery, callback_data: ForgetChoice, callback_answer: CallbackAnswer,
                        state: FSMContext, db: Database) -> None:
    if callback_data.action != "yes":
        callback_answer.text = _("Nothing was erased.")
        if query.message is not None:
            await query.message.edit_text(_("Nothing was erased."))
        return
    erasure = await erase_personal_data(db, query.from_user.id)
    await state.clear()
    text = _("Done: your personal data was erased ({tickets} appeals anonymised).").format(tickets=erasure.tickets)
    callback_answer.text = text
    if query.message is not None:
        await query.message.edit_text(text)
