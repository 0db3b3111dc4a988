"""The background sender of announcements.

One asyncio task per running announcement, started when the announcer confirms, when a scheduled
one comes due, and at start-up for those a stop interrupted. Inside it a few workers take pending
deliveries in user-id order, wait for a slot of the shared `RateLimiter`, and send.

Exactly once, as far as Telegram allows ("at most once" where it does not):
- each delivery is written `sending` before the request and `sent` / `blocked` / `failed` after;
- one attempt (that write, the request, the write of its outcome) is shielded from cancellation,
  and stopping waits for attempts in flight, so a clean stop never leaves a delivery `sending`;
- a delivery still `sending` when an announcement resumes was cut by a crash mid-request:
  Telegram has no idempotency key, so whether it arrived is unknown. It is recorded `failed` with
  the error `uncertain` and not sent again, and the report counts these. A request whose answer
  was lost (timeout, dropped connection) is treated the same way;
- 429 pauses every send for `retry_after` and retries the same message; 403 marks the delivery
  `blocked` and the subscription inactive; a 400 fails at once (sending it again gives the same
  answer); other errors, where Telegram certainly did not take the message (5xx, no connection),
  are retried up to 3 attempts with backoff, then failed.
"""

from __future__ import annotations

import asyncio
import csv
import html
import io
import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
)
from aiogram.types import BufferedInputFile
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiohttp import ClientConnectorError

from config import TELEGRAM_BULK_LIMIT
from services.rate_limit import RateLimiter
from storage.broadcasts import UNCERTAIN, Broadcast, BroadcastRepo, DeliveryCounts, utc_now
from storage.db import Database
from storage.subscriptions import SubscriptionRepo
from storage.users import UserRepo

log = logging.getLogger("kenesh.broadcast")

MAX_ATTEMPTS = 3  # for errors worth retrying
MAX_RETRY_AFTER = 10  # 429s for one message before it is given up as failed
BACKOFF_SECONDS = 1.0  # then 2 s, 4 s…
PROGRESS_EVERY_SECONDS = 5.0  # the announcer's progress message is edited at most this often
SCHEDULER_POLL_SECONDS = 5.0
PAGE_SIZE = 500  # pending deliveries read at a time
MAX_WORKERS = 32
PHOTO_CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096
BAR_WIDTH = 10


# --- what recipients see ---------------------------------------------------------------------


def announcement_footer(lang: str) -> str:
    return _("To stop announcements: /unsubscribe", locale=lang)


def org_name_in(org_name: str, lang: str) -> str:
    """The sender's name in `lang`: the ORG_NAME setting is "Кыргызча аты | Русское название",
    or one name used for both."""
    names = [part.strip() for part in org_name.split("|")]
    if len(names) >= 2:
        return names[0] if lang == "ky" else names[1]
    return names[0]


def announcement_header(lang: str, org_name: str = "") -> str:
    """The mark that this is an official announcement, and whose (residents get many forwards)."""
    # NOTE: the line above every announcement; ky "Расмий кулактандыруу", followed by the sender's name
    mark = _("Official announcement", locale=lang)
    sender = org_name_in(org_name, lang)
    return "📢 <b>" + mark + (" · " + html.escape(sender, quote=False) if sender else "") + "</b>"


def announcement_body(text: str, lang: str, org_name: str = "") -> str:
    """The official mark with the sender, the announcer's text word for word (escaped: parse mode is
    HTML), and a how-to-stop line."""
    return (announcement_header(lang, org_name) + "\n\n" + html.escape(text, quote=False)
            + "\n\n<i>" + announcement_footer(lang) + "</i>")


def frame_length(lang: str, org_name: str = "") -> int:
    """Characters the header and footer take (as Telegram counts them, tags aside)."""
    return len(re.sub(r"<[^>]+>", "", html.unescape(announcement_body("", lang, org_name))))


async def send_announcement(bot: Bot, broadcast: Broadcast, chat_id: int, lang: str, org_name: str = "") -> None:
    body = announcement_body(broadcast.text(lang), lang, org_name)
    if broadcast.photo_file_id:
        await bot.send_photo(chat_id, broadcast.photo_file_id, caption=body)
    else:
        await bot.send_message(chat_id, body)


