"""Import aiogram so that its Telegram types build their validators on first use, not all at once.

aiogram declares its ~400 Telegram types with pydantic's `defer_build=True`, and then, at the end of
`aiogram.types`, calls `model_rebuild()` on every one of them so that their forward references
("Message", "Chat"…) resolve. That loop builds every validator at import: about 3 s of each start
and 100 MB of memory (a bare aiogram process is 166 MB; aiogram issue #1513), most of it for types
a bot never receives.

Importing this module before anything imports aiogram skips that loop and gives each type's module
the names the loop would have resolved them with, so pydantic builds a type the first time it is
validated, as `defer_build` intends, with the same fields and validators: a process is then about
65 MB after importing aiogram, and importing it takes about 1 s. `tests/test_lazy_telegram_types.py`
checks that every type still builds and that real updates parse the same way.

If aiogram was imported already, this does nothing (its types are built; nothing is lost).
"""

from __future__ import annotations

import sys

import pydantic


def _import_aiogram_types_deferred() -> None:
    if "aiogram.types" in sys.modules:
        return
    eager_rebuild = pydantic.BaseModel.__dict__["model_rebuild"]
    namespaces: list[dict] = []

    def remember_namespace(cls, *args, _types_namespace=None, **kwargs):
        # Called only by aiogram.types' closing loop while this import runs.
        if _types_namespace is not None and not namespaces:
            namespaces.append(_types_namespace)
        return None

    pydantic.BaseModel.model_rebuild = classmethod(remember_namespace)
    try:
        import aiogram.types as telegram_types
    finally:
        pydantic.BaseModel.model_rebuild = eager_rebuild
    if not namespaces:
        return  # an aiogram without the closing loop: nothing was skipped
    names = namespaces[0]
    for name in telegram_types.__all__:
        module = sys.modules.get(getattr(getattr(telegram_types, name), "__module__", ""))
        if module is None or not module.__name__.startswith("aiogram."):
            continue
        for ref, value in names.items():
            module.__dict__.setdefault(ref, value)


_import_aiogram_types_deferred()
