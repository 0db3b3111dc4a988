"""Complaints through the real Dispatcher: a citizen files, staff handle it, the citizen answers back.

The numbers in the test names are the points of issue 11.
"""

from __future__ import annotations

import html
import re

from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import ReplyKeyboardMarkup

from services.complaint_callbacks import StaffTicket
from services.complaints import ComplaintService
from storage.complaints import ComplaintRepo, QueueFilter
from tests.conftest import OPERATOR_ID, STAFF_CHAT_ID, App, close_test_app, open_test_app
from tests.helpers import BOT_ID

CITIZEN = 5001
OTHER = 5002
NUMBER = re.compile(r"KG-\d{4}-\d{6}")
DATE = re.compile(r"\d{2}\.\d{2}\.\d{4}")
TEXT_RU = "Айыл окмоту <не отвечает> на заявление о земельном участке & тянет время уже два месяца."
PHOTO = [{"file_id": "photo-small", "file_unique_id": "p1", "width": 90, "height": 90},
         {"file_id": "photo-big", "file_unique_id": "p2", "width": 900, "height": 900}]
DOCUMENT = {"file_id": "doc-file-1", "file_unique_id": "d1", "file_name": "акт.pdf"}


async def state_of(app: App, user_id: int) -> str | None:
    return await app.dp.storage.get_state(StorageKey(bot_id=BOT_ID, chat_id=user_id, user_id=user_id))


def last_reply_keyboard(app: App, chat_id: int) -> ReplyKeyboardMarkup | None:
    for method in reversed(app.session.to_chat(chat_id)):
        if isinstance(method, SendMessage):
            return method.reply_markup if isinstance(method.reply_markup, ReplyKeyboardMarkup) else None
    return None


def last_message_id(app: App, chat_id: int) -> int:
    return app.session.message_id_of(app.client.last(chat_id))


async def file_quickly(app: App, user_id: int, text: str, lang: str = "ru") -> str:
    """The shortest way through the form (Bishkek, no extras); returns the confirmation."""
    c = app.client
    await c.send(user_id, "/complaint", language_code=lang)
    await c.click(user_id, "^🏙 Бишкек$", language_code=lang)
    await c.click(user_id, "^(Земля|Жер)$", language_code=lang)
    await c.send(user_id, text, language_code=lang)
    await c.click(user_id, "Отправить|Жөнөтүү", language_code=lang)
    return c.last_text(user_id)


