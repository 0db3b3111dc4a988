"""/queue in a private chat: new / mine / overdue, paged with ◀ ▶, filtered by region and category."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from aiogram import Bot, F
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from services.complaint_callbacks import QueueNav, StaffTicket
from handlers.menu import show_in_place
from handlers.staff import require_role
from handlers.staff.export import send_export
from qa.regions import region_names
from qa.service import QuestionAnswerer
from services import complaint_texts as texts
from services.complaints import ComplaintService, local_date
from storage.complaints import QueueFilter, Ticket
from storage.users import UserRepo
from handlers.routing import HandlerSet

router = HandlerSet(__name__)
PAGE_SIZE = 5
VIEWS = ("new", "mine", "overdue")


def view_label(view: str, lang: str) -> str:
    return {
        "new": _("New", locale=lang),
        "mine": _("Mine", locale=lang),
        "overdue": _("Overdue", locale=lang),
        "all": _("All", locale=lang),
    }.get(view, view)


def queue_filter(nav: QueueNav, staff_id: int, now: datetime) -> QueueFilter:
    return QueueFilter(view=nav.view, region_id=nav.region, category=nav.cat, staff_id=staff_id,
                       today=local_date(now).isoformat())


def ticket_line(ticket: Ticket, lang: str, today: str) -> str:
    mark = "❗ " if ticket.due_date < today and ticket.status in ("new", "registered", "in_work") else ""
    return _("{mark}{number} · {status} · due {due} · {place} · {category}", locale=lang).format(
        mark=mark, number=ticket.number, status=texts.status_label(ticket.status, lang),
        due=texts.format_due(ticket, lang), place=escape(ticket.place_name),
        category=texts.category_label(ticket.category, lang))


async def render(nav: QueueNav, staff_id: int, service: ComplaintService, regions: dict,
                 lang: str) -> tuple[str, InlineKeyboardMarkup]:
    now = datetime.now(UTC)
    flt = queue_filter(nav, staff_id, now)
    if nav.pick == "region":
        kb = InlineKeyboardBuilder()
        kb.button(text=_("All regions", locale=lang), callback_data=QueueNav(view=nav.view, cat=nav.cat))
        for region_id, name in region_names(regions, lang).items():
            kb.button(text=name, callback_data=QueueNav(view=nav.view, region=region_id, cat=nav.cat))
        kb.adjust(1, 2)
        return _("Filter by region:", locale=lang), kb.as_markup()
    if nav.pick == "cat":
        kb = InlineKeyboardBuilder()
        kb.button(text=_("All categories", locale=lang), callback_data=QueueNav(view=nav.view, region=nav.region))
        for category in texts.CATEGORIES:
            kb.button(text=texts.category_label(category, lang),
                      callback_data=QueueNav(view=nav.view, region=nav.region, cat=category))
        kb.adjust(1, 2)
        return _("Filter by category:", locale=lang), kb.as_markup()

    total = await service.repo.count(flt)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(nav.page, 0), pages - 1)
    tickets = await service.repo.queue(flt, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
    region = region_names(regions, lang).get(nav.region, _("all regions", locale=lang))
    category = texts.category_label(nav.cat, lang) if nav.cat else _("all categories", locale=lang)
    lines = [
        "<b>" + _("Queue: {view}", locale=lang).format(view=view_label(nav.view, lang)) + "</b>",
        _("{region} · {category} · {n} in all · page {page} of {pages}", locale=lang).format(
            region=region, category=category, n=total, page=page + 1, pages=pages),
        "",
    ]
    today = flt.today
    lines += [ticket_line(t, lang, today) for t in tickets] or [_("Nothing here.", locale=lang)]

    kb = InlineKeyboardBuilder()
    widths = []
    for ticket in tickets:
        kb.button(text="📂 " + ticket.number, callback_data=StaffTicket(action="open", id=ticket.id))
    widths += [1] * len(tickets)
    nav_row = 0
    if page > 0:
        kb.button(text="◀", callback_data=QueueNav(view=nav.view, page=page - 1, region=nav.region, cat=nav.cat))
        nav_row += 1
    if page < pages - 1:
        kb.button(text="▶", callback_data=QueueNav(view=nav.view, page=page + 1, region=nav.region, cat=nav.cat))
        nav_row += 1
    if nav_row:
        widths.append(nav_row)
    for view in VIEWS:
        label = ("• " if view == nav.view else "") + view_label(view, lang)
        kb.button(text=label, callback_data=QueueNav(view=view, region=nav.region, cat=nav.cat))
    widths.append(len(VIEWS))
    kb.button(text="🗺 " + _("Region", locale=lang), callback_data=QueueNav(view=nav.view, region=nav.region,
                                                                           cat=nav.cat, pick="region"))
    kb.button(text="🏷 " + _("Category", locale=lang), callback_data=QueueNav(view=nav.view, region=nav.region,
                                                                             cat=nav.cat, pick="cat"))
    kb.button(text="📤 " + _("Export", locale=lang), callback_data=QueueNav(view=nav.view, region=nav.region,
                                                                           cat=nav.cat, pick="export"))
    widths.append(3)
    kb.adjust(*widths)
    return "\n".join(lines), kb.as_markup()


@router.message(Command("queue"), StateFilter("*"), F.chat.type == "private")
async def queue_command(message: Message, complaint_service: ComplaintService, qa: QuestionAnswerer,
                        i18n: I18n) -> None:
    text, markup = await render(QueueNav(), message.from_user.id, complaint_service, qa.kb.regions,
                                i18n.current_locale)
    await message.answer(text, reply_markup=markup)


@router.callback_query(QueueNav.filter(), StateFilter("*"))
async def queue_button(query: CallbackQuery, callback_data: QueueNav, bot: Bot, users: UserRepo,
                       complaint_service: ComplaintService, qa: QuestionAnswerer, i18n: I18n) -> None:
    staff = await require_role(query, users)
    if staff is None:
        return
    lang = i18n.current_locale
    if callback_data.pick == "export":
        flt = queue_filter(callback_data, staff.id, datetime.now(UTC))
        await send_export(bot, query.from_user.id, staff.id, flt, complaint_service, lang)
        return
    text, markup = await render(callback_data, staff.id, complaint_service, qa.kb.regions, lang)
    await show_in_place(query, text, markup)
