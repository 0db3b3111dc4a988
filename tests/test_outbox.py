"""The transactional outbox (issue 12.2): what announces a committed change reaches its recipient,
once in the normal case, across a crash between the commit and the send; a blocked recipient or a
slow chat holds nobody else up; one chat's messages keep their order.

A crash is simulated in process by a send that never returns (the process "stops" inside it), then
a new app on the same SQLite file; and for real by kill -9 of `python bot.py` while the fake Bot API
holds the confirmation.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import EditMessageText, SendMessage, SendPhoto

from services.complaint_callbacks import StaffTicket
from services.outbox import Outbox
from services.privacy import erase_personal_data
from storage.complaints import ComplaintRepo
from storage.outbox import OutboxStore, stamp
from web import ticket_actions
from tests.conftest import ADMIN_ID, OPERATOR_ID, STAFF_CHAT_ID, App, close_test_app, open_test_app
from tests.fake_api import FakeBotAPI
from tests.test_complaints_flow import PHOTO, TEXT_RU, file_quickly
from tests.test_runtime_modes import TOKEN, USER, start_bot, stop_bot

CITIZEN = 5101
NEIGHBOUR = 5102
NUMBER = re.compile(r"KG-\d{4}-\d{6}")


class Killed(BaseException):
    """The process stops inside a send: nothing after it runs (not an error any handler could catch)."""


def die_on_first(app: App, predicate) -> None:
    """The first request matching `predicate` kills the "process" before it reaches Telegram."""
    original = app.session.make_request
    fired = []

    async def make_request(bot, method, timeout=None):
        if not fired and predicate(method):
            fired.append(method)
            raise Killed
        return await original(bot, method, timeout)

    app.session.make_request = make_request


def delivered(app: App, chat_id: int) -> list[str]:
    """The texts Telegram accepted for this chat (a refused request is recorded too, without a message)."""
    return [m.text for m in app.session.to_chat(chat_id)
            if isinstance(m, SendMessage) and id(m) in app.session.message_ids]


def confirmations(app: App, chat_id: int) -> list[str]:
    return [t for t in delivered(app, chat_id) if NUMBER.search(t) and "зарегистрировано" in t]


async def crash(app: App) -> None:
    """What survives a kill: the file. The background sender is stopped, nothing else is run."""
    await app.dp["outbox"].stop()
    await app.db.close()


async def restart(settings, qa_service, i18n) -> App:
    app = await open_test_app(settings, qa_service, i18n)
    await app.dp.emit_startup(bot=app.bot, **app.dp.workflow_data)  # sends the leftovers before any update
    return app


async def test_a_crash_after_the_tickets_commit_still_tells_the_number_once(app: App, settings, qa_service,
                                                                              i18n) -> None:
    die_on_first(app, lambda m: isinstance(m, SendMessage) and m.chat_id == CITIZEN and NUMBER.search(m.text))
    with pytest.raises(Killed):
        await file_quickly(app, CITIZEN, TEXT_RU)
    assert confirmations(app, CITIZEN) == []  # the citizen got nothing before the crash
    assert not app.session.to_chat(STAFF_CHAT_ID)
    await crash(app)

    again = await restart(settings, qa_service, i18n)
    try:
        tickets = await ComplaintRepo(again.db).of_citizen(CITIZEN, limit=5)
        assert len(tickets) == 1  # stored once, before the crash
        told = confirmations(again, CITIZEN)
        assert len(told) == 1 and tickets[0].number in told[0]  # the number, after the restart, once
        post = [t for t in again.session.texts_to(STAFF_CHAT_ID) if tickets[0].number in t]
        assert len(post) == 1  # staff see the new appeal too
        assert (await ComplaintRepo(again.db).get(tickets[0].id)).staff_post_id is not None
        assert await OutboxStore(again.db).count() == 0

        # The confirmation is the ticket's message: the citizen's Telegram reply to it joins the ticket.
        sent = next(m for m in again.session.to_chat(CITIZEN) if NUMBER.search(getattr(m, "text", "") or ""))
        await again.client.send(CITIZEN, "Добавлю: воды нет и в соседнем доме.",
                                reply_to_message={"message_id": again.session.message_id_of(sent), "date": 0,
                                                  "chat": {"id": CITIZEN, "type": "private"},
                                                  "from": {"id": 42, "is_bot": True, "first_name": "Kenesh"},
                                                  "text": sent.text})
        thread = await ComplaintRepo(again.db).messages(tickets[0].id)
        assert any("соседнем доме" in (m.text or "") for m in thread)

        # A second start sends nothing again.
        await again.dp["outbox"].stop()
        await again.dp["outbox"].start(again.bot)
        assert len(confirmations(again, CITIZEN)) == 1
    finally:
        await close_test_app(again)


async def test_a_crash_after_a_staff_reply_relays_it_once_and_confirms_to_staff(app: App, settings, qa_service,
                                                                                 i18n) -> None:
    number = NUMBER.search(await file_quickly(app, CITIZEN, TEXT_RU)).group()
    await app.client.click(OPERATOR_ID, "Ответить", chat_id=STAFF_CHAT_ID)
    die_on_first(app, lambda m: isinstance(m, SendMessage) and m.chat_id == CITIZEN)
    with pytest.raises(Killed):
        await app.client.send(OPERATOR_ID, "Воду дадут в пятницу.")
    await crash(app)

    again = await restart(settings, qa_service, i18n)
    try:
        relays = [t for t in delivered(again, CITIZEN) if "Воду дадут в пятницу" in t]
        assert len(relays) == 1 and number in relays[0]
        assert any("отправлено гражданину" in t for t in again.session.texts_to(OPERATOR_ID))
        # The input ended with the reply's commit: the operator's next message is not a second reply.
        await again.client.send(OPERATOR_ID, "Воду дадут в пятницу.")
        assert len([t for t in delivered(again, CITIZEN) if "Воду дадут в пятницу" in t]) == 1
        ticket = (await ComplaintRepo(again.db).of_citizen(CITIZEN, limit=1))[0]
        assert [m.text for m in await ComplaintRepo(again.db).messages(ticket.id)] == ["Воду дадут в пятницу."]
    finally:
        await close_test_app(again)


async def test_a_blocked_citizen_holds_up_nobody(app: App, caplog) -> None:
    app.session.block(CITIZEN)
    with caplog.at_level("WARNING", logger="kenesh.outbox"):
        await file_quickly(app, CITIZEN, TEXT_RU)
    assert "dropped" in caplog.text and "Forbidden" in caplog.text
    assert str(CITIZEN) not in caplog.text  # the log names the row, not the person
    assert len(await ComplaintRepo(app.db).of_citizen(CITIZEN, limit=5)) == 1
    assert await OutboxStore(app.db).count() == 0  # dropped, not retried forever

    confirmation = await file_quickly(app, NEIGHBOUR, TEXT_RU)
    assert NUMBER.search(confirmation)
    # Staff see both appeals; the blocked citizen's staff post was not held back by its 403.
    assert len([t for t in app.session.texts_to(STAFF_CHAT_ID) if NUMBER.search(t)]) == 2

    # Leftovers of a blocked chat do not stop the pass either.
    outbox: Outbox = app.dp["outbox"]
    async with outbox.transaction() as notices:
        notices.add(CITIZEN, "для заблокировавшего")
        notices.add(NEIGHBOUR, "для соседа")
    await outbox.drain(app.bot)
    assert "для соседа" in delivered(app, NEIGHBOUR)
    assert await OutboxStore(app.db).count() == 0


async def test_one_chats_messages_keep_their_order_past_a_429_and_a_network_error(app: App) -> None:
    number = NUMBER.search(await file_quickly(app, CITIZEN, TEXT_RU)).group()
    store = OutboxStore(app.db)
    app.session.rate_limit_once(CITIZEN, retry_after=30)
    for reply in ("Первый ответ.", "Второй ответ."):
        await app.client.click(OPERATOR_ID, "Ответить", chat_id=STAFF_CHAT_ID)
        await app.client.send(OPERATOR_ID, reply)
    # Telegram refused the first for 30 s: the second waits behind it, and the operator is told so.
    assert not [t for t in delivered(app, CITIZEN) if "ответ." in t]
    assert [t for t in app.session.texts_to(OPERATOR_ID) if "Telegram пока не принял" in t]
    assert await store.count() == 2

    # Meanwhile another citizen is served at once.
    assert NUMBER.search(await file_quickly(app, NEIGHBOUR, TEXT_RU))

    # A network error on the next try: the order holds, the row is tried again later.
    original = app.session.make_request
    failed = []

    async def flaky(bot, method, timeout=None):
        if not failed and getattr(method, "chat_id", None) == CITIZEN:
            failed.append(method)
            raise TelegramNetworkError(method=method, message="connection reset")
        return await original(bot, method, timeout)

    app.session.make_request = flaky
    await _time_passes(app, timedelta(seconds=31))
    assert failed and await store.count() == 2
    await _time_passes(app, timedelta(minutes=10))
    relays = [t for t in delivered(app, CITIZEN) if "ответ." in t]
    assert len(relays) == 2 and "Первый" in relays[0] and "Второй" in relays[1] and number in relays[0]
    assert await store.count() == 0


async def _time_passes(app: App, delta: timedelta) -> None:
    """Move the outbox's retry times back by `delta`, then let it make a pass (no waiting in tests)."""
    await _move_retries_back(app, delta)
    await app.dp["outbox"].drain(app.bot)


