"""A burst larger than the bot handles at once waits at Telegram, in order, and is answered."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import pytest

from config import ROOT
from services.delivery import MAX_IN_FLIGHT, REFILL_WHEN_FREE
from tests.fake_api import FakeBotAPI
from tests.test_crash_recovery import RESTART
from tests.test_runtime_modes import TOKEN, bot_env

HELD_FROM = 700_000  # chats whose replies the fake Telegram holds: the bot is busy with them
LATER_FROM = 800_000


@pytest.mark.timeout(300)
async def test_the_bot_takes_no_more_updates_than_it_can_handle_at_once(tmp_path: Path) -> None:
    api = FakeBotAPI(TOKEN)
    # the log goes to a file: 64 failed sends log 64 tracebacks, more than a pipe holds unread
    log = open(tmp_path / "bot.log", "wb")
    bot = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), cwd=tmp_path, stdout=log, stderr=log,
        env=bot_env({"TELEGRAM_API_BASE": await api.start()}, tmp_path),
    )
    try:
        api.push_message(1, "Мэрди ким дайындайт?", language_code="ky")
        await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == 1, RESTART)
        for i in range(MAX_IN_FLIGHT):
            api.hold(HELD_FROM + i)
            api.push_message(HELD_FROM + i, "Кто назначает мэра?")
        for i in range(10):
            api.push_message(LATER_FROM + i, "Кто назначает мэра?")
        # the bot is full once fewer than REFILL_WHEN_FREE slots are free: it asks Telegram for no more
        full = MAX_IN_FLIGHT - REFILL_WHEN_FREE + 1
        await api.wait_until(lambda: len(api.held) >= full, 60)
        # every slot taken is an update waiting on Telegram: the later ones stay at Telegram
        await asyncio.sleep(1.5)
        assert not [c for c in api.sent() if c.chat_id is not None and c.chat_id >= LATER_FROM]
        assert full <= len(api.held) <= MAX_IN_FLIGHT
        api.release()
        later = lambda: {c.chat_id for c in api.sent() if c.chat_id is not None and c.chat_id >= LATER_FROM}
        await api.wait_until(lambda: len(later()) == 10, 60)
    finally:
        bot.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(bot.wait(), 30)
        await api.stop()
        log.close()
    assert code == 0, (tmp_path / "bot.log").read_text(errors="replace")[-3000:]
