"""The user's language for gettext: their choice, else Telegram's language_code, else the default."""

from __future__ import annotations

from typing import Any

from aiogram.types import TelegramObject
from aiogram.utils.i18n import I18nMiddleware

from middlewares.user import telegram_language


class UserLocaleMiddleware(I18nMiddleware):
    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        user = data.get("user")
        if user is not None and user.language:
            return user.language
        return telegram_language(data.get("event_from_user")) or self.i18n.default_locale
