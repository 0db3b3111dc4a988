"""Subscriptions and the announcer's /broadcast flow through the real Dispatcher (recorded Bot API)."""

from __future__ import annotations

import html
import re
from datetime import UTC, timedelta

from aiogram.methods import SendDocument, SendMessage, SendPhoto

from handlers.staff_broadcast import BroadcastControl, ComposeStep
from handlers.subscription import SubscriptionStep
from services.scheduler import BISHKEK
from storage.broadcasts import BroadcastRepo, utc_now
from storage.subscriptions import Audience, SubscriptionRepo
from storage.users import UserRepo
from tests.conftest import ADMIN_ID, ANNOUNCER_ID, App

CITIZEN = 5001
TEXT_KY = 'Эртең саат 10:00дө айылдык кеңештин <b>жыйыны</b> & "суроолор"'
TEXT_RU = 'Завтра в 10:00 сессия айыльного кенеша <b>открытая</b> & "вопросы"'


def sends_to(app: App, chat_id: int) -> list:
    return [m for m in app.session.to_chat(chat_id) if isinstance(m, (SendMessage, SendPhoto, SendDocument))]


def announcement_texts(app: App, chat_id: int) -> list[str]:
    return [getattr(m, "text", None) or m.caption for m in sends_to(app, chat_id) if not isinstance(m, SendDocument)]


async def subscribe_many(app: App, people: dict[int, tuple[str, str]]) -> None:
    repo = SubscriptionRepo(app.db)
    for user_id, (region, lang) in people.items():
        await repo.subscribe(user_id, region, lang)


async def compose(app: App, author: int, *, ky: str | None, ru: str | None, audience: tuple[str, str] = ("aud", "all"),
                  photo: str | None = None) -> None:
    client = app.client
    await client.send(author, "/broadcast")
    if ky is None:
        await client.callback(author, ComposeStep(action="skip").pack())
    else:
        await client.send(author, ky)
    if ru is None:
        await client.callback(author, ComposeStep(action="skip").pack())
    else:
        await client.send(author, ru)
    if photo:
        await client.send_content(author, photo=[{"file_id": photo, "file_unique_id": "u", "width": 9, "height": 9}])
    else:
        await client.callback(author, ComposeStep(action="nophoto").pack())
    action, value = audience
    if action == "aud":
        await client.callback(author, ComposeStep(action="aud", value=value).pack())
    else:
        await client.callback(author, ComposeStep(action="aud", value="region" if action == "reg" else "language").pack())
        await client.callback(author, ComposeStep(action=action, value=value).pack())


# --- residents -------------------------------------------------------------------------------


async def test_subscribe_by_buttons_in_the_chosen_language_then_unsubscribe(app: App) -> None:
    await app.client.send(CITIZEN, "/subscribe", language_code="ky")
    assert any("Нарын" in b for b in app.client.buttons(CITIZEN))  # regions offered by name
    await app.client.callback(CITIZEN, SubscriptionStep(step="region", region="naryn").pack(), language_code="ky")
    buttons = app.client.buttons(CITIZEN)
    assert "Кыргызча" not in buttons and "Русский" not in buttons  # no language question: /lang is for that
    assert any("Нарын облусу" in b for b in buttons) and "Ат-Башы району" in buttons  # the whole oblast, or a rayon
    await app.client.click(CITIZEN, "Нарын облусу", language_code="ky")
    subscription = await SubscriptionRepo(app.db).get(CITIZEN)
    assert (subscription.region, subscription.place, subscription.language, subscription.active) == ("naryn", None, "ky", True)
    assert "Нарын" in app.client.last_text(CITIZEN) and "/lang" in app.client.last_text(CITIZEN)

    await app.client.send(CITIZEN, "/subscribe", language_code="ky")
    assert "Нарын" in app.client.last_text(CITIZEN)  # and shown again later

    await app.client.send(CITIZEN, "/unsubscribe", language_code="ky")
    assert not (await SubscriptionRepo(app.db).get(CITIZEN)).active
    assert await SubscriptionRepo(app.db).count(Audience("all")) == 0


async def test_a_forged_region_subscribes_nobody(app: App) -> None:
    await app.client.callback(CITIZEN, SubscriptionStep(step="lang", region="atlantis", place="ru").pack())
    assert await SubscriptionRepo(app.db).get(CITIZEN) is None


# --- announcers ------------------------------------------------------------------------------


