"""Loads (and records) the user behind every update, so handlers receive `user`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User as TgUser

from config import LOCALES
from storage.users import UserRepo


def telegram_language(tg_user: TgUser | None) -> str | None:
    """Telegram's `language_code` ('ru-RU' → 'ru') when it is one of ours, else None."""
    code = (tg_user.language_code or "") if tg_user else ""
    code = code.split("-")[0].lower()
    return code if code in LOCALES else None


class UserMiddleware(BaseMiddleware):
    """Outer middleware on `update`: upserts the users row and puts `user` into the data."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is not None and not tg_user.is_bot:
            users: UserRepo = data["users"]
            data["user"], _ = await users.touch(tg_user.id, telegram_language(tg_user))
        else:
            data["user"] = None
        return await handler(event, data)
