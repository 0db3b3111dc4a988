"""The web console's routes through aiohttp's test client, on the real Dispatcher, database and services.

Sign-in starts where staff start: /web sent to the bot; the link it answers opens the session.
"""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import openpyxl
import pytest
from aiohttp.test_utils import TestClient, TestServer

from config import Settings
from services.complaints import ComplaintService, Draft
from storage.complaints import Attachment
from tests.conftest import ADMIN_ID, ANNOUNCER_ID, OPERATOR_ID, App
from web.app import build_web_app
from web.auth import WebAuth

CITIZEN = 7001
OTHER_CITIZEN = 7002


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.with_changes(web_port=8090, web_base_url="http://console.example.kg")


@pytest.fixture
async def web(app: App) -> AsyncIterator[TestClient]:
    client = TestClient(TestServer(build_web_app(app.dp, app.bot)), cookie_jar=aiohttp.CookieJar(unsafe=True))
    await client.start_server()
    yield client
    await client.close()


def draft(text: str, **changes) -> Draft:
    values = dict(kind="complaint", region_id="chui", place_id="kant", place_kind="city", place_name="Кант",
                  body_name="Мэрия города Кант", category="services", text=text, attachments=[])
    values.update(changes)
    return Draft(**values)


async def file_ticket(app: App, text: str, citizen: int = CITIZEN, when: datetime | None = None, **changes):
    service: ComplaintService = app.dp["complaint_service"]
    ticket = await service.file(citizen, "ky", draft(text, **changes), when or datetime.now(UTC))
    assert not hasattr(ticket, "reason"), ticket
    return ticket


async def link_from_bot(app: App, user_id: int) -> str:
    app.session.clear()
    await app.client.send(user_id, "/web")
    match = re.search(r'href="http://console\.example\.kg(/login/[^"]+)"', app.client.last_text(user_id))
    assert match, app.client.last_text(user_id)
    return match.group(1)


