"""services/telegram_objects.py: aiogram objects are bound to their bot exactly as pydantic's own
`model_post_init` wrappers bind them, in one step."""

from __future__ import annotations

from aiogram.client.context_controller import BotContextController
from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
from pydantic._internal._model_construction import init_private_attributes

from services import telegram_objects
from services.telegram_objects import _AIOGRAM_POST_INIT, install, replaceable

UPDATE = {"update_id": 5, "message": {"message_id": 5, "date": 1700000000,
                                      "chat": {"id": 777, "type": "private", "first_name": "Айгүл"},
                                      "from": {"id": 777, "is_bot": False, "first_name": "Айгүл"},
                                      "text": "Мэрди ким дайындайт?"}}


def _the_pydantic_way(obj, context) -> dict:
    object.__setattr__(obj, "__pydantic_private__", None)
    init_private_attributes(obj, context)
    _AIOGRAM_POST_INIT(obj, context)
    return obj.__pydantic_private__


def test_every_aiogram_object_class_binds_its_bot_in_one_step_or_keeps_pydantics_way() -> None:
    install()
    assert install() == 0  # idempotent
    classes = telegram_objects._classes(BotContextController)
    assert len(classes) > 300
    for cls in classes:
        if cls.__dict__.get("model_post_init") is not telegram_objects._bind_bot:
            assert not replaceable(cls) or cls is BotContextController, cls


def test_objects_end_with_the_same_private_state_as_pydantic_leaves() -> None:
    install()
    bot = object()
    update = Update.model_validate(UPDATE, context={"bot": bot})
    for obj, context in ((update, {"bot": bot}), (update.message, {"bot": bot}), (update.message.chat, {"bot": bot}),
                         (InlineKeyboardButton(text="👍", callback_data="fb:up:x"), None),
                         (SendMessage(chat_id=1, text="x"), None),
                         (InlineKeyboardMarkup.model_construct(inline_keyboard=[]), None)):
        ours = dict(obj.__pydantic_private__)
        assert ours == {"_bot": context["bot"] if context else None}
        assert _the_pydantic_way(obj, context) == ours
    assert update.message.bot is bot
    assert update.message.answer("x").bot is bot  # a method made from a message is bound too (as_)
    assert update == Update.model_validate(UPDATE, context={"bot": bot})
