"""The ticket page: the whole thread, and take / reply / status / assign. Attachments are fetched
through the Bot API by the bot (getFile) and passed on, so the bot token never reaches a browser."""

from __future__ import annotations

import io
from urllib.parse import quote

from aiogram.exceptions import TelegramAPIError
from aiogram.utils.i18n import gettext as _
from aiohttp import ClientError, web

from handlers.staff.actions import REPLY_MAX
from services import complaint_texts as texts
from services.complaints import STATUSES, TRANSITIONS
from storage.complaints import OPEN_STATUSES, Event, ThreadMessage, Ticket
from web import ticket_actions
from web.app import (
    BOT,
    COMPLAINTS,
    DISPATCHER,
    QUERIES,
    RefusedError,
    redirect,
    require,
)
from web.places import region_names
from web.render import (
    Viewer,
    assignee_label,
    csrf_field,
    h,
    notice,
    page,
    post_button,
    role_label,
    select,
)

routes = web.RouteTableDef()
TICKET_ROLES = ("operator", "admin")
MAX_FILE_BYTES = 20 * 1024 * 1024  # the Bot API's own download limit


def done_messages() -> dict[str, str]:
    return {
        "take": _("You took this appeal; the citizen was told it is being considered."),
        "reply": _("The reply was sent to the citizen and added to the thread."),
        "reply_undelivered": _("The reply was saved, but the citizen could not be reached (the bot may be blocked)."),
        "status": _("The status was changed; the citizen was told."),
        "assign": _("The appeal was assigned."),
    }


def refusal_messages() -> dict[str, str]:
    return {
        "closed": _("This appeal is closed: nothing more can be done to it here."),
        "reply_length": _("A reply must have from 1 to {max} characters.").format(max=REPLY_MAX),
        "transition": _("This status cannot be set now."),
        "detail": _("This status needs a short explanation: the body it goes to, the reason, or the number "
                    "of the appeal it repeats."),
        "duplicate_of": _("There is no other appeal with this number. Type a number like KG-2026-000123."),
        "reply_first": _("Send a reply first: the citizen must get the answer itself."),
        "assignee": _("Choose a staff member to assign it to."),
    }


async def ticket_or_404(request: web.Request) -> Ticket:
    try:
        ticket_id = int(request.match_info["id"])
    except ValueError:
        ticket_id = 0
    ticket = await request.app[COMPLAINTS].repo.get(ticket_id)
    if ticket is None:
        raise RefusedError(404, _("Appeal not found."))
    return ticket


MESSAGE_KINDS_WITH_A_FILE = ("photo", "document", "voice", "video_note")


def message_item(message: ThreadMessage) -> str:
    """One entry of the conversation (ticket_messages): the citizen's additions, staff replies and the answer."""
    when = h(message.at.replace("T", " ")[:16]) + " UTC"
    if message.author == "staff":
        label = (_("Answer from {who} (the appeal was marked answered)") if message.kind == "answer"
                 else _("Reply from {who}")).format(who=f"id {message.author_id}")
        css = "reply"
    elif message.kind == "not_resolved":
        label, css = _("The citizen says the problem is not resolved"), "citizen"
    else:
        label, css = _("The citizen added"), "citizen"
    parts = [f'<li class="ev {css}"><p class="meta">{when} · {h(label)}</p>']
    if message.text:
        parts.append(f"<blockquote>{h(message.text)}</blockquote>")
    if message.kind in MESSAGE_KINDS_WITH_A_FILE:
        parts.append("<p>" + h(_("A file is attached: {name}").format(name=message.file_name or message.kind)) + "</p>")
    return "".join(parts) + "</li>"


def thread_items(events: list[Event], messages: list[ThreadMessage], lang: str) -> str:
    """The history and the conversation, in the order they happened."""
    items = [(e.at, 0, event_item(e, lang)) for e in events] + [(m.at, 1, message_item(m)) for m in messages]
    return "".join(html for _at, _kind, html in sorted(items, key=lambda item: (item[0], item[1])))


