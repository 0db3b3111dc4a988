"""Role filters for staff surfaces. Used on whole routers and checked again on every callback,
so a forged button press from a citizen reaches no staff handler."""

from __future__ import annotations

from aiogram.filters import BaseFilter, Filter
from aiogram.types import Message, TelegramObject

from storage.users import STAFF_ROLES, User


class HasRole(BaseFilter):
    def __init__(self, *roles: str):
        self.roles = frozenset(roles or STAFF_ROLES)

    async def __call__(self, event: TelegramObject, user: User | None = None) -> bool:
        return user is not None and user.role in self.roles


class HasText(Filter):
    """A text message; `command=True/False` also requires it to start (or not) with "/".

    aiogram resolves a magic filter such as `F.text` in a worker thread on every update; this
    async filter keeps the hot path of free-text questions on the event loop.
    """

    def __init__(self, *, command: bool | None = None):
        self.command = command

    async def __call__(self, message: Message) -> bool:
        text = message.text
        if text is None:
            return False
        return self.command is None or text.startswith("/") == self.command