async def _move_retries_back(app: App, delta: timedelta) -> None:
    rows = await app.db.fetchall("SELECT id, not_before FROM outbox WHERE not_before IS NOT NULL")
    for row in rows:
        earlier = datetime.fromisoformat(row["not_before"]) - delta
        await app.db.execute("UPDATE outbox SET not_before = ? WHERE id = ?", (stamp(earlier), row["id"]))


async def test_forget_erases_the_messages_still_waiting_for_the_citizen(app: App) -> None:
    outbox: Outbox = app.dp["outbox"]
    async with outbox.transaction() as notices:  # not sent yet (Telegram unreachable, say)
        notices.add(CITIZEN, "Ваше обращение зарегистрировано", citizen_id=CITIZEN)
        notices.add(STAFF_CHAT_ID, "Новое обращение: текст жителя", citizen_id=CITIZEN)
        notices.add(NEIGHBOUR, "другому жителю", citizen_id=NEIGHBOUR)
    await erase_personal_data(app.db, CITIZEN)
    rows = await app.db.fetchall("SELECT chat_id, text FROM outbox")
    assert [(row["chat_id"], row["text"]) for row in rows] == [(NEIGHBOUR, "другому жителю")]


async def test_a_message_undeliverable_for_a_week_is_dropped(app: App) -> None:
    outbox: Outbox = app.dp["outbox"]
    async with outbox.transaction() as notices:
        notices.add(NEIGHBOUR, "старое")
    await app.db.execute("UPDATE outbox SET created_at = ?", (stamp(datetime.now(UTC) - timedelta(days=8)),))
    await outbox.drain(app.bot)
    assert "старое" not in app.session.texts_to(NEIGHBOUR)
    assert await OutboxStore(app.db).count() == 0


