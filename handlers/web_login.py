"""/web: a staff member asks for a one-time link that signs them in to the web console.

Only staff roles match; a citizen's /web goes on to the usual path (a question, then the fallback).
The link is sent only in a private chat, as it opens a session for whoever holds it.
"""

from __future__ import annotations

from html import escape

from aiogram import F
from aiogram.filters import Command, StateFilter
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from config import Settings
from handlers.filters import HasRole
from handlers.routing import HandlerSet
from storage.db import Database
from storage.users import STAFF_ROLES
from web.auth import LINK_LIFETIME, WebAuth

router = HandlerSet(__name__)
router.message.filter(HasRole(*STAFF_ROLES))


@router.message(Command("web"), StateFilter("*"), F.chat.type == "private")
async def web_link(message: Message, settings: Settings, db: Database) -> None:
    if not settings.web_enabled:
        await message.answer(_("The web console is turned off on this server (WEB_PORT is empty)."))
        return
    token = await WebAuth(db).issue_link_token(message.from_user.id)
    link = f"{settings.web_url}/login/{token}"
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    await message.answer(
        _("Your link to the web console. It works once, for {minutes} minutes; do not pass it on:").format(
            minutes=minutes) + f'\n<a href="{escape(link)}">{escape(link)}</a>'
    )  # link previews are off for the whole bot (bot.py), so no preview fetch spends the link
