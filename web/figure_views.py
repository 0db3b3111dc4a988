"""Figures: appeals per week by status, overdue by body and by region, the median time to answer
against the statutory period, and the schematic map. All SVG, drawn here; no JavaScript."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiohttp import web

from services import complaint_texts as texts
from services.complaints import STATUSES
from web.app import DISPATCHER, QUERIES, SETTINGS, require
from web.charts import STATUS_COLOURS, data_table, horizontal_bars, stacked_bars
from web.kg_map import map_svg
from web.places import region_names
from web.render import h, page

routes = web.RouteTableDef()


@routes.get("/figures")
async def figures_page(request: web.Request) -> web.Response:
    viewer = require(request, "operator", "admin")
    lang = viewer.lang
    queries = request.app[QUERIES]
    regions = region_names(request.app[DISPATCHER]["qa"], lang)
    statutory = request.app[SETTINGS].complaint_answer_days

    starts, by_status = await queries.weekly_by_status()
    labels = [texts.format_date(d)[:5] for d in starts]
    series = [(texts.status_label(s, lang), STATUS_COLOURS[s], by_status[s]) for s in STATUSES]
    weekly = stacked_bars("weekly", _("Appeals filed per week, by their status now"),
                          _("Bars for the last 12 weeks; each bar is split by the status of its appeals today."),
                          labels, series)
    weekly += data_table(_("The numbers"), [_("Week from")] + [n for n, _c, _v in series],
                         [[labels[i]] + [v[i] for _n, _c, v in series] for i in range(len(labels))])

    overdue_bodies = await queries.overdue_by("body_name")
    overdue_regions = [(regions.get(k, k), n) for k, n in await queries.overdue_by("region_id")]
    empty = '<p class="empty">' + h(_("No appeal is overdue.")) + '</p>'
    bodies_chart = (horizontal_bars("ob", _("Overdue appeals by body"), _("Open appeals past their due date, by the body they are addressed to."),
                                    overdue_bodies) + data_table(_("The numbers"), [_("Body"), _("Overdue")], overdue_bodies)
                    if overdue_bodies else empty)
    regions_chart = (horizontal_bars("or", _("Overdue appeals by region"), _("Open appeals past their due date, by region."),
                                     overdue_regions) + data_table(_("The numbers"), [_("Region"), _("Overdue")], overdue_regions)
                     if overdue_regions else empty)

    months = await queries.answer_days_by_month()
    period = _("the law: {days} days").format(days=statutory)
    if months:
        answer_chart = horizontal_bars(
            "md", _("Median days from filing to the answer, by month of filing"),
            _("One bar per month; the dashed line is the statutory period."),
            [(m, round(d, 1)) for m, d, _n in months], "#2e7d32", reference=(statutory, period),
            value_suffix=" " + _("d."),
        ) + data_table(_("The numbers"), [_("Month"), _("Median days"), _("Answered")],
                       [(m, f"{d:.1f}", n) for m, d, n in months])
    else:
        answer_chart = '<p class="empty">' + h(_("No appeal has been answered yet.")) + '</p>'

    counts = await queries.counts_by_region()
    points = await queries.located()
    kg_map = map_svg(_("Appeals by region"), _("A schematic map of Kyrgyzstan: a circle per oblast and per "
                                              "republican city, sized by its number of appeals; dots are appeals "
                                              "sent with a location."),
                     counts, regions, points, _("Schematic: the outline is simplified. Dots: {n} appeals with a location.")
                     .format(n=len(points)))
    kg_map += data_table(_("The numbers"), [_("Region"), _("Appeals")],
                         sorted(((regions.get(k, k), n) for k, n in counts.items()), key=lambda r: -r[1]))

    def figure(caption: str, content: str, wide: bool = False) -> str:
        return f'<figure{" class=wide" if wide else ""}><figcaption>{h(caption)}</figcaption>{content}</figure>'

    body = '<div class="charts">' + "".join([
        figure(_("Appeals per week"), weekly),
        figure(_("Map of appeals"), kg_map),
        figure(_("Overdue by body"), bodies_chart),
        figure(_("Overdue by region"), regions_chart),
        figure(_("Time to answer against the statutory period"), answer_chart),
    ]) + "</div>"
    return web.Response(text=page(viewer, _("Figures"), body, active="figures", here="/figures"),
                        content_type="text/html")
