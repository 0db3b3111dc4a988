"""SVG charts drawn by the server: readable without JavaScript, each with a data table beside it.

Every chart is an `<svg role="img">` with a title and a description, and every bar has a `<title>`
(a tooltip in the browser); the same numbers follow in a table under a disclosure for screen readers
and for copying.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

STATUS_COLOURS = {
    "new": "#b35c00", "registered": "#6a3d9a", "in_work": "#1f5fa8", "answered": "#2e7d32",
    "forwarded": "#5f6b7a", "rejected": "#c62828", "duplicate": "#9e9e9e",
}  # fmt: skip
INK, MUTED, GRID = "#1a1a1a", "#4a4a4a", "#d5d5d5"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above `value` (the top of the axis)."""
    if value <= 0:
        return 1
    step = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * step >= value:
            return factor * step
    return 10 * step


def _ticks(top: float) -> list[float]:
    return [top * i / 5 for i in range(6)]


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def data_table(caption: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<details><summary>{_e(caption)}</summary><div class="table-wrap"><table>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></details>")


def stacked_bars(chart_id: str, title: str, description: str, labels: Sequence[str],
                 series: Sequence[tuple[str, str, Sequence[int]]]) -> str:
    """Vertical bars, one per label, stacked by series (name, colour, values)."""
    width, height, left, bottom, top_pad = 640, 300, 44, 40, 14
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    totals = [sum(values[i] for _n, _c, values in series) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0))
    slot = plot_w / max(len(labels), 1)
    bar = slot * 0.7
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d"'
             f' xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{_e(title)}</title>'
             f'<desc id="{chart_id}-d">{_e(description)}</desc>']
    for tick in _ticks(top):
        y = top_pad + plot_h - plot_h * tick / top
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{MUTED}">{_fmt(tick)}</text>')
    for i, label in enumerate(labels):
        x = left + i * slot + (slot - bar) / 2
        base = top_pad + plot_h
        for name, colour, values in series:
            value = values[i]
            if not value:
                continue
            h = plot_h * value / top
            base -= h
            parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                         f"<title>{_e(label)}: {_e(name)} {value}</title></rect>")
        if len(labels) <= 12 or i % 2 == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11"'
                         f' fill="{INK}">{_e(label)}</text>')
    parts.append("</svg>")
    legend = "".join(f'<li><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="{c}"/></svg>'
                     f" {_e(n)}</li>" for n, c, v in series if any(v))
    return "".join(parts) + f'<ul class="legend">{legend}</ul>'


def horizontal_bars(chart_id: str, title: str, description: str, items: Sequence[tuple[str, float]],
                    colour: str = "#c62828", *, reference: tuple[float, str] | None = None,
                    value_suffix: str = "") -> str:
    """One bar per item, longest first as given; an optional dashed reference line (value, label)."""
    row_h, left, right = 26, 250, 60
    width = 640
    height = max(1, len(items)) * row_h + 30
    plot_w = width - left - right
    top = max([v for _l, v in items] + ([reference[0]] if reference else []) + [1])
    top = top * 1.05
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d"'
             f' xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{_e(title)}</title>'
             f'<desc id="{chart_id}-d">{_e(description)}</desc>']
    for i, (label, value) in enumerate(items):
        y = 10 + i * row_h
        w = plot_w * value / top
        short = label if len(label) <= 38 else label[:36] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" font-size="12" fill="{INK}">{_e(short)}</text>'
                     f'<rect x="{left}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row_h - 8}" fill="{colour}">'
                     f"<title>{_e(label)}: {_fmt(value)}{_e(value_suffix)}</title></rect>"
                     f'<text x="{left + w + 6:.1f}" y="{y + 16}" font-size="12" fill="{INK}">{_fmt(value)}{_e(value_suffix)}</text>')
    if reference:
        x = left + plot_w * reference[0] / top
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="{height - 18}" stroke="{INK}" stroke-width="2"'
                     f' stroke-dasharray="6 4"/><text x="{x:.1f}" y="{height - 4}" text-anchor="middle" font-size="12"'
                     f' fill="{INK}">{_e(reference[1])}</text>')
    parts.append("</svg>")
    return "".join(parts)
