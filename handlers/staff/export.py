"""/export: the filtered queue as CSV and XLSX files; /stats: counts and the median time to answer."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Bot, F
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.types import BufferedInputFile, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from qa.service import QuestionAnswerer
from services import complaint_texts as texts
from services.complaint_export import to_csv, to_xlsx
from services.complaints import STATUSES, ComplaintService, local_date
from storage.complaints import QueueFilter
from handlers.routing import HandlerSet

router = HandlerSet(__name__)
EXPORT_VIEWS = ("all", "new", "mine", "overdue")


async def send_export(bot: Bot, chat_id: int, staff_id: int, flt: QueueFilter, service: ComplaintService,
                      lang: str) -> None:
    tickets = await service.repo.queue(flt)
    await service.repo.audit(staff_id, "export", None, f"{flt.view} {flt.region_id} {flt.category} rows={len(tickets)}")
    stamp = local_date(datetime.now(UTC)).isoformat()
    name = f"appeals-{flt.view}-{stamp}"
    caption = _("{n} appeals ({view}).", locale=lang).format(n=len(tickets), view=flt.view)
    await bot.send_document(chat_id, BufferedInputFile(to_csv(tickets), f"{name}.csv"), caption=caption)
    await bot.send_document(chat_id, BufferedInputFile(to_xlsx(tickets), f"{name}.xlsx"), caption=caption)


@router.message(Command("export"), StateFilter("*"), F.chat.type == "private")
async def export_command(message: Message, command: CommandObject, bot: Bot, complaint_service: ComplaintService,
                         i18n: I18n) -> None:
    view = (command.args or "all").strip().lower()
    if view not in EXPORT_VIEWS:
        await message.answer(_("Usage: /export [all|new|mine|overdue]", locale=i18n.current_locale))
        return
    flt = QueueFilter(view=view, staff_id=message.from_user.id, today=local_date(datetime.now(UTC)).isoformat())
    await send_export(bot, message.chat.id, message.from_user.id, flt, complaint_service, i18n.current_locale)


@router.message(Command("stats"), StateFilter("*"), F.chat.type == "private")
async def stats_command(message: Message, complaint_service: ComplaintService, qa: QuestionAnswerer,
                        i18n: I18n) -> None:
    lang = i18n.current_locale
    stats = await complaint_service.stats()
    regions = {o["id"]: o["name"][lang] for o in qa.kb.regions.get("oblasts") or ()}
    regions |= {c["id"]: c["name"][lang] for c in qa.kb.regions.get("republican_cities") or ()}
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
    if not stats["status"]:
        lines = [_("There are no appeals yet.", locale=lang)]
    await message.answer("\n".join(lines))