def event_item(event: Event, lang: str) -> str:
    when = h(event.at.replace("T", " ")[:16]) + " UTC"
    who = _("the citizen") if event.actor_id is None or event.kind in ("filed", "reopened") else f"id {event.actor_id}"
    if event.kind == "reply":
        return (f'<li class="ev reply"><p class="meta">{when} · ' + (h(_("Reply from {who}").format(who=who))) + f'</p>'
                f'<blockquote>{h(event.detail or "")}</blockquote></li>')
    if event.kind == "filed":
        what = _("Filed and registered by the bot")
    elif event.kind == "reopened":
        what = _("Reopened: the citizen says the problem is not resolved")
    elif event.kind == "assigned":
        what = _("Assigned to {who}").format(who=event.detail) if event.detail else _("Taken into work by {who}").format(who=who)
    elif event.kind == "status":
        what = _("Status: {from_} → {to} (by {who})").format(
            from_=texts.status_label(event.status_from or "", lang), to=texts.status_label(event.status_to or "", lang),
            who=who)
        if event.detail:
            what += " — " + event.detail
    else:
        what = event.kind
    return f'<li class="ev"><p class="meta">{when}</p><p>{h(what)}</p></li>'


def facts(ticket: Ticket, lang: str, regions: dict[str, str]) -> str:
    rows = [
        (_("Status"), texts.status_label(ticket.status, lang)),
        (_("Kind"), texts.kind_label(ticket.kind, lang)),
        (_("Category"), texts.category_label(ticket.category, lang)),
        (_("Body"), ticket.body_name),
        (_("Place"), f"{ticket.place_name}, {regions.get(ticket.region_id, ticket.region_id)}"),
        (_("Filed"), texts.format_date(ticket.filed_date)),
        (_("Answer due by"), texts.format_date(ticket.due_date)),
        (_("Citizen's language"), {"ky": "кыргызча", "ru": "русский"}.get(ticket.language, ticket.language)),
        (_("Assigned to"), assignee_label(ticket)),
    ]
    if ticket.consent and (ticket.contact_name or ticket.contact_phone):
        rows.append((_("Contact (the citizen agreed to share it)"),
                     " ".join(x for x in (ticket.contact_name, ticket.contact_phone) if x)))
    for label, value in ((_("Forwarded to"), ticket.forwarded_to), (_("Reason for rejection"), ticket.reject_reason),
                         (_("Repeats"), ticket.duplicate_of)):
        if value:
            rows.append((label, value))
    return '<dl class="facts">' + "".join(f"<dt>{h(k)}</dt><dd>{h(v)}</dd>" for k, v in rows) + "</dl>"


def location_block(ticket: Ticket) -> str:
    if ticket.latitude is None or ticket.longitude is None:
        return ""
    lat, lon = ticket.latitude, ticket.longitude
    osm = f"https://www.openstreetmap.org/?mlat={lat:.6f}&amp;mlon={lon:.6f}#map=15/{lat:.6f}/{lon:.6f}"
    return ('<section aria-labelledby="loc"><h2 id="loc">' + h(_("Location")) + f'</h2>'
            f'<p>{lat:.5f}, {lon:.5f} · <a href="{osm}" rel="noopener noreferrer" target="_blank">'
            f'' + h(_("Open on a map (OpenStreetMap)")) + '</a></p></section>')


