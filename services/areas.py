"""The areas announcements are addressed to and residents subscribe to, from knowledge/regions.yaml:
all of Kyrgyzstan; an oblast or a republican city (Bishkek, Osh); a rayon or a city inside an oblast.

An area id is the id regions.yaml gives it; "all" is the whole country.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.utils.i18n import gettext as _

from storage.subscriptions import ALL_REGIONS, Audience


@dataclass(frozen=True)
class Area:
    kind: str  # all | oblast | republican_city | rayon | city
    id: str
    name: dict[str, str]  # by language, as regions.yaml writes it (cities without the word "city")
    region: str  # the oblast or republican city it is in (itself for those); "all" for the country
    rayon: str | None = None  # a rayon: itself; a city of rayon significance: its rayon

    @property
    def is_place(self) -> bool:
        """A rayon or a city inside an oblast (narrower than a region)."""
        return self.kind in ("rayon", "city")

    def label(self, lang: str) -> str:
        if self.kind == "all":
            return _("All of Kyrgyzstan", locale=lang)
        if self.kind in ("city", "republican_city"):
            return _("{name} city", locale=lang).format(name=self.name[lang])
        return self.name[lang]

    def audience(self) -> Audience:
        if self.kind == "all":
            return Audience("all")
        if self.is_place:
            return Audience("place", self.id, self.region, self.rayon)
        return Audience("region", self.id)


COUNTRY = Area("all", ALL_REGIONS, {}, ALL_REGIONS)


def regions_of(regions: dict) -> list[Area]:
    """The 7 oblasts and the 2 republican cities, in the order of regions.yaml."""
    areas = [Area("oblast", o["id"], o["name"], o["id"]) for o in regions.get("oblasts") or ()]
    areas += [Area("republican_city", c["id"], c["name"], c["id"]) for c in regions.get("republican_cities") or ()]
    return areas


def places_in(regions: dict, region_id: str) -> list[Area]:
    """The rayons, then the cities, of one oblast (none for Bishkek and Osh)."""
    for oblast in regions.get("oblasts") or ():
        if oblast["id"] == region_id:
            places = [Area("rayon", r["id"], r["name"], region_id, r["id"]) for r in oblast.get("rayons") or ()]
            places += [Area("city", c["id"], c["name"], region_id, c.get("rayon")) for c in oblast.get("cities") or ()]
            return places
    return []


def find_area(regions: dict, area_id: str | None) -> Area | None:
    """The area with this id, or None (a forged button, or an id regions.yaml no longer has)."""
    if area_id == ALL_REGIONS:
        return COUNTRY
    for area in regions_of(regions):
        if area.id == area_id:
            return area
        for place in places_in(regions, area.id):
            if place.id == area_id:
                return place
    return None


def audience_area(regions: dict, audience: Audience) -> Area | None:
    """The area an audience is addressed to (None for a language audience)."""
    if audience.kind == "all":
        return COUNTRY
    if audience.kind in ("region", "place"):
        return find_area(regions, audience.value)
    return None
