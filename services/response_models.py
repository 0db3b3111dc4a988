"""Keep aiogram's response models alive for the Bot API methods Kenesh uses.

aiogram parses every Bot API answer with `Response[method.__returning__]`, a pydantic generic
model. pydantic caches those in a WeakValueDictionary, and a model class sits in reference
cycles, so each full garbage collection drops them and the next request builds the model again:
about 4 ms of schema building, which was a fifth of the time spent per update in
`bench/updates_bench.py`. One strong reference per method keeps them cached for the process.
"""

from __future__ import annotations

from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    DeleteMyCommands,
    DeleteWebhook,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    GetUpdates,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    SetMyDescription,
    SetMyShortDescription,
    SetWebhook,
)
from aiogram.methods import SendVideoNote, SendVoice
from aiogram.methods.base import Response, TelegramMethod

from services.delivery import RawUpdates

# The Bot API methods the bot calls (the foundation issue's list).
USED_METHODS: tuple[type[TelegramMethod], ...] = (
    GetMe, DeleteWebhook, SetWebhook, GetUpdates, SendMessage, EditMessageText, EditMessageReplyMarkup,
    AnswerCallbackQuery, DeleteMessage, SetMyCommands, SendDocument, SendPhoto, GetFile,
    SetMyDescription, SetMyShortDescription, DeleteMyCommands,  # the bot's profile and staff menus
)
USED_METHODS += (SendVoice, SendVideoNote)  # a ticket's voice messages and video notes, shown to staff
USED_METHODS += (RawUpdates,)  # getUpdates as polling asks for it (plain JSON objects, services/delivery.py)

_kept: list[type] = []


def keep_response_models() -> None:
    """Build each used method's response model once and hold on to it (idempotent)."""
    if not _kept:
        _kept.extend(Response[method.__returning__] for method in USED_METHODS)
