"""A configuration that parses but cannot work: one line naming the setting, a non-zero exit, no hang.

In-process where the check is a function (database, Bot API, webhook address), and as a subprocess
for the whole start (`python bot.py`) in a few cases, to see the one line and the exit code.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import pytest

from bot import build_bot
from config import ROOT, Settings
from services.preflight import StartupError, check_bot_api, listen, open_database
from tests.fake_api import FakeBotAPI
from tests.test_runtime_modes import TOKEN, free_port


def not_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "kenesh.db"
    path.write_bytes(b"this is a spreadsheet, not a database\n" * 100)
    return path


@pytest.mark.parametrize(
    "make_path",
    [
        not_sqlite,
        lambda tmp: tmp,  # a directory
        lambda tmp: (tmp / "file").write_text("x") and tmp / "file" / "kenesh.db",  # under a file
        lambda tmp: Path("/proc/kenesh-test.db"),  # a place nobody can write
    ],
    ids=["not-sqlite", "directory", "under-a-file", "unwritable"],
)
async def test_an_unusable_database_is_named_in_one_line(tmp_path: Path, make_path) -> None:
    path = make_path(tmp_path)
    with pytest.raises(StartupError) as error:
        await asyncio.wait_for(open_database(path), 30)
    message = str(error.value)
    assert message.startswith(f"DATABASE_PATH={path}") and "\n" not in message


async def test_a_damaged_database_fails_its_check(tmp_path: Path) -> None:
    path = tmp_path / "kenesh.db"
    db = await open_database(path)
    await db.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 2 + 200] = b"\xff" * 200  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    with pytest.raises(StartupError) as error:
        await asyncio.wait_for(open_database(path), 30)
    assert "DATABASE_PATH" in str(error.value)


async def test_a_silent_bot_api_is_named_after_the_timeout(monkeypatch) -> None:
    monkeypatch.setattr("services.preflight.API_TIMEOUT", 1.0)
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        base = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings = Settings(bot_token=TOKEN, telegram_api_base=base)
        bot = build_bot(settings)
        try:
            with pytest.raises(StartupError) as error:
                await check_bot_api(bot, settings)
        finally:
            await bot.session.close()
    assert f"TELEGRAM_API_BASE={base} did not answer" in str(error.value)


async def test_a_rejected_token_is_named() -> None:
    api = FakeBotAPI("999:another-token-the-server-knows")
    settings = Settings(bot_token=TOKEN, telegram_api_base=await api.start())
    bot = build_bot(settings)
    try:
        with pytest.raises(StartupError) as error:
            await check_bot_api(bot, settings)
    finally:
        await bot.session.close()
        await api.stop()
    assert str(error.value).startswith("BOT_TOKEN was refused")


@pytest.mark.parametrize("host", ["127.0.0.1", "no-such-host.invalid"])
async def test_a_webhook_address_that_cannot_be_bound_is_named(host: str) -> None:
    from aiohttp import web

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        runner = web.AppRunner(web.Application())
        await runner.setup()
        try:
            with pytest.raises(StartupError) as error:
                await listen(runner, Settings(webapp_host=host, webapp_port=port))
        finally:
            await runner.cleanup()
    assert str(error.value).startswith(f"WEBAPP_HOST={host} WEBAPP_PORT={port}")


async def run_bot(env_extra: dict[str, str], tmp_path: Path) -> tuple[int, list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "WEBHOOK_", "WEBAPP_", "TELEGRAM_"))}
    env.update({"BOT_TOKEN": TOKEN, "DATABASE_PATH": str(tmp_path / "bot.db")})
    env.update(env_extra)
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), 90)
    except TimeoutError:
        process.kill()
        raise AssertionError("the bot hung instead of stopping with one line")
    lines = (out + err).decode().strip().splitlines()
    return process.returncode, lines


async def test_the_bot_stops_with_one_line_on_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    code, lines = await run_bot({"DATABASE_PATH": str(not_sqlite(tmp_path))}, tmp_path)
    assert code != 0 and len(lines) == 1, lines
    assert lines[0].startswith("kenesh: DATABASE_PATH=") and "not an SQLite database" in lines[0]


async def test_the_bot_stops_with_one_line_when_nobody_serves_the_api(tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    code, lines = await run_bot({"TELEGRAM_API_BASE": base}, tmp_path)
    assert code != 0 and len(lines) == 1, lines
    assert f"TELEGRAM_API_BASE={base}" in lines[0] and TOKEN not in lines[0]


async def test_the_bot_stops_with_one_line_when_the_webhook_port_is_taken(tmp_path: Path) -> None:
    api = FakeBotAPI(TOKEN)
    base = await api.start()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, lines = await run_bot({
            "TELEGRAM_API_BASE": base, "BOT_MODE": "webhook", "WEBHOOK_BASE_URL": "https://bot.example.kg",
            "WEBHOOK_SECRET": "s3cret", "WEBAPP_PORT": str(port),
        }, tmp_path)
    await api.stop()
    assert code != 0 and len(lines) == 1, lines
    assert lines[0].startswith(f"kenesh: WEBAPP_HOST=127.0.0.1 WEBAPP_PORT={port}") and "s3cret" not in lines[0]