async def test_the_whole_life_of_a_ticket(app: App) -> None:
    c, s = app.client, app.session
    repo = ComplaintRepo(app.db)
    await c.send(CITIZEN, "/complaint")
    assert {"🏙 Бишкек", "🏙 Ош", "Джалал-Абадская область"} <= set(c.buttons(CITIZEN))
    await c.click(CITIZEN, "Джалал-Абадская")
    await c.click(CITIZEN, "Аксыйский")
    await c.send(CITIZEN, "Кок-Жар")  # not in the reference data: offered, never taken unconfirmed
    assert await state_of(app, CITIZEN) == "ComplaintForm:body"
    await c.click(CITIZEN, "Кок-Жар")
    await c.click(CITIZEN, "^Земля$")
    await c.send(CITIZEN, TEXT_RU)
    summary = c.last_text(CITIZEN)
    assert "Кок-Жар" in summary and "Вид: Жалоба" in summary  # the kind defaults to complaint
    # Extras from the summary: files, a location, the contact.
    await c.click(CITIZEN, "Изменить")
    await c.click(CITIZEN, "^Вложения$")
    await c.send_content(CITIZEN, photo=PHOTO)
    assert "1 файл приложен (не больше 5)" in c.last_text(CITIZEN)
    await c.send_content(CITIZEN, document=DOCUMENT)
    await c.click(CITIZEN, "Готово")
    await c.send_content(CITIZEN, location={"latitude": 41.2345, "longitude": 72.5})  # kept at the summary
    assert "41.23450" in c.last_text(CITIZEN)
    await c.click(CITIZEN, "Добавить имя и телефон")
    await c.send(CITIZEN, "Асан Асанов")
    keyboard = last_reply_keyboard(app, CITIZEN)
    assert keyboard is not None and keyboard.keyboard[0][0].request_contact is True
    await c.send_content(CITIZEN, contact={"phone_number": "996555123456", "first_name": "A", "user_id": OTHER})
    assert "чужой" in c.last_text(CITIZEN)
    await c.send(CITIZEN, "0555 12-34-56")  # typed: validated and normalised
    assert "+996555123456" in s.texts_to(CITIZEN)[-2]
    await c.click(CITIZEN, "Да, даю согласие")
    summary = c.last_text(CITIZEN)
    assert "Вложения: 2" in summary and "+996555123456" in summary and "Ваше имя: Асан Асанов" in summary
    assert html.escape(TEXT_RU) in summary
    await c.click(CITIZEN, "Отправить")
    confirmation = c.last_text(CITIZEN)
    assert "Ваше обращение зарегистрировано" in confirmation and "Статус: зарегистрировано" in confirmation
    number = NUMBER.search(confirmation).group()
    assert len(DATE.findall(confirmation)) == 2  # registration date and due date

    post = c.last_text(STAFF_CHAT_ID)
    assert number in post and html.escape(TEXT_RU) in post and "Земля" in post and "зарегистрировано" in post
    assert {"📂 Открыть", "🙋 Взять в работу", "💬 Ответить", "✅ Дать итоговый ответ",
            "🔀 Статус"} <= set(c.buttons(STAFF_CHAT_ID))

    # Opening the card tells nobody anything and changes nothing (11.5).
    told_before = len(s.texts_to(CITIZEN))
    await c.click(OPERATOR_ID, "Открыть", chat_id=STAFF_CHAT_ID)
    assert len(s.texts_to(CITIZEN)) == told_before and (await repo.by_number(number)).status == "new"
    card = "\n".join(s.texts_to(OPERATOR_ID))
    assert number in card and "+996555123456" in card and "Асан Асанов" in card and "41.23450" in card
    assert [m.photo for m in s.calls("sendPhoto")] == ["photo-big"]
    assert [m.document for m in s.calls("sendDocument")] == ["doc-file-1"]

    # Taken from the staff chat: the post is edited in place with the status and the NAME; Take is gone.
    await c.click(OPERATOR_ID, "Взять в работу", chat_id=STAFF_CHAT_ID)
    ticket = await repo.by_number(number)
    assert ticket.status == "in_work" and ticket.assignee_id == OPERATOR_ID
    edited = [m for m in s.calls("editMessageText") if int(m.chat_id) == STAFF_CHAT_ID]
    assert edited and "в работе" in edited[-1].text and f"User{OPERATOR_ID}" in edited[-1].text
    assert "id 901" not in edited[-1].text
    assert not any("Взять" in b.text for row in edited[-1].reply_markup.inline_keyboard for b in row)
    assert len(s.texts_to(CITIZEN)) == told_before + 1 and "взято в работу" in c.last_text(CITIZEN)

    # A question from staff; the citizen answers it with Telegram's reply (11.4).
    await c.click(OPERATOR_ID, "^💬 Ответить$", chat_id=STAFF_CHAT_ID)
    await c.send(OPERATOR_ID, "Уточните, пожалуйста, номер участка.")
    question = c.last_text(CITIZEN)
    assert "Уточните, пожалуйста, номер участка." in question and "ответьте на это сообщение" in question
    assert (await repo.by_number(number)).status == "in_work"
    await c.send(CITIZEN, "Участок номер 17, улица Ленина.",
                 reply_to_message={"message_id": last_message_id(app, CITIZEN), "date": 0,
                                   "chat": {"id": CITIZEN, "type": "private"},
                                   "from": {"id": BOT_ID, "is_bot": True, "first_name": "Kenesh"}, "text": "…"})
    assert "Добавлено к вашему обращению" in c.last_text(CITIZEN)
    assert "Участок номер 17" in c.last_text(OPERATOR_ID) and number in c.last_text(OPERATOR_ID)
    assert "Участок номер 17" in c.last_text(STAFF_CHAT_ID)

    # Reply and mark answered is ONE action; the answer reaches the citizen once (11.5).
    reply = "Участок <проверен>; решение & акт выданы 5 мая. Приходите в четверг."
    told_before = len(s.texts_to(CITIZEN))
    await c.click(OPERATOR_ID, "Дать итоговый ответ", chat_id=STAFF_CHAT_ID)
    await c.send(OPERATOR_ID, reply)
    assert (await repo.by_number(number)).status == "answered"
    told = s.texts_to(CITIZEN)[told_before:]
    assert len(told) == 1 and "дан ответ" in told[0] and html.escape(reply) in told[0]
    assert "решено" not in told[0].split("\n")[0]

    # "Not resolved" asks why; the reason reopens it and reaches the assignee.
    await c.click(CITIZEN, "Не решено")
    assert "не решено" in c.last_text(CITIZEN).lower() and (await repo.by_number(number)).status == "answered"
    await c.send(CITIZEN, "Акт выдали, но забор так и стоит на моём участке.")
    assert (await repo.by_number(number)).status == "in_work"
    assert "снова открыто" in c.last_text(CITIZEN)
    assert "забор так и стоит" in c.last_text(OPERATOR_ID) and "не решена" in c.last_text(OPERATOR_ID)

    # The whole thread in the card.
    s.clear()
    await c.callback(OPERATOR_ID, StaffTicket(action="open", id=ticket.id).pack())
    card = "\n".join(s.texts_to(OPERATOR_ID))
    for said in ("номер участка", "Участок номер 17", html.escape(reply), "забор так и стоит", "в работе"):
        assert said in card, said
    kinds = [e.kind for e in await repo.events(ticket.id)]
    assert kinds == ["filed", "assigned", "status", "status", "reopened"]
    assert {"take", "reply", "answer", "open"} <= {a["action"] for a in await repo.audit_entries()}

    # /my shows subject, addressee, status and due date; the history opens from it.
    await c.send(CITIZEN, "/my")
    line = c.last_text(CITIZEN)
    assert number in line and "Земля" in line and "Кок-Жар" in line and "в работе" in line and DATE.search(line)
    await c.click(CITIZEN, number)
    assert "забор так и стоит" in c.last_text(CITIZEN)
    assert html.escape(reply) in c.last_text(CITIZEN)
    await c.send(OPERATOR_ID, "/queue")
    await c.click(OPERATOR_ID, "Мои")
    assert number in c.last_text(OPERATOR_ID)


