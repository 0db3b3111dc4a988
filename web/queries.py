"""Every read the web console makes, in one place (so a change of the complaints schema is adapted here).

Writes go through ComplaintService and the broadcaster, as in Telegram; this module only reads.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from services.complaints import STATUSES, local_date
from storage.complaints import Ticket, _ticket
from storage.db import Database

PAGE_SIZE = 50
BODIES_TTL = 60.0  # seconds
SORTS = {
    "due": "due_date ASC, id ASC",
    "-due": "due_date DESC, id DESC",
    "filed": "id ASC",
    "-filed": "id DESC",
    "status": "status ASC, due_date ASC, id ASC",
}


@dataclass(frozen=True)
class QueueQuery:
    """The queue's filters, as read from the page's query string."""

    status: str = "open"  # a status, "open" (new, registered, in work) or "" for all
    region: str = ""
    rayon: str = ""  # place_id: a rayon or a city
    body: str = ""
    category: str = ""
    overdue: bool = False
    assignee: str = ""  # "", "me", "none" or a staff id
    q: str = ""
    sort: str = "due"
    page: int = 1

    @classmethod
    def from_params(cls, params) -> QueueQuery:
        def text(name: str, limit: int = 200) -> str:
            return " ".join(str(params.get(name, "")).split())[:limit]

        status = text("status") if "status" in params else "open"
        if status not in (*STATUSES, "open", ""):
            status = "open"
        sort = text("sort")
        try:
            page = max(1, min(100_000, int(text("page") or 1)))
        except ValueError:
            page = 1
        return cls(
            status=status, region=text("region"), rayon=text("rayon"), body=text("body", 300),
            category=text("category"), overdue=text("overdue") in ("1", "on", "yes"), assignee=text("assignee"),
            q=text("q"), sort=sort if sort in SORTS else "due", page=page,
        )  # fmt: skip

    def params(self, **changes) -> dict[str, str]:
        """The query string of this filter (with changes), without empty values."""
        values = replace(self, **changes)
        out = {
            "status": values.status, "region": values.region, "rayon": values.rayon, "body": values.body,
            "category": values.category, "overdue": "1" if values.overdue else "", "assignee": values.assignee,
            "q": values.q, "sort": "" if values.sort == "due" else values.sort,
            "page": "" if values.page == 1 else str(values.page),
        }  # fmt: skip
        result = {k: v for k, v in out.items() if v}
        if values.status == "":
            result["status"] = ""  # "all statuses" differs from the default (open ones)
        return result

    def where(self, staff_id: int, today: str) -> tuple[str, list]:
        clauses: list[str] = []
        params: list = []
        if self.status == "open":
            clauses.append("status IN ('new', 'registered', 'in_work')")
        elif self.status:
            clauses.append("status = ?")
            params.append(self.status)
        for column, value in (("region_id", self.region), ("place_id", self.rayon), ("body_name", self.body),
                              ("category", self.category)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.overdue:
            clauses.append("status IN ('new', 'registered', 'in_work') AND due_date < ?")
            params.append(today)
        if self.assignee == "me":
            clauses.append("assignee_id = ?")
            params.append(staff_id)
        elif self.assignee == "none":
            clauses.append("assignee_id IS NULL")
        elif self.assignee.lstrip("-").isdigit():
            clauses.append("assignee_id = ?")
            params.append(int(self.assignee))
        if self.q:
            search = self.q
            if search.upper().startswith("KG-"):
                # A prefix as a range, so the unique index on number serves it.
                prefix = search.upper()
                clauses.append("number >= ? AND number < ?")
                params.extend([prefix, prefix + "\uffff"])
            elif len(search) >= 3:
                # A phrase in FTS5 syntax: quotes doubled, so nothing typed is read as an operator.
                clauses.append("id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)")
                params.append('"' + search.replace('"', '""') + '"')
            else:
                clauses.append("(text LIKE ? OR body_name LIKE ? OR place_name LIKE ?)")
                params.extend([f"%{search}%"] * 3)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def today_iso(now: datetime | None = None) -> str:
    return local_date(now or datetime.now(UTC)).isoformat()


@dataclass
class QueuePage:
    tickets: list[Ticket]
    total: int
    page: int
    pages: int


class ConsoleQueries:
    def __init__(self, db: Database):
        self.db = db
        self._bodies: tuple[float, list[str]] | None = None

    # --- queue -----------------------------------------------------------------------------
    async def queue(self, query: QueueQuery, staff_id: int, *, today: str | None = None) -> QueuePage:
        where, params = query.where(staff_id, today or today_iso())
        row = await self.db.fetchone(f"SELECT COUNT(*) AS n FROM tickets{where}", tuple(params))
        total = int(row["n"])
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(query.page, pages)
        rows = await self.db.fetchall(
            f"SELECT * FROM tickets{where} ORDER BY {SORTS[query.sort]} LIMIT ? OFFSET ?",
            (*params, PAGE_SIZE, (page - 1) * PAGE_SIZE),
        )
        return QueuePage([_ticket(r) for r in rows], total, page, pages)

    async def export_rows(self, query: QueueQuery, staff_id: int, limit: int = 100_000) -> list[Ticket]:
        where, params = query.where(staff_id, today_iso())
        rows = await self.db.fetchall(
            f"SELECT * FROM tickets{where} ORDER BY {SORTS[query.sort]} LIMIT ?", (*params, limit)
        )
        return [_ticket(r) for r in rows]

    async def bodies(self, limit: int = 1000) -> list[str]:
        """The bodies named in tickets, for the filter; read at most once a minute (a scan of an index)."""
        now = time.monotonic()
        if self._bodies is None or now - self._bodies[0] > BODIES_TTL:
            rows = await self.db.fetchall("SELECT DISTINCT body_name FROM tickets ORDER BY body_name LIMIT ?", (limit,))
            self._bodies = (now, [r["body_name"] for r in rows])
        return self._bodies[1]

    async def staff_members(self) -> list[tuple[int, str]]:
        rows = await self.db.fetchall(
            "SELECT id, role FROM users WHERE role IN ('operator', 'admin') ORDER BY id"
        )
        return [(int(r["id"]), r["role"]) for r in rows]

    # --- figures ---------------------------------------------------------------------------
    async def weekly_by_status(self, weeks: int = 12, today: date | None = None) -> tuple[list[date], dict[str, list[int]]]:
        """Tickets filed per week (Monday first, Bishkek dates) over the last `weeks`, by their status now."""
        today = today or local_date(datetime.now(UTC))
        first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
        rows = await self.db.fetchall(
            "SELECT filed_date, status, COUNT(*) AS n FROM tickets WHERE filed_date >= ? GROUP BY filed_date, status",
            (first.isoformat(),),
        )
        starts = [first + timedelta(weeks=i) for i in range(weeks)]
        counts: dict[str, list[int]] = {s: [0] * weeks for s in STATUSES}
        for r in rows:
            index = (date.fromisoformat(r["filed_date"]) - first).days // 7
            if 0 <= index < weeks and r["status"] in counts:
                counts[r["status"]][index] += int(r["n"])
        return starts, counts

    async def overdue_by(self, column: str, today: str | None = None, limit: int = 12) -> list[tuple[str, int]]:
        assert column in ("body_name", "region_id")
        rows = await self.db.fetchall(
            f"SELECT {column} AS key, COUNT(*) AS n FROM tickets"
            " WHERE status IN ('new', 'registered', 'in_work') AND due_date < ?"
            " GROUP BY key ORDER BY n DESC, key LIMIT ?",
            (today or today_iso(), limit),
        )
        return [(r["key"], int(r["n"])) for r in rows]

    async def counts_by_region(self) -> dict[str, int]:
        rows = await self.db.fetchall("SELECT region_id, COUNT(*) AS n FROM tickets GROUP BY region_id")
        return {r["region_id"]: int(r["n"]) for r in rows}

    async def answer_days_by_month(self, months: int = 6, today: date | None = None) -> list[tuple[str, float, int]]:
        """(YYYY-MM of filing, median days from filing to the first answer, answered) for the last months."""
        today = today or local_date(datetime.now(UTC))
        first = date(today.year - (1 if today.month <= months - 1 else 0), (today.month - months) % 12 + 1, 1)
        rows = await self.db.fetchall(
            "SELECT substr(t.filed_at, 1, 7) AS month,"
            " julianday(MIN(e.at)) - julianday(t.filed_at) AS days FROM tickets t"
            " JOIN ticket_events e ON e.ticket_id = t.id"
            " WHERE t.filed_at >= ? AND e.kind = 'status' AND e.status_to = 'answered' GROUP BY t.id",
            (first.isoformat(),),
        )
        by_month: dict[str, list[float]] = defaultdict(list)
        for r in rows:
            by_month[r["month"]].append(float(r["days"]))
        return [(m, statistics.median(v), len(v)) for m, v in sorted(by_month.items())]

    async def located(self, limit: int = 2000) -> list[tuple[float, float, str, str]]:
        rows = await self.db.fetchall(
            "SELECT latitude, longitude, number, status FROM tickets WHERE latitude IS NOT NULL"
            " AND longitude IS NOT NULL ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [(float(r["latitude"]), float(r["longitude"]), r["number"], r["status"]) for r in rows]

    # --- audit -----------------------------------------------------------------------------
    async def audit_log(self, limit: int = 200) -> list[dict]:
        rows = await self.db.fetchall(
            "SELECT a.at, a.actor_id, a.action, a.detail, t.number FROM audit_log a"
            " LEFT JOIN tickets t ON t.id = a.ticket_id ORDER BY a.id DESC LIMIT ?",
            (limit,),
        )
        return [dict(r) for r in rows]

