"""Role filters for staff surfaces. Used on whole routers and checked again on every callback,
so a forged button press from a citizen reaches no staff handler."""

from __future__ import annotations

from aiogram.filters import BaseFilter
from aiogram.types import TelegramObject

from storage.users import STAFF_ROLES, User


class HasRole(BaseFilter):
    def __init__(self, *roles: str):
        self.roles = frozenset(roles or STAFF_ROLES)

    async def __call__(self, event: TelegramObject, user: User | None = None) -> bool:
        return user is not None and user.role in self.roles