async def test_kyrgyz_flow_hides_contact_without_consent_and_answers_in_kyrgyz(app: App) -> None:
    c, s = app.client, app.session
    await c.send(CITIZEN, "/complaint", language_code="ky")
    await c.send(CITIZEN, "Ноокат районунда", language_code="ky")  # a typed rayon opens its aiyl okmotus
    assert await state_of(app, CITIZEN) == "ComplaintForm:body"
    await c.click(CITIZEN, "Билбейм", language_code="ky")
    await c.click(CITIZEN, "Ичүүчү суу", language_code="ky")
    await c.send(CITIZEN, "Айылда суу жок, айыл өкмөтүнө үч жолу кайрылдык, жооп жок.", language_code="ky")
    await c.click(CITIZEN, "Атымды, телефонумду кошуу", language_code="ky")
    await c.send(CITIZEN, "Айгүл", language_code="ky")
    await c.send(CITIZEN, "⏭ Өткөрүп жиберүү", language_code="ky")  # the reply-keyboard Skip on the phone step
    await c.click(CITIZEN, "Жок", language_code="ky")  # no consent
    summary = c.last_text(CITIZEN)
    assert "Атыңыз: Айгүл" in summary and "Ноокат району: айыл өкмөтүн кызматкерлер тандайт" in summary
    await c.click(CITIZEN, "Жөнөтүү", language_code="ky")
    confirmation = c.last_text(CITIZEN)
    assert "Кайрылууңуз катталды" in confirmation and "Абалы: катталды" in confirmation
    number = NUMBER.search(confirmation).group()

    ticket_id = (await ComplaintRepo(app.db).by_number(number)).id
    await c.callback(OPERATOR_ID, StaffTicket(action="open", id=ticket_id).pack())
    card = "\n".join(s.texts_to(OPERATOR_ID))
    assert "Айгүл" not in card and "скрыты" in card  # the operator reads Russian; the name is hidden

    await c.click(OPERATOR_ID, "Взять в работу")
    assert "ишке алынды" in c.last_text(CITIZEN)
    await c.click(OPERATOR_ID, "Дать итоговый ответ")
    await c.send(OPERATOR_ID, "Суу түтүгү жумага чейин оңдолот.")
    answered = c.last_text(CITIZEN)
    assert "кайрылууңузга жооп берилди" in answered and "Суу түтүгү жумага чейин оңдолот." in answered
    assert {"🔁 Чечилген жок", "➕ Кайрылууну толуктоо"} <= set(c.buttons(CITIZEN))
    await c.send(CITIZEN, "/my", language_code="ky")
    assert "иштелүүдө" not in c.last_text(CITIZEN) and "жооп берилди" in c.last_text(CITIZEN)


