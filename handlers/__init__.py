"""The one place that wires the routers. Order is dispatch priority: the first match wins."""

from aiogram import Router

from handlers import errors, fallback, menu, questions, start
from handlers import staff_broadcast, subscription
from handlers import complaint_form, my_tickets
from handlers.staff import staff_router


_root: Router | None = None


def setup_routers() -> Router:
    """The root router, ready to include in a new Dispatcher.

    Handler modules keep aiogram's convention of a module-level `router`, so the tree exists once
    per process; tests build several Dispatchers in one process (a "restart"), so the root is
    taken back from the previous Dispatcher first (aiogram has no public detach).
    """
    global _root
    if _root is None:
        _root = _build_root()
    previous = _root.parent_router
    if previous is not None:
        previous.sub_routers.remove(_root)
        _root._parent_router = None
    return _root


def _build_root() -> Router:
    root = Router(name="root")
    root.include_routers(
        errors.router,
        start.router,  # /start, /lang, /help, /cancel: before any form, so they work in every state
        # staff surfaces, each filtered to its roles
        staff_broadcast.router,  # announcements: /broadcast, /broadcasts (announcer, admin)
        staff_router(),  # complaints: /queue, ticket buttons, /export, /stats, /staff
        # resident forms
        subscription.router,  # /subscribe, /unsubscribe
        my_tickets.router,  # /my works in every state, so before the intake form
        complaint_form.router,
        menu.router,
        questions.router,  # free text → the knowledge base
        fallback.router,  # anything else
    )
    return root
