"""Issue 11 point by point, as residents and staff would go through it (the real Dispatcher, both languages)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pytest
from aiogram.methods import SendMessage

from handlers import complaint_form
from handlers.staff import actions as staff_actions
from services.complaint_callbacks import StaffTicket
from storage.complaints import ComplaintRepo
from storage.subscriptions import SubscriptionRepo
from tests.conftest import OPERATOR_ID, STAFF_CHAT_ID, App
from tests.test_complaints_flow import NUMBER, PHOTO, file_quickly, staff_post_edits, state_of

CITIZEN = 5301
TEXT = {"ru": "Уже месяц не горят фонари на нашей улице, дети ходят в школу в темноте.",
        "ky": "Бир айдан бери көчөбүздө фонарлар күйбөй жатат, балдар мектепке караңгыда барышат."}
CATEGORY = {"ru": "Уличное освещение", "ky": "Көчө жарыгы"}
SEND = {"ru": "Отправить", "ky": "Жөнөтүү"}


class Counted:
    """The citizen's side of the client, counting actions: each message or button press is one."""

    def __init__(self, app: App, user_id: int, lang: str):
        self.app, self.user_id, self.lang, self.actions = app, user_id, lang, 0

    async def send(self, text: str) -> None:
        self.actions += 1
        await self.app.client.send(self.user_id, text, language_code=self.lang)

    async def click(self, pattern: str) -> None:
        self.actions += 1
        await self.app.client.click(self.user_id, pattern, language_code=self.lang)


# --- 11.2 short ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "ky"])
async def test_11_2_a_text_only_complaint_takes_at_most_6_actions(app: App, lang: str) -> None:
    # A city: /complaint, the city, the category, the text, Send.
    citizen = Counted(app, CITIZEN, lang)
    await citizen.send("/complaint")
    await citizen.click("^🏙 Бишкек$")
    await citizen.click(CATEGORY[lang])
    await citizen.send(TEXT[lang])
    await citizen.click(SEND[lang])
    assert NUMBER.search(app.client.last_text(CITIZEN)) and citizen.actions == 5

    # An aiyl okmotu, with the oblast known from the subscription: the rayon list comes first.
    other = Counted(app, CITIZEN + 1, lang)
    await SubscriptionRepo(app.db).subscribe(CITIZEN + 1, "chui", lang)
    await other.send("/complaint")
    assert await state_of(app, CITIZEN + 1) == "ComplaintForm:place"
    await other.click("Аламүдүн|Аламудун")
    await other.click("Билбейм|Не знаю")
    await other.click(CATEGORY[lang])
    await other.send(TEXT[lang] + " Аламүдүн.")
    await other.click(SEND[lang])
    assert NUMBER.search(app.client.last_text(CITIZEN + 1)) and other.actions == 6

    # The next time, the last addressee is one button away.
    again = Counted(app, CITIZEN + 1, lang)
    await again.send("/complaint")
    await again.click("📍")
    await again.click("^(Дороги|Жолдор)$")
    await again.send(TEXT[lang] + " Жолдо да чуңкурлар көп." if lang == "ky" else TEXT[lang] + " И ямы на дороге.")
    await again.click(SEND[lang])
    tickets = await ComplaintRepo(app.db).of_citizen(CITIZEN + 1)
    assert len(tickets) == 2 and tickets[0].body_name == tickets[1].body_name and again.actions == 5
    assert tickets[0].kind == "complaint"


async def test_11_2_a_bishkek_subscriber_is_asked_only_the_category_and_text(app: App) -> None:
    await SubscriptionRepo(app.db).subscribe(CITIZEN, "bishkek", "ru")
    citizen = Counted(app, CITIZEN, "ru")
    await citizen.send("/complaint")
    assert "Мэрия города Бишкек" in app.client.last_text(CITIZEN)  # said, and changeable on the summary
    await citizen.click(CATEGORY["ru"])
    await citizen.send(TEXT["ru"])
    await citizen.click("Отправить")
    assert NUMBER.search(app.client.last_text(CITIZEN)) and citizen.actions == 4
    await app.client.send(CITIZEN, "/complaint")
    await app.client.click(CITIZEN, "Назад")  # another addressee: back to the list
    assert await state_of(app, CITIZEN) == "ComplaintForm:oblast"


