"""The queue: filters, sorting, paging; export of the current filter as CSV and XLSX."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiogram.utils.i18n import gettext as _
from aiohttp import web

from services import complaint_texts as texts
from services.complaint_export import export_labels, ticket_rows, to_csv, to_xlsx
from services.complaints import STATUSES, local_date
from storage.complaints import OPEN_STATUSES, Ticket
from web.app import COMPLAINTS, DISPATCHER, QUERIES, require
from web.places import place_options, region_names
from web.queries import QueueQuery, today_iso
from web.render import assignee_label, h, page, select, url

routes = web.RouteTableDef()
QUEUE_ROLES = ("operator", "admin")
TEXT_CLASS = ' class="excerpt"'  # the text column, left out on narrow screens


def filter_form(query: QueueQuery, lang: str, regions: dict[str, str], places: list[tuple[str, str]],
                bodies: list[str], staff: list[tuple[int, str]]) -> str:
    statuses = [("open", _("Open (not yet answered)")), ("", _("All statuses"))]
    statuses += [(s, texts.status_label(s, lang)) for s in STATUSES]
    region_opts = [("", _("All regions"))] + sorted(regions.items(), key=lambda r: r[1])
    place_opts = [("", _("All rayons and cities"))] + places
    body_opts = [("", _("All bodies"))] + [(b, b) for b in bodies]
    category_opts = [("", _("All categories"))] + [(c, texts.category_label(c, lang)) for c in texts.CATEGORIES]
    assignee_opts = [("", _("Anyone or no one")), ("me", _("Me")), ("none", _("Nobody yet"))]
    assignee_opts += [(str(i), f"id {i}") for i, _role in staff]
    sort_opts = [("due", _("Due date, soonest first")), ("-due", _("Due date, latest first")),
                 ("-filed", _("Newest first")), ("filed", _("Oldest first")), ("status", _("Status"))]
    checked = " checked" if query.overdue else ""
    return (
        '<form method="get" action="/queue" class="filters" role="search" aria-label="' + h(_("Filter the appeals")) + '">'
        '<div class="field">' + (select("status", _("Status"), statuses, query.status)) + '</div>'
        '<div class="field">' + (select("region", _("Region"), region_opts, query.region)) + '</div>'
        '<div class="field">' + (select("rayon", _("Rayon or city"), place_opts, query.rayon)) + '</div>'
        '<div class="field">' + (select("body", _("Body"), body_opts, query.body)) + '</div>'
        '<div class="field">' + (select("category", _("Category"), category_opts, query.category)) + '</div>'
        '<div class="field">' + (select("assignee", _("Assigned to"), assignee_opts, query.assignee)) + '</div>'
        '<div class="field">' + (select("sort", _("Sort by"), sort_opts, query.sort)) + '</div>'
        '<div class="field"><label for="f-q">' + h(_("Text or number")) + f'</label>'
        f'<input id="f-q" name="q" type="search" value="{h(query.q)}" maxlength="200"></div>'
        f'<div class="field check"><input id="f-overdue" name="overdue" type="checkbox" value="1"{checked}>'
        f'<label for="f-overdue">' + h(_("Overdue only")) + '</label></div>'
        '<div class="field actions"><button type="submit">' + h(_("Show")) + '</button>'
        '<a href="/queue">' + h(_("Reset")) + '</a></div></form>'
    )


def ticket_row(ticket: Ticket, lang: str, regions: dict[str, str], today: str) -> str:
    overdue = ticket.status in OPEN_STATUSES and ticket.due_date < today
    due = h(texts.format_date(ticket.due_date))
    if overdue:
        due = f'<strong class="overdue">{due}<br>' + h(_("past the due date")) + '</strong>'
    assignee = assignee_label(ticket)
    return (
        f'<tr><td><a href="/tickets/{ticket.id}">{h(ticket.number)}</a></td>'
        f'<td><span class="status s-{h(ticket.status)}">{h(texts.status_label(ticket.status, lang))}</span></td>'
        f'<td>{h(texts.format_date(ticket.filed_date))}</td><td>{due}</td>'
        f'<td>{h(ticket.body_name)}<br><small>{h(regions.get(ticket.region_id, ticket.region_id))}</small></td>'
        f'<td>{h(texts.category_label(ticket.category, lang))}</td>'
        f'<td class="excerpt">{h(ticket.text[:140])}{"…" if len(ticket.text) > 140 else ""}</td>'
        f'<td>{h(assignee)}</td></tr>'
    )


def pager(query: QueueQuery, page_no: int, pages: int) -> str:
    if pages <= 1:
        return ""
    links = []
    if page_no > 1:
        links.append(f'<a rel="prev" href="{h(url("/queue", query.params(page=page_no - 1)))}">← ' + h(_("Previous")) + '</a>')
    links.append('<span>' + (h(_("Page {page} of {pages}").format(page=page_no, pages=pages))) + '</span>')
    if page_no < pages:
        links.append(f'<a rel="next" href="{h(url("/queue", query.params(page=page_no + 1)))}">' + h(_("Next")) + ' →</a>')
    return '<nav class="pager" aria-label="' + h(_("Pages")) + f'">{"".join(links)}</nav>'


@routes.get("/queue")
async def queue_page(request: web.Request) -> web.Response:
    viewer = require(request, *QUEUE_ROLES)
    lang = viewer.lang
    queries = request.app[QUERIES]
    query = QueueQuery.from_params(request.query)
    today = today_iso()
    result = await queries.queue(query, viewer.user.id, today=today)
    qa = request.app[DISPATCHER]["qa"]
    regions = region_names(qa, lang)
    form = filter_form(query, lang, regions, place_options(qa, lang, query.region), await queries.bodies(),
                       await queries.staff_members())
    export_params = query.params(page=1)
    summary = _("{n} appeals match.").format(n=result.total)
    exports = (f'<p class="exports">{h(summary)} ' + h(_("Download this list:")) + f' '
               f'<a href="{h(url("/export.csv", export_params))}">CSV</a> · '
               f'<a href="{h(url("/export.xlsx", export_params))}">XLSX</a></p>')
    if result.tickets:
        columns = [_("Number"), _("Status"), _("Filed"), _("Due"), _("Body and region"), _("Category"), _("Text"),
                   _("Assigned to")]
        head = "".join(f'<th scope="col"{TEXT_CLASS if i == 6 else ""}>{h(t)}</th>' for i, t in enumerate(columns))
        rows = "".join(ticket_row(t, lang, regions, today) for t in result.tickets)
        table = (f'<div class="table-wrap"><table class="queue"><caption class="sr">{h(summary)}</caption>'
                 f'<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>')
    else:
        table = '<p class="empty">' + h(_("No appeals match these filters.")) + '</p>'
    body = form + exports + table + pager(query, result.page, result.pages)
    here = url("/queue", query.params(page=result.page))
    return web.Response(text=page(viewer, _("Appeals"), body, active="queue", here=here), content_type="text/html")


@routes.get("/export.{fmt:(csv|xlsx)}")
async def export(request: web.Request) -> web.Response:
    """The current filter as a file, with the same columns, labels and formula guard as /export in Telegram."""
    viewer = require(request, *QUEUE_ROLES)
    query = QueueQuery.from_params(request.query)
    tickets = await request.app[QUERIES].export_rows(query, viewer.user.id)
    fmt = request.match_info["fmt"]
    await request.app[COMPLAINTS].repo.audit(viewer.user.id, "export", None,
                                             f"web {fmt} rows={len(tickets)} {url('', query.params())}")
    labels = export_labels(viewer.lang, STATUSES, region_names(request.app[DISPATCHER]["qa"], viewer.lang))
    today = local_date(datetime.now(UTC))
    rows = await asyncio.to_thread(ticket_rows, tickets, labels, today)  # a large queue stays off the event loop
    name = f"appeals-{today.isoformat()}.{fmt}"
    if fmt == "csv":
        body, kind = to_csv(labels.columns, rows), "text/csv; charset=utf-8"
    else:
        body = await asyncio.to_thread(to_xlsx, labels.columns, rows)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return web.Response(body=body, headers={"Content-Type": kind, "Content-Disposition": f'attachment; filename="{name}"'})
