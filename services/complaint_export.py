"""/export: the tickets as CSV (UTF-8 with BOM, so Excel shows Cyrillic) and as XLSX, with column
names, statuses, kinds and categories in the staff member's language and dates as people read them.

Cells that a spreadsheet would take for a formula (a leading `=`, `+`, `-`, `@`, tab or carriage
return: a citizen may type "=HYPERLINK(...)" into a complaint) get a leading apostrophe, in both
files (OWASP's advice for CSV injection); the XLSX writes every cell as an inline string anyway.

The XLSX is written with the standard library: a minimal SpreadsheetML package with inline
strings, which Excel, LibreOffice and openpyxl open; no runtime dependency for one sheet.
Building the files is pure CPU work on plain values (`ExportLabels` is rendered on the event loop,
where gettext has its context), so the handler runs it in a thread.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from xml.sax.saxutils import escape

from aiogram.utils.i18n import gettext as _

from services import complaint_texts as texts
from storage.complaints import OPEN_STATUSES, Ticket

BISHKEK = timezone(timedelta(hours=6), "Asia/Bishkek")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell a spreadsheet would read as a formula gets a leading apostrophe: shown as text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class ExportLabels:
    """Everything language-dependent in an export, rendered beforehand."""

    columns: list[str]
    statuses: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    yes: str = "yes"
    no: str = "no"


def export_labels(lang: str, statuses: Sequence[str], regions: dict[str, str]) -> ExportLabels:
    columns = [
        _("Number", locale=lang), _("Status", locale=lang), _("Kind", locale=lang), _("Region", locale=lang),
        _("Place", locale=lang), _("Body", locale=lang), _("Category", locale=lang),
        _("Registered", locale=lang), _("Due by", locale=lang), _("Answered", locale=lang),
        _("Assignee (Telegram id)", locale=lang), _("Text", locale=lang), _("Name", locale=lang),
        _("Phone", locale=lang), _("Consent to pass on the contacts", locale=lang), _("Latitude", locale=lang),
        _("Longitude", locale=lang), _("Past the due date", locale=lang),
    ]  # fmt: skip
    return ExportLabels(
        columns=columns,
        statuses={s: texts.status_label(s, lang) for s in statuses},
        kinds={k: texts.kind_label(k, lang) for k in texts.KINDS},
        categories={c: texts.category_label(c, lang) for c in texts.CATEGORIES},
        regions=regions,
        yes=_("yes", locale=lang),
        no=_("no", locale=lang),
    )


def _day(value: str | None) -> str:
    return date.fromisoformat(value[:10]).strftime("%d.%m.%Y") if value else ""


def _moment(value: str | None) -> str:
    """An ISO 8601 UTC time as Bishkek date and time."""
    return datetime.fromisoformat(value).astimezone(BISHKEK).strftime("%d.%m.%Y %H:%M") if value else ""


def ticket_rows(tickets: Sequence[Ticket], labels: ExportLabels, today: date) -> list[list[str]]:
    """One row per ticket; name and phone only with the citizen's consent; every cell neutralised."""
    rows = []
    for t in tickets:
        overdue = t.status in OPEN_STATUSES and t.due_date < today.isoformat()
        row = [
            t.number, labels.statuses.get(t.status, t.status), labels.kinds.get(t.kind, t.kind),
            labels.regions.get(t.region_id, t.region_id), t.place_name, t.body_name,
            labels.categories.get(t.category, t.category), _day(t.filed_date), _day(t.due_date),
            _moment(t.answered_at), "" if t.assignee_id is None else str(t.assignee_id), t.text,
            (t.contact_name or "") if t.consent else "", (t.contact_phone or "") if t.consent else "",
            labels.yes if t.consent else labels.no,
            "" if t.latitude is None else f"{t.latitude:.6f}", "" if t.longitude is None else f"{t.longitude:.6f}",
            labels.yes if overdue else "",
        ]  # fmt: skip
        rows.append([neutralise(value) for value in row])
    return rows


def to_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in header])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def build_files(tickets: Sequence[Ticket], labels: ExportLabels, today: date) -> tuple[bytes, bytes]:
    """(CSV, XLSX) of the tickets: run it in a thread for a large queue."""
    rows = ticket_rows(tickets, labels, today)
    return to_csv(labels.columns, rows), to_xlsx(labels.columns, rows)


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="appeals" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""


def _column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell(ref: str, value: str) -> str:
    value = _XML_ILLEGAL.sub("", value)
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def to_xlsx(header: Sequence[str], body: Sequence[Sequence[str]]) -> bytes:
    rows = [[neutralise(h) for h in header], *body]
    sheet = io.StringIO()
    sheet.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{_column_name(c)}{r}", value) for c, value in enumerate(row))
        sheet.write(f'<row r="{r}">{cells}</row>')
    sheet.write("</sheetData></worksheet>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("xl/workbook.xml", _WORKBOOK)
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        package.writestr("xl/worksheets/sheet1.xml", sheet.getvalue())
    return out.getvalue()
