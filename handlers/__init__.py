"""The one place that wires the routers. Order is dispatch priority: the first match wins."""

from aiogram import Router

from handlers import errors, fallback, menu, questions, start


def setup_routers() -> Router:
    root = Router(name="root")
    root.include_routers(
        errors.router,
        start.router,  # /start, /lang, /help, /cancel: before any form, so they work in every state
        # staff routers go here (filtered to staff roles)
        # forms (complaint intake, subscription, announcements) go here
        menu.router,
        questions.router,  # free text → the knowledge base
        fallback.router,  # anything else
    )
    return root
