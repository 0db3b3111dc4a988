"""Names and messages of the complaints feature, rendered in a given language.

Every function takes `lang`: a message to the citizen is in the language stored on the ticket,
a message to staff in the staff member's language (or the default locale for the staff chat).
User text (the complaint, a staff reply, a reason) is HTML-escaped here, never cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from aiogram.utils.i18n import gettext as _

from services.deadlines import answer_period
from storage.complaints import Event, ThreadMessage, Ticket

KINDS = ("complaint", "application", "proposal")
# What village life brings to an aiyl okmotu or a mayor's office (issue 11.3), in button order.
CATEGORIES = ("water", "irrigation", "roads", "lighting", "rubbish", "land", "schools", "documents", "corruption",
              "other")  # fmt: skip
# Categories of tickets filed before the list above; still shown by name.
FORMER_CATEGORIES = ("budget", "services", "conduct", "elections")
MAX_MESSAGE = 4000  # Telegram's limit is 4096; leave room for a header


def format_date(d: date | str) -> str:
    if isinstance(d, str):
        d = date.fromisoformat(d[:10])
    return d.strftime("%d.%m.%Y")


def answer_period_label(ticket: Ticket, lang: str) -> str:
    """"14 calendar days" / "10 working days": which days the due date counts (law-facts C4)."""
    days, counting = answer_period(ticket.filed, ticket.due)
    if counting == "working":
        # NOTE: the answer period of an appeal, counted in working days
        return _("{days} working day", "{days} working days", days, locale=lang).format(days=days)
    # NOTE: the answer period of an appeal, counted in calendar days
    return _("{days} calendar day", "{days} calendar days", days, locale=lang).format(days=days)


def format_due(ticket: Ticket, lang: str) -> str:
    """The due date with the days it counts: "18.03.2026 (14 calendar days)"."""
    return f"{format_date(ticket.due)} ({answer_period_label(ticket, lang)})"


def kind_label(kind: str, lang: str) -> str:
    labels = {
        # NOTE: the three kinds of appeal in Law No. 67 of 2007: даттануу / жалоба
        "complaint": _("Complaint", locale=lang),
        # NOTE: арыз / заявление
        "application": _("Application", locale=lang),
        # NOTE: сунуш / предложение
        "proposal": _("Proposal", locale=lang),
        # NOTE: a question the bot could not answer, sent to staff (services/question_tickets.py): суроо / вопрос
        "question": _("Question", locale=lang),
    }
    return labels.get(kind, kind)


def kind_hint(kind: str, lang: str) -> str:
    hints = {
        "complaint": _("your rights were violated and you ask to restore them", locale=lang),
        "application": _("you ask for help or for a decision on your matter", locale=lang),
        "proposal": _("you suggest how to improve the work of the body", locale=lang),
    }
    return hints.get(kind, "")


def category_label(category: str, lang: str) -> str:
    labels = {
        "water": _("Drinking water", locale=lang),
        "irrigation": _("Irrigation", locale=lang),
        "roads": _("Roads", locale=lang),
        "lighting": _("Street lighting", locale=lang),
        "rubbish": _("Rubbish", locale=lang),
        "schools": _("Schools and kindergartens", locale=lang),
        "documents": _("Documents and certificates", locale=lang),
        "land": _("Land", locale=lang),
        "budget": _("Budget and funds", locale=lang),
        "services": _("Services and infrastructure", locale=lang),
        "conduct": _("Officials' conduct", locale=lang),
        "corruption": _("Corruption", locale=lang),
        "elections": _("Elections", locale=lang),
        "other": _("Other", locale=lang),
    }
    return labels.get(category, category)


def status_label(status: str, lang: str) -> str:
    # One vocabulary for the confirmation, /my, the staff card and the staff chat. Honest names:
    # "answered" is not "solved", "rejected" and "forwarded" say what happened. An appeal is
    # registered the moment it is filed, so "new" (nobody has taken it yet) reads "registered" too.
    labels = {
        "new": _("registered", locale=lang),
        "registered": _("registered", locale=lang),
        "in_work": _("in work", locale=lang),
        "answered": _("answered", locale=lang),
        "forwarded": _("forwarded to another body", locale=lang),
        "rejected": _("rejected", locale=lang),
        "duplicate": _("duplicate", locale=lang),
    }
    return labels.get(status, status)


def body_of_city(city_name: str, lang: str) -> str:
    return _("Mayor's office of {city}", locale=lang).format(city=city_name)


def body_of_rayon(rayon_name: str, lang: str) -> str:
    return _("An aiyl okmotu of {rayon}", locale=lang).format(rayon=rayon_name)


def named_aiyl_okmotu(name: str, lang: str) -> str:
    return _("{name} aiyl okmotu", locale=lang).format(name=name)


def location_link(lat: float, lon: float) -> str:
    return f'<a href="https://maps.google.com/?q={lat:.6f},{lon:.6f}">{lat:.5f}, {lon:.5f}</a>'


# --- the citizen -------------------------------------------------------------------------------


def confirmation(ticket: Ticket, lang: str) -> str:
    return _(
        "Your appeal is registered.\n"
        "Number: <b>{number}</b>\n"
        "To: {body}\n"
        "Status: {status}\n"
        "Registration date: {filed}\n"
        "The answer is due by: <b>{due}</b> ({period} from registration, under the law on citizens' appeals)\n\n"
        "You will be told here when it is taken into work, answered or closed. To add something, reply to "
        "this message. Your appeals: /my",
        locale=lang,
    ).format(number=ticket.number, body=escape(ticket.body_name), status=status_label(ticket.status, lang),
             filed=format_date(ticket.filed), due=format_date(ticket.due), period=answer_period_label(ticket, lang))


# The statuses the citizen is told of (issue 11.5): taken into work, answered, closed.
NOTIFIED_STATUSES = frozenset({"in_work", "answered", "forwarded", "rejected", "duplicate"})


def status_notice(ticket: Ticket, lang: str, *, answer: str | None = None) -> str:
    """What the citizen is told when their ticket is taken into work, answered or closed."""
    number = ticket.number
    status = ticket.status
    if status == "in_work":
        return _("Your appeal {number} was taken into work. The answer is due by {due}.", locale=lang).format(
            number=number, due=format_due(ticket, lang))
    if status == "answered":
        text = _("Your appeal {number} has been answered.", locale=lang).format(number=number)
        if answer:
            text += "\n\n" + _("The answer:", locale=lang) + "\n" + escape(answer)
        return text + "\n\n" + _("If your problem is not resolved, press «Not resolved» within 30 days.", locale=lang)
    if status == "forwarded":
        return _("Your appeal {number} was forwarded to the body competent to decide it: {body}.", locale=lang).format(
            number=number, body=escape(ticket.forwarded_to or ""))
    if status == "rejected":
        return _("Your appeal {number} was rejected. Reason: {reason}", locale=lang).format(
            number=number, reason=escape(ticket.reject_reason or ""))
    if status == "duplicate":
        return _("Your appeal {number} repeats appeal {other} and is considered together with it.", locale=lang).format(
            number=number, other=escape(ticket.duplicate_of or ""))
    return _("Your appeal {number}: {status}.", locale=lang).format(number=number, status=status_label(status, lang))


def reopened_notice(ticket: Ticket, lang: str) -> str:
    return _(
        "Your appeal {number} is open again: staff will consider it once more. The answer is due by {due}.",
        locale=lang,
    ).format(number=ticket.number, due=format_due(ticket, lang))


def reply_notice(ticket: Ticket, reply: str, lang: str) -> str:
    """A staff message that is not yet the answer (a question, a clarification)."""
    return (_("A message from staff about your appeal {number}:", locale=lang).format(number=ticket.number)
            + "\n\n" + escape(reply) + "\n\n" + _("To answer, reply to this message.", locale=lang))


def citizen_list_line(ticket: Ticket, lang: str) -> str:
    return _("{number} · {subject} · {body} · {status} · due {due}", locale=lang).format(
        number=ticket.number, subject=category_label(ticket.category, lang), body=escape(ticket.body_name),
        status=status_label(ticket.status, lang), due=format_due(ticket, lang))


def attachment_label(kind: str, lang: str) -> str:
    labels = {
        "photo": _("a photo", locale=lang),
        "document": _("a document", locale=lang),
        "voice": _("a voice message", locale=lang),
        "video_note": _("a video message", locale=lang),
    }
    return labels.get(kind, kind)


def thread_line(item: ThreadMessage, lang: str, *, for_staff: bool) -> str:
    when = format_date(item.at)
    words = escape(item.text or "")
    if item.author == "staff":
        what = _("staff:", locale=lang) + " " + words
    elif item.kind == "not_resolved":
        what = _("not resolved, the citizen says:", locale=lang) + " " + words
    elif item.kind == "text":
        what = _("the citizen added:", locale=lang) + " " + words
    else:
        what = _("the citizen added {what}", locale=lang).format(what=attachment_label(item.kind, lang))
        if words:
            what += ": " + words
    return f"{when}: {what}"


def event_line(event: Event, lang: str, *, for_staff: bool, assignee: str | None = None) -> str:
    when = format_date(event.at)
    if event.kind == "filed":
        what = _("filed and registered by the bot", locale=lang)
    elif event.kind == "reply":  # replies before the thread existed
        what = _("staff:", locale=lang) + " " + escape(event.detail or "")
    elif event.kind == "reopened":
        what = _("reopened: the citizen says the problem is not resolved", locale=lang)
    elif event.kind == "assigned":
        what = _("taken into work", locale=lang)
        if for_staff and assignee:
            what += f" ({escape(assignee)})"
    elif event.kind == "addressee":
        what = _("addressee chosen by staff: {body}", locale=lang).format(body=escape(event.detail or ""))
    elif event.kind == "status":
        what = _("status: {status}", locale=lang).format(status=status_label(event.status_to or "", lang))
        if event.detail:
            what += " (" + escape(event.detail) + ")"
    else:
        what = escape(event.kind)
    return f"{when}: {what}"


def history_lines(events: list[Event], thread: list[ThreadMessage], lang: str, *, for_staff: bool,
                  assignee: str | None = None) -> list[str]:
    """Status history and the thread in one timeline (at equal times, what was said comes first)."""
    timeline = [(e.at, 1, event_line(e, lang, for_staff=for_staff, assignee=assignee)) for e in events]
    timeline += [(m.at, 0, thread_line(m, lang, for_staff=for_staff)) for m in thread]
    return [line for _at, _order, line in sorted(timeline, key=lambda item: (item[0], item[1]))]


def citizen_ticket_view(ticket: Ticket, events: list[Event], lang: str, thread: list[ThreadMessage] = ()) -> str:
    lines = [
        f"<b>{ticket.number}</b> · {status_label(ticket.status, lang)}",
        _("Subject: {category}", locale=lang).format(category=category_label(ticket.category, lang)),
        _("To: {body}", locale=lang).format(body=escape(ticket.body_name)),
        _("Kind: {kind}", locale=lang).format(kind=kind_label(ticket.kind, lang)),
        _("Registered: {filed} · answer due by {due}", locale=lang).format(
            filed=format_date(ticket.filed), due=format_due(ticket, lang)
        ),
        "",
        _("History:", locale=lang),
        *history_lines(events, list(thread), lang, for_staff=False),
    ]
    return join_within_limit(lines)


# --- staff -----------------------------------------------------------------------------------


def staff_header(ticket: Ticket, lang: str, *, attachments: Sequence[str] = ()) -> list[str]:
    """The ticket's fields for staff; `attachments` are the kinds of its files (photo, voice…)."""
    status = status_label(ticket.status, lang)
    if ticket.assignee_name and ticket.status in ("in_work", "answered"):
        status += " · " + escape(ticket.assignee_name)
    lines = [
        f"<b>{ticket.number}</b> · {status}",
        _("Kind: {kind}", locale=lang).format(kind=kind_label(ticket.kind, lang)),
        _("Place: {place}", locale=lang).format(place=escape(ticket.place_name)),
        _("To: {body}", locale=lang).format(body=escape(ticket.body_name)),
        _("Category: {category}", locale=lang).format(category=category_label(ticket.category, lang)),
        _("Registered: {filed} · answer due by {due}", locale=lang).format(
            filed=format_date(ticket.filed), due=format_due(ticket, lang)
        ),
    ]
    if attachments:
        lines.append(_("Attachments: {n}", locale=lang).format(n=len(attachments)))
    if {"voice", "video_note"} & set(attachments):
        lines.append("🎤 " + _("The citizen recorded the appeal as a voice or video message: listen to the attachment.",
                               locale=lang))
    return lines


