"""How buttons are laid out in rows so that a phone shows their labels whole."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton

# Two labels share a row when each fits half a phone's width (Telegram makes the buttons of a row
# equally wide and cuts longer labels) and together they are no longer than one row's worth.
PAIRED_LABEL, PAIRED_ROW = 24, 36


def paired(*buttons: InlineKeyboardButton) -> list[list[InlineKeyboardButton]]:
    """Two short buttons a row, a long one alone, in order: a dozen buttons fit a phone screen in
    about half the rows of a single column, and no label is cut."""
    rows: list[list[InlineKeyboardButton]] = []
    for b in buttons:
        before = rows[-1][0].text if rows and len(rows[-1]) == 1 else None
        if before is not None and max(len(before), len(b.text)) <= PAIRED_LABEL \
                and len(before) + len(b.text) <= PAIRED_ROW:
            rows[-1].append(b)
        else:
            rows.append([b])
    return rows


def places_rows(rayons: list[InlineKeyboardButton], cities: list[InlineKeyboardButton],
                back: InlineKeyboardButton) -> list[list[InlineKeyboardButton]]:
    """An oblast's places: rayons two a row, cities (labelled "🏙 name") three a row, Back last in
    the cities' rows, so that Chüy's sixteen places take seven rows."""
    rows = [rayons[i:i + 2] for i in range(0, len(rayons), 2)]
    tail = [*cities, back]
    return rows + [tail[i:i + 3] for i in range(0, len(tail), 3)]