async def test_11_2_deep_links_open_the_form_and_show_a_ticket_to_its_owner(app: App) -> None:
    c = app.client
    await c.send(CITIZEN, "/start complaint")
    assert await state_of(app, CITIZEN) == "ComplaintForm:oblast"
    await c.send(CITIZEN, "/cancel")
    number = NUMBER.search(await file_quickly(app, CITIZEN, TEXT["ru"])).group()
    await c.send(CITIZEN, f"/start {number}")
    shown = c.last_text(CITIZEN)
    assert number in shown and "Уличное освещение" not in shown or number in shown  # the ticket's card
    assert "Мэрия города Бишкек" in shown and "зарегистрировано" in shown
    await c.send(CITIZEN + 9, f"/start {number}")
    assert "не найдено" in c.last_text(CITIZEN + 9) and "Мэрия" not in c.last_text(CITIZEN + 9)


# --- 11.3 accepts what people send ------------------------------------------------------------------


async def to_text_step(app: App, user_id: int, lang: str = "ru") -> None:
    await app.client.send(user_id, "/complaint", language_code=lang)
    await app.client.click(user_id, "^🏙 Бишкек$", language_code=lang)
    await app.client.click(user_id, "^(Дороги|Жолдор)$", language_code=lang)


@pytest.mark.parametrize(("content", "kind"), [
    ({"voice": {"file_id": "voice-1", "file_unique_id": "v1", "duration": 7}}, "voice"),
    ({"video_note": {"file_id": "round-1", "file_unique_id": "r1", "length": 240, "duration": 5}}, "video_note"),
])
async def test_11_3_a_voice_message_or_video_note_is_the_text(app: App, content: dict, kind: str) -> None:
    await to_text_step(app, CITIZEN)
    await app.client.send_content(CITIZEN, **content)
    assert "сохранено как текст обращения" in app.client.last_text(CITIZEN)
    assert await state_of(app, CITIZEN) == "ComplaintForm:confirm"
    await app.client.click(CITIZEN, "Отправить")
    repo = ComplaintRepo(app.db)
    ticket = (await repo.of_citizen(CITIZEN))[0]
    assert [a.kind for a in await repo.attachments(ticket.id)] == [kind]
    assert "видеосообщение" in ticket.text
    assert "голосовым или видеосообщением" in app.client.last_text(STAFF_CHAT_ID)  # the note for staff
    await app.client.click(OPERATOR_ID, "Открыть", chat_id=STAFF_CHAT_ID)
    method = "sendVoice" if kind == "voice" else "sendVideoNote"
    assert len(app.session.calls(method)) == 1


async def test_11_3_a_photo_with_a_caption_keeps_both(app: App) -> None:
    await to_text_step(app, CITIZEN, "ky")
    await app.client.send_content(CITIZEN, language_code="ky", photo=PHOTO, caption=TEXT["ky"])
    summary = app.client.last_text(CITIZEN)
    assert "1 файл тиркелди (эң көбү 5)" in app.session.texts_to(CITIZEN)[-1] or "Тиркемелер: 1" in summary
    assert TEXT["ky"] in summary and "Тиркемелер: 1" in summary
    # A photo without a caption is kept too, and the text is still asked for.
    await app.client.send(CITIZEN, "/cancel", language_code="ky")
    await to_text_step(app, CITIZEN, "ky")
    await app.client.send_content(CITIZEN, language_code="ky", photo=PHOTO)
    assert "1 файл тиркелди (эң көбү 5)" in app.client.last_text(CITIZEN)
    assert await state_of(app, CITIZEN) == "ComplaintForm:text"


async def test_11_3_a_location_is_kept_at_any_step(app: App) -> None:
    c = app.client
    await c.send(CITIZEN, "/complaint")
    await c.send_content(CITIZEN, location={"latitude": 42.87, "longitude": 74.59})
    assert "Геопозиция сохранена" in c.last_text(CITIZEN) and await state_of(app, CITIZEN) == "ComplaintForm:oblast"
    await c.click(CITIZEN, "^🏙 Бишкек$")
    await c.click(CITIZEN, "Дороги")
    await c.send(CITIZEN, TEXT["ru"])
    assert "42.87000" in c.last_text(CITIZEN)
    await c.click(CITIZEN, "Отправить")
    ticket = (await ComplaintRepo(app.db).of_citizen(CITIZEN))[0]
    assert (ticket.latitude, ticket.longitude) == (42.87, 74.59)


