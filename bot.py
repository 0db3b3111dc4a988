"""Kenesh: entry point and factories.

    python bot.py                 run the bot (long polling, or a webhook with BOT_MODE=webhook)
    python bot.py ask "question"  print the reply as the bot would send it (no token, no network)
    python bot.py ask --json -    one question per line on stdin, one JSON object per line out
    python bot.py kb-check        validate the knowledge base; `file:line: message` per error
    python bot.py gaps            the questions the bot declined, was unsure of, or got a 👎 for
    python bot.py backup PATH     a consistent copy of the live database (SQLite online backup)

Importing this module has no side effects: tests build the same Bot and Dispatcher with
`build_bot()` and `build_dispatcher()`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sqlite3
import threading
import sys
from pathlib import Path

import services.lazy_telegram_types  # noqa: F401  (before aiogram: its types build on first use)
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.utils.i18n import I18n

from config import LOCALES, ConfigError, Settings
from handlers import setup_routers
from middlewares.callback_answer import AnswerEveryPress
from middlewares.flood import FloodGate
from middlewares.inflight import InFlightUpdates
from middlewares.locale import UserLocaleMiddleware
from middlewares.user import UserMiddleware
from qa.loader import KnowledgeError
from qa.service import QuestionAnswerer
from services.complaint_reminders import ComplaintReminders, start_reminders, stop_reminders
from services.complaints import ComplaintService
from services.answer_cache import AnswerCache
from services.conversation import Conversation
from services.question_retention import QuestionLogRetention, start_question_retention, stop_question_retention
from services.bot_profile import set_commands
from services.bot_session import TelegramSession
from services.broadcaster import Broadcaster, start_broadcasts, stop_broadcasts
from services.i18n import build_i18n
from services.response_models import keep_response_models
from services.telegram_objects import install as bind_bot_in_one_step
from services.preflight import StartupError, check_bot_api, listen, open_database
from services.delivery import UpdateRunner, WebhookEndpoint, poll
from services.outbox import Outbox, start_outbox, stop_outbox
from storage.db import Database
from storage.fsm import ChatLocks, SQLiteStorage
from storage.question_log import QuestionLog
from storage.subscriptions import SubscriptionRepo
from storage.update_journal import UpdateJournal
from storage.users import UserRepo
from web.app import start_web, stop_web

log = logging.getLogger("kenesh")
SHUTDOWN_GRACE_SECONDS = 5.0  # updates in progress get this long to finish on SIGTERM


def build_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    """The Bot; `session` replaces the HTTP session (tests record calls with their own)."""
    keep_response_models()
    bind_bot_in_one_step()  # each Telegram object created costs about half (services/telegram_objects.py)
    if session is None:
        # aiogram's aiohttp session with a faster way to send a keyboard and read it back (same bytes)
        api = TelegramAPIServer.from_base(settings.telegram_api_base) if settings.telegram_api_base else None
        session = TelegramSession(api=api) if api else TelegramSession()
    return Bot(
        settings.bot_token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def build_dispatcher(settings: Settings, db: Database, qa: QuestionAnswerer, i18n: I18n) -> Dispatcher:
    inflight = InFlightUpdates()
    callback_answers = AnswerEveryPress()
    flood_gate = FloodGate()
    outbox = Outbox(db)  # messages announcing a committed change: stored with it, sent after it
    dp = Dispatcher(
        storage=SQLiteStorage(db),
        events_isolation=ChatLocks(),  # two quick messages from one user never race on state
        settings=settings,
        db=db,
        qa=qa,
        i18n=i18n,
        users=UserRepo(db),
        inflight=inflight,
        callback_answers=callback_answers,
        flood_gate=flood_gate,
        broadcaster=Broadcaster(db, i18n, rate=settings.broadcast_rate, default_locale=settings.default_locale,
                                org_name=settings.org_name),
        subscriptions=SubscriptionRepo(db),
        outbox=outbox,
        complaint_service=ComplaintService(db, settings, outbox),
        complaint_reminders=ComplaintReminders(),
        conversation=Conversation(),  # recent questions (follow-ups) and the references behind 👍/👎
        question_log=QuestionLog(db),
        answer_cache=AnswerCache(),  # answers to questions asked before (the same words, language and day)
        question_retention=QuestionLogRetention(),
    )
    dp.update.outer_middleware(inflight)
    dp.update.outer_middleware(UserMiddleware())
    UserLocaleMiddleware(i18n).setup(dp)
    # After the locale (its notice is translated), before any handler: a flood is dropped early.
    for observer in (dp.message, dp.edited_message, dp.callback_query):
        observer.outer_middleware(flood_gate)
    # Every button press is answered once its handler returns (handlers set the text through
    # `callback_answer`), so no client keeps spinning; errors.py answers when a handler fails.
    dp.callback_query.middleware(callback_answers)
    setup_routers(dp)
    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    # First among the tasks: what the last run committed but did not send goes out before any update.
    dp.startup.register(start_outbox)
    dp.shutdown.register(stop_outbox)
    dp.startup.register(start_broadcasts)  # resumes interrupted announcements, watches the schedule
    dp.shutdown.register(stop_broadcasts)
    dp.startup.register(start_reminders)
    dp.shutdown.register(stop_reminders)
    dp.startup.register(start_question_retention)  # purges question_log older than QUESTION_LOG_DAYS
    dp.shutdown.register(stop_question_retention)
    return dp


async def on_startup(bot: Bot, settings: Settings, users: UserRepo, i18n: I18n) -> None:
    await users.bootstrap_roles(settings.admin_ids, settings.staff_ids)
    await set_commands(bot, i18n, settings.default_locale, users)  # menus (staff ones too), descriptions


async def on_shutdown(inflight: InFlightUpdates) -> None:
    if not await inflight.wait_idle(SHUTDOWN_GRACE_SECONDS):
        log.warning("stopping with updates still in progress")


# --- running -------------------------------------------------------------------------------


async def open_app(settings: Settings) -> tuple[Database, Dispatcher, Bot]:
    qa = QuestionAnswerer.load(settings.knowledge_dir)  # refuses an invalid knowledge base
    i18n = build_i18n(settings.locales_dir, settings.default_locale)
    db = await open_database(settings.database_path)  # checked: one line naming DATABASE_PATH if unusable
    return db, build_dispatcher(settings, db, qa, i18n), build_bot(settings)


async def run_polling(settings: Settings) -> None:
    db, dp, bot = await open_app(settings)
    runner = UpdateRunner(dp, bot, UpdateJournal(db))
    console = None
    try:
        await check_bot_api(bot, settings)
        console = await start_web(dp, bot)  # the staff console shares this process's Database and Bot
        await bot.delete_webhook(drop_pending_updates=False)
        await dp.emit_startup(bot=bot, **dp.workflow_data)
        try:
            await runner.replay_pending()
            stop = stop_signal()
            log.info("polling for updates")
            await poll(runner, dp.resolve_used_update_types(), stop)
            await runner.stop(SHUTDOWN_GRACE_SECONDS)
        finally:
            await dp.emit_shutdown(bot=bot, **dp.workflow_data)
    finally:
        await stop_web(console)
        await bot.session.close()
        await db.close()


def build_webhook_app(settings: Settings, dp: Dispatcher, bot: Bot, runner: UpdateRunner):
    from aiohttp import web

    app = web.Application()
    # The secret token is checked on every request (401 otherwise). No IP filter: a local Bot API
    # server or an emulator does not send from Telegram's networks. A body that is not an update
    # gets 400; an update is in the journal before the 200 (services/delivery.py).
    app.router.add_post(settings.webhook_path, WebhookEndpoint(runner, settings.webhook_secret))
    return app


async def run_webhook(settings: Settings) -> None:
    from aiohttp import web

    db, dp, bot = await open_app(settings)
    runner = UpdateRunner(dp, bot, UpdateJournal(db))
    app = build_webhook_app(settings, dp, bot, runner)
    web_runner = web.AppRunner(app, access_log=None)
    await web_runner.setup()
    console = None
    try:
        await listen(web_runner, settings)  # one line naming WEBAPP_HOST/PORT if it cannot
        await check_bot_api(bot, settings)
        console = await start_web(dp, bot)  # the staff console listens on its own port
        await dp.emit_startup(bot=bot, **dp.workflow_data)
        try:
            await runner.replay_pending()
            # Only once we listen: Telegram starts sending updates as soon as the webhook is set.
            await bot.set_webhook(
                settings.webhook_base_url + settings.webhook_path,
                secret_token=settings.webhook_secret,
                allowed_updates=dp.resolve_used_update_types(),
            )
            log.info("webhook listening on %s:%s%s", settings.webapp_host, settings.webapp_port, settings.webhook_path)
            await stop_signal().wait()
            await runner.stop(SHUTDOWN_GRACE_SECONDS)
        finally:
            await dp.emit_shutdown(bot=bot, **dp.workflow_data)
    finally:
        await stop_web(console)
        await web_runner.cleanup()
        await bot.session.close()
        await db.close()


def stop_signal() -> asyncio.Event:
    """An event set by SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop


