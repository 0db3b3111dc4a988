"""End to end: `python bot.py` as a subprocess against the loopback fake Bot API."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp

from config import ROOT
from tests.fake_api import FakeBotAPI

TOKEN = "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp"
USER = 5551
# seconds a bot may take to start: importing aiogram alone takes 5–15 s on a loaded 2-core machine
STARTUP = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bot_env(env_extra: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The environment of a bot under test: ours only, a database in tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "WEBHOOK_", "WEBAPP_", "TELEGRAM_"))}
    env.update({"BOT_TOKEN": TOKEN, "DATABASE_PATH": str(tmp_path / "bot.db"), "PYTHONUNBUFFERED": "1"})
    env.update(env_extra)
    return env


async def start_bot(env_extra: dict[str, str], tmp_path: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), cwd=tmp_path, env=bot_env(env_extra, tmp_path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )


async def stop_bot(process: asyncio.subprocess.Process) -> tuple[int, str]:
    """SIGTERM, then the exit code and the output; fails if it takes more than 10 s."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = await asyncio.wait_for(process.communicate(), timeout=10)
    except TimeoutError:
        process.kill()
        raise AssertionError("the bot did not stop within 10 s of SIGTERM")
    assert time.monotonic() - started < 10
    return process.returncode, output.decode(errors="replace")


async def test_long_polling_answers_start_and_a_question(tmp_path: Path) -> None:
    api = FakeBotAPI(TOKEN)
    base = await api.start()
    bot = await start_bot({"TELEGRAM_API_BASE": base}, tmp_path)
    try:
        await api.wait_for(lambda c: c.method == "getUpdates" or c.method == "deleteWebhook", STARTUP)
        api.push_message(USER, "/start", language_code="en")  # neither ky nor ru: the bot asks
        greeting = await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == USER)
        assert "lang:ky" in greeting.params["reply_markup"]  # the language buttons
        api.push_message(USER, "Мэрди ким дайындайт?", language_code="ky")
        reply = await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == USER and c is not greeting)
        text = reply.params["text"]
        assert "Булактар" in text or "Булагы" in text  # answered in Kyrgyz, with its sources
        assert await api.wait_for(lambda c: c.method == "setMyCommands")
    finally:
        code, output = await stop_bot(bot)
        await api.stop()
    assert code == 0, output
    assert TOKEN not in output  # the token never reaches the logs


async def test_webhook_mode_checks_the_secret_and_answers(tmp_path: Path) -> None:
    api = FakeBotAPI(TOKEN)
    base = await api.start()
    port = free_port()
    secret = "s3cret-token_for-tests"
    bot = await start_bot(
        {
            "TELEGRAM_API_BASE": base, "BOT_MODE": "webhook", "WEBHOOK_BASE_URL": "https://bot.example.kg",
            "WEBHOOK_PATH": "/tg/hook", "WEBHOOK_SECRET": secret, "WEBAPP_HOST": "127.0.0.1",
            "WEBAPP_PORT": str(port),
        },
        tmp_path,
    )
    try:
        registered = await api.wait_for(lambda c: c.method == "setWebhook", STARTUP)
        assert registered.params["url"] == "https://bot.example.kg/tg/hook"
        assert registered.params["secret_token"] == secret
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1, "date": int(time.time()), "chat": {"id": USER, "type": "private"},
                "from": {"id": USER, "is_bot": False, "first_name": "T", "language_code": "ru"},
                "text": "Сколько депутатов в айыльном кенеше?",
            },
        }
        url = f"http://127.0.0.1:{port}/tg/hook"
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=update) as response:
                assert response.status == 401  # no secret header
            wrong = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            async with http.post(url, json=update, headers=wrong) as response:
                assert response.status == 401
            assert not api.sent(chat_id=USER)
            right = {"X-Telegram-Bot-Api-Secret-Token": secret}
            for junk in (b"not json at all", b'{"hello": 1}', b'[1, 2]', b'{"update_id": "x"}', b""):
                async with http.post(url, data=junk, headers=right) as response:
                    assert response.status == 400  # refused, and no traceback (checked below)
            async with http.post(url, json=update, headers=right) as response:
                assert response.status == 200
            reply = await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == USER)
            assert "Источники" in reply.params["text"]
            async with http.post(url, json=update, headers=right) as response:  # Telegram retrying
                assert response.status == 200
            update["update_id"] = 2
            async with http.post(url, json=update, headers=right) as response:
                assert response.status == 200
            await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == USER and c is not reply)
        assert len(api.sent(chat_id=USER)) == 2  # update 1 once, update 2 once
    finally:
        code, output = await stop_bot(bot)
        await api.stop()
    assert code == 0, output
    assert "Traceback" not in output and secret not in output and TOKEN not in output


async def test_missing_token_stops_at_once_with_one_line_pointing_to_ask(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    lines = err.decode().strip().splitlines()
    assert process.returncode == 2
    assert len(lines) == 1 and "BOT_TOKEN is not set" in lines[0] and "python bot.py ask" in lines[0]


async def test_ask_json_reads_questions_from_stdin(tmp_path: Path) -> None:
    questions = ["Кто назначает мэра Бишкека?", "какая погода завтра в Оше?", ""]
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), "ask", "--json", "-", cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "BOT_TOKEN"},
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate("\n".join(questions).encode() + b"\n"), timeout=60)
    assert process.returncode == 0, err.decode()
    objects = [json.loads(line) for line in out.decode().splitlines()]
    assert [o["question"] for o in objects] == questions
    for o in objects:
        assert set(o) == {"question", "answered", "lang", "topic", "answer", "sources", "confidence", "alternatives"}
    mayor, weather, empty = objects
    assert mayor["answered"] and mayor["lang"] == "ru" and mayor["topic"] == "mayor-appointment"
    assert any(s["source"] == "law-123-2021" for s in mayor["sources"])
    assert "<" not in mayor["answer"]  # plain text, no markup
    assert not weather["answered"] and weather["topic"] is None and weather["sources"] == []
    assert not empty["answered"]
