"""/export: the tickets as CSV (UTF-8 with BOM, so Excel shows Cyrillic) and as XLSX.

The XLSX is written with the standard library: a minimal SpreadsheetML package with inline
strings, which Excel, LibreOffice and openpyxl open; no runtime dependency for one sheet.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from storage.complaints import Ticket

COLUMNS = (
    "number", "status", "kind", "region", "place", "body", "category", "filed", "due", "answered_at",
    "assignee_id", "text", "contact_name", "contact_phone", "consent", "latitude", "longitude",
)  # fmt: skip


def ticket_rows(tickets: Sequence[Ticket]) -> list[list[str]]:
    """One row per ticket; name and phone only with the citizen's consent."""
    rows = []
    for t in tickets:
        rows.append([
            t.number, t.status, t.kind, t.region_id, t.place_name, t.body_name, t.category, t.filed_date,
            t.due_date, t.answered_at or "", "" if t.assignee_id is None else str(t.assignee_id), t.text,
            (t.contact_name or "") if t.consent else "", (t.contact_phone or "") if t.consent else "",
            "yes" if t.consent else "no",
            "" if t.latitude is None else f"{t.latitude:.6f}", "" if t.longitude is None else f"{t.longitude:.6f}",
        ])  # fmt: skip
    return rows


def to_csv(tickets: Sequence[Ticket]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(ticket_rows(tickets))
    return buffer.getvalue().encode("utf-8-sig")


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
<sheets><sheet name="tickets" sheetId="1" r:id="rId1"/></sheets>
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


def to_xlsx(tickets: Sequence[Ticket]) -> bytes:
    rows = [list(COLUMNS), *ticket_rows(tickets)]
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
