"""Callback data of the complaints feature (short prefixes: Telegram allows 64 bytes)."""

from aiogram.filters.callback_data import CallbackData

from handlers.callbacks import PageNumber, RowId


class FormStep(CallbackData, prefix="cf"):
    """A button of the intake form. action: the step's choice (kind, obl, plc, body, cat, skip,
    back, done, yes, no, send, change, part); value: the chosen item."""

    action: str
    value: str = ""


class MyTicket(CallbackData, prefix="my"):
    """The citizen's own tickets. action: open | reopen | list."""

    action: str
    id: RowId = 0


class StaffTicket(CallbackData, prefix="st"):
    """Staff actions on a ticket. action: open | take | reply | status | set | answered."""

    action: str
    id: RowId
    value: str = ""


class QueueNav(CallbackData, prefix="q"):
    """/queue: view (new | mine | overdue), page, filters; pick: '' | region | cat | export."""

    view: str = "new"
    page: PageNumber = 0
    region: str = ""
    cat: str = ""
    pick: str = ""
