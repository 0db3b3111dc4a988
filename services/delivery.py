"""Getting updates from Telegram without losing one: journal first, confirm second, handle third.

aiogram's own polling confirms a batch (the next getUpdates offset) while its updates are still
being handled, and its webhook handler answers 200 before handling: a kill -9 then loses them. Here

- polling: each getUpdates batch is written to the update journal (one transaction) before the next
  getUpdates confirms it;
- webhook: the update is written to the journal before the 200;
- then each update is handled as a task and marked done; at start, updates left undone by a crash
  are handled first; an update id already in the journal is never handled again;
- at most MAX_IN_FLIGHT updates are in hand: polling asks Telegram only for the room left, and
  under a burst only once REFILL_WHEN_FREE slots are free (batches, not one round trip per update).

So every update is handled at least once, and an update whose transaction committed is not handled
again (storage/db.py marks it done in that commit).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import (
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.types import Update
from pydantic import ValidationError

from storage.db import handling_update
from storage.update_journal import UpdateJournal

log = logging.getLogger("kenesh.delivery")
POLL_TIMEOUT = 25  # seconds a getUpdates may wait for news
# Updates handled at once. Beyond this the next getUpdates waits, so a burst queues at Telegram
# in arrival order instead of thousands of tasks sharing the CPU, each finishing late.
MAX_IN_FLIGHT = 128
# Under a burst, ask Telegram again only when this many slots are free: one getUpdates for every
# update finished would cost a round trip each (a batch of 1), and the bot would idle on them.
REFILL_WHEN_FREE = 32
PRUNE_EVERY = 10_000  # updates between two prunings of the journal
MAX_BACKOFF = 30.0


class UpdateRunner:
    """Journals updates, then handles each as a task with the Dispatcher, then marks it done."""

    def __init__(self, dp: Dispatcher, bot: Bot, journal: UpdateJournal, **kwargs: Any):
        self.dp, self.bot, self.journal, self.kwargs = dp, bot, journal, kwargs
        self.tasks: set[asyncio.Task] = set()
        self._since_prune = 0
        self._room = asyncio.Event()
        self._room.set()

    async def replay_pending(self) -> int:
        """Handle what a crash left unhandled, in update order; the number of updates replayed."""
        pending = await self.journal.pending()
        for update_id, body in pending:
            try:
                update = Update.model_validate_json(body, context={"bot": self.bot})
            except ValidationError:
                log.warning("update %s in the journal cannot be read; skipped", update_id)
                await self.journal.done(update_id)
                continue
            self._spawn(update)
        if pending:
            log.info("replaying %d update(s) left unhandled by the last run", len(pending))
        return len(pending)

    async def accept(self, updates: list[tuple[Update, str]]) -> int:
        """Record the batch durably (each update as the JSON it came in), then start handling the
        updates not seen before."""
        fresh = await self.journal.record([(u.update_id, body) for u, body in updates])
        for update, _body in updates:
            if update.update_id in fresh:
                self._spawn(update)
        self._since_prune += len(fresh)
        if self._since_prune >= PRUNE_EVERY:
            self._since_prune = 0
            await self.journal.prune()
        return len(fresh)

    def _spawn(self, update: Update) -> None:
        task = asyncio.create_task(self._handle(update))
        self.tasks.add(task)
        task.add_done_callback(self._finished)
        if MAX_IN_FLIGHT - len(self.tasks) < REFILL_WHEN_FREE:
            self._room.clear()

    def _finished(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if MAX_IN_FLIGHT - len(self.tasks) >= REFILL_WHEN_FREE:
            self._room.set()

    async def room(self) -> int:
        """Wait until REFILL_WHEN_FREE of the MAX_IN_FLIGHT slots are free; how many are."""
        await self._room.wait()
        return MAX_IN_FLIGHT - len(self.tasks)

    async def _handle(self, update: Update) -> None:
        handling_update.set(update.update_id)  # this task's context only
        try:
            result = await self.dp.feed_update(self.bot, update, **self.kwargs)
            if isinstance(result, TelegramMethod):
                await self.dp.silent_call_request(self.bot, result)
        except Exception:
            # The errors router catches handler failures; what reaches here failed outside it.
            # Marked done all the same: replaying a poisonous update at every start helps nobody.
            log.exception("update %s could not be handled", update.update_id)
        await self.journal.done(update.update_id)

    async def stop(self, grace: float) -> None:
        """Let handling finish for `grace` seconds, then cancel; cancelled updates stay pending."""
        if self.tasks:
            _, still = await asyncio.wait(set(self.tasks), timeout=grace)
            for task in still:
                task.cancel()
            if still:
                log.warning("stopping with %d update(s) in progress; they are handled at next start", len(still))
                await asyncio.gather(*still, return_exceptions=True)


async def poll(runner: UpdateRunner, allowed_updates: list[str], stop: asyncio.Event) -> None:
    """Long polling that confirms a batch only once it is in the journal."""
    bot = runner.bot
    offset: int | None = None
    delay = 1.0
    stopping = asyncio.create_task(stop.wait())
    try:
        while not stop.is_set():
            room = asyncio.create_task(runner.room())
            await asyncio.wait({room, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not room.done():
                room.cancel()
                break
            limit = min(100, room.result())
            request = RawUpdates(offset=offset, limit=limit, timeout=POLL_TIMEOUT, allowed_updates=allowed_updates)
            fetch = asyncio.create_task(bot(request, request_timeout=POLL_TIMEOUT + 10))
            await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not fetch.done():
                fetch.cancel()  # the batch in flight, if any, is not confirmed: Telegram resends it
                await asyncio.gather(fetch, return_exceptions=True)
                break
            try:
                updates = fetch.result()
            except TelegramRetryAfter as error:
                await _sleep_unless(stop, error.retry_after)
                continue
            except (TelegramNetworkError, TelegramServerError) as error:
                log.warning("getUpdates failed (%s); retrying in %.0f s", type(error).__name__, delay)
                await _sleep_unless(stop, delay)
                delay = min(delay * 2, MAX_BACKOFF)
                continue
            delay = 1.0
            if updates:
                await runner.accept(_parsed(updates, bot))
                offset = updates[-1]["update_id"] + 1  # confirmed with the next getUpdates
    finally:
        stopping.cancel()


class RawUpdates(GetUpdates):
    """getUpdates answered as plain JSON objects: the journal keeps each as Telegram sent it (writing
    a parsed Update back to JSON cost as much as a tenth of handling a question), then it is parsed."""

    __returning__ = list[dict[str, Any]]


def _parsed(raw: list[dict[str, Any]], bot: Bot) -> list[tuple[Update, str]]:
    """Each update parsed, with its JSON; one that is not an update is skipped (and confirmed)."""
    parsed = []
    for item in raw:
        try:
            update = Update.model_validate(item, context={"bot": bot})
        except ValidationError:
            log.warning("getUpdates returned something that is not an update; skipped")
            continue
        parsed.append((update, json.dumps(item, ensure_ascii=False, separators=(",", ":"))))
    return parsed


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        pass


class WebhookEndpoint:
    """POST handler: checks the secret, refuses what is not an update (400), journals, answers 200."""

    def __init__(self, runner: UpdateRunner, secret: str):
        self.runner = runner
        self.secret = secret

    async def __call__(self, request):
        from aiohttp import web

        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not secrets.compare_digest(given.encode(), self.secret.encode()):
            return web.Response(status=401, text="Unauthorized")
        try:
            body = await request.read()
            update = Update.model_validate_json(body, context={"bot": self.runner.bot})
        except (ValidationError, ValueError):
            log.info("webhook: a request that is not a Telegram update was refused (400)")
            return web.Response(status=400, text="not a Telegram update")
        await self.runner.accept([(update, body.decode())])  # durable before Telegram hears "received"
        return web.json_response({})
