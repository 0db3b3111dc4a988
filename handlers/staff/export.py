"""/export: the filtered queue as CSV and XLSX files in the staff member's language; /stats: counts,
overdue appeals by body and region, and the median time to answer."""

from __future__ import annotations

import asyncio
import html
from datetime import UTC, datetime

from aiogram import Bot, F
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.types import BufferedInputFile, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.routing import HandlerSet
from qa.regions import region_names
from qa.service import QuestionAnswerer
from services import complaint_texts as texts
from services.complaint_export import build_files, export_labels
from services.complaints import STATUSES, ComplaintService, local_date
from storage.complaints import QueueFilter
from storage.db import Database
from storage.ticket_stats import overdue_counts

router = HandlerSet(__name__)
EXPORT_VIEWS = ("all", "new", "mine", "overdue")


def view_label(view: str, lang: str) -> str:
    labels = {
        "all": _("all", locale=lang),
        "new": _("new", locale=lang),
        "mine": _("mine", locale=lang),
        "overdue": _("overdue", locale=lang),
    }
    return labels.get(view, view)


async def send_export(bot: Bot, chat_id: int, staff_id: int, flt: QueueFilter, service: ComplaintService,
                      lang: str, regions: dict | None = None) -> None:
    tickets = await service.repo.queue(flt)
    await service.repo.audit(staff_id, "export", None, f"{flt.view} {flt.region_id} {flt.category} rows={len(tickets)}")
    today = local_date(datetime.now(UTC))
    labels = export_labels(lang, STATUSES, region_names(regions or {}, lang))
    # Thousands of rows take a noticeable while to write: off the event loop, so other users wait not.
    csv_file, xlsx_file = await asyncio.to_thread(build_files, tickets, labels, today)
    name = f"appeals-{flt.view}-{today.isoformat()}"
    caption = _("{n} appeals ({view}).", locale=lang).format(n=len(tickets), view=view_label(flt.view, lang))
    await bot.send_document(chat_id, BufferedInputFile(csv_file, f"{name}.csv"), caption=caption)
    await bot.send_document(chat_id, BufferedInputFile(xlsx_file, f"{name}.xlsx"), caption=caption)


@router.message(Command("export"), StateFilter("*"), F.chat.type == "private")
async def export_command(message: Message, command: CommandObject, bot: Bot, complaint_service: ComplaintService,
                         qa: QuestionAnswerer, i18n: I18n) -> None:
    view = (command.args or "all").strip().lower()
    if view not in EXPORT_VIEWS:
        await message.answer(_("Usage: /export [all|new|mine|overdue]", locale=i18n.current_locale))
        return
    flt = QueueFilter(view=view, staff_id=message.from_user.id, today=local_date(datetime.now(UTC)).isoformat())
    await send_export(bot, message.chat.id, message.from_user.id, flt, complaint_service, i18n.current_locale,
                      qa.kb.regions)


@router.message(Command("stats"), StateFilter("*"), F.chat.type == "private")
async def stats_command(message: Message, complaint_service: ComplaintService, db: Database, qa: QuestionAnswerer,
                        i18n: I18n) -> None:
    lang = i18n.current_locale
    stats = await complaint_service.stats()
    regions = region_names(qa.kb.regions, lang)
    by_status = dict(stats["status"])
    lines = ["<b>" + _("Appeals by status:", locale=lang) + "</b>"]
    lines += [f"{texts.status_label(s, lang)}: {by_status[s]}" for s in STATUSES if s in by_status]
    lines += ["", "<b>" + _("By region:", locale=lang) + "</b>"]
    lines += [f"{regions.get(r, r)}: {n}" for r, n in stats["region"]]
    lines += ["", "<b>" + _("By category:", locale=lang) + "</b>"]
    lines += [f"{texts.category_label(c, lang)}: {n}" for c, n in stats["category"]]
    lines.append("")
    if stats["median_days"] is None:
        lines.append(_("No appeal has been answered yet.", locale=lang))
    else:
        lines.append(_("Median time to answer: {days} days ({n} answered).", locale=lang).format(
            days=f"{stats['median_days']:.1f}", n=stats["answered"]))
    lines += ["", *await overdue_lines(db, regions, lang)]
    if not stats["status"]:
        lines = [_("There are no appeals yet.", locale=lang)]
    await message.answer("\n".join(lines))


async def overdue_lines(db: Database, regions: dict[str, str], lang: str) -> list[str]:
    """Open appeals past their due date, by the body they are addressed to and by region."""
    today = local_date(datetime.now(UTC)).isoformat()
    by_body = await overdue_counts(db, "body_name", today)
    if not by_body:
        return [_("No appeal is overdue.", locale=lang)]
    by_region = await overdue_counts(db, "region_id", today)
    total = sum(n for _body, n in by_body)
    lines = ["<b>" + _("Overdue (open past the due date): {n}", locale=lang).format(n=total) + "</b>"]
    lines += ["<b>" + _("Overdue by body:", locale=lang) + "</b>"]
    lines += [f"{html.escape(body, quote=False)}: {n}" for body, n in by_body]
    lines += ["", "<b>" + _("Overdue by region:", locale=lang) + "</b>"]
    lines += [f"{regions.get(r, r)}: {n}" for r, n in by_region]
    return lines
