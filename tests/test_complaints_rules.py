"""Complaint rules without Telegram updates: transitions, numbers, the clock, reminders; plus staff
status changes with a detail, and the queue's paging and filters, through the Dispatcher."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from services.complaint_callbacks import QueueNav, StaffTicket
from qa.rules import answer_due_date
from services.complaint_reminders import remind_once
from services.complaints import (
    STATUSES,
    TRANSITIONS,
    ComplaintService,
    Draft,
    Refusal,
    TransitionError,
    can_change,
    normalise_text,
)
from tests.conftest import OPERATOR_ID, STAFF_CHAT_ID, App

CITIZEN = 5101
NOON = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # 12:00 in Bishkek


def draft(text: str = "Дорогу к школе не ремонтируют третий год, ямы и грязь.", **changes) -> Draft:
    values = dict(kind="complaint", region_id="chui", place_id="kant", place_kind="city", place_name="Кант",
                  body_name="Мэрия города Кант", category="services", text=text, attachments=[])
    values.update(changes)
    return Draft(**values)


def service_of(app: App) -> ComplaintService:
    return app.dp["complaint_service"]


def test_transitions_are_data_and_closed_statuses_are_final() -> None:
    assert set(TRANSITIONS) == set(STATUSES)
    assert can_change("new", "in_work") and can_change("registered", "in_work") and can_change("in_work", "answered")
    assert not can_change("new", "registered")  # opening or registering is not a status change any more
    for closed in ("answered", "forwarded", "rejected", "duplicate"):
        assert TRANSITIONS[closed] == frozenset()  # only the citizen's "not resolved" reopens an answered one
    assert not can_change("new", "answered")  # an answer needs the ticket in work
    assert "solved" not in STATUSES and "resolved" not in STATUSES


def test_normalised_text_ignores_case_punctuation_and_spacing() -> None:
    assert normalise_text("Нет  воды, уже 3 дня!") == normalise_text("нет воды уже 3 дня")
    assert normalise_text("нет воды") != normalise_text("нет света")


async def test_numbers_run_per_year_and_due_date_follows_the_setting(app: App) -> None:
    service = service_of(app)
    first = await service.file(CITIZEN, "ru", draft("Первое обращение о дороге к школе."), NOON)
    second = await service.file(CITIZEN, "ru", draft("Второе обращение о дороге к школе."), NOON)
    next_year = await service.file(CITIZEN, "ru", draft("Третье обращение о дороге к школе."),
                                   datetime(2027, 1, 1, 0, 30, tzinfo=UTC))
    assert (first.number, second.number, next_year.number) == ("KG-2026-000001", "KG-2026-000002", "KG-2027-000001")
    assert first.filed == date(2026, 3, 2) and first.due == answer_due_date(date(2026, 3, 2), 14) == date(2026, 3, 16)
    # Late evening UTC is already the next day in Bishkek: the date is Bishkek's.
    late = await service.file(CITIZEN, "ru", draft("Четвёртое обращение о дороге."), datetime(2026, 3, 2, 19, 0, tzinfo=UTC))
    assert late.filed == date(2026, 3, 3)

    ten_days = ComplaintService(app.db, app.settings.with_changes(complaint_answer_days=10))
    ticket = await ten_days.file(CITIZEN + 1, "ky", draft(), NOON)
    assert ticket.due == date(2026, 3, 12)


async def test_limit_counts_the_bishkek_day_and_duplicates_the_last_24_hours(app: App) -> None:
    service = ComplaintService(app.db, app.settings.with_changes(complaint_daily_limit=2))
    await service.file(CITIZEN, "ru", draft("Первое: нет уличного освещения."), NOON)
    await service.file(CITIZEN, "ru", draft("Второе: не вывозят мусор."), NOON)
    refused = await service.file(CITIZEN, "ru", draft("Третье: сломана остановка."), NOON + timedelta(hours=1))
    assert isinstance(refused, Refusal) and refused.reason == "daily_limit"
    next_day = NOON + timedelta(hours=13)  # 01:00 the next day in Bishkek
    assert not isinstance(await service.file(CITIZEN, "ru", draft("Третье: сломана остановка."), next_day), Refusal)
    duplicate = await service.file(CITIZEN, "ru", draft("ПЕРВОЕ — нет уличного освещения!"), next_day)
    assert isinstance(duplicate, Refusal) and duplicate.reason == "duplicate" and duplicate.earlier.number.endswith("1")
    later = NOON + timedelta(hours=25)
    assert not isinstance(await service.file(CITIZEN, "ru", draft("Первое: нет уличного освещения."), later), Refusal)


async def test_status_rules_refuse_what_the_law_does_not_allow(app: App) -> None:
    service = service_of(app)
    ticket = await service.file(CITIZEN, "ru", draft(), NOON)
    with pytest.raises(TransitionError):
        await service.change_status(ticket, "answered", OPERATOR_ID)
    with pytest.raises(TransitionError):
        await service.change_status(ticket, "rejected", OPERATOR_ID, "  ")  # a rejection needs a reason
    ticket = await service.take(ticket, OPERATOR_ID)
    with pytest.raises(TransitionError):
        await service.change_status(ticket, "answered", OPERATOR_ID)  # no reply yet
    await service.add_reply(ticket, OPERATOR_ID, "Ремонт включён в план на май.")
    ticket = await service.change_status(ticket, "answered", OPERATOR_ID, now=NOON)
    assert service.can_reopen(ticket, NOON + timedelta(days=30))
    assert not service.can_reopen(ticket, NOON + timedelta(days=31))
    assert await service.reopen(ticket, NOON + timedelta(days=31)) is None
    assert (await service.reopen(ticket, NOON + timedelta(days=3))).status == "in_work"


async def test_reminders_due_soon_and_overdue_each_sent_once(app: App, i18n) -> None:
    service = service_of(app)
    unassigned = await service.file(CITIZEN, "ru", draft("Первое: яма на дороге у школы."), NOON)
    assigned = await service.take(await service.file(CITIZEN, "ru", draft("Второе: нет воды."), NOON), OPERATOR_ID)
    app.session.clear()

    async def run(at: datetime) -> int:
        return await remind_once(app.bot, app.db, app.settings, i18n, at)

    assert await run(NOON + timedelta(days=5)) == 0  # due 16 March: not within 2 days yet
    assert await run(NOON + timedelta(days=12)) == 2  # 14 March: due within 2 days
    assert unassigned.number in app.client.last_text(STAFF_CHAT_ID)  # nobody's: the staff chat
    assert assigned.number in app.client.last_text(OPERATOR_ID)  # the assignee directly
    assert "16.03.2026" in app.client.last_text(OPERATOR_ID)
    assert await run(NOON + timedelta(days=12, hours=1)) == 0  # not repeated
    assert await run(NOON + timedelta(days=15)) == 2  # 17 March: overdue, told once more
    assert "❗" in app.client.last_text(STAFF_CHAT_ID)
    assert await run(NOON + timedelta(days=16)) == 0
    await service.change_status(await service.repo.get(unassigned.id), "rejected", OPERATOR_ID, "Не по адресу")
    assert await run(NOON + timedelta(days=40)) == 0  # closed tickets are never reminded


@pytest.mark.parametrize(
    ("status", "typed", "citizen_sees"),
    [
        ("forwarded", "Государственное агентство по делам МСУ", "направлено в орган"),
        ("rejected", "В обращении нет сути <вопроса>", "Причина: В обращении нет сути &lt;вопроса&gt;"),
        ("duplicate", "KG-2026-000001", "повторяет обращение KG-2026-000001"),
    ],
)
async def test_staff_set_a_status_with_its_detail(app: App, status: str, typed: str, citizen_sees: str) -> None:
    service = service_of(app)
    await service.file(CITIZEN + 5, "ru", draft("Самое первое обращение про дорогу."), NOON)
    ticket = await service.file(CITIZEN, "ky" if status == "forwarded" else "ru", draft(), NOON)
    await app.client.callback(OPERATOR_ID, StaffTicket(action="status", id=ticket.id).pack(), chat_id=STAFF_CHAT_ID)
    assert ticket.number in app.client.last_text(OPERATOR_ID)  # the status menu comes privately
    await app.client.callback(OPERATOR_ID, StaffTicket(action="set", id=ticket.id, value=status).pack())
    if status == "duplicate":
        await app.client.send(OPERATOR_ID, ticket.number)  # itself: refused
        assert "KG-2026-000123" in app.client.last_text(OPERATOR_ID)
    await app.client.send(OPERATOR_ID, typed)
    changed = await service.repo.get(ticket.id)
    assert changed.status == status
    told = app.client.last_text(CITIZEN)
    if status == "forwarded":  # the citizen filed in Kyrgyz: told in Kyrgyz
        assert "ыйгарым укуктуу органга жөнөтүлдү" in told and typed in told
    else:
        assert citizen_sees in told


async def test_queue_pages_and_filters(app: App) -> None:
    service = service_of(app)
    now = datetime.now(UTC)
    for i in range(7):
        await service.file(CITIZEN + i, "ru", draft(f"Обращение {i}: нет воды в доме."), now)
    osh = await service.file(CITIZEN, "ru", draft("Земля в Оше отдана без конкурса.", region_id="osh-city",
                                                  place_id="osh-city", place_name="Ош", category="land"),
                             now - timedelta(days=20))  # filed 20 days ago: overdue
    c = app.client
    await c.send(OPERATOR_ID, "/queue")
    first_page = c.last_text(OPERATOR_ID)
    assert "всего 8" in first_page and "стр. 1 из 2" in first_page
    assert len(re.findall(r"KG-\d{4}-\d{6}", first_page)) == 5
    await c.click(OPERATOR_ID, "▶")
    assert len(re.findall(r"KG-\d{4}-\d{6}", c.last_text(OPERATOR_ID))) == 3
    await c.callback(OPERATOR_ID, QueueNav(view="new", region="osh-city").pack())
    only_osh = c.last_text(OPERATOR_ID)
    assert "всего 1" in only_osh and osh.number in only_osh
    await c.callback(OPERATOR_ID, QueueNav(view="new", cat="services", pick="cat").pack())
    assert "Земля" in c.buttons(OPERATOR_ID)
    await c.click(OPERATOR_ID, "^Земля$")
    assert "всего 1" in c.last_text(OPERATOR_ID)
    await c.callback(OPERATOR_ID, QueueNav(view="overdue").pack())
    overdue = c.last_text(OPERATOR_ID)
    assert "всего 1" in overdue and osh.number in overdue and "❗" in overdue
