"""aiogram's CallbackAnswerMiddleware, remembering the presses it answered although the handler failed.

The middleware answers in a `finally`, so a failing handler's press is already answered when the
errors router runs; errors.py asks `answered_despite_failure()` and does not answer it a second time
(Telegram refuses a second answer). Presses that failed before reaching the handler (an outer
middleware, a filter) are not in the set, and errors.py answers those.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import CallbackQuery, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

REMEMBERED = 1000  # the errors router runs right after the failure; a short memory is enough


class AnswerEveryPress(CallbackAnswerMiddleware):
    def __init__(self) -> None:
        super().__init__()
        self._failed_but_answered: deque[str] = deque(maxlen=REMEMBERED)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await super().__call__(handler, event, data)
        except Exception:
            answer = data.get("callback_answer")
            if isinstance(event, CallbackQuery) and answer is not None and not answer.disabled:
                # the `finally` of CallbackAnswerMiddleware has just answered it
                self._failed_but_answered.append(event.id)
            raise

    def answered_despite_failure(self, query_id: str) -> bool:
        return query_id in self._failed_but_answered
