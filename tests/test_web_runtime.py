"""The web console is served by `python bot.py` in webhook mode too, and is off with an empty WEB_PORT."""

from __future__ import annotations

import re
import time
from pathlib import Path

import aiohttp

from tests.fake_api import FakeBotAPI
from tests.test_runtime_modes import STARTUP, TOKEN, free_port, start_bot, stop_bot
from tests.test_web_browser import wait_listening

STAFF = 3301


async def test_webhook_mode_serves_the_console(tmp_path: Path) -> None:
    api = FakeBotAPI(TOKEN)
    base = await api.start()
    hook_port, web_port = free_port(), free_port()
    secret = "web-console-test_secret"
    bot = await start_bot({
        "TELEGRAM_API_BASE": base, "BOT_MODE": "webhook", "WEBHOOK_BASE_URL": "https://bot.example.kg",
        "WEBHOOK_SECRET": secret, "WEBAPP_PORT": str(hook_port), "WEB_PORT": str(web_port),
        "WEB_BASE_URL": "https://console.example.kg", "STAFF_IDS": str(STAFF),
    }, tmp_path)  # fmt: skip
    try:
        await api.wait_for(lambda c: c.method == "setWebhook", STARTUP)
        await wait_listening(web_port)
        update = {"update_id": 1, "message": {
            "message_id": 1, "date": int(time.time()), "chat": {"id": STAFF, "type": "private"},
            "from": {"id": STAFF, "is_bot": False, "first_name": "S", "language_code": "ky"}, "text": "/web",
            "entities": [{"type": "bot_command", "offset": 0, "length": 4}]}}  # fmt: skip
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{web_port}/queue") as response:
                assert response.status == 401
            async with http.post(f"http://127.0.0.1:{hook_port}/telegram/webhook", json=update,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": secret}) as response:
                assert response.status == 200
            sent = await api.wait_for(lambda c: c.method == "sendMessage" and "/login/" in c.params.get("text", ""))
            path = re.search(r"https://console\.example\.kg(/login/[^\"]+)", sent.params["text"]).group(1)
            async with http.get(f"http://127.0.0.1:{web_port}{path}", allow_redirects=False) as response:
                assert response.status == 303
                assert "Secure" in response.headers["Set-Cookie"]  # WEB_BASE_URL is https
    finally:
        code, output = await stop_bot(bot)
        await api.stop()
    assert code == 0, output


async def test_an_empty_web_port_turns_the_console_off(tmp_path: Path) -> None:
    api = FakeBotAPI(TOKEN)
    base = await api.start()
    bot = await start_bot({"TELEGRAM_API_BASE": base, "WEB_PORT": "", "STAFF_IDS": str(STAFF)}, tmp_path)
    try:
        await api.wait_for(lambda c: c.method == "setMyCommands")
        api.push_message(STAFF, "/web")
        sent = await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == STAFF)
        assert "/login/" not in sent.params["text"] and "WEB_PORT" in sent.params["text"]
    finally:
        code, output = await stop_bot(bot)
        await api.stop()
    assert code == 0, output
