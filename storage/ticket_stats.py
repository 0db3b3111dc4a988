"""Figures for /stats that the complaint repository does not give: overdue appeals by body and by
region. Read-only queries on the tickets table.

An appeal is overdue when it is still open (new, registered, in work) after its due date. The due
date is stored on the ticket when it is filed (services.deadlines: calendar or working days, with
the Kyrgyz holiday calendar), so counting here needs no calendar of its own: it compares dates.
"""

from __future__ import annotations

from storage.complaints import OPEN_STATUSES
from storage.db import Database

OVERDUE_GROUPS = ("body_name", "region_id")


async def overdue_counts(db: Database, column: str, today: str) -> list[tuple[str, int]]:
    """(value, number of overdue appeals) by `column`, most first; `today` is YYYY-MM-DD in Bishkek."""
    assert column in OVERDUE_GROUPS
    marks = ",".join("?" * len(OPEN_STATUSES))
    rows = await db.fetchall(
        f"SELECT {column} AS key, COUNT(*) AS n FROM tickets WHERE status IN ({marks}) AND due_date < ?"
        f" GROUP BY {column} ORDER BY n DESC, key",
        (*OPEN_STATUSES, today),
    )
    return [(r["key"], int(r["n"])) for r in rows]