def action_forms(viewer: Viewer, ticket: Ticket, lang: str, staff: list[tuple[int, str]], typed_reply: str) -> str:
    if ticket.status not in OPEN_STATUSES:
        return '<p class="closed">' + (h(_("This appeal is closed: {status}.").format(status=texts.status_label(ticket.status, lang)))) + '</p>'
    base = f"/tickets/{ticket.id}"
    parts = []
    if ticket.assignee_id != viewer.user.id:
        parts.append('<div class="action">' + (post_button(viewer, base + "/take", _("Take into work"), css="primary")) + '</div>')
    parts.append(
        f'<form method="post" action="{base}/reply" class="action reply-form">{csrf_field(viewer)}'
        f'<label for="reply-text">' + h(_("Reply to the citizen (sent word for word, in the thread at once)")) + f'</label>'
        f'<textarea id="reply-text" name="text" rows="5" maxlength="{REPLY_MAX}" required>{h(typed_reply)}</textarea>'
        f'<button type="submit" class="primary">' + h(_("Send the reply")) + '</button></form>'
    )
    choices = [(s, texts.status_label(s, lang)) for s in STATUSES if s in TRANSITIONS.get(ticket.status, ())]
    if choices:
        parts.append(
            f'<form method="post" action="{base}/status" class="action">{csrf_field(viewer)}'
            + select("status", _("New status"), [("", _("Choose…"))] + choices, "", field_id="new-status") +
            '<label for="status-detail">' + h(_("Body, reason or appeal number (for forwarded, rejected, duplicate)")) + '</label>'
            '<input id="status-detail" name="detail" maxlength="1000">'
            '<button type="submit">' + h(_("Change the status")) + '</button></form>'
        )
    people = [(str(i), f"id {i} ({role_label(role)})") for i, role in staff]
    if people:
        parts.append(
            f'<form method="post" action="{base}/assign" class="action">{csrf_field(viewer)}'
            + select("assignee", _("Assign to"), people, str(ticket.assignee_id or ""), field_id="assignee") +
            '<button type="submit">' + h(_("Assign")) + '</button></form>'
        )
    return "".join(parts)


async def render_ticket(request: web.Request, viewer: Viewer, ticket: Ticket, *, message: str = "",
                        error: str = "", typed_reply: str = "", status: int = 200) -> web.Response:
    lang = viewer.lang
    repo = request.app[COMPLAINTS].repo
    events = await repo.events(ticket.id)
    messages = await repo.messages(ticket.id)
    attachments = await repo.attachments(ticket.id)
    regions = region_names(request.app[DISPATCHER]["qa"], lang)
    staff = await request.app[QUERIES].staff_members()
    files = ""
    if attachments:
        items = []
        for index, item in enumerate(attachments):
            href = f"/tickets/{ticket.id}/files/{index}"
            if item.kind == "photo":
                alt = _("Photo {n} attached by the citizen").format(n=index + 1)
                items.append(f'<li><a href="{href}"><img src="{href}" alt="{h(alt)}" loading="lazy" width="240"></a></li>')
            else:
                items.append(f'<li><a href="{href}" download>' + (h(item.file_name or _("Document"))) + '</a></li>')
        files = ('<section aria-labelledby="att"><h2 id="att">' + h(_("Attachments")) + f'</h2>'
                 f'<ul class="files">{"".join(items)}</ul></section>')
    body = (
        (notice(message) if message else "") + (notice(error, "error") if error else "")
        + '<p><a href="/queue">← ' + h(_("Back to the queue")) + '</a></p>'
        + '<div class="ticket"><div class="thread">'
        + facts(ticket, lang, regions)
        + '<section aria-labelledby="txt"><h2 id="txt">' + h(_("The citizen wrote")) + '</h2>'
        + f'<blockquote class="citizen">{h(ticket.text)}</blockquote></section>'
        + files + location_block(ticket)
        + '<section aria-labelledby="hist"><h2 id="hist">' + h(_("Thread and history")) + '</h2>'
        + f'<ol class="events">{thread_items(events, messages, lang)}</ol></section></div>'
        + '<aside class="actions" aria-labelledby="act"><h2 id="act">' + h(_("Actions")) + '</h2>'
        + action_forms(viewer, ticket, lang, staff, typed_reply) + "</aside></div>"
    )
    return web.Response(text=page(viewer, ticket.number, body, active="queue", here=f"/tickets/{ticket.id}"),
                        content_type="text/html", status=status)