async def test_restart_in_the_middle_of_intake_resumes_at_the_same_step(settings, qa_service, i18n) -> None:
    first = await open_test_app(settings, qa_service, i18n)
    await first.client.send(CITIZEN, "/complaint")
    await first.client.click(CITIZEN, "^🏙 Ош$")
    await first.client.click(CITIZEN, "Дороги")
    await close_test_app(first)

    second = await open_test_app(settings, qa_service, i18n)
    try:
        await second.client.send(CITIZEN, "Предлагаю отремонтировать дорогу к рынку до начала осени.")
        summary = second.client.last_text(CITIZEN)
        assert "Мэрия города Ош" in summary and "Дороги" in summary and "Проверьте ваше обращение" in summary
    finally:
        await close_test_app(second)


async def test_forged_staff_callback_from_a_citizen_changes_nothing(app: App) -> None:
    await file_quickly(app, CITIZEN, TEXT_RU)
    repo = ComplaintRepo(app.db)
    ticket = (await repo.of_citizen(CITIZEN))[0]
    events_before = await repo.events(ticket.id)
    app.session.clear()
    forged = [StaffTicket(action=a, id=ticket.id, value=v).pack()
              for a, v in (("take", ""), ("set", "rejected"), ("open", ""), ("reply", ""), ("answer", ""))]
    for data in [*forged, "q:overdue:0:::export"]:
        await app.client.callback(OTHER, data, chat_id=STAFF_CHAT_ID)
        await app.client.callback(OTHER, data)
    after = await repo.get(ticket.id)
    assert after == ticket and await repo.events(ticket.id) == events_before
    assert app.session.to_chat(CITIZEN) == [] and app.session.calls("sendDocument") == []
    assert all(not isinstance(m, SendMessage) for m in app.session.requests)
    # 11.6: a non-staff member is told the button is for staff, not that it "expired".
    answers = {a.text for a in app.session.calls("answerCallbackQuery")}
    assert answers == {"Эта кнопка только для сотрудников."}
    await app.client.send(OTHER, "/queue")
    assert NUMBER.search(app.client.last_text(OTHER)) is None


async def test_a_citizen_sees_only_their_own_tickets(app: App) -> None:
    await file_quickly(app, CITIZEN, TEXT_RU)
    ticket = (await ComplaintRepo(app.db).of_citizen(CITIZEN))[0]
    app.session.clear()
    for action in ("open", "reopen", "add"):
        await app.client.callback(OTHER, f"my:{action}:{ticket.id}")
    assert app.session.calls("sendMessage") == []
    assert [a.text for a in app.session.calls("answerCallbackQuery")] == ["Обращение не найдено."] * 3
    await app.client.send(OTHER, "/my")
    assert ticket.number not in app.client.last_text(OTHER)
    await app.client.send(OTHER, f"/start {ticket.number}")  # 11.2: a deep link shows a ticket to its owner only
    assert "не найдено" in app.client.last_text(OTHER) and TEXT_RU[:20] not in app.client.last_text(OTHER)


async def test_text_of_19_and_4001_characters_is_refused_never_cut(app: App) -> None:
    c = app.client
    await c.send(CITIZEN, "/complaint")
    await c.click(CITIZEN, "^🏙 Бишкек$")
    await c.click(CITIZEN, "Другое")
    for text in ("а" * 19, "б" * 4001):
        await c.send(CITIZEN, text)
        reply = c.last_text(CITIZEN)
        assert str(len(text)) in reply and "от 20 до 4000" in reply
        assert await state_of(app, CITIZEN) == "ComplaintForm:text"
    await c.send(CITIZEN, "в" * 4000)
    texts = app.session.texts_to(CITIZEN)
    assert texts[-2] == "в" * 4000 and "Проверьте ваше обращение" in texts[-1]  # shown whole, before the summary
    await c.click(CITIZEN, "Отправить")
    assert (await ComplaintRepo(app.db).of_citizen(CITIZEN))[0].text == "в" * 4000