def progress_bar(done: int, total: int) -> str:
    share = done / total if total else 1.0
    filled = round(share * BAR_WIDTH)
    return "▓" * filled + "░" * (BAR_WIDTH - filled) + f" {math.floor(share * 100)}%"


def format_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


# --- the sender ------------------------------------------------------------------------------


@dataclass
class _Outcome:
    final: bool
    retry_after: float = 0.0
    backoff: float = 0.0


_FINAL = _Outcome(final=True)


class _PendingQueue:
    """Pending deliveries of one announcement, read page by page, shared by its workers."""

    def __init__(self, repo: BroadcastRepo, broadcast_id: int):
        self.repo, self.broadcast_id = repo, broadcast_id
        self._page: list[tuple[int, str]] = []
        self._after = 0
        self._lock = asyncio.Lock()
        self._exhausted = False

    async def next(self) -> tuple[int, str] | None:
        async with self._lock:
            if not self._page and not self._exhausted:
                self._page = await self.repo.pending_after(self.broadcast_id, self._after, PAGE_SIZE)
                self._page.reverse()
                self._exhausted = not self._page
            if not self._page:
                return None
            row = self._page.pop()
            self._after = row[0]
            return row


@dataclass
class _Job:
    task: asyncio.Task
    stopping: bool = False