async def test_broadcast_preview_counts_recipients_and_sends_each_their_language(app: App) -> None:
    await UserRepo(app.db).set_role(ANNOUNCER_ID, "announcer")
    await subscribe_many(app, {11: ("all", "ky"), 12: ("naryn", "ru"), 13: ("chui", "ky"), 14: ("osh", "ru")})
    await SubscriptionRepo(app.db).unsubscribe(14)
    await compose(app, ANNOUNCER_ID, ky=TEXT_KY, ru=TEXT_RU)

    texts = [m.text for m in sends_to(app, ANNOUNCER_ID)]
    assert any(html.escape(TEXT_KY, quote=False) in t for t in texts)  # the preview, as recipients see it
    assert any(html.escape(TEXT_RU, quote=False) in t for t in texts)
    assert re.search(r"\b3\b", app.client.last_text(ANNOUNCER_ID))  # 3 active subscribers, as a number

    await app.client.callback(ANNOUNCER_ID, ComposeStep(action="now").pack())
    broadcaster = app.dp["broadcaster"]
    [broadcast] = await BroadcastRepo(app.db).with_status("running") or await BroadcastRepo(app.db).with_status("finished")
    await broadcaster.wait(broadcast.id)

    assert announcement_texts(app, 11) == [announcement_texts(app, 11)[0]]
    assert html.escape(TEXT_KY, quote=False) in announcement_texts(app, 11)[0]
    assert html.escape(TEXT_RU, quote=False) in announcement_texts(app, 12)[0]
    assert html.escape(TEXT_KY, quote=False) in announcement_texts(app, 13)[0]
    assert sends_to(app, 14) == []  # unsubscribed
    assert (await BroadcastRepo(app.db).get(broadcast.id)).status == "finished"
    report = app.client.last_text(ANNOUNCER_ID)
    assert re.search(r"\b3\b", report)  # 3 delivered, reported to the announcer


async def test_one_language_announcement_goes_to_everyone_in_that_language(app: App) -> None:
    await subscribe_many(app, {21: ("all", "ky"), 22: ("all", "ru")})
    await compose(app, ADMIN_ID, ky=None, ru=TEXT_RU, photo="photo-file-1")
    await app.client.callback(ADMIN_ID, ComposeStep(action="now").pack())
    [broadcast] = await BroadcastRepo(app.db).with_status("running") or await BroadcastRepo(app.db).with_status("finished")
    await app.dp["broadcaster"].wait(broadcast.id)
    for chat in (21, 22):
        [photo] = [m for m in sends_to(app, chat) if isinstance(m, SendPhoto)]
        assert photo.photo == "photo-file-1"
        assert html.escape(TEXT_RU, quote=False) in photo.caption


async def test_region_audience_reaches_that_region_and_whole_country_subscribers(app: App) -> None:
    await subscribe_many(app, {31: ("naryn", "ky"), 32: ("chui", "ky"), 33: ("all", "ru")})
    await compose(app, ADMIN_ID, ky=TEXT_KY, ru=TEXT_RU, audience=("reg", "naryn"))
    assert re.search(r"\b2\b", app.client.last_text(ADMIN_ID))
    await app.client.callback(ADMIN_ID, ComposeStep(action="now").pack())
    [broadcast] = await BroadcastRepo(app.db).with_status("running") or await BroadcastRepo(app.db).with_status("finished")
    await app.dp["broadcaster"].wait(broadcast.id)
    assert len(sends_to(app, 31)) == 1 and len(sends_to(app, 33)) == 1
    assert sends_to(app, 32) == []


async def test_blocked_recipient_is_marked_and_listed_in_the_failures_csv(app: App) -> None:
    await subscribe_many(app, {41: ("all", "ru"), 42: ("all", "ru")})
    app.session.block(42)
    await compose(app, ADMIN_ID, ky=None, ru=TEXT_RU)
    await app.client.callback(ADMIN_ID, ComposeStep(action="now").pack())
    [broadcast] = await BroadcastRepo(app.db).with_status("running") or await BroadcastRepo(app.db).with_status("finished")
    await app.dp["broadcaster"].wait(broadcast.id)
    subscription = await SubscriptionRepo(app.db).get(42)
    assert not subscription.active and subscription.blocked_at
    [csv_file] = [m for m in app.session.to_chat(ADMIN_ID) if isinstance(m, SendDocument)]
    assert csv_file.document.filename.endswith(".csv")
    assert b"42,blocked" in csv_file.document.data


async def test_citizen_cannot_reach_the_announcer_flow(app: App) -> None:
    await subscribe_many(app, {51: ("all", "ru")})
    await app.client.send(CITIZEN, "/broadcast")
    await app.client.callback(CITIZEN, ComposeStep(action="now").pack())
    assert await BroadcastRepo(app.db).open_ones() == []
    assert await BroadcastRepo(app.db).with_status("finished") == []
    assert sends_to(app, 51) == []


