"""Staff surfaces of the complaints feature: queue, ticket actions, export and stats, staff admin.

Complaints are handled by operators and admins (announcers send announcements only). The role is
checked by a filter on the whole staff router and again inside every callback handler
(`require_role`), so a forged button press from anyone else changes nothing.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery

from handlers.filters import HasRole
from storage.users import User, UserRepo

COMPLAINT_ROLES = ("operator", "admin")


async def require_role(query: CallbackQuery, users: UserRepo, roles: tuple[str, ...] = COMPLAINT_ROLES) -> User | None:
    """The presser, read again from the database, when they hold one of `roles`; else None."""
    user = await users.get(query.from_user.id)
    return user if user is not None and user.role in roles else None


def staff_router() -> Router:
    from handlers.staff import actions, admin, export, queue

    root = Router(name="staff")
    root.message.filter(HasRole(*COMPLAINT_ROLES))
    root.callback_query.filter(HasRole(*COMPLAINT_ROLES))
    root.include_routers(admin.router.build(), actions.router.build(), queue.router.build(), export.router.build())
    return root
