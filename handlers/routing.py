"""Handler sets: one feature's handlers, declared once at import, built into a fresh Router per Dispatcher.

An aiogram Router belongs to one parent only, so a module-level Router is shared by every Dispatcher
of the process (the tests build several: a "restart" is a new Dispatcher on the same database).
A `HandlerSet` keeps aiogram's decorator style — `@router.message(Command("start"))`,
`router.callback_query.filter(HasRole("admin"))` — but only records what is declared; `build()`
returns a new Router with it, so no private aiogram attribute is ever touched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import Router

# The update kinds our handlers declare; a declaration on any other kind fails at import.
OBSERVERS = ("message", "edited_message", "callback_query", "my_chat_member", "chat_member", "error")


class _ObserverSpec:
    def __init__(self) -> None:
        self.handlers: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = []
        self.filters: list[Any] = []

    def __call__(self, *filters: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def declare(callback: Callable[..., Any]) -> Callable[..., Any]:
            self.handlers.append((callback, filters, kwargs))
            return callback

        return declare

    def filter(self, *filters: Any) -> None:
        """Filters every handler of this kind in the set must pass (aiogram's `observer.filter`)."""
        self.filters.extend(filters)


class HandlerSet:
    def __init__(self, name: str) -> None:
        self.name = name
        self.message = _ObserverSpec()
        self.edited_message = _ObserverSpec()
        self.callback_query = _ObserverSpec()
        self.my_chat_member = _ObserverSpec()
        self.chat_member = _ObserverSpec()
        self.errors = self.error = _ObserverSpec()

    def build(self) -> Router:
        router = Router(name=self.name)
        self.register_on(router)
        return router

    def register_on(self, router: Router) -> None:
        """Add this set's handlers to an existing router (the Dispatcher itself, for the fast lane)."""
        for kind in OBSERVERS:
            spec: _ObserverSpec = getattr(self, kind)
            observer = router.observers[kind]
            if spec.filters:
                observer.filter(*spec.filters)
            for callback, filters, kwargs in spec.handlers:
                observer.register(callback, *filters, **kwargs)