async def test_every_step_re_asks_on_unexpected_input(app: App) -> None:
    c = app.client
    sticker = {"file_id": "st", "file_unique_id": "st", "type": "regular", "width": 1, "height": 1,
               "is_animated": False, "is_video": False}
    steps = [
        ("oblast", lambda: c.click(CITIZEN, "Нарынская")),
        ("place", lambda: c.click(CITIZEN, "Ат-Башинский")),
        ("body", lambda: c.click(CITIZEN, "Не знаю")),
        ("category", lambda: c.click(CITIZEN, "Коррупция")),
        ("text", lambda: c.send(CITIZEN, "Глава айыл окмоту требует деньги за справку.")),
    ]
    await c.send(CITIZEN, "/complaint")
    for step, answer in steps:
        asked = c.last_text(CITIZEN)
        await c.send_content(CITIZEN, sticker=sticker)
        assert await state_of(app, CITIZEN) == f"ComplaintForm:{step}"
        assert c.last_text(CITIZEN).endswith(asked.split("\n\n")[-1]), step  # the same question again
        if step == "category":
            await c.send(CITIZEN, "что-то непонятное")
            assert await state_of(app, CITIZEN) == f"ComplaintForm:{step}"
        await answer()
    assert await state_of(app, CITIZEN) == "ComplaintForm:confirm"  # no contact given: no consent step
    await c.send(CITIZEN, "ну что там")
    assert "Отправить" in " ".join(c.buttons(CITIZEN))
    await c.send(CITIZEN, "/skip")
    assert "нельзя пропустить" in c.last_text(CITIZEN)


async def test_back_and_change_a_part_from_the_summary(app: App) -> None:
    c = app.client
    await c.send(CITIZEN, "/complaint")
    assert not any("Назад" in b for b in c.buttons(CITIZEN))  # the first step has no Back
    await c.click(CITIZEN, "Чуйская")
    await c.click(CITIZEN, "Другая область")
    assert await state_of(app, CITIZEN) == "ComplaintForm:oblast"
    await c.send(CITIZEN, "Кант")  # a typed city is an addressee: confirmed with a button
    assert await state_of(app, CITIZEN) == "ComplaintForm:oblast"
    await c.click(CITIZEN, "Мэрия города Кант")
    assert await state_of(app, CITIZEN) == "ComplaintForm:category"
    await c.click(CITIZEN, "Дороги")
    await c.send(CITIZEN, "Бюджет города не опубликован на сайте мэрии.")
    assert "Мэрия города Кант" in c.last_text(CITIZEN)
    await c.click(CITIZEN, "Изменить")
    await c.click(CITIZEN, "^Категория$")
    await c.click(CITIZEN, "Документы")
    summary = c.last_text(CITIZEN)
    assert await state_of(app, CITIZEN) == "ComplaintForm:confirm" and "Категория: Документы и справки" in summary
    await c.click(CITIZEN, "Изменить")
    await c.click(CITIZEN, "^Вид$")
    await c.click(CITIZEN, "Предложение")
    assert "Вид: Предложение" in c.last_text(CITIZEN)
    await c.click(CITIZEN, "Изменить")
    await c.click(CITIZEN, "^Адресат$")
    await c.click(CITIZEN, "Назад")  # changed one's mind: the summary as it was, and it can be sent
    assert "Мэрия города Кант" in c.last_text(CITIZEN)
    await c.click(CITIZEN, "Изменить")
    await c.click(CITIZEN, "^Адресат$")
    await c.click(CITIZEN, "Нарынская")
    await c.click(CITIZEN, "Ат-Башинский")
    await c.click(CITIZEN, "Не знаю")
    assert "Ат-Башинский" in c.last_text(CITIZEN) and await state_of(app, CITIZEN) == "ComplaintForm:confirm"
    await c.click(CITIZEN, "Отправить")
    ticket = (await ComplaintRepo(app.db).of_citizen(CITIZEN))[0]
    assert (ticket.kind, ticket.place_id, ticket.category) == ("proposal", "at-bashy", "documents")


