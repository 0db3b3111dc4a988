"""What Telegram shows about the bot: the command menus, the description (on the empty chat
screen) and the short description (on the profile and in shares), in Kyrgyz and Russian.

Residents get one command menu per language. Staff get their own menu in their private chat
(BotCommandScopeChat), with the commands of their role added, in the language they use the bot in;
it is set at start for every staff member and again when /staff changes a role. Telegram keeps all
of this between starts, so a failure here is logged and never stops the bot.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from config import LOCALES
from storage.users import STAFF_ROLES, User, UserRepo

log = logging.getLogger("kenesh.profile")


def command_list(lang: str) -> list[BotCommand]:
    """The residents' menu."""
    commands = {
        "menu": _("Topics: local self-government", locale=lang),
        "complaint": _("File a complaint or an application", locale=lang),
        "my": _("My complaints and their status", locale=lang),
        "subscribe": _("Announcements for my region", locale=lang),
        "unsubscribe": _("Stop announcements", locale=lang),
        "lang": _("Change the language", locale=lang),
        "help": _("What this bot can do", locale=lang),
        "cancel": _("Stop what I am doing", locale=lang),
    }
    return [BotCommand(command=name, description=text) for name, text in commands.items()]


def staff_command_list(role: str, lang: str) -> list[BotCommand]:
    """A staff member's menu: the commands of their role first, then the residents' ones."""
    staff: dict[str, str] = {}
    if role in ("operator", "admin"):
        staff["queue"] = _("Appeals queue", locale=lang)
        staff["stats"] = _("Appeals statistics and overdue ones", locale=lang)
        staff["export"] = _("Export appeals as CSV and XLSX", locale=lang)
    if role in ("announcer", "admin"):
        staff["broadcast"] = _("Write an announcement", locale=lang)
        staff["broadcasts"] = _("Scheduled and running announcements", locale=lang)
    if role == "admin":
        staff["staff"] = _("Staff and their roles", locale=lang)
    return [BotCommand(command=name, description=text) for name, text in staff.items()] + command_list(lang)


def description(lang: str) -> str:
    # NOTE: Telegram's bot description, shown on the empty chat screen (at most 512 characters)
    return _(
        "Kenesh answers questions on local self-government in Kyrgyzstan: who elects and appoints, how "
        "aiyl okmotus, mayors' offices and local kenesh work, where and how to appeal — with the law and "
        "its article for every answer.\n\n"
        "Here you can also send a complaint or an application to an aiyl okmotu or a mayor's office and "
        "follow its status, and subscribe to official announcements for your area.",
        locale=lang,
    )


def short_description(lang: str) -> str:
    # NOTE: Telegram's short bot description, on the profile page (at most 120 characters)
    return _("Local self-government in Kyrgyzstan: answers with the law, complaints, announcements.", locale=lang)


async def _call(what: str, request) -> bool:
    try:
        await request
        return True
    except TelegramAPIError as error:
        log.warning("could not set %s: %s", what, type(error).__name__)
        return False


async def set_commands(bot: Bot, i18n: I18n, default_locale: str, users: UserRepo | None = None) -> None:
    """At start: the residents' menus, the descriptions, and every staff member's own menu."""
    with i18n.context():
        for lang in LOCALES:
            await _call("commands", bot.set_my_commands(command_list(lang), scope=BotCommandScopeDefault(),
                                                        language_code=lang))
            await _call("description", bot.set_my_description(description(lang), language_code=lang))
            await _call("short description", bot.set_my_short_description(short_description(lang), language_code=lang))
        # Clients in any other language see the default locale's.
        await _call("commands", bot.set_my_commands(command_list(default_locale), scope=BotCommandScopeDefault()))
        await _call("description", bot.set_my_description(description(default_locale)))
        await _call("short description", bot.set_my_short_description(short_description(default_locale)))
        if users is not None:
            for member in await users.with_roles(STAFF_ROLES):
                await refresh_staff_menu(bot, member.id, member.role, member.language or default_locale)


async def refresh_staff_menu(bot: Bot, user_id: int, role: str, lang: str) -> bool:
    """Give a staff member the menu of their role in their private chat, or take it away from
    someone who is no longer staff (they then see the residents' menu again)."""
    scope = BotCommandScopeChat(chat_id=user_id)
    if role in STAFF_ROLES:
        # A staff member who never opened the bot has no chat yet: Telegram refuses, and the menu
        # is set at the next start or role change.
        return await _call("a staff menu", bot.set_my_commands(staff_command_list(role, lang), scope=scope))
    return await _call("a staff menu", bot.delete_my_commands(scope=scope))


async def refresh_menu_of(bot: Bot, user: User | None, default_locale: str) -> bool:
    if user is None:
        return False
    return await refresh_staff_menu(bot, user.id, user.role, user.language or default_locale)
