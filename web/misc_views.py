"""What residents ask (the question log's gaps), announcements (pause/resume), the audit log (admins)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiogram.utils.i18n import gettext as _
from aiohttp import web

from storage.broadcasts import BroadcastRepo
from storage.question_log import QuestionLog
from web.app import (
    BOT,
    COMPLAINTS,
    DISPATCHER,
    QUERIES,
    RefusedError,
    redirect,
    require,
)
from web.render import h, notice, page, post_button, select, url

routes = web.RouteTableDef()
ALL_STAFF = ("operator", "announcer", "admin")
ANNOUNCER_ROLES = ("announcer", "admin")
GAP_PERIODS = {"7": 7, "30": 30, "90": 90, "all": None}


@routes.get("/asks")
async def asks_page(request: web.Request) -> web.Response:
    viewer = require(request, *ALL_STAFF)
    lang = viewer.lang
    period = request.query.get("days", "30")
    if period not in GAP_PERIODS:
        period = "30"
    days = GAP_PERIODS[period]
    since = datetime.now(UTC) - timedelta(days=days) if days else None
    gaps = await QuestionLog(request.app[DISPATCHER]["db"]).gaps(since=since, limit=200)
    kb = request.app[DISPATCHER]["qa"].kb
    outcome_names = {"declined": _("declined"), "unsure": _("unsure answer"), "disliked": _("👎 from the resident")}
    periods = [("7", _("7 days")), ("30", _("30 days")), ("90", _("90 days")), ("all", _("All kept"))]
    form = ('<form method="get" action="/asks" class="filters">'
            '<div class="field">' + (select("days", _("Period"), periods, period)) + '</div>'
            '<div class="field actions"><button type="submit">' + h(_("Show")) + '</button></div></form>')
    intro = _("Questions the bot declined, answered with low confidence, or that residents marked 👎, "
              "grouped by wording, most frequent first: what to add to the knowledge base next.")
    if not gaps:
        table = '<p class="empty">' + h(_("Nothing here for this period.")) + '</p>'
    else:
        rows = []
        for gap in gaps:
            topic = "—"
            if gap.topic:
                try:
                    topic = kb.entry(gap.topic).title[lang]
                except (KeyError, AttributeError):
                    topic = gap.topic
            outcomes = ", ".join(f"{outcome_names.get(k, k)}: {n}" for k, n in sorted(gap.outcomes.items()))
            rows.append(f'<tr><td class="num">{gap.count}</td><td lang="{h(gap.lang)}">{h(gap.question)}</td>'
                        f'<td>{h(topic)}</td><td>{h(outcomes)}</td><td>{h(gap.last_asked[:10])}</td></tr>')
        head = "".join(f'<th scope="col">{h(t)}</th>' for t in (
            _("Times asked"), _("Question (latest wording)"), _("Closest topic"), _("How it went"), _("Last asked")))
        table = f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    body = f"<p>{h(intro)}</p>" + form + table
    return web.Response(text=page(viewer, _("What residents ask"), body, active="asks", here=url("/asks", {"days": period})),
                        content_type="text/html")


def broadcast_status_label(status: str) -> str:
    labels = {"draft": _("draft"), "scheduled": _("scheduled"), "running": _("sending"), "paused": _("paused"),
              "cancelled": _("cancelled"), "finished": _("finished")}
    return labels.get(status, status)


@routes.get("/announcements")
async def announcements_page(request: web.Request) -> web.Response:
    viewer = require(request, *ALL_STAFF)
    lang = viewer.lang
    db = request.app[DISPATCHER]["db"]
    repo = BroadcastRepo(db)
    rows = await db.fetchall("SELECT id FROM broadcasts ORDER BY id DESC LIMIT 100")
    may_change = viewer.user.role in ANNOUNCER_ROLES
    items = []
    for row in rows:
        broadcast = await repo.get(row["id"])
        counts = await repo.counts(broadcast.id)
        total = broadcast.total or counts.total
        done = counts.done
        percent = int(100 * done / total) if total else 0
        text = broadcast.text(lang)
        actions = ""
        if may_change and broadcast.status == "running":
            actions = post_button(viewer, f"/announcements/{broadcast.id}/pause", _("Pause"))
        elif may_change and broadcast.status == "paused":
            actions = post_button(viewer, f"/announcements/{broadcast.id}/resume", _("Resume"), css="primary")
        when = (broadcast.scheduled_at.isoformat(timespec="minutes").replace("T", " ") + " UTC"
                if broadcast.scheduled_at else broadcast.created_at[:16].replace("T", " ") + " UTC")
        progress = _("{done} of {total}: sent {sent}, blocked {blocked}, failed {failed}").format(
            done=done, total=total, sent=counts.sent, blocked=counts.blocked, failed=counts.failed)
        items.append(
            f'<tr><td>#{broadcast.id}</td><td>{h(when)}</td><td>{h(broadcast_status_label(broadcast.status))}</td>'
            f'<td><progress max="{max(total, 1)}" value="{done}" aria-label="' + h(_("Progress")) + f'">{percent}%</progress> '
            + h(progress) + '</td>'
            f'<td class="excerpt">{h(text[:160])}{"…" if len(text) > 160 else ""}</td><td>{actions}</td></tr>'
        )
    message = {"paused": _("The announcement was paused."), "resumed": _("The announcement goes on."),
               "refused": _("Its status has changed meanwhile; nothing was done.")}.get(request.query.get("done", ""), "")
    intro = "" if may_change else '<p>' + h(_("Read only: announcers pause and resume announcements.")) + '</p>'
    if items:
        head = "".join(f'<th scope="col">{h(t)}</th>' for t in (
            _("Number"), _("Time"), _("Status"), _("Progress"), _("Text"), _("Actions")))
        table = f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(items)}</tbody></table></div>'
    else:
        table = '<p class="empty">' + h(_("No announcements yet.")) + '</p>'
    body = (notice(message) if message else "") + intro + table
    return web.Response(text=page(viewer, _("Announcements"), body, active="announcements", here="/announcements"),
                        content_type="text/html")


@routes.post("/announcements/{id:\\d+}/{action:(pause|resume)}")
async def announcement_action(request: web.Request) -> web.Response:
    viewer = require(request, *ANNOUNCER_ROLES)
    broadcast_id = int(request.match_info["id"])
    broadcaster = request.app[DISPATCHER]["broadcaster"]
    if await BroadcastRepo(request.app[DISPATCHER]["db"]).get(broadcast_id) is None:
        raise RefusedError(404, _("Announcement not found."))
    action = request.match_info["action"]
    if action == "pause":
        changed = await broadcaster.pause(broadcast_id)
    else:
        changed = await broadcaster.resume(request.app[BOT], broadcast_id)
    if changed:
        await request.app[COMPLAINTS].repo.audit(viewer.user.id, f"broadcast_{action}", None, f"#{broadcast_id} web")
    return redirect("/announcements?done=" + (("paused" if action == "pause" else "resumed") if changed else "refused"))


@routes.get("/audit")
async def audit_page(request: web.Request) -> web.Response:
    viewer = require(request, "admin")
    entries = await request.app[QUERIES].audit_log()
    rows = "".join(
        f'<tr><td>{h(e["at"].replace("T", " "))}</td><td>id {h(e["actor_id"])}</td><td>{h(e["action"])}</td>'
        f'<td>{h(e["number"] or "")}</td><td>{h(e["detail"] or "")}</td></tr>'
        for e in entries
    )
    head = "".join(f'<th scope="col">{h(t)}</th>' for t in (_("Time (UTC)"), _("Who"), _("Action"), _("Appeal"),
                                                            _("Detail")))
    body = ('<p>' + h(_("The latest 200 staff actions, newest first.")) + f'</p>'
            f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>')
    return web.Response(text=page(viewer, _("Audit log"), body, active="audit", here="/audit"), content_type="text/html")
