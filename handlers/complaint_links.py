"""Deep links into the complaints feature: t.me/<bot>?start=complaint opens the form;
?start=KG-YYYY-NNNNNN shows that ticket to its owner (to anyone else: "not found").

Before handlers/start.py, whose /start greets and asks the language.
"""

from __future__ import annotations

from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.complaint_form import begin
from handlers.my_tickets import show_ticket
from handlers.routing import HandlerSet
from qa.service import QuestionAnswerer
from services.complaints import NUMBER_RE, ComplaintService
from storage.subscriptions import SubscriptionRepo

router = HandlerSet(__name__)


@router.message(CommandStart(deep_link=True), StateFilter("*"))
async def start_with_argument(message: Message, command: CommandObject, state: FSMContext,
                              complaint_service: ComplaintService, subscriptions: SubscriptionRepo,
                              qa: QuestionAnswerer, i18n: I18n) -> None:
    argument = (command.args or "").strip()
    lang = i18n.current_locale
    if argument.lower() == "complaint":
        await begin(message, state, message.from_user.id, lang, complaint_service, subscriptions, qa.kb.regions)
        return
    if NUMBER_RE.match(argument):
        ticket = await complaint_service.repo.by_number(argument)
        await state.clear()
        if ticket is None or ticket.citizen_id != message.from_user.id:
            await message.answer(_("Appeal {number} was not found among your appeals. Your appeals: /my",
                                   locale=lang).format(number=argument.upper()))
            return
        await show_ticket(message, ticket, lang, complaint_service)
        return
    raise SkipHandler  # another deep link: the usual /start