# --- the staff-chat post's edits and the files a citizen adds (issue 12, the rest of point 2) ------------


def post_edits(app: App, post_id: int) -> list[str]:
    """The edits of the staff-chat post that Telegram accepted, oldest first."""
    return [m.text for m in app.session.to_chat(STAFF_CHAT_ID)
            if isinstance(m, EditMessageText) and m.message_id == post_id and id(m) in app.session.message_ids]


async def staff_post_id(app: App, number: str) -> int:
    post_id = (await ComplaintRepo(app.db).by_number(number)).staff_post_id
    assert post_id is not None
    return post_id


async def test_a_crash_before_the_staff_post_is_edited_still_shows_the_new_status_once(app: App, settings, qa_service,
                                                                                       i18n) -> None:
    number = NUMBER.search(await file_quickly(app, CITIZEN, TEXT_RU)).group()
    post_id = await staff_post_id(app, number)
    die_on_first(app, lambda m: isinstance(m, EditMessageText) and m.chat_id == STAFF_CHAT_ID)
    with pytest.raises(Killed):
        await app.client.click(OPERATOR_ID, "Взять в работу", chat_id=STAFF_CHAT_ID)
    assert post_edits(app, post_id) == []  # the take committed; the post still said "registered"
    await crash(app)

    again = await restart(settings, qa_service, i18n)
    try:
        edits = post_edits(again, post_id)
        assert len(edits) == 1 and number in edits[0] and "в работе" in edits[0] and f"User{OPERATOR_ID}" in edits[0]
        assert await OutboxStore(again.db).count() == 0
    finally:
        await close_test_app(again)