@routes.get("/tickets/{id}")
async def ticket_page(request: web.Request) -> web.Response:
    viewer = require(request, *TICKET_ROLES)
    ticket = await ticket_or_404(request)
    await request.app[COMPLAINTS].repo.audit(viewer.user.id, "open", ticket.id, "web")
    message = done_messages().get(request.query.get("done", ""), "")
    return await render_ticket(request, viewer, ticket, message=message)


@routes.post("/tickets/{id}/{action:(take|reply|status|assign)}")
async def ticket_action(request: web.Request) -> web.Response:
    viewer = require(request, *TICKET_ROLES)
    ticket = await ticket_or_404(request)
    form = await request.post()
    action = request.match_info["action"]
    bot, service = request.app[BOT], request.app[COMPLAINTS]
    done = action
    try:
        if action == "take":
            await ticket_actions.take(bot, service, ticket, viewer.user.id)
        elif action == "reply":
            if not await ticket_actions.reply(bot, service, ticket, viewer.user.id, str(form.get("text", ""))):
                done = "reply_undelivered"
        elif action == "status":
            new = str(form.get("status", ""))
            await ticket_actions.set_status(bot, service, ticket, viewer.user.id, new, str(form.get("detail", "")))
        else:
            staff_ids = {i for i, _role in await request.app[QUERIES].staff_members()}
            raw = str(form.get("assignee", ""))
            if not raw.isdigit() or int(raw) not in staff_ids:
                raise ticket_actions.ActionRefused("assignee")
            await ticket_actions.assign(bot, service, ticket, viewer.user.id, int(raw))
    except ticket_actions.ActionRefused as refusal:
        # The page again, with what was typed kept, and the reason.
        current = await service.repo.get(ticket.id) or ticket
        typed = str(form.get("text", "")) if action == "reply" else ""
        return await render_ticket(request, viewer, current, error=refusal_messages()[str(refusal)],
                                   typed_reply=typed, status=400)
    return redirect(f"/tickets/{ticket.id}?done={done}")


@routes.get("/tickets/{id}/files/{index}")
async def attachment(request: web.Request) -> web.Response:
    viewer = require(request, *TICKET_ROLES)
    ticket = await ticket_or_404(request)
    items = await request.app[COMPLAINTS].repo.attachments(ticket.id)
    try:
        item = items[int(request.match_info["index"])]
    except (ValueError, IndexError):
        raise RefusedError(404, _("Attachment not found."))
    bot = request.app[BOT]
    try:
        file = await bot.get_file(item.file_id)
        if not file.file_path or (file.file_size or 0) > MAX_FILE_BYTES:
            raise RefusedError(502, _("Telegram did not give this file (it may be too large)."))
        buffer = io.BytesIO()
        await bot.download_file(file.file_path, destination=buffer, timeout=30)
    except (TelegramAPIError, ClientError, TimeoutError):
        raise RefusedError(502, _("The file could not be fetched from Telegram now. Try again later."))
    await request.app[COMPLAINTS].repo.audit(viewer.user.id, "attachment", ticket.id, "web")
    data = buffer.getvalue()
    image_type = image_kind(data)
    if item.kind == "photo" and image_type:
        headers = {"Content-Type": image_type, "Cache-Control": "private, max-age=3600"}
    else:
        # Never shown inline: a document could be HTML or script written by anyone.
        name = quote(item.file_name or "document", safe="")
        headers = {"Content-Type": "application/octet-stream",
                   "Content-Disposition": f"attachment; filename*=UTF-8''{name}"}
    return web.Response(body=data, headers=headers)


def image_kind(data: bytes) -> str | None:
    """The image type from the first bytes (Telegram sends photos as JPEG); None when not an image."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None

