"""Questions the bot could not answer well, sent to staff with the citizen's consent (issue 10 point 4).

A question becomes a ticket of kind "question" in the complaint queue, so staff see it in the staff
chat and in /queue, reply to it, and the citizen gets the reply and the statuses the usual way.
The `tickets.kind` column has no CHECK constraint (migration 002), so no migration is needed. A
question is about no particular place or body: region and place stay empty, the body is the
agency's staff. Only what the consent screen names is stored: the question and the Telegram name.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from aiogram.utils.i18n import gettext as _

from services import complaint_texts as texts
from services.complaints import ComplaintService, Draft, Refusal
from storage.complaints import Ticket

KIND = "question"
CATEGORY = "other"


def staff_body(lang: str) -> str:
    return _("The agency's staff (a question to the bot)", locale=lang)


async def file_question(service: ComplaintService, citizen_id: int, lang: str, question: str, telegram_name: str,
                        now: datetime) -> Ticket | Refusal:
    draft = Draft(
        kind=KIND, region_id="", place_id="", place_kind="none", place_name="—", body_name=staff_body(lang),
        category=CATEGORY, text=question.strip(), attachments=[], contact_name=telegram_name or None,
        consent=bool(telegram_name),
    )  # fmt: skip
    return await service.file(citizen_id, lang, draft, now)


def consent_text(question: str, telegram_name: str, lang: str, days: int) -> str:
    return _(
        "I will send the agency's staff your question and your Telegram name:\n"
        "\u00ab{question}\u00bb\n"
        "Name: {name}\n\n"
        "They will answer you here within {days} days. Send it?",
        locale=lang,
    ).format(question=escape(question), name=escape(telegram_name), days=days)


def sent_text(ticket: Ticket, lang: str) -> str:
    return _(
        "Your question is sent to staff as <b>{number}</b>. The answer is due by <b>{due}</b>; it will come "
        "here. Your appeals: /my",
        locale=lang,
    ).format(number=ticket.number, due=texts.format_date(ticket.due))


def not_sent_text(lang: str) -> str:
    return _("Not sent. Ask another question or open /menu.", locale=lang)