# --- command line --------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print(f"kenesh: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # aiogram logs every update handled at INFO: a line per message of every resident, which costs
    # CPU under a crowd and drowns what the operator needs to see
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    runner = run_webhook if settings.bot_mode == "webhook" else run_polling
    try:
        asyncio.run(runner(settings))
    except KnowledgeError as error:
        report_invalid_knowledge(error)
        return 1
    except StartupError as error:
        print(f"kenesh: {error}", file=sys.stderr, flush=True)
        if threading.active_count() > 1:
            # a database call that timed out leaves aiosqlite's (non-daemon) thread waiting on
            # the file: exit anyway rather than hang
            os._exit(1)
        return 1
    return 0


def report_invalid_knowledge(error: KnowledgeError) -> None:
    print("kenesh: the knowledge base is invalid, so the bot will not start; fix these and run"
          " `python bot.py kb-check`:", file=sys.stderr)
    print("\n".join(error.errors), file=sys.stderr)


def cmd_ask(args: argparse.Namespace) -> int:
    from handlers.conversation import problem_keyboard, small_talk_keyboard
    from handlers.keyboards import reply_keyboard
    from services.cli import ask_lines

    def turn_keyboard(kind: str, lang: str):
        return problem_keyboard(lang) if kind == "problem" else small_talk_keyboard(kind, lang)

    try:
        settings = Settings.from_env(require_token=False)
    except ConfigError as error:
        print(f"kenesh: {error}", file=sys.stderr)
        return 2
    questions = sys.stdin if args.question == "-" else [args.question]
    try:
        for line in ask_lines(settings, questions, as_json=args.json, user_lang=args.lang or settings.default_locale,
                              keyboard=reply_keyboard, turn_keyboard=turn_keyboard):
            print(line, flush=True)
    except KnowledgeError as error:
        report_invalid_knowledge(error)
        return 1
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from services.backup import backup_database

    try:
        settings = Settings.from_env(require_token=False)
    except ConfigError as error:
        print(f"kenesh: {error}", file=sys.stderr)
        return 2
    target = Path(args.path)
    try:
        pages = backup_database(settings.database_path, target)
    except (ValueError, OSError, sqlite3.Error) as error:
        print(f"kenesh: backup failed: {error}", file=sys.stderr)
        return 1
    print(f"kenesh: {settings.database_path} copied to {target} ({pages} pages, integrity checked)")
    return 0