async def sign_in(web: TestClient, app: App, user_id: int) -> None:
    response = await web.get(await link_from_bot(app, user_id), allow_redirects=False)
    assert response.status == 303


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def test_staff_get_a_one_time_link_that_opens_a_session_on_the_queue(app: App, web: TestClient) -> None:
    link = await link_from_bot(app, OPERATOR_ID)
    response = await web.get(link, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/queue"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie  # plain http here
    page = await web.get("/queue")
    assert page.status == 200 and '<form method="get" action="/queue"' in await page.text()

    web.session.cookie_jar.clear()  # another browser
    reused = await web.get(link, allow_redirects=False)
    assert reused.status == 401  # single use
    assert (await web.get("/queue")).status == 401


async def test_the_cookie_is_secure_under_https(app: App) -> None:
    app.dp["settings"] = app.settings.with_changes(web_base_url="https://console.example.kg")
    client = TestClient(TestServer(build_web_app(app.dp, app.bot)))
    await client.start_server()
    token = await WebAuth(app.db).issue_link_token(OPERATOR_ID)
    response = await client.get(f"/login/{token}", allow_redirects=False)
    assert "Secure" in response.headers["Set-Cookie"]
    await client.close()


async def test_a_citizen_asking_web_gets_no_link(app: App) -> None:
    await app.client.send(CITIZEN, "/web")
    assert not any("/login/" in t for t in app.session.texts_to(CITIZEN))


async def test_without_a_session_or_with_a_stale_link_nothing_opens(app: App, web: TestClient) -> None:
    ticket = await file_ticket(app, "Свет на улице не горит уже месяц, дети ходят в темноте.")
    for path in ("/queue", f"/tickets/{ticket.id}", "/figures", "/asks", "/announcements", "/audit", "/export.csv"):
        response = await web.get(path, allow_redirects=False)
        assert response.status == 401, path
        assert "/web" in await response.text()
    assert (await web.post(f"/tickets/{ticket.id}/reply", data={"text": "x"})).status == 401
    auth = WebAuth(app.db)
    stale = await auth.issue_link_token(OPERATOR_ID, now=datetime.now(UTC) - timedelta(minutes=11))
    assert (await web.get(f"/login/{stale}", allow_redirects=False)).status == 401
    assert (await web.get("/login/made-up-token", allow_redirects=False)).status == 401


async def test_an_idle_session_ends(app: App, web: TestClient) -> None:
    await sign_in(web, app, OPERATOR_ID)
    assert (await web.get("/queue")).status == 200
    await app.db.execute("UPDATE web_sessions SET last_seen = ?",
                         ((datetime.now(UTC) - timedelta(minutes=31)).isoformat(timespec="seconds"),))
    assert (await web.get("/queue")).status == 401


async def test_sign_out_ends_the_session(app: App, web: TestClient) -> None:
    await sign_in(web, app, OPERATOR_ID)
    html = await (await web.get("/queue")).text()
    response = await web.post("/logout", data={"csrf": csrf_of(html)}, allow_redirects=False)
    assert response.status == 303
    assert (await web.get("/queue")).status == 401


async def test_roles_are_checked_on_every_request(app: App, web: TestClient) -> None:
    await sign_in(web, app, OPERATOR_ID)
    assert (await web.get("/audit")).status == 403  # admins only
    await app.dp["users"].set_role(OPERATOR_ID, "citizen")  # the role is taken away in Telegram
    assert (await web.get("/queue")).status == 403

    web.session.cookie_jar.clear()
    await sign_in(web, app, ADMIN_ID)
    audit = await web.get("/audit")
    assert audit.status == 200 and "web_sign_in" in await audit.text()

    web.session.cookie_jar.clear()
    await app.dp["users"].set_role(ANNOUNCER_ID, "announcer")
    await sign_in(web, app, ANNOUNCER_ID)
    assert (await web.get("/queue")).status == 403
    assert (await web.get("/announcements")).status == 200


async def test_the_queue_filters_searches_and_pages(app: App, web: TestClient) -> None:
    old = datetime.now(UTC) - timedelta(days=30)
    late = await file_ticket(app, "Мусор не вывозят с прошлого месяца, весь двор завален.", when=old)
    osh = await file_ticket(app, "В Оше у школы нет пешеходного перехода, машины едут быстро.", citizen=OTHER_CITIZEN,
                            region_id="osh-city", place_id="osh-city", body_name="Мэрия города Ош", category="land")
    for i in range(55):
        await file_ticket(app, f"Обращение номер {i}: нужна справка о составе семьи, не выдают.", citizen=8000 + i)
    await sign_in(web, app, OPERATOR_ID)

    page = await (await web.get("/queue", params={"region": "osh-city"})).text()
    assert osh.number in page and late.number not in page
    page = await (await web.get("/queue", params={"q": "пешеходного"})).text()
    assert osh.number in page and late.number not in page
    page = await (await web.get("/queue", params={"overdue": "1"})).text()
    assert late.number in page and osh.number not in page
    page = await (await web.get("/queue", params={"category": "land", "status": ""})).text()
    assert osh.number in page and late.number not in page
    first = await (await web.get("/queue")).text()
    second = await (await web.get("/queue", params={"page": "2"})).text()
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert first.count("/tickets/") == 50 and second.count("/tickets/") == 7
    assert late.number in first  # sorted by due date: the overdue one first


async def test_reply_from_the_web_reaches_the_citizen_and_the_thread(app: App, web: TestClient) -> None:
    ticket = await file_ticket(app, "Водопровод в селе не работает третью неделю, просим починить.",
                               attachments=[Attachment("photo", "PHOTO-1")], latitude=42.87, longitude=74.59)
    await sign_in(web, app, OPERATOR_ID)
    html = await (await web.get(f"/tickets/{ticket.id}")).text()
    assert "Водопровод" in html and f"/tickets/{ticket.id}/files/0" in html and "42.87000" in html
    token = csrf_of(html)
    app.session.clear()

    taken = await web.post(f"/tickets/{ticket.id}/take", data={"csrf": token}, allow_redirects=False)
    assert taken.status == 303
    reply = "Бригада выедет в четверг. <b>Спасибо</b> за обращение."
    response = await web.post(f"/tickets/{ticket.id}/reply", data={"csrf": token, "text": reply})
    assert response.status == 200
    html = await response.text()
    assert "Бригада выедет в четверг. &lt;b&gt;Спасибо&lt;/b&gt;" in html  # in the thread at once, escaped
    to_citizen = app.session.texts_to(CITIZEN)
    assert any("Бригада выедет в четверг" in t and "&lt;b&gt;" in t for t in to_citizen)
    assert any(ticket.number in t for t in to_citizen)

    answered = await web.post(f"/tickets/{ticket.id}/status", data={"csrf": token, "status": "answered", "detail": ""})
    assert answered.status == 200
    ticket = await app.dp["complaint_service"].repo.get(ticket.id)
    assert ticket.status == "answered"
    actions = [e["action"] for e in await app.dp["complaint_service"].repo.audit_entries()]
    assert {"take", "reply", "status", "web_sign_in"} <= set(actions)


async def test_a_wrong_csrf_token_changes_nothing(app: App, web: TestClient) -> None:
    ticket = await file_ticket(app, "Дорогу к школе не ремонтируют третий год, ямы и грязь.")
    await sign_in(web, app, OPERATOR_ID)
    app.session.clear()
    for data in ({"text": "Ответ"}, {"text": "Ответ", "csrf": "forged"}, {"text": "Ответ", "csrf": "подделка"}):
        response = await web.post(f"/tickets/{ticket.id}/reply", data=data)
        assert response.status == 403
    assert not app.session.texts_to(CITIZEN)
    assert await app.dp["complaint_service"].repo.last_reply(ticket.id) is None


async def test_a_refused_action_keeps_what_was_typed(app: App, web: TestClient) -> None:
    ticket = await file_ticket(app, "Дорогу к школе не ремонтируют третий год, ямы и грязь.")
    await sign_in(web, app, OPERATOR_ID)
    token = csrf_of(await (await web.get(f"/tickets/{ticket.id}")).text())
    response = await web.post(f"/tickets/{ticket.id}/status", data={"csrf": token, "status": "rejected", "detail": ""})
    assert response.status == 400
    long_reply = "Очень длинный ответ. " * 200
    response = await web.post(f"/tickets/{ticket.id}/reply", data={"csrf": token, "text": long_reply})
    assert response.status == 400 and "Очень длинный ответ." in await response.text()


async def test_assign_to_another_operator(app: App, web: TestClient) -> None:
    ticket = await file_ticket(app, "Дорогу к школе не ремонтируют третий год, ямы и грязь.")
    await sign_in(web, app, ADMIN_ID)
    token = csrf_of(await (await web.get(f"/tickets/{ticket.id}")).text())
    response = await web.post(f"/tickets/{ticket.id}/assign", data={"csrf": token, "assignee": str(OPERATOR_ID)})
    assert response.status == 200
    assert (await app.dp["complaint_service"].repo.get(ticket.id)).assignee_id == OPERATOR_ID
    mine = await web.get("/queue", params={"assignee": str(OPERATOR_ID)})
    assert ticket.number in await mine.text()
    refused = await web.post(f"/tickets/{ticket.id}/assign", data={"csrf": token, "assignee": str(CITIZEN)})
    assert refused.status == 400


async def test_export_neutralises_formulas(app: App, web: TestClient) -> None:
    await file_ticket(app, "=HYPERLINK(\"http://evil.example\",\"нажмите здесь, чтобы получить помощь\")")
    await file_ticket(app, "Обычное обращение о ремонте дороги у школы номер пять.", citizen=OTHER_CITIZEN)
    await sign_in(web, app, OPERATOR_ID)
    csv_response = await web.get("/export.csv", params={"status": ""})
    assert csv_response.status == 200 and "attachment" in csv_response.headers["Content-Disposition"]
    text = (await csv_response.read()).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    xlsx = await (await web.get("/export.xlsx", params={"status": ""})).read()
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    texts = [row[11] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(texts) == 2 and any(t.startswith("'=HYPERLINK") for t in texts)


async def test_the_language_can_be_switched(app: App, web: TestClient) -> None:
    await sign_in(web, app, OPERATOR_ID)
    html = await (await web.get("/queue")).text()
    lang = re.search(r'<html lang="(\w+)"', html).group(1)
    other = "ky" if lang == "ru" else "ru"
    response = await web.post("/lang", data={"csrf": csrf_of(html), "lang": other, "next": "/queue?status="})
    assert response.status == 200 and str(response.url).endswith("/queue?status=")
    assert f'<html lang="{other}"' in await response.text()


async def test_figures_asks_and_announcements_render(app: App, web: TestClient) -> None:
    from storage.broadcasts import BroadcastRepo
    from storage.question_log import QuestionLog
    from storage.subscriptions import Audience

    await file_ticket(app, "Дорогу к школе не ремонтируют третий год, ямы и грязь.", latitude=42.87, longitude=74.59,
                      when=datetime.now(UTC) - timedelta(days=20))
    for _ in range(3):
        await QuestionLog(app.db).record("кто чистит арыки в селе?", "ru", "declined", None, 0.2)
    broadcasts = BroadcastRepo(app.db)
    running = await broadcasts.create(ANNOUNCER_ID, None, "Собрание жителей в субботу", None, Audience("all", None))
    await broadcasts.begin(running, datetime.now(UTC))
    await app.dp["users"].set_role(ANNOUNCER_ID, "announcer")

    await sign_in(web, app, OPERATOR_ID)
    figures = await (await web.get("/figures")).text()
    assert figures.count("<svg") >= 5 and "<script" not in figures
    assert "Мэрия города Кант" in figures  # overdue by body
    asks = await (await web.get("/asks")).text()
    assert "кто чистит арыки в селе?" in asks and ">3<" in asks
    board = await (await web.get("/announcements")).text()
    assert "Собрание жителей" in board and f"/announcements/{running}/pause" not in board  # read-only for operators
    token = csrf_of(board)
    assert (await web.post(f"/announcements/{running}/pause", data={"csrf": token})).status == 403

    web.session.cookie_jar.clear()
    await sign_in(web, app, ANNOUNCER_ID)
    board = await (await web.get("/announcements")).text()
    assert f"/announcements/{running}/pause" in board
    paused = await web.post(f"/announcements/{running}/pause", data={"csrf": csrf_of(board)})
    assert paused.status == 200 and (await broadcasts.get(running)).status == "paused"
    assert f"/announcements/{running}/resume" in await paused.text()


async def test_a_form_from_another_site_is_refused(app: App, web: TestClient) -> None:
    ticket = await file_ticket(app, "Дорогу к школе не ремонтируют третий год, ямы и грязь.")
    await sign_in(web, app, OPERATOR_ID)
    token = csrf_of(await (await web.get(f"/tickets/{ticket.id}")).text())
    response = await web.post(f"/tickets/{ticket.id}/take", data={"csrf": token},
                              headers={"Origin": "https://evil.example"})
    assert response.status == 403
    assert (await app.dp["complaint_service"].repo.get(ticket.id)).assignee_id is None
    # Behind a reverse proxy the browser's origin is WEB_BASE_URL's.
    response = await web.post(f"/tickets/{ticket.id}/take", data={"csrf": token},
                              headers={"Origin": "http://console.example.kg"}, allow_redirects=False)
    assert response.status == 303


async def test_attachments_are_passed_on_without_the_token(app: App, web: TestClient) -> None:
    ticket = await file_ticket(app, "Яма на дороге у школы, фото и акт прилагаю к обращению.", attachments=[
        Attachment("photo", "PHOTO-1"), Attachment("document", "DOC-1", "акт <осмотра>.html")])
    await sign_in(web, app, OPERATOR_ID)
    app.session.clear()
    document = await web.get(f"/tickets/{ticket.id}/files/1")
    assert document.status == 200
    assert document.headers["Content-Disposition"].startswith("attachment;")  # never rendered in the browser
    assert document.headers["Content-Type"] == "application/octet-stream"
    assert [m.file_id for m in app.session.calls("getFile")] == ["DOC-1"]
    assert app.settings.bot_token not in document.headers.get("Location", "")
    assert (await web.get(f"/tickets/{ticket.id}/files/7")).status == 404