async def test_of_several_waiting_edits_of_the_staff_post_only_the_newest_is_made(app: App, settings, qa_service,
                                                                                  i18n) -> None:
    number = NUMBER.search(await file_quickly(app, CITIZEN, TEXT_RU)).group()
    post_id = await staff_post_id(app, number)
    app.session.rate_limit_once(STAFF_CHAT_ID, retry_after=30)
    await app.client.click(OPERATOR_ID, "Взять в работу", chat_id=STAFF_CHAT_ID)  # its edit: 429, held
    await app.client.click(OPERATOR_ID, "Дать итоговый ответ", chat_id=STAFF_CHAT_ID)
    await app.client.send(OPERATOR_ID, "Воду дадут в пятницу.")
    assert any("Воду дадут в пятницу" in t for t in delivered(app, CITIZEN))  # the citizen waits for nobody
    assert post_edits(app, post_id) == []  # the staff chat waits for Telegram's 30 s
    await _move_retries_back(app, timedelta(seconds=31))
    await crash(app)

    again = await restart(settings, qa_service, i18n)
    try:
        edits = post_edits(again, post_id)
        assert len(edits) == 1 and "дан ответ" in edits[0]  # the take's edit was not made after the answer's
        assert await OutboxStore(again.db).count() == 0
    finally:
        await close_test_app(again)


async def test_a_change_made_before_its_staff_post_went_out_edits_the_post_once_it_has(app: App) -> None:
    app.session.rate_limit_once(STAFF_CHAT_ID, retry_after=30)
    number = NUMBER.search(await file_quickly(app, CITIZEN, TEXT_RU)).group()  # the post: 429, held
    ticket = await ComplaintRepo(app.db).by_number(number)
    await app.client.callback(OPERATOR_ID, StaffTicket(action="take", id=ticket.id).pack(), chat_id=STAFF_CHAT_ID)
    assert ticket.staff_post_id is None and not app.session.texts_to(STAFF_CHAT_ID)[1:]
    await _time_passes(app, timedelta(seconds=31))
    post_id = await staff_post_id(app, number)
    posts = [t for t in delivered(app, STAFF_CHAT_ID) if number in t]
    assert len(posts) == 1 and "в работе" in post_edits(app, post_id)[-1]
    assert await OutboxStore(app.db).count() == 0


async def test_an_edit_telegram_finds_not_modified_is_done_and_posts_nothing_new(app: App) -> None:
    """What a second edit after a crash meets: the post already shows it (400 "message is not modified")."""
    number = NUMBER.search(await file_quickly(app, CITIZEN, TEXT_RU)).group()
    post_id = await staff_post_id(app, number)
    posts_before = len(app.session.calls("sendMessage"))
    app.session.failures[STAFF_CHAT_ID] = [(400, {
        "ok": False, "error_code": 400, "description": "Bad Request: message is not modified: specified new message "
        "content and reply markup are exactly the same as a current content and reply markup of the message"})]
    await app.client.click(OPERATOR_ID, "Взять в работу", chat_id=STAFF_CHAT_ID)
    assert not [m for m in app.session.calls("sendMessage")[posts_before:] if m.chat_id == STAFF_CHAT_ID]
    assert await staff_post_id(app, number) == post_id and await OutboxStore(app.db).count() == 0


async def test_a_crash_after_a_citizens_addition_still_brings_the_file_to_the_assignee_once(
        app: App, settings, qa_service, i18n) -> None:
    number = NUMBER.search(await file_quickly(app, CITIZEN, TEXT_RU)).group()
    await app.client.click(OPERATOR_ID, "Взять в работу", chat_id=STAFF_CHAT_ID)
    await app.client.send(CITIZEN, "/my")
    await app.client.click(CITIZEN, number)
    await app.client.click(CITIZEN, "Дополнить обращение")
    die_on_first(app, lambda m: isinstance(m, SendMessage) and m.chat_id == OPERATOR_ID)
    with pytest.raises(Killed):  # the addition committed; the assignee's notice and the photo had not gone
        await app.client.send_content(CITIZEN, photo=PHOTO, caption="Вот фото тёмной улицы вечером.")
    await crash(app)

    again = await restart(settings, qa_service, i18n)
    try:
        to_assignee = [m for m in again.session.to_chat(OPERATOR_ID) if id(m) in again.session.message_ids]
        photos = [m for m in to_assignee if isinstance(m, SendPhoto)]
        assert [m.photo for m in photos] == ["photo-big"] and number in photos[0].caption  # once
        notice = next(i for i, m in enumerate(to_assignee) if "тёмной улицы" in (getattr(m, "text", "") or ""))
        assert notice < to_assignee.index(photos[0])  # the text that announces it comes first
        assert await OutboxStore(again.db).count() == 0
    finally:
        await close_test_app(again)


