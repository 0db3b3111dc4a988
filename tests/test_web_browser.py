"""The web console in a real browser: Debian's Chromium driven by Playwright, against `python bot.py`
running with the loopback fake Bot API (tests/fake_api.py).

A staff member sends /web, opens the link the bot sends, filters the queue, opens a ticket and replies;
the reply reaches the citizen through the Bot API. Refused: no session, a spent link, a forged CSRF
token, an operator on an admin-only page. Set WEB_SCREENSHOTS_DIR=docs to save the README's screenshots.

Chromium comes from Debian's packages (installed here when missing, as root); Playwright is used with
that browser only (`executable_path`), never with a browser it downloads itself.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from config import Settings
from services.complaints import ComplaintService, Draft
from storage.complaints import Attachment
from storage.db import Database
from storage.question_log import QuestionLog
from tests.fake_api import FakeBotAPI
from tests.test_runtime_modes import TOKEN, free_port, start_bot, stop_bot

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
OPERATOR, ADMIN, CITIZEN, OSH_CITIZEN = 3101, 3100, 3201, 3202


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium, installed with apt-get when missing (the test machine runs as root)."""
    if not CHROMIUM.exists():
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            pytest.skip("Chromium is not installed and cannot be: not root, or no apt-get")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update"], check=False, capture_output=True, env=env, timeout=600)
        done = subprocess.run(["apt-get", "install", "-y", "chromium"], capture_output=True, env=env, timeout=900)
        if done.returncode != 0 or not CHROMIUM.exists():
            pytest.skip("apt-get could not install chromium: " + done.stderr.decode(errors="replace")[-300:])
    return CHROMIUM


def draft(text: str, **changes) -> Draft:
    values = dict(kind="complaint", region_id="chui", place_id="kant", place_kind="city", place_name="Кант",
                  body_name="Мэрия города Кант", category="services", text=text, attachments=[])
    values.update(changes)
    return Draft(**values)


async def seed(path: Path) -> dict[str, str]:
    """Tickets (one overdue, one in Osh with a location), answered ones for the figures, and questions."""
    settings = Settings(bot_token=TOKEN, database_path=path)
    db = await Database.connect(path)
    service = ComplaintService(db, settings)
    now = datetime.now(UTC)
    kant = await service.file(CITIZEN, "ru", draft("Водопровод на улице Ленина не работает третью неделю."), now)
    osh = await service.file(OSH_CITIZEN, "ky", draft(
        "Мектептин жанында жөө жүргүнчүлөр өтмөгү жок, балдар коркуп өтүшөт.", region_id="osh-city",
        place_id="osh-city", place_name="Ош", body_name="Ош шаарынын мэриясы", category="services",
        latitude=40.53, longitude=72.80, attachments=[Attachment("photo", "PHOTO-OSH")]), now)
    places = [("chui", "kant", "Мэрия города Кант", 42.89, 74.85), ("issyk-kul", "karakol", "Мэрия города Каракол", 42.49, 78.39),
              ("naryn", "naryn-city", "Мэрия города Нарын", 41.43, 75.99), ("batken", "batken-city", "Мэрия города Баткен", 40.06, 70.82),
              ("talas", "talas-city", "Мэрия города Талас", 42.52, 72.24), ("jalal-abad", "manas-city", "Мэрия города Манас", 40.93, 73.0),
              ("bishkek", "bishkek", "Мэрия города Бишкек", 42.87, 74.59), ("osh", "uzgen-city", "Мэрия города Узген", 40.77, 73.3)]
    for i in range(40):
        region, place, body, lat, lon = places[i % len(places)]
        when = now - timedelta(days=3 + i * 2)
        ticket = await service.file(4000 + i, "ru", draft(f"Обращение {i}: во дворе нет освещения, просим установить фонари.",
                                                          region_id=region, place_id=place, place_name=place,
                                                          body_name=body, latitude=lat + (i % 3) * 0.05, longitude=lon),
                                    when)
        if i % 3 == 0:
            ticket = await service.take(ticket, OPERATOR)
            await service.add_reply(ticket, OPERATOR, "Фонари установят в этом месяце.")
            answered_at = when + timedelta(days=4 + i % 13)
            await service.change_status(ticket, "answered", OPERATOR, now=answered_at)
            await db.execute("UPDATE ticket_events SET at = ? WHERE ticket_id = ? AND status_to = 'answered'",
                             (answered_at.isoformat(timespec="seconds"), ticket.id))
    log = QuestionLog(db)
    for question, outcome, topic in [("кто чистит арыки в селе?", "declined", None)] * 5 + [
            ("сколько получает депутат айылного кенеша", "unsure", "kenesh-deputies-count")] * 3:
        await log.record(question, "ru", outcome, topic, 0.3)
    await db.close()
    return {"kant": kant.number, "osh": osh.number}


async def wait_listening(port: int, timeout: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"the web console did not listen on {port}")
            await asyncio.sleep(0.1)


async def link_for(api: FakeBotAPI, user_id: int) -> str:
    api.push_message(user_id, "/web")
    call = await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == user_id and "/login/" in c.params.get("text", ""))
    api.calls.remove(call)
    return re.search(r'href="([^"]+/login/[^"]+)"', call.params["text"]).group(1)