def cmd_kb_check(args: argparse.Namespace) -> int:
    from qa import check

    return check.main([args.path])


def cmd_gaps(args: argparse.Namespace) -> int:
    from services.gaps import print_gaps

    try:
        settings = Settings.from_env(require_token=False)
    except ConfigError as error:
        print(f"kenesh: {error}", file=sys.stderr)
        return 2
    return asyncio.run(print_gaps(settings, days=args.days, limit=args.limit, as_json=args.json))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bot.py", description="Kenesh, the local self-government bot")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (the default)").set_defaults(func=cmd_run)
    ask = sub.add_parser("ask", help="answer a question without Telegram")
    ask.add_argument("question", help='the question, or "-" to read one question per line from stdin')
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument("--lang", choices=LOCALES, help="the user's language when the question's is unclear")
    ask.set_defaults(func=cmd_ask)
    backup = sub.add_parser("backup", help="copy the live database consistently (safe while the bot runs)")
    backup.add_argument("path", help="the file to write (or a directory)")
    backup.set_defaults(func=cmd_backup)
    check = sub.add_parser("kb-check", help="validate the knowledge base")
    check.add_argument("path", nargs="?", default=str(Path(__file__).parent / "knowledge"))
    check.set_defaults(func=cmd_kb_check)
    gaps = sub.add_parser("gaps", help="questions to add to the knowledge base, most frequent first")
    gaps.add_argument("--days", type=int, default=30, help="only questions asked in the last N days (default 30)")
    gaps.add_argument("--limit", type=int, default=30, help="at most N questions (default 30)")
    gaps.add_argument("--json", action="store_true", help="one JSON object per question")
    gaps.set_defaults(func=cmd_gaps)
    args = parser.parse_args(argv)
    if args.command is None:
        args.func = cmd_run
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
