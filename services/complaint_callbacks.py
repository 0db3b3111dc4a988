"""Callback data of the complaints feature, in one place (short prefixes: Telegram allows 64 bytes).

Plain data, so that services (the reminders) build buttons without importing handlers."""

from aiogram.filters.callback_data import CallbackData

from services.callback_ids import PageNumber, RowId


class FormStep(CallbackData, prefix="cf"):
    """A button of the intake form. action: the step's choice — kind, obl (oblast or republican city),
    plc (rayon or city), ao (a body of the directory, by id), unk ("I don't know": staff choose),
    page (of the aiyl okmotus), typed (confirm a typed name), same (the last addressee), cat, skip,
    back, done, yes, no, send, change, part, contact; value: the chosen item."""

    action: str
    value: str = ""


class FormOffer(CallbackData, prefix="cfo"):
    """Under a photo or location sent outside the form: start an appeal with it (yes) or not (no)."""

    action: str


class MyTicket(CallbackData, prefix="my"):
    """The citizen's own tickets. action: open | reopen (not resolved: asks why) | add (add to it) | list."""

    action: str
    id: RowId = 0


class StaffTicket(CallbackData, prefix="st"):
    """Staff actions on a ticket. action: open | take | reply (a message, the ticket stays in work) |
    answer (reply and mark answered, one action) | status | set (value: the new status)."""

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
