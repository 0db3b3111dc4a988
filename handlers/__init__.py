"""The one place that wires the routers. Order is dispatch priority: the first match wins."""

from aiogram import Dispatcher, Router

from handlers import errors, fallback, menu, questions, start
from handlers import ask_staff, conversation, feedback
from handlers import staff_broadcast, subscription
from handlers import complaint_form, complaint_links, my_tickets, privacy, staff_gate, web_login
from handlers.staff import staff_router


def setup_routers(dp: Dispatcher) -> None:
    """A new router tree for one Dispatcher (each module declares a HandlerSet; see handlers/routing.py)."""
    # A plain question in a private chat, with no form in progress, is the most common update of
    # all: its handler sits on the Dispatcher itself, checked before any router, so it skips the
    # three router levels (root, errors, its own) that each cost a pass through aiogram's
    # propagation with the whole workflow data (README "Crowd, crashes").
    questions.fast_lane.register_on(dp)
    root = Router(name="root")
    root.include_routers(
        errors.router.build(),
        complaint_links.router.build(),  # /start complaint, /start KG-…: before the plain /start
        start.router.build(),  # /start, /lang, /help, /cancel: before any form, so they work in every state
        privacy.router.build(),  # /forget works in every state too
        # staff surfaces, each filtered to its roles
        staff_broadcast.router.build(),  # announcements: /broadcast, /broadcasts (announcer, admin)
        staff_router(),  # complaints: /queue, ticket buttons, /export, /stats, /staff
        web_login.router.build(),  # /web: a sign-in link to the web console (any staff role)
        staff_gate.router.build(),  # staff buttons pressed by others; the staff chat's own talk ignored
        # resident forms
        subscription.router.build(),  # /subscribe, /unsubscribe
        my_tickets.router.build(),  # /my works in every state, so before the intake form
        menu.router.build(),  # /menu works in every state, also in the middle of the form
        complaint_form.router.build(),
        conversation.router.build(),  # "where else to turn" under the reply to a problem
        feedback.router.build(),  # 👍/👎 under answers
        ask_staff.router.build(),  # "send my question to staff" and its consent
        questions.router.build(),  # free text → the knowledge base
        fallback.router.build(),  # anything else
    )
    dp.include_router(root)