def staff_post(ticket: Ticket, lang: str, *, attachments: Sequence[str]) -> str:
    """The staff-chat post of a ticket; edited in place as the status and assignee change."""
    mark = "🆕 " + _("New appeal", locale=lang) if ticket.status == "new" else "📌 " + _("Appeal", locale=lang)
    head = [mark, *staff_header(ticket, lang, attachments=attachments)]
    if ticket.assignee_name:
        head.append(_("Assignee: {who}", locale=lang).format(who=escape(ticket.assignee_name)))
    return join_within_limit(head + ["", escape(ticket.text)])


def staff_card(ticket: Ticket, events: list[Event], lang: str, *, attachments: Sequence[str], assignee: str | None,
               thread: list[ThreadMessage] = ()) -> list[str]:
    """The ticket for staff: all fields, then the text, then the whole thread and history."""
    lines = staff_header(ticket, lang, attachments=attachments)
    if ticket.latitude is not None and ticket.longitude is not None:
        lines.append(_("Location: {link}", locale=lang).format(link=location_link(ticket.latitude, ticket.longitude)))
    if ticket.consent:
        if ticket.contact_name:
            lines.append(_("Name: {name}", locale=lang).format(name=escape(ticket.contact_name)))
        if ticket.contact_phone:
            lines.append(_("Phone: {phone}", locale=lang).format(phone=escape(ticket.contact_phone)))
    elif ticket.contact_name or ticket.contact_phone:
        lines.append(_("Contact details: hidden, the citizen did not consent to pass them on", locale=lang))
    if assignee:
        lines.append(_("Assignee: {who}", locale=lang).format(who=escape(assignee)))
    if ticket.forwarded_to:
        lines.append(_("Forwarded to: {body}", locale=lang).format(body=escape(ticket.forwarded_to)))
    if ticket.reject_reason:
        lines.append(_("Reason for rejection: {reason}", locale=lang).format(reason=escape(ticket.reject_reason)))
    if ticket.duplicate_of:
        lines.append(_("Duplicate of: {number}", locale=lang).format(number=escape(ticket.duplicate_of)))
    history = [_("History:", locale=lang),
               *history_lines(events, list(thread), lang, for_staff=True, assignee=assignee)]
    return split_messages(["\n".join(lines), escape(ticket.text), "\n".join(history)])


