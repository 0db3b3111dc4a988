"""Issue 11 point 6: /stats counts overdue appeals by body and region (against the stored due date,
which follows the working-day calendar); /export speaks the staff member's language, shows dates
as people read them and neutralises formula-like cells in CSV and XLSX. Real Dispatcher, both languages."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import openpyxl

from services.complaints import local_date
from services.deadlines import answer_due
from storage.complaints import ComplaintRepo
from tests.conftest import OPERATOR_ID, App

HYPERLINK = '=HYPERLINK("http://evil.example/x","Click")'
SUM = "@SUM(A1:A9)"


async def add_ticket(app: App, number: int, *, filed: date, due: date | None = None, status: str = "new",
                     body: str = "Ноокат айыл өкмөтү", region: str = "osh", text: str = "Суу жок, көчөдө жарык жок.",
                     phone: str | None = None) -> None:
    now_iso = datetime.now(UTC).isoformat(timespec="seconds")
    due = due or answer_due(filed, 14)
    await ComplaintRepo(app.db).insert(
        {
            "number": f"KG-{filed.year}-{number:06d}", "citizen_id": 7000 + number, "language": "ky",
            "kind": "complaint", "region_id": region, "place_id": "nookat", "place_kind": "rayon",
            "place_name": "Ноокат району", "body_name": body, "category": "other", "text": text,
            "text_key": text.lower(), "latitude": None, "longitude": None, "contact_name": "Асан" if phone else None,
            "contact_phone": phone, "consent": int(bool(phone)), "status": status, "filed_at": f"{filed.isoformat()}T04:00:00+00:00",
            "filed_date": filed.isoformat(), "due_date": due.isoformat(), "updated_at": now_iso,
            "answered_at": "2026-01-20T05:30:00+00:00" if status == "answered" else None,
        },
        [],
    )  # fmt: skip


async def some_tickets(app: App) -> None:
    today = local_date(datetime.now(UTC))
    long_ago = today - timedelta(days=40)
    await add_ticket(app, 1, filed=long_ago)  # overdue: Nookat, Osh oblast
    await add_ticket(app, 2, filed=long_ago, body="Бишкек шаарынын мэриясы", region="bishkek", text=HYPERLINK)
    await add_ticket(app, 3, filed=long_ago, due=today - timedelta(days=1), status="in_work")  # overdue since today
    await add_ticket(app, 4, filed=today, due=today, text=SUM, phone="+996700123456")  # due today: not overdue yet
    await add_ticket(app, 5, filed=long_ago, status="answered")  # answered late, but answered: not overdue


async def test_stats_counts_overdue_by_body_and_region_in_russian(app: App) -> None:
    await some_tickets(app)
    await app.client.send(OPERATOR_ID, "/stats")
    text = app.client.last_text(OPERATOR_ID)
    assert "Просрочено (открыты после срока ответа): 3" in text
    overdue = text.split("Просрочено (открыты после срока ответа): 3", 1)[1]
    assert "Ноокат айыл өкмөтү: 2" in overdue and "Бишкек шаарынын мэриясы: 1" in overdue
    assert "Ошская область: 2" in overdue and "Бишкек: 1" in overdue


async def test_stats_says_when_nothing_is_overdue_in_kyrgyz(app: App) -> None:
    today = local_date(datetime.now(UTC))
    await add_ticket(app, 1, filed=today)
    await app.client.send(OPERATOR_ID, "/stats", language_code="ky")
    assert "Мөөнөтү өтүп кеткен кайрылуу жок." in app.client.last_text(OPERATOR_ID)


def export_files(app: App) -> tuple[list[list[str]], list[list[str]]]:
    csv_call, xlsx_call = app.session.calls("sendDocument")[-2:]
    assert csv_call.document.filename.endswith(".csv") and xlsx_call.document.filename.endswith(".xlsx")
    rows = list(csv.reader(io.StringIO(csv_call.document.data.decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(xlsx_call.document.data))
    sheet = [[value or "" for value in row] for row in book.active.iter_rows(values_only=True)]
    return rows, sheet


async def test_export_in_kyrgyz_with_readable_dates_and_no_live_formulas(app: App) -> None:
    await some_tickets(app)
    await app.client.send(OPERATOR_ID, "/export", language_code="ky")
    rows, sheet = export_files(app)
    assert sheet == rows  # the same table in both files
    header = rows[0]
    assert header[:4] == ["Номери", "Абалы", "Түрү", "Аймак"]
    by_number = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    first = by_number[next(n for n in by_number if n.endswith("000001"))]
    assert first["Түрү"] == "Даттануу" and first["Аймак"] == "Ош облусу"
    assert first["Абалы"] not in ("new", "")  # the status as staff read it, not a code
    assert first["Катталган күнү"].count(".") == 2 and "-" not in first["Катталган күнү"]  # dd.mm.yyyy
    texts = [row[header.index("Текст")] for row in rows[1:]]
    assert "'" + HYPERLINK in texts and "'" + SUM in texts  # shown as text, never run
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert not any(str(cell).startswith(("=", "+", "-", "@")) for row in sheet for cell in row)
    phone = [row[header.index("Телефон")] for row in rows[1:] if row[header.index("Телефон")]]
    assert phone == ["'+996700123456"]  # with consent; a leading + would be read as a formula too
    answered = next(row for row in rows[1:] if row[0].endswith("000005"))
    assert answered[header.index("Жооп берилди")] == "20.01.2026 11:30"  # Bishkek time


async def test_export_in_russian(app: App) -> None:
    await some_tickets(app)
    await app.client.send(OPERATOR_ID, "/export overdue")
    rows, _sheet = export_files(app)
    assert rows[0][:4] == ["Номер", "Статус", "Вид", "Регион"]
    assert len(rows) == 1 + 3  # the three overdue ones
    assert {row[rows[0].index("Просрочено")] for row in rows[1:]} == {"да"}
    caption = app.session.calls("sendDocument")[-1].caption
    assert "просроченные" in caption
