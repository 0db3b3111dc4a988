"""Names and messages of the complaints feature, rendered in a given language.

Every function takes `lang`: a message to the citizen is in the language stored on the ticket,
a message to staff in the staff member's language (or the default locale for the staff chat).
User text (the complaint, a staff reply, a reason) is HTML-escaped here, never cut.
"""

from __future__ import annotations

from datetime import date
from html import escape

from aiogram.utils.i18n import gettext as _

from services.deadlines import answer_period
from storage.complaints import Event, Ticket

KINDS = ("complaint", "application", "proposal")
CATEGORIES = ("land", "budget", "services", "conduct", "corruption", "elections", "other")
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
    # Honest names: "answered" is not "solved", "rejected" and "forwarded" say what happened.
    labels = {
        "new": _("received", locale=lang),
        "registered": _("registered", locale=lang),
        "in_work": _("being considered", locale=lang),
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
        "Registration date: {filed}\n"
        "The answer is due by: <b>{due}</b> ({period} from registration, under the law on citizens' appeals)\n\n"
        "You will get every change of its status here. Your appeals: /my",
        locale=lang,
    ).format(number=ticket.number, filed=format_date(ticket.filed), due=format_date(ticket.due),
             period=answer_period_label(ticket, lang))


def status_notice(ticket: Ticket, lang: str, *, answer: str | None = None) -> str:
    """What the citizen is told when the status of their ticket changes."""
    number = ticket.number
    status = ticket.status
    if status == "registered":
        text = _("Your appeal {number} has been registered by staff. The answer is due by {due}.", locale=lang)
    elif status == "in_work":
        text = _("Your appeal {number} is being considered. The answer is due by {due}.", locale=lang)
    elif status == "answered":
        text = _("Your appeal {number} has been answered.", locale=lang)
        if answer:
            text += "\n\n" + _("The answer:", locale=lang) + "\n" + escape(answer)
        text += "\n\n" + _("If your problem is not resolved, press «Not resolved» within 30 days.", locale=lang)
        return text.format(number=number)
    elif status == "forwarded":
        return _("Your appeal {number} was forwarded to the body competent to decide it: {body}.", locale=lang).format(
            number=number, body=escape(ticket.forwarded_to or "")
        )
    elif status == "rejected":
        return _("Your appeal {number} was rejected. Reason: {reason}", locale=lang).format(
            number=number, reason=escape(ticket.reject_reason or "")
        )
    elif status == "duplicate":
        return _("Your appeal {number} repeats appeal {other} and is considered together with it.", locale=lang).format(
            number=number, other=escape(ticket.duplicate_of or "")
        )
    else:
        text = _("Your appeal {number}: {status}.", locale=lang)
    return text.format(number=number, due=format_due(ticket, lang), status=status_label(status, lang))


def reopened_notice(ticket: Ticket, lang: str) -> str:
    return _(
        "Your appeal {number} is open again: staff will consider it once more. The answer is due by {due}.",
        locale=lang,
    ).format(number=ticket.number, due=format_due(ticket, lang))


def reply_notice(ticket: Ticket, reply: str, lang: str) -> str:
    return _("A reply to your appeal {number}:", locale=lang).format(number=ticket.number) + "\n\n" + escape(reply)


def citizen_list_line(ticket: Ticket, lang: str) -> str:
    return _("{number} · {status} · due {due}", locale=lang).format(
        number=ticket.number, status=status_label(ticket.status, lang), due=format_due(ticket, lang)
    )


def event_line(event: Event, lang: str, *, for_staff: bool) -> str:
    when = format_date(event.at)
    if event.kind == "filed":
        what = _("filed and registered by the bot", locale=lang)
    elif event.kind == "reply":
        what = _("reply:", locale=lang) + " " + escape(event.detail or "")
    elif event.kind == "reopened":
        what = _("reopened: the citizen says the problem is not resolved", locale=lang)
    elif event.kind == "assigned":
        what = _("taken into work", locale=lang)
        if for_staff and event.actor_id:
            what += f" (id {event.actor_id})"
    elif event.kind == "status":
        what = _("status: {status}", locale=lang).format(status=status_label(event.status_to or "", lang))
        if event.detail:
            what += " (" + escape(event.detail) + ")"
    else:
        what = escape(event.kind)
    return f"{when}: {what}"


def citizen_ticket_view(ticket: Ticket, events: list[Event], lang: str) -> str:
    lines = [
        f"<b>{ticket.number}</b> · {status_label(ticket.status, lang)}",
        _("Kind: {kind}", locale=lang).format(kind=kind_label(ticket.kind, lang)),
        _("To: {body}", locale=lang).format(body=escape(ticket.body_name)),
        _("Category: {category}", locale=lang).format(category=category_label(ticket.category, lang)),
        _("Registered: {filed} · answer due by {due}", locale=lang).format(
            filed=format_date(ticket.filed), due=format_due(ticket, lang)
        ),
        "",
        _("History:", locale=lang),
        *(event_line(e, lang, for_staff=False) for e in events),
    ]
    return join_within_limit(lines)


# --- staff -----------------------------------------------------------------------------------


def staff_header(ticket: Ticket, lang: str, *, attachments: int = 0) -> list[str]:
    lines = [
        f"<b>{ticket.number}</b> · {status_label(ticket.status, lang)}",
        _("Kind: {kind}", locale=lang).format(kind=kind_label(ticket.kind, lang)),
        _("Place: {place}", locale=lang).format(place=escape(ticket.place_name)),
        _("To: {body}", locale=lang).format(body=escape(ticket.body_name)),
        _("Category: {category}", locale=lang).format(category=category_label(ticket.category, lang)),
        _("Registered: {filed} · answer due by {due}", locale=lang).format(
            filed=format_date(ticket.filed), due=format_due(ticket, lang)
        ),
    ]
    if attachments:
        lines.append(_("Attachments: {n}", locale=lang).format(n=attachments))
    return lines


def staff_post(ticket: Ticket, lang: str, *, attachments: int) -> str:
    head = ["🆕 " + _("New appeal", locale=lang), *staff_header(ticket, lang, attachments=attachments), ""]
    return join_within_limit(head + [escape(ticket.text)])


def staff_card(ticket: Ticket, events: list[Event], lang: str, *, attachments: int, assignee: str | None) -> list[str]:
    """The ticket for staff: all fields, then the text, then the history (one or more messages)."""
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
    history = [_("History:", locale=lang), *(event_line(e, lang, for_staff=True) for e in events)]
    return split_messages(["\n".join(lines), escape(ticket.text), "\n".join(history)])


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