@pytest.mark.parametrize("content", [{"photo": PHOTO}, {"location": {"latitude": 40.5, "longitude": 72.8}}])
async def test_11_3_a_photo_or_location_outside_the_form_offers_an_appeal(app: App, content: dict) -> None:
    c = app.client
    await c.send_content(CITIZEN, **content)
    assert "Хотите подать обращение" in c.last_text(CITIZEN)
    await c.click(CITIZEN, "Подать обращение с")
    assert await state_of(app, CITIZEN) == "ComplaintForm:oblast"
    await c.click(CITIZEN, "^🏙 Ош$")
    await c.click(CITIZEN, "Мусор")
    await c.send(CITIZEN, "Мусор не вывозят уже две недели, контейнеры переполнены.")
    await c.click(CITIZEN, "Отправить")
    repo = ComplaintRepo(app.db)
    ticket = (await repo.of_citizen(CITIZEN))[0]
    if "photo" in content:
        assert [a.file_id for a in await repo.attachments(ticket.id)] == ["photo-big"]
    else:
        assert ticket.latitude == 40.5


async def test_11_3_osh_offers_the_city_and_the_oblast_and_menu_mid_form_is_not_a_place(app: App) -> None:
    c = app.client
    await c.send(CITIZEN, "/complaint")
    await c.send(CITIZEN, "Ош")
    buttons = c.buttons(CITIZEN)
    assert "🏙 Мэрия города Ош" in buttons and "🗺 Ошская область" in buttons
    await c.send(CITIZEN, "/menu")
    assert "не найдено" not in c.last_text(CITIZEN)
    assert await state_of(app, CITIZEN) == "ComplaintForm:oblast"  # the form waits
    await c.click(CITIZEN, "Ошская область")
    assert await state_of(app, CITIZEN) == "ComplaintForm:place"
    await c.send(CITIZEN, "Как подать жалобу на главу айыл окмоту?")  # a question is not a name
    assert "похоже на вопрос" in c.last_text(CITIZEN)


async def test_11_3_categories_of_village_life(app: App) -> None:
    await app.client.send(CITIZEN, "/complaint", language_code="ky")
    await app.client.click(CITIZEN, "^🏙 Бишкек$", language_code="ky")
    assert app.client.buttons(CITIZEN)[:10] == [
        "Ичүүчү суу", "Сугат суу", "Жолдор", "Көчө жарыгы", "Таштанды", "Жер", "Мектептер жана бала бакчалар",
        "Документтер жана маалымкаттар", "Коррупция", "Башка"]


async def test_11_3_back_on_the_phone_step_goes_back_to_the_name(app: App) -> None:
    c = app.client
    await to_text_step(app, CITIZEN)
    await c.send(CITIZEN, TEXT["ru"])
    await c.click(CITIZEN, "Добавить имя и телефон")
    await c.send(CITIZEN, "Бакыт")
    await c.send(CITIZEN, "+7 701 123 45 67")  # not a Kyrgyz number: asked again
    assert "не похоже" in c.last_text(CITIZEN) and await state_of(app, CITIZEN) == "ComplaintForm:phone"
    await c.send(CITIZEN, "⬅️ Назад")
    texts = app.session.texts_to(CITIZEN)
    assert "предыдущему шагу" in texts[-2] and "Ваше имя" in texts[-1]
    assert await state_of(app, CITIZEN) == "ComplaintForm:name"


# --- 11.1 the addressee step on the directory of bodies ----------------------------------------------


@dataclass(frozen=True)
class FakeBody:
    id: str
    kind: str
    name: dict
    office: dict
    rayon: str | None
    oblast: str | None
    aliases: tuple = field(default=())

    def short(self, lang: str) -> str:
        return self.name[lang]

    def label(self, lang: str) -> str:
        return self.office[lang]


@dataclass(frozen=True)
class FakeMatch:
    body: FakeBody
    score: float = 1.0
    alias: dict | None = None


