"""A schematic SVG map of Kyrgyzstan: a simplified outline, a circle per oblast and republican city sized
by its number of appeals, and the appeals that came with a location as points.

The outline is a hand-simplified polygon (about 50 vertices, ±10 km), not a boundary source: the map
says where the appeals are, not where a border runs. Positions use an equirectangular projection
scaled by cos(41.5°), which is close enough at Kyrgyzstan's size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from web.charts import STATUS_COLOURS

WEST, EAST, NORTH, SOUTH = 69.1, 80.4, 43.4, 39.1
SCALE = 62.0  # pixels per degree of latitude
COS = math.cos(math.radians(41.5))
PAD = 16

# (longitude, latitude), clockwise from the west of the Talas valley.
OUTLINE = [
    (70.55, 42.05), (70.95, 42.25), (71.15, 42.75), (71.9, 42.83), (72.8, 42.75), (73.5, 42.55), (73.55, 42.95),
    (74.2, 43.2), (74.9, 42.98), (75.6, 42.88), (76.3, 42.95), (77.2, 43.0), (78.0, 42.95), (78.8, 42.85),
    (79.4, 42.65), (80.05, 42.35), (80.25, 42.05), (79.9, 41.95), (79.3, 41.8), (78.6, 41.55), (78.1, 41.3),
    (77.6, 41.05), (76.9, 41.05), (76.5, 40.55), (76.1, 40.4), (75.65, 40.62), (75.2, 40.45), (74.85, 40.5),
    (74.5, 40.2), (73.95, 39.9), (73.65, 39.45), (73.2, 39.4), (72.6, 39.35), (72.0, 39.3), (71.5, 39.55),
    (71.0, 39.45), (70.6, 39.58), (70.0, 39.6), (69.55, 39.55), (69.3, 39.75), (69.35, 40.05), (69.9, 40.15),
    (70.6, 40.0), (71.2, 40.12), (71.8, 40.2), (72.3, 40.35), (72.75, 40.45), (73.1, 40.75), (72.9, 40.9),
    (72.5, 41.0), (72.2, 41.2), (71.8, 41.35), (71.4, 41.3), (71.1, 41.5), (70.75, 41.6), (70.45, 41.75),
]
# Where each region's circle sits (about its centre; the two cities at their own place).
CENTRES = {
    "talas": (72.2, 42.4), "chui": (74.3, 42.55), "issyk-kul": (77.9, 42.15), "naryn": (75.5, 41.35),
    "jalal-abad": (72.1, 41.6), "osh": (73.4, 39.95), "batken": (70.7, 39.85),
    "bishkek": (74.6, 42.87), "osh-city": (72.8, 40.53),
}  # fmt: skip
LABEL_ABOVE = {"bishkek", "talas", "batken"}  # the others are labelled below their circle


def project(lon: float, lat: float) -> tuple[float, float]:
    return PAD + (lon - WEST) * SCALE * COS, PAD + (NORTH - lat) * SCALE


def size() -> tuple[int, int]:
    x, y = project(EAST, SOUTH)
    return int(x + PAD), int(y + PAD)


def map_svg(title: str, description: str, counts: dict[str, int], names: dict[str, str],
            points: Sequence[tuple[float, float, str, str]], point_label: str) -> str:
    width, height = size()
    outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in (project(lon, lat) for lon, lat in OUTLINE))
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="map-t map-d"'
             f' xmlns="http://www.w3.org/2000/svg"><title id="map-t">{escape(title)}</title>'
             f'<desc id="map-d">{escape(description)}</desc>'
             f'<polygon points="{outline}" fill="#eef2f7" stroke="#5f6b7a" stroke-width="1.5" stroke-linejoin="round"/>']
    for lat, lon, number, status in points:
        if not (SOUTH <= lat <= NORTH and WEST <= lon <= EAST):
            continue
        x, y = project(lon, lat)
        colour = STATUS_COLOURS.get(status, "#333")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}" fill-opacity="0.75">'
                     f"<title>{escape(number)}</title></circle>")
    biggest = max(counts.values(), default=0) or 1
    for region, (lon, lat) in CENTRES.items():
        n = counts.get(region, 0)
        x, y = project(lon, lat)
        r = 5 + 13 * math.sqrt(n / biggest)
        city = region in ("bishkek", "osh-city")
        name = names.get(region, region)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{"#12263f" if city else "#1f5fa8"}"'
                     f' fill-opacity="0.28" stroke="#12263f" stroke-width="1"><title>{escape(name)}: {n}</title></circle>')
        dy = -r - 5 if region in LABEL_ABOVE else r + 14
        parts.append(f'<text x="{x:.1f}" y="{y + dy:.1f}" text-anchor="middle" font-size="12" font-weight="600"'
                     f' fill="#1a1a1a" paint-order="stroke" stroke="#fff" stroke-width="3">{escape(name)}: {n}</text>')
    parts.append(f'<text x="{PAD}" y="{height - 4}" font-size="11" fill="#4a4a4a">{escape(point_label)}</text></svg>')
    return "".join(parts)