def addition_for_staff(ticket: Ticket, item: ThreadMessage, lang: str) -> str:
    """Tell the assignee (or the staff chat) what the citizen added to a ticket."""
    if item.kind == "not_resolved":
        head = "🔁 " + _("Appeal {number} was reopened: the citizen says the problem is not resolved.",
                        locale=lang).format(number=ticket.number)
        return head + "\n" + _("The reason:", locale=lang) + " " + escape(item.text or "")
    head = "➕ " + _("The citizen added to appeal {number}:", locale=lang).format(number=ticket.number)
    if item.kind == "text":
        return head + "\n\n" + escape(item.text or "")
    what = attachment_label(item.kind, lang)
    return head + " " + what + (("\n\n" + escape(item.text)) if item.text else "")


def join_within_limit(lines: list[str]) -> str:
    text = "\n".join(lines)
    if len(text) <= MAX_MESSAGE:
        return text
    # Only the staff chat post and long histories get here; the ticket card shows everything.
    return text[: MAX_MESSAGE - 1] + "…"


def split_messages(parts: list[str]) -> list[str]:
    """Pack the parts into as few messages as fit; a part longer than a message is split by lines."""
    messages: list[str] = []
    current = ""
    for part in parts:
        for chunk in _chunks(part):
            candidate = f"{current}\n\n{chunk}" if current else chunk
            if len(candidate) <= MAX_MESSAGE:
                current = candidate
            else:
                messages.append(current)
                current = chunk
    if current:
        messages.append(current)
    return messages


def _chunks(text: str) -> list[str]:
    if len(text) <= MAX_MESSAGE:
        return [text]
    chunks, current = [], ""
    for line in text.split("\n"):
        while len(line) > MAX_MESSAGE:  # a single very long line: cut it at a space near the limit
            cut = line.rfind(" ", 0, MAX_MESSAGE) if " " in line[:MAX_MESSAGE] else MAX_MESSAGE
            cut = cut if cut > MAX_MESSAGE // 2 else MAX_MESSAGE
            cut = _not_inside_entity(line, cut)
            chunks.append(line[:cut])
            line = line[cut:].lstrip(" ")
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= MAX_MESSAGE:
            current = candidate
        else:
            chunks.append(current)
            current = line
    if current:
        chunks.append(current)
    return chunks


def _not_inside_entity(text: str, cut: int) -> int:
    """Move a cut point before an HTML entity (&amp; …) it would split."""
    amp = text.rfind("&", max(0, cut - 6), cut)
    if amp != -1 and ";" not in text[amp:cut]:
        return amp
    return cut