async def test_cancel_at_a_middle_step_files_nothing(app: App) -> None:
    c = app.client
    await c.send(CITIZEN, "/complaint")
    await c.click(CITIZEN, "^🏙 Бишкек$")
    await c.click(CITIZEN, "Земля")
    await c.send(CITIZEN, "/cancel")
    assert await state_of(app, CITIZEN) is None
    await c.send(CITIZEN, "/my")
    assert "нет обращений" in c.last_text(CITIZEN)


async def test_the_file_a_complaint_button_starts_the_form(app: App) -> None:
    await app.client.callback(CITIZEN, "cstart")
    assert await state_of(app, CITIZEN) == "ComplaintForm:oblast"


async def test_daily_limit_and_duplicate_text(app: App) -> None:
    first = await file_quickly(app, CITIZEN, TEXT_RU)
    number = NUMBER.search(first).group()
    # The same text again (other case and punctuation) is refused, naming the earlier ticket.
    c = app.client
    await c.send(CITIZEN, "/complaint")
    await c.click(CITIZEN, "^🏙 Бишкек$")
    await c.click(CITIZEN, "Земля")
    await c.send(CITIZEN, TEXT_RU.upper().replace("&", " ").replace(".", "!"))
    assert number in c.last_text(CITIZEN) and await state_of(app, CITIZEN) == "ComplaintForm:text"
    await c.send(CITIZEN, "/cancel")

    for i in range(2, 6):
        assert NUMBER.search(await file_quickly(app, CITIZEN, f"Обращение номер {i}: не вывозят мусор во дворе."))
    assert len(await ComplaintRepo(app.db).of_citizen(CITIZEN)) == 5
    await c.send(CITIZEN, "/complaint")
    assert "дневного лимита обращений" in c.last_text(CITIZEN)
    assert await state_of(app, CITIZEN) is None
    # Another citizen is not affected.
    assert NUMBER.search(await file_quickly(app, OTHER, "Другой житель: не вывозят мусор во дворе."))


async def test_export_has_every_row_as_csv_and_xlsx(app: App) -> None:
    import csv
    import io

    import openpyxl

    service: ComplaintService = app.dp["complaint_service"]
    for i, citizen in enumerate((6001, 6002, 6003)):
        await file_quickly(app, citizen, f"Жалоба №{i}: в Бишкеке не работает освещение на улице Ленина.")
    await service.repo.update(1, contact_name="Скрытое Имя", contact_phone="+996700000000", consent=0)
    app.session.clear()
    await app.client.send(OPERATOR_ID, "/export")
    files = app.session.calls("sendDocument")
    assert [f.document.filename.rsplit(".", 1)[1] for f in files] == ["csv", "xlsx"]
    raw = files[0].document.data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 4 and rows[0][0] == "Номер"  # column names in the staff member's language
    assert {r[0] for r in rows[1:]} == {t.number for t in await service.repo.queue(QueueFilter(view="all"))}
    assert any("освещение" in cell for r in rows[1:] for cell in r)
    assert "+996700000000" not in raw.decode("utf-8-sig")  # no consent: no phone in the export
    book = openpyxl.load_workbook(io.BytesIO(files[1].document.data))
    sheet_rows = list(book.active.iter_rows(values_only=True))
    assert len(sheet_rows) == len(rows)
    await app.client.send(OPERATOR_ID, "/stats")
    assert "Бишкек: 3" in app.client.last_text(OPERATOR_ID)


async def test_staff_admin_grants_roles_and_is_audited(app: App) -> None:
    c = app.client
    await c.send(OPERATOR_ID, "/staff add 7777 operator")  # an operator is not an admin: nothing happens
    assert (await app.dp["users"].get(7777)) is None
    from tests.conftest import ADMIN_ID

    await c.send(ADMIN_ID, "/staff add 7777 operator")
    assert (await app.dp["users"].get(7777)).role == "operator"
    await c.send(7777, "/queue")
    assert "Очередь" in c.last_text(7777)
    await c.send(ADMIN_ID, "/staff remove 7777")
    assert (await app.dp["users"].get(7777)).role == "citizen"
    actions = [a["action"] for a in await ComplaintRepo(app.db).audit_entries()]
    assert actions == ["staff_add", "staff_remove"]


def staff_post_edits(app: App) -> list[EditMessageText]:
    return [m for m in app.session.calls("editMessageText") if int(m.chat_id) == STAFF_CHAT_ID]