class FakeDirectory:
    """qa.bodies.Directory's API (in_rayon, get, search), with twelve aiyl okmotus of Alamudun."""

    def __init__(self) -> None:
        names = ["Ала-Арча", "Арашан", "Байтик", "Васильевка", "Кара-Жыгач", "Көк-Жар", "Лебединовка",
                 "Маловодное", "Повет-Арык", "Степное", "Таш-Мойнок", "Төмөнкү Аларча"]
        self.bodies = [FakeBody(f"alamudun-{i}", "aiyl_okmotu", {"ky": n, "ru": n},
                                {"ky": f"{n} айыл өкмөтү", "ru": f"Айыл окмоту {n}"}, "alamudun", "chui")
                       for i, n in enumerate(names)]

    def in_rayon(self, rayon_id: str, lang: str = "ky") -> list[FakeBody]:
        return [b for b in self.bodies if b.rayon == rayon_id]

    def get(self, body_id: str) -> FakeBody | None:
        return next((b for b in self.bodies if b.id == body_id), None)

    def search(self, text: str, lang: str = "ky", limit: int = 8) -> list[FakeMatch]:
        latin = dict(zip("abdegiklmnoprstuvyz", "абдегиклмнопрстувыз"))
        key = "".join(latin.get(ch, ch) for ch in text.casefold())[:4]
        return [FakeMatch(b) for b in self.bodies if b.name["ru"].casefold().startswith(key)][:limit]


@pytest.fixture
def directory(monkeypatch: pytest.MonkeyPatch) -> FakeDirectory:
    fake = FakeDirectory()
    for module in (complaint_form, staff_actions):
        monkeypatch.setattr(module, "bodies_directory", lambda: fake)
    return fake


async def test_11_1_the_addressee_by_buttons_paged_by_rayon(app: App, directory: FakeDirectory) -> None:
    c = app.client
    await c.send(CITIZEN, "/complaint")
    await c.click(CITIZEN, "Чуйская")
    await c.click(CITIZEN, "Аламудунский")
    first_page = c.buttons(CITIZEN)
    assert "Ала-Арча" in first_page and "Таш-Мойнок" not in first_page and "1 из 2" in first_page
    await c.click(CITIZEN, "▶")
    assert "Таш-Мойнок" in c.buttons(CITIZEN) and app.session.calls("editMessageText")
    await c.click(CITIZEN, "Таш-Мойнок")
    assert await state_of(app, CITIZEN) == "ComplaintForm:category"
    await c.click(CITIZEN, "Дороги")
    await c.send(CITIZEN, TEXT["ru"])
    assert "Айыл окмоту Таш-Мойнок" in c.last_text(CITIZEN)
    await c.click(CITIZEN, "Отправить")
    ticket = (await ComplaintRepo(app.db).of_citizen(CITIZEN))[0]
    assert ticket.body_id == "alamudun-10" and ticket.body_name == "Айыл окмоту Таш-Мойнок"


async def test_11_1_a_typed_name_is_matched_and_confirmed_never_taken_as_is(app: App,
                                                                            directory: FakeDirectory) -> None:
    c = app.client
    await c.send(CITIZEN, "/complaint")
    await c.send(CITIZEN, "lebedinovka")  # phone typing: Latin letters
    assert await state_of(app, CITIZEN) == "ComplaintForm:oblast"  # nothing chosen yet
    assert "Айыл окмоту Лебединовка (Аламудунский район)" in c.buttons(CITIZEN)  # with its rayon
    await c.click(CITIZEN, "Лебединовка")
    assert await state_of(app, CITIZEN) == "ComplaintForm:category"
    await c.send(CITIZEN, "/cancel")
    # "I don't know" routes by rayon: staff choose the aiyl okmotu.
    await c.send(CITIZEN, "/complaint")
    await c.click(CITIZEN, "Чуйская")
    await c.click(CITIZEN, "Аламудунский")
    await c.click(CITIZEN, "Не знаю")
    await c.click(CITIZEN, "Дороги")
    await c.send(CITIZEN, TEXT["ru"])
    await c.click(CITIZEN, "Отправить")
    ticket = (await ComplaintRepo(app.db).of_citizen(CITIZEN))[0]
    assert ticket.body_id is None and ticket.place_id == "alamudun" and "Аламудунский" in ticket.body_name
    # ... and staff choose it from the rayon's list in the card.
    await c.click(OPERATOR_ID, "Открыть", chat_id=STAFF_CHAT_ID)
    await c.click(OPERATOR_ID, "Выбрать айыл окмоту")
    await c.click(OPERATOR_ID, "^Арашан$")
    ticket = await ComplaintRepo(app.db).get(ticket.id)
    assert ticket.body_id == "alamudun-1" and ticket.body_name == "Айыл окмоту Арашан"
    assert "Айыл окмоту Арашан" in staff_post_edits(app)[-1].text


