"""Create aiogram's Telegram objects without pydantic's slow way of setting their one private attribute.

Every aiogram object (an Update, a Message, a button, a SendMessage) is bound to the Bot through a
private attribute, `_bot` (aiogram/client/context_controller.py). pydantic sets private attributes
in Python after validating: at each level of the class hierarchy it wraps `model_post_init` again,
so creating one button runs that wrapper four times, resolves the attribute's (absent) default with
an import inside the function, and then sets `_bot` through `BaseModel.__setattr__`. That is most of
the cost of creating an object (about 12 of 20 µs for a button), and answering one question creates
a dozen: the update, its message, chat and sender, the reply, its buttons and keyboard, the message
sent back. `install()` gives each such class a `model_post_init` that does the same in one step:
`__pydantic_private__` ends as `{"_bot": <the bot from the validation context, or None>}`, exactly
what pydantic's wrappers leave (tests/test_telegram_objects.py compares both).

Only classes whose private attributes are exactly aiogram's `_bot` and whose `model_post_init` is
aiogram's own are changed; anything else keeps pydantic's way. Idempotent.
"""

from __future__ import annotations

import inspect
from typing import Any

from aiogram.client.context_controller import BotContextController

_AIOGRAM_POST_INIT = inspect.unwrap(BotContextController.model_post_init)


def _bind_bot(self: BotContextController, context: Any, /) -> None:
    bot = context.get("bot") if context else None
    private = getattr(self, "__pydantic_private__", None)
    if private is None:
        object.__setattr__(self, "__pydantic_private__", {"_bot": bot})
    else:
        private["_bot"] = bot


def _classes(root: type) -> list[type]:
    found, todo = [], [root]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def replaceable(cls: type) -> bool:
    """Whether `cls` binds its bot exactly as aiogram does and has no other private attribute."""
    post_init = cls.__dict__.get("model_post_init", cls.model_post_init)
    return (
        set(getattr(cls, "__private_attributes__", {})) == {"_bot"}
        and (post_init is _bind_bot or inspect.unwrap(post_init) is _AIOGRAM_POST_INIT)
    )


def install() -> int:
    """Give every aiogram object class defined so far the one-step `model_post_init`; how many."""
    changed = 0
    for cls in _classes(BotContextController):
        if cls.__dict__.get("model_post_init") is _bind_bot:
            continue
        if replaceable(cls):
            cls.model_post_init = _bind_bot
            changed += 1
    return changed
