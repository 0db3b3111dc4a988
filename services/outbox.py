"""Messages that must follow a committed change reach their recipient even across a crash.

The transactional outbox, as reliable messaging systems do it: the message announcing a change (a
ticket's number, a staff reply relayed to the citizen, a new status, the staff-chat post of a new
ticket and its edits, a file the citizen added, sent to the assignee by its file id) is written to
the outbox table in the same transaction as the change, so either both are stored or neither. After
the commit, the handler sends its chat's rows at once (`deliver`), then deletes each in one short
transaction right after Telegram accepts it; whatever is left (a crash between the commit and the
send, a network error, a 429) is sent at the next start, before updates are handled, and by a
background task, with backoff.

Delivery is at least once: a kill between Telegram's answer and the delete sends that message again
after the restart. That window is one SQLite commit, right after the answer, with nothing between.

Per chat the order is kept: a chat's rows are sent in id order by one task at a time, and a row
waiting to be retried holds the ones after it. Of several edits of one message waiting together only
the newest is made (it shows what the older ones would have); "message is not modified" is success.
A 403 (the bot is blocked) or a 400 drops the row and logs it; a 429 waits `retry_after` for that
chat only; network and server errors retry with backoff. Nobody else waits: each handler sends only
its own chat's rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.types import InlineKeyboardMarkup, Message

from services.background import BackgroundTask
from services.ticket_files import send_file
from storage.db import Database, in_transaction
from storage.lru import LRUCache
from storage.outbox import OutboxStore, OutgoingMessage, PendingMessage, stamp

log = logging.getLogger("kenesh.outbox")

MAX_AGE = timedelta(days=7)  # a message undeliverable this long is dropped (and its text with it)
MAX_BACKOFF = 300.0  # seconds between two tries of a message that keeps failing
IDLE_CHECK = 30.0  # seconds between two looks at the table when nothing is known to wait
STARTUP_DRAIN = 20.0  # seconds the start waits for the leftovers before handling updates
PARALLEL_CHATS = 8  # chats the background task sends to at once

SENT, DROPPED, PENDING = "sent", "dropped", "pending"


def markup_json(markup: InlineKeyboardMarkup | None) -> str | None:
    return markup.model_dump_json(exclude_none=True) if markup is not None else None


@dataclass
class Notices:
    """The messages one transaction announces (added inside it, stored with it)."""

    messages: list[OutgoingMessage] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    # A confirmation to the one who made the change, sent after the messages added before it, with the
    # text for how they went: {SENT: …, DROPPED: …, PENDING: …} (its row holds the SENT text until then).
    confirmation: tuple[int, dict[str, str]] | None = None

    def add(self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None, *,
            citizen_id: int | None = None, ticket_id: int | None = None, after_sent: str | None = None,
            edit_message_id: int | None = None) -> None:
        self.messages.append(OutgoingMessage(chat_id, text, markup_json(markup), citizen_id, ticket_id, after_sent,
                                             edit_message_id))

    def add_file(self, chat_id: int, kind: str, file_id: str, caption: str, *, citizen_id: int | None = None,
                 ticket_id: int | None = None) -> None:
        """A file sent by its Telegram file id (see services.ticket_files), after the rows added before it."""
        self.messages.append(OutgoingMessage(chat_id, caption, citizen_id=citizen_id, ticket_id=ticket_id,
                                             file_kind=kind, file_id=file_id))

    def edit_staff_post(self, chat_id: int, ticket_id: int, text: str, markup: InlineKeyboardMarkup | None, *,
                        citizen_id: int | None = None) -> None:
        """The ticket's staff-chat post, edited to say `text` (whichever message the post is by then)."""
        self.messages.append(OutgoingMessage(chat_id, text, markup_json(markup), citizen_id, ticket_id,
                                             after_sent="staff_post", edit_staff_post=True))

    def confirm(self, chat_id: int, *, sent: str, dropped: str, pending: str,
                markup: InlineKeyboardMarkup | None = None) -> None:
        """Tell `chat_id` how the messages added so far went, in the words for each case: all `sent`, one
        `dropped` (or nobody to tell), one still `pending`. Messages added after it are not its concern."""
        self.confirmation = (len(self.messages), {SENT: sent, DROPPED: dropped, PENDING: pending})
        self.add(chat_id, sent, markup)

    @property
    def chats(self) -> list[int]:
        return list(dict.fromkeys(m.chat_id for m in self.messages))