# --- for real: kill -9 of `python bot.py` --------------------------------------------------------

RESTART = 90  # seconds a start may take on a loaded 2-core machine


def to_user(call) -> bool:
    return call.method in ("sendMessage", "editMessageText") and call.chat_id == USER


async def press(api: FakeBotAPI, label: str) -> None:
    pattern = re.compile(label)
    for call in reversed([c for c in api.calls if to_user(c)]):
        for row in json.loads(call.params.get("reply_markup") or "{}").get("inline_keyboard", []):
            for button in row:
                if pattern.search(button["text"]) and "callback_data" in button:
                    api.push_callback(USER, button["callback_data"])
                    return
    raise AssertionError(f"no button {label!r}")


async def step(api: FakeBotAPI, act) -> None:
    before = len([c for c in api.calls if to_user(c)])
    await act()
    await api.wait_until(lambda: len([c for c in api.calls if to_user(c)]) > before, RESTART)


@pytest.mark.timeout(300)  # two start-ups of the bot on a loaded machine
async def test_kill_9_between_the_tickets_commit_and_its_confirmation(tmp_path: Path) -> None:
    api = FakeBotAPI(TOKEN)
    env = {"TELEGRAM_API_BASE": await api.start()}
    bot = await start_bot(env, tmp_path)
    try:
        await step(api, lambda: _push(api, "/complaint"))
        await step(api, lambda: press(api, "^🏙 Бишкек$"))
        await step(api, lambda: press(api, "^Земля$"))
        await step(api, lambda: _push(api, TEXT_RU))
        api.hold(USER)  # the confirmation will hang in the send: the ticket is committed by then
        await press(api, "Отправить")
        held = await api.wait_for(lambda c: to_user(c) and NUMBER.search(c.params.get("text", "")), RESTART,
                                  held=True)
        number = NUMBER.search(held.params["text"]).group()
        bot.kill()
        await bot.wait()
        api.release()
        bot = await start_bot(env, tmp_path)
        told = await api.wait_for(lambda c: to_user(c) and number in c.params.get("text", ""), RESTART)
        await step(api, lambda: _push(api, "/my"))  # handled after the leftovers: all is settled
    finally:
        code, output = await stop_bot(bot)
        await api.stop()
    assert code == 0, output
    confirmations_sent = [c for c in api.calls if to_user(c) and c.params.get("text") == told.params["text"]]
    assert len(confirmations_sent) == 1  # once, after the restart
    assert "left by the last run" in output  # the start sent the leftovers


async def _push(api: FakeBotAPI, text: str) -> None:
    api.push_message(USER, text)


async def test_a_ticket_given_to_another_operator_on_the_web_shows_their_name_in_the_staff_chat(app: App,
                                                                                            i18n) -> None:
    """The console knows staff by id: the ticket shows the name the new assignee last took one under,
    never the previous assignee's, and the staff-chat post says so with the change."""
    service = app.dp["complaint_service"]
    earlier = NUMBER.search(await file_quickly(app, CITIZEN, TEXT_RU)).group()
    await app.client.click(OPERATOR_ID, "Взять в работу", chat_id=STAFF_CHAT_ID)  # known as User{OPERATOR_ID}
    number = NUMBER.search(await file_quickly(app, CITIZEN + 1, TEXT_RU)).group()
    assert number != earlier
    post_id = await staff_post_id(app, number)
    await app.client.click(ADMIN_ID, "Взять в работу", chat_id=STAFF_CHAT_ID)
    ticket = await ComplaintRepo(app.db).by_number(number)
    assert ticket.assignee_id == ADMIN_ID

    with i18n.context():  # as the console's middleware sets it for a request
        await ticket_actions.assign(app.bot, service, ticket, ADMIN_ID, OPERATOR_ID)

    ticket = await ComplaintRepo(app.db).by_number(number)
    assert ticket.assignee_id == OPERATOR_ID and ticket.assignee_name == f"User{OPERATOR_ID}"
    last_edit = post_edits(app, post_id)[-1]
    assert f"User{OPERATOR_ID}" in last_edit and f"User{ADMIN_ID}" not in last_edit
    assert await OutboxStore(app.db).count() == 0