async def test_11_1_with_the_real_directory(app: App) -> None:
    bodies = pytest.importorskip("qa.bodies")
    directory = bodies.default_directory()
    rayon = next(b.rayon for b in directory.aiyl_okmotus() if b.rayon)
    first = directory.in_rayon(rayon, "ru")[0]
    c = app.client
    await c.send(CITIZEN, "/complaint")
    await c.send(CITIZEN, first.short("ru"))
    await c.click(CITIZEN, first.label("ru")[:20].replace("(", r"\(").replace(")", r"\)"))
    assert await state_of(app, CITIZEN) == "ComplaintForm:category"


# --- 11.4 two-way --------------------------------------------------------------------------------


async def test_11_4_add_to_my_appeal_from_my_with_a_photo(app: App) -> None:
    c, s = app.client, app.session
    number = NUMBER.search(await file_quickly(app, CITIZEN, TEXT["ru"])).group()
    await c.click(OPERATOR_ID, "Взять в работу", chat_id=STAFF_CHAT_ID)
    await c.send(CITIZEN, "/my")
    await c.click(CITIZEN, number)
    await c.click(CITIZEN, "Дополнить обращение")
    s.clear()
    await c.send_content(CITIZEN, photo=PHOTO, caption="Вот фото тёмной улицы вечером.")
    assert "Добавлено к вашему обращению" in c.last_text(CITIZEN) and await state_of(app, CITIZEN) is None
    assert any("тёмной улицы" in t for t in s.texts_to(OPERATOR_ID))
    assert [m.photo for m in s.calls("sendPhoto")] == ["photo-big"]  # the file itself to the assignee
    assert any(number in t for t in s.texts_to(STAFF_CHAT_ID))


async def test_11_4_the_add_button_under_a_staff_message(app: App) -> None:
    c = app.client
    number = NUMBER.search(await file_quickly(app, CITIZEN, TEXT["ky"], "ky")).group()
    await c.click(OPERATOR_ID, "^💬 Ответить$", chat_id=STAFF_CHAT_ID)
    await c.send(OPERATOR_ID, "Кайсы көчө экенин тактап бериңизчи?")
    assert "➕ Кайрылууну толуктоо" in c.buttons(CITIZEN)
    await c.click(CITIZEN, "Кайрылууну толуктоо", language_code="ky")
    await c.send_content(CITIZEN, language_code="ky", voice={"file_id": "v-2", "file_unique_id": "v2", "duration": 4})
    assert number in c.last_text(CITIZEN) and "кошулду" in c.last_text(CITIZEN)
    thread = await ComplaintRepo(app.db).messages((await ComplaintRepo(app.db).by_number(number)).id)
    assert [(m.author, m.kind) for m in thread] == [("staff", "reply"), ("citizen", "voice")]
    assert "голосовое сообщение" in c.last_text(STAFF_CHAT_ID)


async def test_11_4_a_reply_to_an_unrelated_message_is_still_a_question(app: App) -> None:
    await app.client.send(CITIZEN, "Кто назначает главу айыл окмоту?",
                          reply_to_message={"message_id": 77, "date": 0, "chat": {"id": CITIZEN, "type": "private"},
                                            "from": {"id": 42, "is_bot": True, "first_name": "Kenesh"}, "text": "…"})
    assert "Добавлено" not in app.client.last_text(CITIZEN)


# --- 11.6 staff side ------------------------------------------------------------------------------