class Outbox:
    """The sender. One per Dispatcher (workflow data `outbox`); `start`/`stop` run with the bot."""

    def __init__(self, db: Database):
        self.db = db
        self.store = OutboxStore(db)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}  # chat -> its lock, tasks using it
        self._outcomes: LRUCache[int, str] = LRUCache(10_000)  # row id -> outcome, for the handler that waits
        self._wake = asyncio.Event()
        self._background = BackgroundTask("outbox")

    # --- writing --------------------------------------------------------------------------
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Notices]:
        """A transaction of the change and the messages that announce it; they commit together.

            async with outbox.transaction() as notices:
                ticket = await service.file(...)          # its own transaction joins this one
                notices.add(citizen, confirmation(ticket))
            await outbox.deliver(bot, notices)
        """
        notices = Notices()
        async with self.db.transaction():
            yield notices
            if notices.messages:
                notices.ids = await self.store.add(notices.messages)

    # --- sending --------------------------------------------------------------------------
    async def deliver(self, bot: Bot, notices: Notices) -> dict[int, str]:
        """Send the chats' waiting rows now (older ones first); the outcome of each of `notices`."""
        if in_transaction():
            # Called inside a wider transaction: nothing is committed yet, so nothing may go out. The
            # background task sends the rows once they are (or never, if they roll back).
            log.warning("outbox: deliver() inside a transaction; the messages are left to the background task")
            self._wake.set()
            return dict.fromkeys(notices.ids, PENDING)
        outcomes: dict[int, str] = {}
        confirmation_id = None
        if notices.confirmation is not None:
            index, texts = notices.confirmation
            confirmation_id = notices.ids[index]
            confirmation_chat = notices.messages[index].chat_id
            reported = notices.ids[:index]
            for chat_id in dict.fromkeys(m.chat_id for m in notices.messages[:index]):
                if chat_id != confirmation_chat:
                    await self.deliver_chat(bot, chat_id)
            outcomes = {row_id: self._outcomes.pop(row_id, PENDING) for row_id in reported}
            how = DROPPED if DROPPED in outcomes.values() or not outcomes else \
                PENDING if PENDING in outcomes.values() else SENT
            if how != SENT:
                await self.store.set_text(confirmation_id, texts[how])
        for chat_id in notices.chats:
            await self.deliver_chat(bot, chat_id)
        outcomes |= {row_id: self._outcomes.pop(row_id, PENDING) for row_id in notices.ids if row_id not in outcomes}
        if PENDING in outcomes.values():
            self._wake.set()  # the background task keeps trying
        return outcomes

    async def deliver_chat(self, bot: Bot, chat_id: int) -> None:
        """Send one chat's rows in order until none is left or one must wait."""
        lock, users = self._locks.get(chat_id) or (asyncio.Lock(), 0)
        self._locks[chat_id] = (lock, users + 1)
        try:
            async with lock:
                while True:
                    rows = await self.store.of_chat(chat_id)
                    if not rows:
                        return
                    stale = stale_edits(rows)
                    for row in rows:
                        if not await self._send_one(bot, row, stale=row.id in stale):
                            return  # this row waits, and the rows after it with it
        finally:
            lock, users = self._locks[chat_id]
            if users == 1:
                del self._locks[chat_id]  # only chats being sent to keep a lock
            else:
                self._locks[chat_id] = (lock, users - 1)

    async def _send_one(self, bot: Bot, row: PendingMessage, *, stale: bool = False) -> bool:
        """Try one row; True when it is done with (sent or dropped), False when it must wait.
        `stale`: an edit that a newer edit of the same message, waiting behind it, makes needless."""
        now = datetime.now(UTC)
        if row.not_before is not None and row.not_before > stamp(now):
            return False  # a stale edit too: the wait is the chat's, and it holds what comes after
        if stale:
            return await self._done(row, SENT)  # the newer edit says it, and more
        if row.created_at < stamp(now - MAX_AGE):
            log.warning("outbox %s (ticket %s): undeliverable for %s, dropped", row.id, row.message.ticket_id, MAX_AGE)
            return await self._done(row, DROPPED)
        message = row.message
        if message.edit_staff_post:
            post_id = await self.store.staff_post_id(message.ticket_id)
            if post_id is None:  # the post never reached the chat (refused for good): nothing to edit
                log.info("outbox %s (ticket %s): the staff-chat post it edits was never delivered; dropped", row.id,
                         message.ticket_id)
                return await self._done(row, DROPPED)
            message = replace(message, edit_message_id=post_id)
        try:
            message_id = await self._call(bot, message)
        except TelegramRetryAfter as error:
            await self.store.retry_at(row.id, now + timedelta(seconds=error.retry_after), failed=False)
            log.info("outbox %s: Telegram asks to wait %s s (this chat only)", row.id, error.retry_after)
            return False
        except (TelegramForbiddenError, TelegramBadRequest, TelegramNotFound) as error:
            # The person blocked the bot or left, or the message can never be sent: trying again helps nobody.
            # The row id and the cause only: a chat id is a person's Telegram id.
            log.warning("outbox %s (ticket %s): not delivered, dropped: %s: %s", row.id, row.message.ticket_id,
                        type(error).__name__, error.message)
            return await self._done(row, DROPPED)
        except asyncio.CancelledError:
            raise  # stopping: the row stays and is sent at the next start
        except Exception as error:  # network, server errors, anything else: later, with backoff
            delay = min(2.0 ** row.attempts, MAX_BACKOFF)
            await self.store.retry_at(row.id, now + timedelta(seconds=delay), failed=True)
            level = logging.WARNING if isinstance(error, TelegramAPIError) else logging.ERROR
            log.log(level, "outbox %s: send failed (%s: %s); retrying in %.0f s", row.id, type(error).__name__,
                    getattr(error, "message", error), delay)
            return False
        await self.store.sent(row, message_id)  # at once: the window for a second copy is this commit
        self._outcomes[row.id] = SENT
        return True

    async def _done(self, row: PendingMessage, outcome: str) -> bool:
        await self.store.drop(row.id)
        self._outcomes[row.id] = outcome
        return True

    @staticmethod
    async def _call(bot: Bot, message: OutgoingMessage) -> int | None:
        if message.file_id is not None:
            return (await send_file(bot, message.chat_id, message.file_kind or "document", message.file_id,
                                    message.text)).message_id
        markup = InlineKeyboardMarkup.model_validate_json(message.reply_markup) if message.reply_markup else None
        if message.edit_message_id is not None:
            try:
                edited = await bot.edit_message_text(text=message.text, chat_id=message.chat_id,
                                                     message_id=message.edit_message_id, reply_markup=markup)
                return edited.message_id if isinstance(edited, Message) else message.edit_message_id
            except TelegramBadRequest as error:
                if "message is not modified" in error.message:
                    return message.edit_message_id  # already shows it: a second delivery after a crash
                # too old or gone: a new message says it instead
        sent = await bot.send_message(message.chat_id, message.text, reply_markup=markup)
        return sent.message_id

    # --- leftovers ------------------------------------------------------------------------
    async def drain(self, bot: Bot) -> int:
        """Try every chat that may be tried now; the number of chats tried."""
        chats = await self.store.due_chats(datetime.now(UTC))
        gate = asyncio.Semaphore(PARALLEL_CHATS)

        async def one(chat_id: int) -> None:
            async with gate:
                await self.deliver_chat(bot, chat_id)

        await asyncio.gather(*(one(chat_id) for chat_id in chats))
        return len(chats)

    async def start(self, bot: Bot) -> None:
        """Send what the last run left (before updates are handled), then keep an eye on the table."""
        left = await self.store.count()
        if left:
            log.info("outbox: %d message(s) left by the last run; sending", left)
            try:
                await asyncio.wait_for(self.drain(bot), STARTUP_DRAIN)
            except TimeoutError:
                log.warning("outbox: the leftovers take longer than %.0f s; the rest is sent in the background",
                            STARTUP_DRAIN)
        self._background.start(lambda: self._run(bot))

    async def stop(self) -> None:
        await self._background.stop()

    async def _run(self, bot: Bot) -> None:
        while True:
            try:
                await self.drain(bot)
                wait = IDLE_CHECK
                if (next_try := await self.store.next_try()) is not None:
                    wait = (datetime.fromisoformat(next_try) - datetime.now(UTC)).total_seconds()
                    wait = min(max(wait, 0.05), IDLE_CHECK)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox: the background pass failed; trying again")
                wait = IDLE_CHECK
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)


def stale_edits(rows: list[PendingMessage]) -> set[int]:
    """The rows that edit a message which a later row of `rows` edits again (only the newest is made)."""
    newest = {target: row.id for row in rows if (target := row.message.edit_target) is not None}
    return {row.id for row in rows if (target := row.message.edit_target) is not None and newest[target] != row.id}


async def start_outbox(bot: Bot, outbox: Outbox) -> None:
    await outbox.start(bot)


async def stop_outbox(outbox: Outbox) -> None:
    await outbox.stop()