async def test_forged_control_buttons_change_nothing(app: App) -> None:
    repo = BroadcastRepo(app.db)
    broadcast_id = await repo.create(ADMIN_ID, None, TEXT_RU, None, Audience("all"), scheduled_at=utc_now() + timedelta(days=3))
    await app.client.callback(CITIZEN, BroadcastControl(action="cancel", id=broadcast_id).pack())
    await UserRepo(app.db).set_role(5002, "operator")  # staff, but not an announcer
    await app.client.callback(5002, BroadcastControl(action="cancel", id=broadcast_id).pack())
    assert (await repo.get(broadcast_id)).status == "scheduled"

    await app.client.callback(ADMIN_ID, BroadcastControl(action="cancel", id=broadcast_id).pack())
    assert (await repo.get(broadcast_id)).status == "cancelled"
    await app.client.callback(ADMIN_ID, BroadcastControl(action="resume", id=broadcast_id).pack())
    assert (await repo.get(broadcast_id)).status == "cancelled"  # a stale button cannot revive it


async def test_scheduled_announcement_fires_at_its_bishkek_time(app: App) -> None:
    await subscribe_many(app, {61: ("all", "ky")})
    await compose(app, ADMIN_ID, ky=TEXT_KY, ru=None)
    await app.client.callback(ADMIN_ID, ComposeStep(action="sched").pack())
    await app.client.send(ADMIN_ID, "31.02.2030 09:00")  # not a date
    await app.client.send(ADMIN_ID, "01.01.2020 09:00")  # the past
    assert await BroadcastRepo(app.db).open_ones() == []
    local = (utc_now() + timedelta(days=9)).astimezone(BISHKEK).replace(hour=9, minute=0, second=0, microsecond=0)
    await app.client.send(ADMIN_ID, local.strftime("%Y-%m-%d %H:%M"))
    assert await BroadcastRepo(app.db).open_ones() == []  # the time is said back first
    assert f"{local.day} " in app.client.last_text(ADMIN_ID) and "09:00" in app.client.last_text(ADMIN_ID)
    await app.client.click(ADMIN_ID, "✅")
    [broadcast] = await BroadcastRepo(app.db).open_ones()
    assert broadcast.status == "scheduled"
    assert broadcast.scheduled_at == local.replace(hour=3, tzinfo=UTC)  # 09:00 in Bishkek is 03:00 UTC
    assert "09:00" in app.client.last_text(ADMIN_ID) and f"№{broadcast.id}" in app.client.last_text(ADMIN_ID)

    broadcaster = app.dp["broadcaster"]
    assert await broadcaster.fire_due(app.bot, now=broadcast.scheduled_at - timedelta(minutes=1)) == []
    assert sends_to(app, 61) == []
    assert await broadcaster.fire_due(app.bot, now=broadcast.scheduled_at) == [broadcast.id]
    await broadcaster.wait(broadcast.id)
    assert len(sends_to(app, 61)) == 1
    assert await broadcaster.fire_due(app.bot, now=broadcast.scheduled_at + timedelta(hours=1)) == []  # once


async def test_list_pause_resume(app: App) -> None:
    repo = BroadcastRepo(app.db)
    scheduled = await repo.create(ADMIN_ID, TEXT_KY, None, None, Audience("all"), scheduled_at=utc_now() + timedelta(days=1))
    await app.client.send(ADMIN_ID, "/broadcasts")
    assert f"#{scheduled}" in app.client.last_text(ADMIN_ID)
    await subscribe_many(app, {70 + i: ("all", "ru") for i in range(5)})
    running = await repo.create(ADMIN_ID, None, TEXT_RU, None, Audience("all"))
    await repo.begin(running, utc_now())  # running, but nobody is sending it (as if just restarted)
    await app.client.callback(ADMIN_ID, BroadcastControl(action="pause", id=running).pack())
    assert (await repo.get(running)).status == "paused"
    await app.client.callback(ADMIN_ID, BroadcastControl(action="resume", id=running).pack())
    await app.dp["broadcaster"].wait(running)
    assert (await repo.get(running)).status == "finished"
    assert all(len(sends_to(app, 70 + i)) == 1 for i in range(5))


async def test_server_errors_are_retried_three_times_then_recorded_as_failed(app: App, monkeypatch) -> None:
    monkeypatch.setattr("services.broadcaster.BACKOFF_SECONDS", 0.01)  # the schedule, not the behaviour
    await subscribe_many(app, {81: ("all", "ru"), 82: ("all", "ru")})
    error = (500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})
    app.session.failures[81] = [error, error]  # then it goes through
    app.session.failures[82] = [error, error, error, error]
    repo = BroadcastRepo(app.db)
    broadcast_id = await repo.create(ADMIN_ID, None, TEXT_RU, None, Audience("all"))
    await app.dp["broadcaster"].launch(app.bot, broadcast_id)
    await app.dp["broadcaster"].wait(broadcast_id)
    assert len(app.session.to_chat(81)) == 3 and len(app.session.to_chat(82)) == 3  # 3 attempts each, no more
    counts = await repo.counts(broadcast_id)
    assert (counts.sent, counts.failed) == (1, 1)
    [(user_id, status, error_text, attempts)] = await repo.failures(broadcast_id)
    assert (user_id, status, attempts) == (82, "failed", 3)