class Broadcaster:
    def __init__(
        self,
        db: Database,
        i18n: I18n,
        *,
        rate: float,
        default_locale: str = "ru",
        clock: Callable[[], datetime] = utc_now,
        limiter: RateLimiter | None = None,
        progress_every: float = PROGRESS_EVERY_SECONDS,
        org_name: str = "",
    ):
        if rate > TELEGRAM_BULK_LIMIT:
            # Settings.from_env refuses this; only code (tests on a loopback API) can ask for it.
            log.warning("broadcast rate %s/s is above Telegram's %s/s: for loopback tests only", rate, TELEGRAM_BULK_LIMIT)
        self.repo = BroadcastRepo(db)
        self.subscriptions = SubscriptionRepo(db)
        self.users = UserRepo(db)
        self.i18n = i18n
        self.rate = rate
        self.default_locale = default_locale
        self.clock = clock
        self.limiter = limiter or RateLimiter(rate)
        self.progress_every = progress_every
        self.org_name = org_name
        self.workers = min(MAX_WORKERS, max(2, math.ceil(rate)))
        self._jobs: dict[int, _Job] = {}
        self._in_flight: set[asyncio.Task] = set()
        self._scheduler: asyncio.Task | None = None

    # --- lifecycle ---------------------------------------------------------------------------
    async def startup(self, bot: Bot) -> None:
        """Resume what a stop interrupted, then watch the schedule."""
        for broadcast in await self.repo.with_status("running"):
            log.info("resuming announcement %s", broadcast.id)
            self._start(bot, broadcast.id)
        if self._scheduler is None or self._scheduler.done():
            self._scheduler = asyncio.create_task(self._watch_schedule(bot), name="broadcast-scheduler")

    async def shutdown(self) -> None:
        if self._scheduler is not None:
            self._scheduler.cancel()
            await asyncio.gather(self._scheduler, return_exceptions=True)
            self._scheduler = None
        await asyncio.gather(*(self._stop(bid) for bid in list(self._jobs)), return_exceptions=True)
        await self._wait_in_flight()

    def is_sending(self, broadcast_id: int) -> bool:
        job = self._jobs.get(broadcast_id)
        return job is not None and not job.task.done()

    async def wait(self, broadcast_id: int) -> None:
        """Until the announcement's task ends (tests and the bench)."""
        job = self._jobs.get(broadcast_id)
        if job is not None:
            await asyncio.gather(job.task, return_exceptions=True)

    # --- announcer actions -------------------------------------------------------------------
    async def launch(self, bot: Bot, broadcast_id: int) -> int | None:
        """Fix the recipients and start sending; their number, or None if it cannot start."""
        total = await self.repo.begin(broadcast_id, self.clock())
        if total is not None:
            self._start(bot, broadcast_id)
        return total

    async def pause(self, broadcast_id: int) -> bool:
        if not await self.repo.set_status(broadcast_id, "paused", only_from=("running",)):
            return False
        await self._stop(broadcast_id)
        return True

    async def resume(self, bot: Bot, broadcast_id: int) -> bool:
        if not await self.repo.set_status(broadcast_id, "running", only_from=("paused",)):
            return False
        self._start(bot, broadcast_id)
        return True

    async def cancel(self, bot: Bot, broadcast_id: int) -> bool:
        if not await self.repo.set_status(broadcast_id, "cancelled", only_from=("scheduled", "running", "paused")):
            return False
        await self._stop(broadcast_id)
        broadcast = await self.repo.get(broadcast_id)
        counts = await self.repo.finish(broadcast_id, "cancelled", self.clock())
        if broadcast is not None and broadcast.started_at:
            with self.i18n.context():
                await self._report(bot, broadcast, counts, cancelled=True)
        return True

    # --- the schedule ------------------------------------------------------------------------
    async def fire_due(self, bot: Bot, now: datetime | None = None) -> list[int]:
        """One pass: start every scheduled announcement whose time has come. Returns their ids."""
        started = []
        for broadcast in await self.repo.due(now or self.clock()):
            if await self.launch(bot, broadcast.id) is not None:
                started.append(broadcast.id)
        return started

    async def _watch_schedule(self, bot: Bot) -> None:
        while True:
            try:
                await self.fire_due(bot)
            except Exception:  # a passing database hiccup must not end the schedule
                log.exception("scheduler pass failed")
            await asyncio.sleep(SCHEDULER_POLL_SECONDS)

    # --- one announcement --------------------------------------------------------------------
    def _start(self, bot: Bot, broadcast_id: int) -> None:
        if self.is_sending(broadcast_id):
            return
        task = asyncio.create_task(self._run(bot, broadcast_id), name=f"broadcast-{broadcast_id}")
        self._jobs[broadcast_id] = _Job(task)
        task.add_done_callback(lambda done: self._forget(broadcast_id, done))

    def _forget(self, broadcast_id: int, task: asyncio.Task) -> None:
        job = self._jobs.get(broadcast_id)
        if job is not None and job.task is task:
            del self._jobs[broadcast_id]

    async def _stop(self, broadcast_id: int) -> None:
        job = self._jobs.get(broadcast_id)
        if job is None:
            return
        job.stopping = True
        # Cancelling is safe: a worker waiting for a slot or a backoff holds only a `pending`
        # delivery; an attempt in flight is shielded and awaited below.
        job.task.cancel()
        await asyncio.gather(job.task, return_exceptions=True)
        await self._wait_in_flight()

    async def _wait_in_flight(self) -> None:
        while self._in_flight:
            await asyncio.gather(*list(self._in_flight), return_exceptions=True)

    async def _run(self, bot: Bot, broadcast_id: int) -> None:
        with self.i18n.context():
            try:
                await self._send_all(bot, broadcast_id)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("announcement %s stopped by an error; it resumes at the next start", broadcast_id)

    async def _send_all(self, bot: Bot, broadcast_id: int) -> None:
        broadcast = await self.repo.get(broadcast_id)
        if broadcast is None or broadcast.status != "running":
            return
        interrupted = await self.repo.fail_interrupted(broadcast_id)
        if interrupted:
            log.warning("announcement %s: %s deliveries were cut mid-send; recorded as uncertain, not resent",
                        broadcast_id, interrupted)
        lang = await self._author_language(broadcast.author_id)
        progress = _Progress(self, bot, broadcast, lang)
        await progress.open()
        queue = _PendingQueue(self.repo, broadcast_id)
        workers = [asyncio.create_task(self._work(bot, broadcast, queue)) for _ in range(self.workers)]
        ticker = asyncio.create_task(progress.tick_every(self.progress_every))
        try:
            await asyncio.gather(*workers)
        finally:
            ticker.cancel()
            for worker in workers:
                worker.cancel()
            await asyncio.gather(ticker, *workers, return_exceptions=True)
        current = await self.repo.get(broadcast_id)
        if current is None or current.status != "running":
            return  # paused or cancelled meanwhile
        counts = await self.repo.finish(broadcast_id, "finished", self.clock())
        await progress.show(counts)
        await self._report(bot, broadcast, counts, cancelled=False)

    async def _work(self, bot: Bot, broadcast: Broadcast, queue: _PendingQueue) -> None:
        while (row := await queue.next()) is not None:
            await self._deliver(bot, broadcast, *row)

    async def _deliver(self, bot: Bot, broadcast: Broadcast, user_id: int, lang: str) -> None:
        rate_limited = 0
        while True:
            await self.limiter.acquire(user_id)
            attempt = asyncio.create_task(self._attempt(bot, broadcast, user_id, lang))
            self._in_flight.add(attempt)
            attempt.add_done_callback(self._in_flight.discard)
            outcome = await asyncio.shield(attempt)
            if outcome.final:
                return
            if outcome.retry_after:
                rate_limited += 1
                self.limiter.pause(outcome.retry_after)
                if rate_limited > MAX_RETRY_AFTER:
                    await self.repo.mark(broadcast.id, user_id, "failed", "429 too many times")
                    return
                continue
            await asyncio.sleep(outcome.backoff)

    async def _attempt(self, bot: Bot, broadcast: Broadcast, user_id: int, lang: str) -> _Outcome:
        """One request, recorded before and after. Runs shielded: never cut in the middle."""
        await self.repo.mark_sending(broadcast.id, user_id)
        await self.limiter.admit()
        try:
            await send_announcement(bot, broadcast, user_id, lang, self.org_name)
        except TelegramRetryAfter as error:
            await self.repo.mark(broadcast.id, user_id, "pending", "429")
            return _Outcome(final=False, retry_after=float(error.retry_after))
        except TelegramForbiddenError as error:
            await self.repo.mark(broadcast.id, user_id, "blocked", error.message[:200])
            await self.subscriptions.mark_blocked(user_id)
            return _FINAL
        except TelegramBadRequest as error:
            await self.repo.mark(broadcast.id, user_id, "failed", error.message[:200])
            return _FINAL
        except TelegramNetworkError as error:
            if not isinstance(error.__cause__, ClientConnectorError):
                # The request may have reached Telegram and only the answer was lost.
                await self.repo.mark(broadcast.id, user_id, "failed", UNCERTAIN)
                return _FINAL
            return await self._retry_later(broadcast, user_id, error.message)
        except TelegramAPIError as error:  # 5xx and anything else Telegram answered with
            return await self._retry_later(broadcast, user_id, error.message)
        await self.repo.mark(broadcast.id, user_id, "sent")
        return _FINAL

    async def _retry_later(self, broadcast: Broadcast, user_id: int, message: str) -> _Outcome:
        attempts = await self.repo.attempts(broadcast.id, user_id)
        if attempts >= MAX_ATTEMPTS:
            await self.repo.mark(broadcast.id, user_id, "failed", message[:200])
            return _FINAL
        await self.repo.mark(broadcast.id, user_id, "pending", message[:200])
        return _Outcome(final=False, backoff=BACKOFF_SECONDS * 2 ** (attempts - 1))

    # --- the announcer's view ----------------------------------------------------------------
    async def _author_language(self, author_id: int) -> str:
        author = await self.users.get(author_id)
        return author.language if author is not None and author.language else self.default_locale

    async def _report(self, bot: Bot, broadcast: Broadcast, counts: DeliveryCounts, *, cancelled: bool) -> None:
        lang = await self._author_language(broadcast.author_id)
        fresh = await self.repo.get(broadcast.id)
        duration = _seconds_between(fresh.started_at, fresh.finished_at) if fresh else 0.0
        text = report_text(broadcast.id, counts, duration, lang, cancelled=cancelled)
        try:
            await self.limiter.acquire_and_admit()
            await bot.send_message(broadcast.author_id, text)
            failures = await self.repo.failures(broadcast.id)
            if failures:
                await self.limiter.acquire_and_admit()
                await bot.send_document(
                    broadcast.author_id,
                    BufferedInputFile(failures_csv(failures), filename=f"announcement-{broadcast.id}-failures.csv"),
                    caption=_("Recipients the announcement did not reach", locale=lang),
                )
        except TelegramAPIError as error:
            log.warning("announcement %s: could not send the report: %s", broadcast.id, type(error).__name__)


