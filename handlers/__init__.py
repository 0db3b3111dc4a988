"""The one place that wires the routers. Order is dispatch priority: the first match wins."""

from aiogram import Router

from handlers import errors, fallback, menu, questions, start
from handlers import staff_broadcast, subscription
from handlers import complaint_form, my_tickets, privacy
from handlers.staff import staff_router


def setup_routers() -> Router:
    """A new router tree for one Dispatcher (each module declares a HandlerSet; see handlers/routing.py)."""
    root = Router(name="root")
    root.include_routers(
        errors.router.build(),
        start.router.build(),  # /start, /lang, /help, /cancel: before any form, so they work in every state
        privacy.router.build(),  # /forget works in every state too
        # staff surfaces, each filtered to its roles
        staff_broadcast.router.build(),  # announcements: /broadcast, /broadcasts (announcer, admin)
        staff_router(),  # complaints: /queue, ticket buttons, /export, /stats, /staff
        # resident forms
        subscription.router.build(),  # /subscribe, /unsubscribe
        my_tickets.router.build(),  # /my works in every state, so before the intake form
        complaint_form.router.build(),
        menu.router.build(),
        questions.router.build(),  # free text → the knowledge base
        fallback.router.build(),  # anything else
    )
    return root
