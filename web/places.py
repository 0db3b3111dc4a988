"""Names of oblasts, rayons and cities (knowledge/regions.yaml) in the staff member's language."""

from __future__ import annotations

from qa import regions as kb_regions
from qa.service import QuestionAnswerer


def region_names(qa: QuestionAnswerer, lang: str) -> dict[str, str]:
    return kb_regions.region_names(qa.kb.regions or {}, lang)


def place_options(qa: QuestionAnswerer, lang: str, region: str = "") -> list[tuple[str, str]]:
    """(place id, "name — oblast") of rayons and cities; only the region's when one is chosen."""
    regions = qa.kb.regions or {}
    options = []
    for oblast in regions.get("oblasts") or ():
        if region and oblast["id"] != region:
            continue
        for place in [*(oblast.get("rayons") or ()), *(oblast.get("cities") or ())]:
            options.append((place["id"], f'{place["name"][lang]} — {oblast["name"][lang]}'))
    for city in regions.get("republican_cities") or ():
        if not region or city["id"] == region:
            options.append((city["id"], city["name"][lang]))
    return sorted(options, key=lambda o: o[1])
