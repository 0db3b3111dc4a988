"""Issue 11 point 7: announcements carry an official mark and the sender, reach a rayon or a city,
/subscribe asks no language, natural schedule phrases in ky and ru, and a scheduled announcement
can be previewed, edited, sent now or cancelled from /broadcasts. Through the real Dispatcher."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from aiogram.methods import SendMessage, SendPhoto

from handlers.staff_broadcast import BroadcastControl, ComposeStep
from handlers.subscription import SubscriptionStep
from services.scheduler import BISHKEK, describe_bishkek_time, parse_bishkek_time
from storage.broadcasts import BroadcastRepo
from storage.subscriptions import Audience, SubscriptionRepo
from storage.users import UserRepo
from tests.conftest import ADMIN_ID, App

ORG = "Кеңеш айыл өкмөтү | Айыл окмоту <Кенеш>"
TEXT_KY = "Эртең саат 10:00дө айылдык кеңештин жыйыны болот"
TEXT_RU = "Завтра в 10:00 сессия айыльного кенеша"
# Friday 27 November 2026, 16:25 in Bishkek: the clock of the scheduling tests.
NOW = datetime(2026, 11, 27, 10, 25, tzinfo=UTC)


@pytest.fixture
def settings(settings):
    return settings.with_changes(org_name=ORG)


def received(app: App, chat_id: int) -> list[str]:
    return [m.text if isinstance(m, SendMessage) else m.caption
            for m in app.session.to_chat(chat_id) if isinstance(m, (SendMessage, SendPhoto))]


async def subscribe_many(app: App, people: dict[int, tuple]) -> None:
    repo = SubscriptionRepo(app.db)
    for user_id, (region, place, place_rayon, lang) in people.items():
        await repo.subscribe(user_id, region, lang, place=place, place_rayon=place_rayon)


async def compose_to(app: App, author: int, *, area_path: list[tuple[str, str]], ky: str = TEXT_KY,
                     ru: str = TEXT_RU, lang: str = "ru") -> None:
    client = app.client
    await client.send(author, "/broadcast", language_code=lang)
    await client.send(author, ky, language_code=lang)
    await client.send(author, ru, language_code=lang)
    await client.callback(author, ComposeStep(action="nophoto").pack(), language_code=lang)
    for action, value in area_path:
        await client.callback(author, ComposeStep(action=action, value=value).pack(), language_code=lang)


async def send_and_wait(app: App, author: int) -> int:
    await app.client.callback(author, ComposeStep(action="now").pack())
    [broadcast] = await BroadcastRepo(app.db).with_status("running") or await BroadcastRepo(app.db).with_status("finished")
    await app.dp["broadcaster"].wait(broadcast.id)
    return broadcast.id


# --- the official mark and the sender ---------------------------------------------------------


async def test_announcements_carry_the_official_mark_and_the_sender_in_each_language(app: App) -> None:
    await subscribe_many(app, {11: ("all", None, None, "ky"), 12: ("all", None, None, "ru")})
    await compose_to(app, ADMIN_ID, area_path=[("aud", "all")])
    preview = " ".join(received(app, ADMIN_ID))
    assert "📢 <b>Расмий кулактандыруу · Кеңеш айыл өкмөтү</b>" in preview  # the preview shows it too
    await send_and_wait(app, ADMIN_ID)
    [ky] = received(app, 11)
    [ru] = received(app, 12)
    assert ky.startswith("📢 <b>Расмий кулактандыруу · Кеңеш айыл өкмөтү</b>\n\n" + TEXT_KY)
    assert ru.startswith("📢 <b>Официальное объявление · Айыл окмоту &lt;Кенеш&gt;</b>\n\n" + TEXT_RU)  # escaped


# --- rayons and cities ------------------------------------------------------------------------

# Batken oblast: Kadamjai rayon holds the cities of rayon significance Aidarken and Kadamjai;
# Kyzyl-Kyia is a city of oblast significance; Leilek a neighbouring rayon.
PEOPLE = {
    21: ("all", None, None, "ru"),
    22: ("batken", None, None, "ky"),  # the whole oblast
    23: ("batken", "kadamjai", None, "ru"),  # the rayon
    24: ("batken", "aidarken", "kadamjai", "ky"),  # a city in that rayon
    25: ("batken", "kadamjai-city", "kadamjai", "ru"),  # another city in that rayon
    26: ("batken", "leilek", None, "ru"),  # the neighbouring rayon
    27: ("batken", "kyzyl-kyia", None, "ky"),  # a city of oblast significance
    28: ("chui", None, None, "ru"),  # another oblast
}


@pytest.mark.parametrize(
    ("path", "reached"),
    [
        ([("aud", "place"), ("in", "batken"), ("area", "kadamjai")], {21, 22, 23, 24, 25}),
        ([("aud", "place"), ("in", "batken"), ("area", "aidarken")], {21, 22, 23, 24}),
        ([("aud", "place"), ("in", "batken"), ("area", "kyzyl-kyia")], {21, 22, 27}),
        ([("aud", "region"), ("reg", "batken")], {21, 22, 23, 24, 25, 26, 27}),
    ],
    ids=["rayon", "city-of-rayon-significance", "city-of-oblast-significance", "oblast"],
)
async def test_an_area_announcement_reaches_its_own_its_containing_and_contained_areas(
    app: App, path: list, reached: set[int]
) -> None:
    await subscribe_many(app, PEOPLE)
    await compose_to(app, ADMIN_ID, area_path=path)
    summary = app.client.last_text(ADMIN_ID)
    assert re.search(rf"Получателей: {len(reached)}\b", summary)  # the count in the preview
    await send_and_wait(app, ADMIN_ID)
    assert {chat for chat in PEOPLE if received(app, chat)} == reached
    assert all(len(received(app, chat)) == 1 for chat in reached)


async def test_rayon_preview_names_the_rayon_with_its_oblast_in_kyrgyz(app: App) -> None:
    await subscribe_many(app, PEOPLE)
    await compose_to(app, ADMIN_ID, area_path=[("aud", "place"), ("in", "batken"), ("area", "kadamjai")], lang="ky")
    summary = app.client.last_text(ADMIN_ID)
    assert "Кадамжай району (Баткен облусу)" in summary
    assert re.search(r"Алуучулар: 5\b", summary)


async def test_a_resident_subscribes_to_a_city_of_their_rayon_in_russian(app: App) -> None:
    citizen = 5101
    await app.client.send(citizen, "/subscribe")
    await app.client.callback(citizen, SubscriptionStep(step="region", region="batken").pack())
    assert "Кадамжайский район" in app.client.buttons(citizen)
    await app.client.click(citizen, "Айдаркен")
    subscription = await SubscriptionRepo(app.db).get(citizen)
    assert (subscription.region, subscription.place, subscription.place_rayon, subscription.language) == (
        "batken", "aidarken", "kadamjai", "ru")
    confirmation = app.client.last_text(citizen)
    assert "Айдаркен" in confirmation and "Баткенская область" in confirmation and "/lang" in confirmation
    # Kadamjai rayon's announcements reach the city's subscriber.
    assert await SubscriptionRepo(app.db).count(Audience("place", "kadamjai", "batken", "kadamjai")) == 1


async def test_forged_place_buttons_subscribe_nobody(app: App) -> None:
    citizen = 5102
    await app.client.callback(citizen, SubscriptionStep(step="place", region="chui", place="aidarken").pack())
    await app.client.callback(citizen, SubscriptionStep(step="place", region="batken", place="atlantis").pack())
    assert await SubscriptionRepo(app.db).get(citizen) is None


# --- scheduling in words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("эртең саат 9да", "2026-11-28 09:00"),
        ("завтра в 9", "2026-11-28 09:00"),
        ("бүгүн 18:00", "2026-11-27 18:00"),
        ("в пятницу в 10", "2026-12-04 10:00"),  # said on a Friday afternoon: next Friday
        ("жума күнү саат 10до", "2026-12-04 10:00"),
        ("1-декабрь 10:00", "2026-12-01 10:00"),
        ("1 декабря в 10:00", "2026-12-01 10:00"),
        ("2026-жылдын 1-декабрында саат 10:00дө", "2026-12-01 10:00"),
        ("через 2 часа", "2026-11-27 18:25"),
        ("2 сааттан кийин", "2026-11-27 18:25"),
        ("в 9 вечера", "2026-11-27 21:00"),
        ("кечки 9да", "2026-11-27 21:00"),
        ("в понедельник в 3 дня", "2026-11-30 15:00"),
        ("5 января в 10:00", "2027-01-05 10:00"),  # no year: the next such date
        ("01.12.2026 09:00", "2026-12-01 09:00"),
        ("2026-12-01 09:00", "2026-12-01 09:00"),
        ("бүгүн 9:00", "2026-11-27 09:00"),  # read as said; the caller refuses the past
        ("31.02.2030 09:00", None),
        ("завтра", None),  # no time
        ("через неделю в 10", None),  # a word it does not know: no guess
        ("эртең саат 25те", None),
    ],
)
def test_schedule_phrases_in_kyrgyz_and_russian(phrase: str, expected: str | None) -> None:
    moment = parse_bishkek_time(phrase, NOW)
    assert (moment.astimezone(BISHKEK).strftime("%Y-%m-%d %H:%M") if moment else None) == expected


def test_the_time_is_said_back_in_words(i18n) -> None:
    moment = parse_bishkek_time("1-декабрь 10:00", NOW)
    tomorrow = parse_bishkek_time("завтра в 9", NOW)
    with i18n.context():
        assert describe_bishkek_time(moment, "ky", NOW) == "2026-жылдын 1-декабры, шейшемби, саат 10:00"
        assert describe_bishkek_time(moment, "ru", NOW) == "вторник, 1 декабря 2026 г., 10:00"
        assert describe_bishkek_time(tomorrow, "ky", NOW).startswith("эртең, 2026-жылдын 28-ноябры, ишемби")
        assert describe_bishkek_time(tomorrow, "ru", NOW).startswith("завтра, суббота, 28 ноября")


async def test_schedule_by_phrase_is_confirmed_in_words_and_the_past_refused(app: App) -> None:
    broadcaster = app.dp["broadcaster"]
    broadcaster.clock = lambda: NOW
    await subscribe_many(app, {31: ("all", None, None, "ky")})
    await compose_to(app, ADMIN_ID, area_path=[("aud", "all")], lang="ky")
    await app.client.callback(ADMIN_ID, ComposeStep(action="sched").pack(), language_code="ky")
    await app.client.send(ADMIN_ID, "бүгүн 9:00", language_code="ky")
    refusal = app.client.last_text(ADMIN_ID)
    assert "өтүп кетти" in refusal and "16:25" in refusal  # passed; what time it is now
    await app.client.send(ADMIN_ID, "кечээ кечинде", language_code="ky")
    assert "Мисалы" in app.client.last_text(ADMIN_ID)  # not understood: examples
    await app.client.send(ADMIN_ID, "эртең саат 9да", language_code="ky")
    assert "эртең, 2026-жылдын 28-ноябры, ишемби, саат 09:00" in app.client.last_text(ADMIN_ID)
    assert await BroadcastRepo(app.db).open_ones() == []  # nothing until confirmed
    await app.client.click(ADMIN_ID, "✅", language_code="ky")
    [broadcast] = await BroadcastRepo(app.db).open_ones()
    assert broadcast.scheduled_at == datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    assert "саат 09:00" in app.client.last_text(ADMIN_ID)


async def test_russian_phrase_is_confirmed_in_russian(app: App) -> None:
    app.dp["broadcaster"].clock = lambda: NOW
    await compose_to(app, ADMIN_ID, area_path=[("aud", "all")])
    await app.client.callback(ADMIN_ID, ComposeStep(action="sched").pack())
    await app.client.send(ADMIN_ID, "в пятницу в 10")
    assert "пятница, 4 декабря 2026 г., 10:00" in app.client.last_text(ADMIN_ID)
    await app.client.send(ADMIN_ID, "сегодня в 9")  # typed instead of confirming: read as a new time, refused
    assert "уже прошло" in app.client.last_text(ADMIN_ID)
    await app.client.click(ADMIN_ID, "Да")
    [broadcast] = await BroadcastRepo(app.db).open_ones()
    assert broadcast.scheduled_at == datetime(2026, 12, 4, 4, 0, tzinfo=UTC)


# --- /broadcasts: a scheduled announcement ----------------------------------------------------


async def scheduled_one(app: App, *, photo: str | None = None) -> int:
    return await BroadcastRepo(app.db).create(
        ADMIN_ID, TEXT_KY, TEXT_RU, photo, Audience("place", "kadamjai", "batken", "kadamjai"),
        scheduled_at=NOW + timedelta(days=3),
    )


async def test_scheduled_announcement_is_previewed_from_the_list(app: App) -> None:
    app.dp["broadcaster"].clock = lambda: NOW
    await subscribe_many(app, PEOPLE)
    broadcast_id = await scheduled_one(app)
    await app.client.send(ADMIN_ID, "/broadcasts")
    listing = app.client.last_text(ADMIN_ID)
    assert f"#{broadcast_id}" in listing and "понедельник, 30 ноября 2026 г., 16:25" in listing
    await app.client.click(ADMIN_ID, f"👁.*[#№]{broadcast_id}")
    texts = received(app, ADMIN_ID)
    assert any(TEXT_KY in t and "Расмий кулактандыруу" in t for t in texts)
    assert any(TEXT_RU in t and "Официальное объявление" in t for t in texts)
    assert re.search(r"Получателей сейчас: 5\b", texts[-1])


async def test_scheduled_announcement_text_and_time_are_edited(app: App) -> None:
    app.dp["broadcaster"].clock = lambda: NOW
    repo = BroadcastRepo(app.db)
    broadcast_id = await scheduled_one(app)
    await app.client.send(ADMIN_ID, "/broadcasts", language_code="ky")
    await app.client.click(ADMIN_ID, f"✏️.*[#№]{broadcast_id}", language_code="ky")
    await app.client.click(ADMIN_ID, "Кыргызча", language_code="ky")
    assert html.escape(TEXT_KY) in app.client.last_text(ADMIN_ID)  # the current text is shown
    await app.client.send(ADMIN_ID, "Жыйын <кийинкиге> жылдырылды", language_code="ky")
    assert (await repo.get(broadcast_id)).text_ky == "Жыйын <кийинкиге> жылдырылды"
    assert (await repo.get(broadcast_id)).text_ru == TEXT_RU
    assert any("Жыйын &lt;кийинкиге&gt; жылдырылды" in t for t in received(app, ADMIN_ID))  # previewed again

    await app.client.click(ADMIN_ID, "✏️", language_code="ky")
    await app.client.click(ADMIN_ID, "Убакыт", language_code="ky")
    await app.client.send(ADMIN_ID, "1-декабрь 10:00", language_code="ky")
    assert (await repo.get(broadcast_id)).scheduled_at == datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
    assert "2026-жылдын 1-декабры" in " ".join(received(app, ADMIN_ID)[-3:])


async def test_scheduled_announcement_is_sent_now_once(app: App) -> None:
    await subscribe_many(app, PEOPLE)
    broadcast_id = await scheduled_one(app)
    await app.client.send(ADMIN_ID, "/broadcasts")
    await app.client.click(ADMIN_ID, f"🚀.*[#№]{broadcast_id}")
    await app.dp["broadcaster"].wait(broadcast_id)
    assert (await BroadcastRepo(app.db).get(broadcast_id)).status == "finished"
    assert {chat for chat in PEOPLE if received(app, chat)} == {21, 22, 23, 24, 25}
    # The schedule coming due later, or the same button pressed again, sends nothing more.
    assert await app.dp["broadcaster"].fire_due(app.bot, now=NOW + timedelta(days=4)) == []
    await app.client.callback(ADMIN_ID, BroadcastControl(action="now", id=broadcast_id).pack())
    assert all(len(received(app, chat)) == 1 for chat in (21, 22, 23, 24, 25))


async def test_edits_after_the_start_change_nothing_and_citizens_cannot_edit(app: App) -> None:
    repo = BroadcastRepo(app.db)
    broadcast_id = await scheduled_one(app)
    await app.client.callback(5201, BroadcastControl(action="edit_ky", id=broadcast_id).pack())
    await app.client.send(5201, "взлом")
    await UserRepo(app.db).set_role(5202, "operator")
    await app.client.callback(5202, BroadcastControl(action="now", id=broadcast_id).pack())
    assert (await repo.get(broadcast_id)).status == "scheduled" and (await repo.get(broadcast_id)).text_ky == TEXT_KY

    await app.client.callback(ADMIN_ID, BroadcastControl(action="edit_ru", id=broadcast_id).pack())
    await app.dp["broadcaster"].cancel(app.bot, broadcast_id)
    await app.client.send(ADMIN_ID, "поздно")
    assert (await repo.get(broadcast_id)).text_ru == TEXT_RU
    assert "больше не" in app.client.last_text(ADMIN_ID)  # "no longer scheduled"


async def test_announcements_follow_the_language_chosen_later_with_lang(app: App) -> None:
    citizen = 5301
    await app.client.send(citizen, "/subscribe")
    await app.client.click(citizen, "Весь Кыргызстан")
    assert (await SubscriptionRepo(app.db).get(citizen)).language == "ru"  # the language in use, not asked
    await UserRepo(app.db).set_language(citizen, "ky")  # what /lang does
    await compose_to(app, ADMIN_ID, area_path=[("aud", "all")])
    await send_and_wait(app, ADMIN_ID)
    [text] = received(app, citizen)[-1:]
    assert TEXT_KY in text and "Расмий кулактандыруу" in text


# --- end to end through the loopback Bot API --------------------------------------------------


async def test_rayon_announcement_scheduled_by_phrase_then_sent_now_over_http(settings, qa_service, i18n) -> None:
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    from bot import build_bot
    from tests.conftest import close_test_app, open_test_app
    from tests.fake_api import FakeBotAPI
    from tests.helpers import BOT_TOKEN, TgClient

    api = FakeBotAPI(BOT_TOKEN)
    await api.start()
    app = await open_test_app(settings, qa_service, i18n)
    bot = build_bot(settings, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)))
    try:
        await app.dp.emit_startup(bot=bot, **app.dp.workflow_data)
        assert {c.params.get("language_code") for c in api.sent("setMyShortDescription")} == {"ky", "ru", None}
        await subscribe_many(app, PEOPLE)
        client = TgClient(app.dp, bot, app.session)
        await client.send(ADMIN_ID, "/broadcast", language_code="ky")
        await client.send(ADMIN_ID, TEXT_KY, language_code="ky")
        await client.send(ADMIN_ID, TEXT_RU, language_code="ky")
        for action, value in [("nophoto", ""), ("aud", "place"), ("in", "batken"), ("area", "kadamjai"), ("sched", "")]:
            await client.callback(ADMIN_ID, ComposeStep(action=action, value=value).pack(), language_code="ky")
        await client.send(ADMIN_ID, "2 сааттан кийин", language_code="ky")
        assert "Туурабы?" in api.sent("sendMessage", ADMIN_ID)[-1].params["text"]
        await client.callback(ADMIN_ID, ComposeStep(action="at").pack(), language_code="ky")
        [broadcast] = await BroadcastRepo(app.db).open_ones()
        assert broadcast.status == "scheduled" and broadcast.audience.kind == "place"

        await client.callback(ADMIN_ID, BroadcastControl(action="now", id=broadcast.id).pack(), language_code="ky")
        await app.dp["broadcaster"].wait(broadcast.id)
        reached = {c.chat_id: c.params["text"] for c in api.sent("sendMessage") if c.chat_id in PEOPLE}
        assert set(reached) == {21, 22, 23, 24, 25}
        assert reached[22].startswith("📢 <b>Расмий кулактандыруу · Кеңеш айыл өкмөтү</b>")  # ky subscriber
        assert reached[23].startswith("📢 <b>Официальное объявление · Айыл окмоту &lt;Кенеш&gt;</b>")
    finally:
        await close_test_app(app)
        await bot.session.close()
        await api.stop()


async def test_buttons_from_before_rayons_still_subscribe(app: App) -> None:
    citizen = 5401
    await app.client.callback(citizen, "sub:lang:bishkek:ky")  # the old language button
    subscription = await SubscriptionRepo(app.db).get(citizen)
    assert (subscription.region, subscription.place, subscription.language) == ("bishkek", None, "ru")