async def test_11_6_group_chatter_in_the_staff_chat_is_ignored(app: App) -> None:
    await file_quickly(app, CITIZEN, TEXT["ru"])
    app.session.clear()
    for user in (OPERATOR_ID, CITIZEN + 50):
        await app.client.send(user, "Коллеги, кто сегодня дежурит?", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
        await app.client.send(user, "Кто назначает мэра?", chat_id=STAFF_CHAT_ID, chat_type="supergroup")
    assert not [m for m in app.session.requests if isinstance(m, SendMessage)]


async def test_11_6_start_a_private_chat_only_when_that_is_the_cause(app: App, caplog) -> None:
    await file_quickly(app, CITIZEN, TEXT["ru"])
    app.session.block(OPERATOR_ID)
    await app.client.click(OPERATOR_ID, "Открыть", chat_id=STAFF_CHAT_ID)
    alerts = [a.text for a in app.session.calls("answerCallbackQuery")]
    assert alerts[-1] == "Сначала начните личный чат с ботом."
    app.session.always_fail.clear()
    app.session.failures[OPERATOR_ID] = [(400, {"ok": False, "error_code": 400,
                                                "description": "Bad Request: message is too long"})]
    with caplog.at_level(logging.WARNING, logger="kenesh.complaints"):
        await app.client.click(OPERATOR_ID, "Открыть", chat_id=STAFF_CHAT_ID)
    alerts = [a.text for a in app.session.calls("answerCallbackQuery")]
    assert alerts[-1] != "Сначала начните личный чат с ботом." and "попробуйте ещё раз" in alerts[-1]
    assert "message is too long" in caplog.text


# --- 11.5 honest, quiet statuses ---------------------------------------------------------------------


async def test_11_5_one_vocabulary_and_the_citizen_told_only_what_matters(app: App) -> None:
    c, s = app.client, app.session
    confirmation = await file_quickly(app, CITIZEN, TEXT["ru"])
    number = NUMBER.search(confirmation).group()
    await c.send(CITIZEN, "/my")
    assert "Статус: зарегистрировано" in confirmation and "зарегистрировано" in c.last_text(CITIZEN)
    assert "зарегистрировано" in c.last_text(STAFF_CHAT_ID)
    told = len(s.texts_to(CITIZEN))
    await c.click(OPERATOR_ID, "Открыть", chat_id=STAFF_CHAT_ID)
    assert "зарегистрировано" in s.texts_to(OPERATOR_ID)[0]
    assert len(s.texts_to(CITIZEN)) == told  # opening tells nobody
    await c.click(OPERATOR_ID, "Взять в работу")
    await c.send(CITIZEN, "/my")
    assert "в работе" in c.last_text(CITIZEN) and "в работе" in staff_post_edits(app)[-1].text
    assert len(s.texts_to(CITIZEN)) == told + 2  # "taken into work", then the /my list
    await c.click(OPERATOR_ID, "Дать итоговый ответ")
    await c.send(OPERATOR_ID, "Фонари заменят до пятницы.")
    assert sum("Фонари заменят" in t for t in s.texts_to(CITIZEN)) == 1  # the answer reaches the citizen once
    assert "дан ответ" in staff_post_edits(app)[-1].text and number in staff_post_edits(app)[-1].text
    assert not any("Взять" in b.text for row in staff_post_edits(app)[-1].reply_markup.inline_keyboard for b in row)


# --- 11.8 the Kyrgyz of the form -----------------------------------------------------------------------


async def test_11_8_kyrgyz_form_texts(app: App) -> None:
    c = app.client
    await to_text_step(app, CITIZEN, "ky")
    await c.send_content(CITIZEN, language_code="ky", photo=PHOTO)
    assert "1 файл тиркелди (эң көбү 5)" in c.last_text(CITIZEN)
    await c.send(CITIZEN, TEXT["ky"], language_code="ky")
    await c.click(CITIZEN, "Атымды, телефонумду кошуу", language_code="ky")
    await c.send(CITIZEN, "Айгүл Асанова 0700 12 34 56", language_code="ky")  # name and phone in one message
    await c.click(CITIZEN, "Ооба, макулмун", language_code="ky")
    summary = c.last_text(CITIZEN)
    assert "Атыңыз: Айгүл Асанова" in summary and "Телефонуңуз: +996700123456" in summary
    await c.click(CITIZEN, "Жөнөтүү", language_code="ky")
    first = NUMBER.search(c.last_text(CITIZEN)).group()
    second = NUMBER.search(await file_quickly(app, CITIZEN + 1, TEXT["ky"], "ky")).group()
    await app.dp["users"].set_language(OPERATOR_ID, "ky")  # an operator who reads Kyrgyz
    repo = ComplaintRepo(app.db)
    ticket = await repo.by_number(second)
    await c.callback(OPERATOR_ID, StaffTicket(action="open", id=ticket.id).pack(), language_code="ky")
    buttons = c.buttons(OPERATOR_ID)
    assert "🙋 Ишке алуу" in buttons and "✅ Жыйынтык жооп берүү" in buttons
    await c.callback(OPERATOR_ID, StaffTicket(action="set", id=ticket.id, value="duplicate").pack(), language_code="ky")
    await c.send(OPERATOR_ID, first, language_code="ky")
    await c.callback(OPERATOR_ID, StaffTicket(action="open", id=ticket.id).pack(), language_code="ky")
    assert f"Кайталанган кайрылуу: {first}" in "\n".join(app.session.texts_to(OPERATOR_ID))
