"""/staff add|remove|list: admins grant and take away staff roles; every change is audited."""

from __future__ import annotations

from aiogram import Bot
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.types import Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.filters import HasRole
from config import Settings
from services.bot_profile import refresh_menu_of
from services.complaints import ComplaintService
from storage.users import STAFF_ROLES, UserRepo
from handlers.callbacks import parse_row_id
from handlers.routing import HandlerSet

router = HandlerSet(__name__)
router.message.filter(HasRole("admin"))


def usage(lang: str) -> str:
    return _("Usage:\n/staff list\n/staff add <user id> [operator|announcer|admin]\n/staff remove <user id>",
             locale=lang)


def role_name(role: str, lang: str) -> str:
    """A role as the admin reads it in their language (the same words as the web console's)."""
    names = {"operator": _("operator", locale=lang), "announcer": _("announcer", locale=lang),
             "admin": _("administrator", locale=lang)}
    return names.get(role, role)


@router.message(Command("staff"), StateFilter("*"))
async def staff_command(message: Message, command: CommandObject, bot: Bot, users: UserRepo,
                        complaint_service: ComplaintService, settings: Settings, i18n: I18n) -> None:
    lang = i18n.current_locale
    args = (command.args or "list").split()
    action = args[0].lower()
    if action == "list":
        staff = await users.with_roles(STAFF_ROLES)
        lines = ["<b>" + _("Staff:", locale=lang) + "</b>"] + [f"{u.id}: {role_name(u.role, lang)}" for u in staff]
        await message.answer("\n".join(lines))
        return
    target = parse_row_id(args[1]) if len(args) > 1 else None
    if action not in ("add", "remove") or target is None:
        await message.answer(usage(lang))
        return
    if action == "add":
        role = args[2].lower() if len(args) > 2 else "operator"
        if role not in STAFF_ROLES:
            await message.answer(usage(lang))
            return
    else:
        role = "citizen"
        if target == message.from_user.id:
            await message.answer(_("You cannot remove yourself; ask another admin.", locale=lang))
            return
    await users.set_role(target, role)
    await complaint_service.repo.audit(message.from_user.id, f"staff_{action}", None, f"{target}:{role}")
    await refresh_menu_of(bot, await users.get(target), settings.default_locale)  # their command menu follows the role
    if role == "citizen":
        await message.answer(_("User {id} no longer has a staff role.", locale=lang).format(id=target))
        return
    await message.answer(_("User {id} now has the role: {role}.", locale=lang).format(id=target,
                                                                                       role=role_name(role, lang)))
