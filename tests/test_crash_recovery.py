"""kill -9 in the middle of an update: after the restart the update is handled, nothing twice.

The fake Bot API holds the bot's reply to one chat, so the bot is caught inside the handler, with
the update already confirmed to "Telegram"; then it is killed and started again on the same file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fake_api import FakeBotAPI
from tests.test_runtime_modes import TOKEN, USER, start_bot, stop_bot


RESTART = 90  # seconds a restart may take on a loaded 2-core machine (importing aiogram is slow)


def to_user(call) -> bool:
    return call.method in ("sendMessage", "editMessageText") and call.chat_id == USER


async def kill(process) -> None:
    process.kill()
    await process.wait()


@pytest.mark.timeout(300)  # two start-ups of the bot on a loaded machine
async def test_a_question_in_flight_at_a_kill_is_answered_after_the_restart(tmp_path: Path) -> None:
    api = FakeBotAPI(TOKEN)
    env = {"TELEGRAM_API_BASE": await api.start()}
    bot = await start_bot(env, tmp_path)
    try:
        api.push_message(USER, "/start", language_code="en")  # neither ky nor ru: the language buttons
        await api.wait_for(to_user, RESTART)
        api.hold(USER)
        api.push_message(USER, "Сколько депутатов в айыльном кенеше?")
        await api.wait_for(to_user, held=True)  # the answer is on its way: the bot is mid-update
        await kill(bot)
        api.release()
        bot = await start_bot(env, tmp_path)
        answer = await api.wait_for(lambda c: to_user(c) and "Источники" in c.params.get("text", ""), RESTART)
        assert "депутат" in answer.params["text"]
        api.push_message(USER, "Кто назначает мэра?")
        await api.wait_for(lambda c: to_user(c) and c is not answer and "Источники" in c.params.get("text", ""))
    finally:
        code, output = await stop_bot(bot)
        await api.stop()
    assert code == 0, output
    greetings = [c for c in api.sent(chat_id=USER) if "lang:ky" in c.params.get("reply_markup", "")]
    assert len(greetings) == 1  # /start, handled before the kill, was not handled again


@pytest.mark.timeout(300)
async def test_a_form_interrupted_by_a_kill_continues_at_the_next_step(tmp_path: Path) -> None:
    api = FakeBotAPI(TOKEN)
    env = {"TELEGRAM_API_BASE": await api.start()}
    bot = await start_bot(env, tmp_path)
    try:
        api.push_message(USER, "/complaint")
        prompt = await api.wait_for(lambda c: to_user(c) and "reply_markup" in c.params, RESTART)
        first_button = json.loads(prompt.params["reply_markup"])["inline_keyboard"][0][0]
        api.hold(USER)
        api.push_callback(USER, first_button["callback_data"])
        await api.wait_for(to_user, held=True)
        await kill(bot)
        api.release()
        bot = await start_bot(env, tmp_path)
        next_step = await api.wait_for(lambda c: to_user(c) and c is not prompt, RESTART)
        assert next_step.params.get("text") and next_step.params.get("text") != prompt.params["text"]
        # the form goes on from where it was: /cancel finds a form in progress to cancel
        api.push_message(USER, "/cancel")
        cancelled = await api.wait_for(lambda c: to_user(c) and c not in (prompt, next_step)
                                       and c.method == "sendMessage")
        assert cancelled.params["text"]
    finally:
        code, output = await stop_bot(bot)
        await api.stop()
    assert code == 0, output
