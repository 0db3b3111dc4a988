"""Callback data of the inline buttons shared by several features (short prefixes: 64 bytes max)."""

from aiogram.filters.callback_data import CallbackData

from services.callback_ids import SQLITE_INT_MAX, PageNumber, RowId, parse_row_id  # noqa: F401 (shared)


class LanguageChoice(CallbackData, prefix="lang"):
    code: str  # ky | ru


class MenuNav(CallbackData, prefix="m"):
    """Browsing the knowledge base in one message edited in place.

    level: root (the groups) | group (its topics) | topic (the answer) | more (the answer in full)
    """

    level: str
    id: str = ""


class StartComplaint(CallbackData, prefix="cstart"):
    """The "file a complaint" button under declines and in the menu (handled by the complaints feature)."""


class MoreDetails(CallbackData, prefix="more"):
    """ "More" under an answer: sends the rest of the topic as a NEW message (the answer being read
    stays as it is). `shown`: bit i set when statement i of the entry was in the first message;
    `lang`: the language of the answer (the question's, which may differ from the interface's)."""

    id: str
    shown: int = 0
    lang: str = ""


class ShowTopic(CallbackData, prefix="t"):
    """A related topic under an answer: its answer comes as a new message, in `lang` (the answer's)."""

    id: str
    lang: str = ""
