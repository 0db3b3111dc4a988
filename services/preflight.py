"""Start-up checks: a configuration that parses but cannot work stops the bot with one line.

Each check names the setting to fix. They run before anything else starts, so the operator reads
"DATABASE_PATH … is not an SQLite database" instead of a traceback, or a process that hangs.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramUnauthorizedError

from config import Settings
from storage.db import Database

SQLITE_HEADER = b"SQLite format 3\x00"
DATABASE_TIMEOUT = 15.0  # seconds to open, migrate and check the file
API_TIMEOUT = 10.0  # seconds the Bot API has to answer getMe


class StartupError(Exception):
    """One line naming the setting that makes the bot unable to start."""


def check_database_path(path: Path) -> None:
    """What can be told without opening the file (aiosqlite can hang on a file that is not SQLite)."""
    where = f"DATABASE_PATH={path}"
    if path.is_dir():
        raise StartupError(f"{where} is a directory; give the path of a file (it is created if missing)")
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StartupError(f"{where}: cannot create the directory {parent} ({error.strerror})") from None
    if not parent.is_dir():
        raise StartupError(f"{where}: {parent} is not a directory")
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise StartupError(f"{where} is not readable and writable by this user")
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise StartupError(f"{where} is not an SQLite database; point it at the bot's database file")
    if not os.access(parent, os.W_OK | os.X_OK):
        # SQLite writes its -wal and -shm files next to the database
        raise StartupError(f"{where}: the directory {parent} is not writable by this user")


async def open_database(path: Path) -> Database:
    """Open, migrate and `PRAGMA quick_check` the database, or raise StartupError."""
    check_database_path(path)
    where = f"DATABASE_PATH={path}"
    try:
        db = await asyncio.wait_for(Database.connect(path), DATABASE_TIMEOUT)
    except TimeoutError:
        raise StartupError(f"{where}: the database did not open within {DATABASE_TIMEOUT:.0f} s "
                           "(locked by another process?)") from None
    except Exception as error:  # sqlite3.DatabaseError, OSError…: named, without a traceback
        raise StartupError(f"{where} cannot be used: {error}") from None
    try:
        row = await asyncio.wait_for(db.fetchone("PRAGMA quick_check"), DATABASE_TIMEOUT)
    except Exception as error:
        await db.close()
        raise StartupError(f"{where} failed its integrity check: {error}") from None
    if row is None or row[0] != "ok":
        await db.close()
        raise StartupError(f"{where} is damaged (PRAGMA quick_check: {row[0] if row else 'no answer'}); "
                           "restore a backup (README: Backups)")
    return db


async def check_bot_api(bot: Bot, settings: Settings) -> None:
    """getMe: the token is accepted and the server answers, or raise StartupError."""
    server = f"TELEGRAM_API_BASE={settings.telegram_api_base}" if settings.telegram_api_base else \
        "the Bot API (api.telegram.org; set TELEGRAM_API_BASE for another server)"
    try:
        await asyncio.wait_for(bot.get_me(request_timeout=int(API_TIMEOUT)), API_TIMEOUT + 1)
    except TelegramUnauthorizedError:
        raise StartupError("BOT_TOKEN was refused by the Bot API (401 Unauthorized): "
                           "take the current token from @BotFather") from None
    except (TimeoutError, TelegramNetworkError):
        raise StartupError(f"{server} did not answer getMe within {API_TIMEOUT:.0f} s; "
                           "check the address and the network") from None
    except TelegramAPIError as error:
        raise StartupError(f"{server} refused getMe: {error.message}") from None


async def listen(runner, settings: Settings) -> None:
    """Bind the webhook address (aiohttp AppRunner), or raise StartupError."""
    from aiohttp import web

    try:
        await web.TCPSite(runner, settings.webapp_host, settings.webapp_port).start()
    except OSError as error:
        raise StartupError(f"WEBAPP_HOST={settings.webapp_host} WEBAPP_PORT={settings.webapp_port}: "
                           f"cannot listen there ({error.strerror or error})") from None