def report_text(broadcast_id: int, counts: DeliveryCounts, duration: float, lang: str, *, cancelled: bool) -> str:
    if cancelled:
        head = _("⛔ Announcement #{id} cancelled.", locale=lang).format(id=broadcast_id)
    else:
        head = _("✅ Announcement #{id} finished.", locale=lang).format(id=broadcast_id)
    lines = [
        head,
        _("Delivered: {n}", locale=lang).format(n=counts.sent),
        _("Blocked the bot: {n}", locale=lang).format(n=counts.blocked),
        _("Failed: {n}", locale=lang).format(n=counts.failed),
    ]
    if counts.uncertain:
        lines.append(_("Of them interrupted mid-send and not repeated: {n}", locale=lang).format(n=counts.uncertain))
    if cancelled:
        lines.append(_("Not sent: {n}", locale=lang).format(n=counts.pending + counts.sending))
    lines.append(_("Recipients: {n}", locale=lang).format(n=counts.total))
    lines.append(_("Duration: {time}", locale=lang).format(time=format_duration(duration)))
    return "\n".join(lines)


def failures_csv(failures: list[tuple[int, str, str, int]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["user_id", "status", "error", "attempts"])
    writer.writerows(failures)
    return out.getvalue().encode("utf-8")


def _seconds_between(start: str | None, end: str | None) -> float:
    if not start or not end:
        return 0.0
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


class _Progress:
    """One message to the announcer, edited in place: bar, sent / total, rate, time left.

    Messages to the announcer take a global slot but skip the per-chat interval: they come at most
    every 5 s, plus a short burst of two or three at the end, which Telegram allows.
    """

    def __init__(self, broadcaster: Broadcaster, bot: Bot, broadcast: Broadcast, lang: str):
        self.b, self.bot, self.broadcast, self.lang = broadcaster, bot, broadcast, lang
        self.message_id = broadcast.progress_message_id
        self.started = time.monotonic()
        self.done_at_start = 0
        self.last_text = ""

    async def open(self) -> None:
        counts = await self.b.repo.counts(self.broadcast.id)
        self.done_at_start = counts.done
        if self.message_id is None:
            try:
                await self.b.limiter.acquire_and_admit()
                message = await self.bot.send_message(self.broadcast.author_id, self.text(counts))
                self.message_id = message.message_id
                await self.b.repo.set_progress_message(self.broadcast.id, message.message_id)
            except TelegramAPIError as error:
                log.warning("announcement %s: no progress message: %s", self.broadcast.id, type(error).__name__)
        else:
            await self.show(counts)

    async def tick_every(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            await self.show(await self.b.repo.counts(self.broadcast.id))

    async def show(self, counts: DeliveryCounts) -> None:
        text = self.text(counts)
        if self.message_id is None or text == self.last_text:
            return
        try:
            await self.b.limiter.acquire_and_admit()
            await self.bot.edit_message_text(text, chat_id=self.broadcast.author_id, message_id=self.message_id)
            self.last_text = text
        except TelegramAPIError as error:  # "not modified", or the announcer deleted it
            log.info("announcement %s: progress not edited: %s", self.broadcast.id, type(error).__name__)

    def text(self, counts: DeliveryCounts) -> str:
        lang = self.lang
        elapsed = time.monotonic() - self.started
        rate = (counts.done - self.done_at_start) / elapsed if elapsed > 1 else 0.0
        left = counts.pending + counts.sending
        seconds_left = left / (rate or self.b.rate)
        return "\n".join([
            _("📢 Announcement #{id}", locale=lang).format(id=self.broadcast.id),
            progress_bar(counts.done, counts.total),
            _("Sent: {sent} of {total} (blocked or failed: {lost})", locale=lang).format(
                sent=counts.sent, total=counts.total, lost=counts.blocked + counts.failed
            ),
            _("Speed: {rate} messages/s", locale=lang).format(rate=f"{rate:.1f}"),
            _("Time left: about {time}", locale=lang).format(time=format_duration(seconds_left)),
        ])


# --- Dispatcher hooks (registered in bot.build_dispatcher) -------------------------------------


async def start_broadcasts(bot: Bot, broadcaster: Broadcaster) -> None:
    await broadcaster.startup(bot)


async def stop_broadcasts(broadcaster: Broadcaster) -> None:
    await broadcaster.shutdown()
