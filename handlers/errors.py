"""The last line of defence: log the failure (update id and error only) and apologise."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import AnswerCallbackQuery
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _
from handlers.routing import HandlerSet
from middlewares.callback_answer import AnswerEveryPress

router = HandlerSet(__name__)
log = logging.getLogger("kenesh.errors")


@router.error(ExceptionTypeFilter(TelegramForbiddenError))
async def on_blocked(event: ErrorEvent) -> None:
    # The user blocked the bot or deleted the account: nobody to apologise to, nothing broken.
    log.info("update %s: the chat refuses messages (403)", event.update.update_id)


@router.error(ExceptionTypeFilter(TelegramRetryAfter))
async def on_flood_limit(event: ErrorEvent) -> None:
    # Telegram asked us to slow down; an apology would be refused the same way.
    log.warning("update %s: flood limit, retry after %s s", event.update.update_id, event.exception.retry_after)


def _failed_callback_answer(event: ErrorEvent) -> bool:
    exception = event.exception
    return isinstance(exception, TelegramBadRequest) and isinstance(exception.method, AnswerCallbackQuery)


@router.error(_failed_callback_answer)
async def on_callback_answer_refused(event: ErrorEvent) -> None:
    # "query is too old": the user pressed the button long ago or the bot was down. The work the
    # button asked for is done; only the spinner could not be stopped. Nothing to apologise for.
    log.info("update %s: the button press could not be acknowledged (%s)", event.update.update_id, event.exception.message)


@router.error()
async def on_error(event: ErrorEvent, bot: Bot, callback_answers: AnswerEveryPress) -> None:
    update = event.update
    # Never the message text, never the token: the update id and the exception are enough to debug.
    log.error(
        "update %s failed: %s",
        update.update_id,
        type(event.exception).__name__,
        exc_info=(type(event.exception), event.exception, event.exception.__traceback__),
    )
    query = update.callback_query
    if query is not None and not callback_answers.answered_despite_failure(query.id):
        # It failed before CallbackAnswerMiddleware could answer (which answers even when the
        # handler fails): stop the spinner here. A second answer would be refused.
        await _answer_quietly(bot, update.callback_query.id)
    chat_id = None
    if update.message is not None:
        chat_id = update.message.chat.id
    elif update.callback_query is not None and update.callback_query.message is not None:
        chat_id = update.callback_query.message.chat.id
    if chat_id is None:
        return
    try:
        await bot.send_message(chat_id, _("Sorry, something went wrong on our side. Please try again in a minute."))
    except Exception:  # the apology is best effort; the failure is already logged
        log.warning("update %s: could not send the apology", update.update_id)


async def _answer_quietly(bot: Bot, query_id: str) -> None:
    try:
        await bot.answer_callback_query(query_id)
    except Exception as exc:  # too old, or already answered: the apology below still goes out
        log.info("could not answer callback query: %s", type(exc).__name__)