@pytest.mark.timeout(1500)  # on a fresh machine the fixture first installs Chromium with apt-get (minutes)
async def test_sign_in_filter_open_reply_in_chromium(chromium: Path, tmp_path: Path) -> None:
    playwright_api = pytest.importorskip("playwright.async_api", reason="playwright (PyPI) is not installed")
    numbers = await seed(tmp_path / "bot.db")
    api = FakeBotAPI(TOKEN)
    base = await api.start()
    port = free_port()
    bot = await start_bot({"TELEGRAM_API_BASE": base, "WEB_PORT": str(port), "WEB_HOST": "127.0.0.1",
                           "STAFF_IDS": str(OPERATOR), "ADMIN_IDS": str(ADMIN)}, tmp_path)
    shots = os.environ.get("WEB_SCREENSHOTS_DIR")
    try:
        await wait_listening(port)
        async with playwright_api.async_playwright() as p:
            browser = await p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
            page = await (await browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")).new_page()

            # Signed in by the link from /web, landing on the queue.
            link = await link_for(api, OPERATOR)
            assert link.startswith(f"http://127.0.0.1:{port}/login/")
            await page.goto(link)
            assert page.url.endswith("/queue")
            assert numbers["kant"] in await page.content() and numbers["osh"] in await page.content()
            if shots:
                await page.screenshot(path=f"{shots}/web-queue.png", full_page=False)
                await page.set_viewport_size({"width": 820, "height": 1180})  # a tablet, upright
                await page.screenshot(path=f"{shots}/web-queue-tablet.png", full_page=False)
                await page.set_viewport_size({"width": 1280, "height": 900})
            # Keyboard: the first Tab reaches the skip link, which leads to the content.
            await page.keyboard.press("Tab")
            assert await page.evaluate("document.activeElement.className") == "skip"

            # Filter by region with the form (keyboard and mouse alike reach it).
            await page.select_option("select[name=region]", "osh-city")
            await page.click(".filters button[type=submit]")
            await page.wait_for_url(re.compile(r"region=osh-city"))
            rows = page.locator("table.queue tbody tr")
            assert await rows.count() == 1 and numbers["osh"] in await rows.first.inner_text()

            # Open the ticket; reply; the thread shows it at once and the citizen receives it.
            await page.click(f"text={numbers['osh']}")
            await page.wait_for_url(re.compile(r"/tickets/\d+$"))
            assert "балдар коркуп" in await page.inner_text("blockquote.citizen")
            photo = page.locator(".files img")
            await photo.scroll_into_view_if_needed()
            await page.wait_for_function("() => document.querySelector('.files img').complete")
            assert await photo.evaluate("img => img.naturalWidth") == 48  # fetched through getFile by the bot
            reply = "Өтмөк ушул айда сызылат. Кайрылганыңыз үчүн рахмат."
            await page.fill("#reply-text", reply)
            await page.click(".reply-form button[type=submit]")
            await page.wait_for_selector(".notice")
            assert reply in await page.inner_text("ol.events")
            if shots:
                await page.screenshot(path=f"{shots}/web-ticket.png", full_page=True)
            sent = await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == OSH_CITIZEN
                                      and reply in c.params.get("text", ""))
            assert numbers["osh"] in sent.params["text"]

            # A forged CSRF token: refused, nothing sent.
            await page.locator(".reply-form input[name=csrf]").evaluate("e => e.value = 'forged'")
            await page.fill("#reply-text", "Это не должно дойти.")
            await page.click(".reply-form button[type=submit]")
            assert "out of date" in await page.content() or "устарела" in await page.content() or "эскирди" in await page.content()
            assert not [c for c in api.calls if "Это не должно дойти" in c.params.get("text", "")]

            # The language is switched on the page itself, and stays.
            await page.click("header button[lang=ky]")
            await page.wait_for_selector("html[lang=ky]")
            assert "<h1>Кайрылуулар</h1>" in await page.content()

            # An operator on an admin-only page.
            response = await page.goto(f"http://127.0.0.1:{port}/audit")
            assert response.status == 403

            # The figures render as SVG without JavaScript.
            response = await page.goto(f"http://127.0.0.1:{port}/figures")
            assert response.status == 200 and await page.locator("svg").count() >= 4
            if shots:
                await page.screenshot(path=f"{shots}/web-figures.png", full_page=True)

            # Another browser without a session; the spent link again.
            stranger = await (await browser.new_context()).new_page()
            response = await stranger.goto(f"http://127.0.0.1:{port}/queue")
            assert response.status == 401
            response = await stranger.goto(link)
            assert response.status == 401

            # An administrator sees the audit log with the reply in it.
            admin_link = await link_for(api, ADMIN)
            await stranger.goto(admin_link)
            response = await stranger.goto(f"http://127.0.0.1:{port}/audit")
            assert response.status == 200 and "reply" in await stranger.content()
            await browser.close()
    finally:
        code, output = await stop_bot(bot)
        await api.stop()
    assert code == 0, output
    assert "/login/" not in output.replace("/login/…", "")  # no sign-in token in the logs
