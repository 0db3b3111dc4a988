"""Place names as residents type them are found in the reference data (knowledge/regions.yaml)."""

from pathlib import Path

import pytest

from qa.loader import read_yaml
from qa.regions import all_places, find_place, validate_regions

REGIONS = read_yaml(Path("knowledge/regions.yaml"), "knowledge/regions.yaml").data


def test_reference_data_has_7_oblasts_40_rayons_34_cities():
    # Gulcha became a city of rayon significance in October 2025 (law-facts C2): 33 -> 34 cities.
    places = all_places(REGIONS)
    assert sum(p.kind == "oblast" for p in places) == 7
    assert sum(p.kind == "rayon" for p in places) == 40
    cities = [p for p in places if p.kind == "city"]
    assert len(cities) == 34
    assert sorted(c.significance for c in cities).count("republican") == 2
    assert sum(c.significance == "oblast" for c in cities) == 14
    assert sum(c.significance == "rayon" for c in cities) == 18
    assert validate_regions(REGIONS) == []
    assert REGIONS["counts"]["aiyl_aimaks"] == 230


@pytest.mark.parametrize(
    "text, kind, place_id, former",
    [
        ("Аксыйский район", "rayon", "aksy", False),
        ("aksy rayonu", "rayon", "aksy", False),
        ("Кара-Буура районунда", "rayon", "aitmatov", True),
        ("Исфана шаары", "city", "razzakov", True),
        ("Жалал-Абад шаарында жашайм", "city", "manas-city", True),
        ("Озгон району", "rayon", "uzgen", False),
        ("Ош шаары", "city", "osh-city", False),
        ("Ош облусу", "oblast", "osh", False),
        ("Кант шаарында", "city", "kant", False),
        ("Бишкек, Ленин району", "district", "lenin", False),
        ("Гүлчө шаарында", "city", "gulcha", False),
        ("г. Гульча", "city", "gulcha", False),
    ],
)
def test_find_place_best_match(text, kind, place_id, former):
    best = find_place(REGIONS, text)[0]
    assert (best.kind, best.id, best.matched_former) == (kind, place_id, former)


@pytest.mark.parametrize("text", ["ошол айылда", "кантип арыз берем", "как подать жалобу"])
def test_ordinary_words_are_not_places(text):
    assert find_place(REGIONS, text) == []


def test_counts_are_checked():
    broken = {"oblasts": REGIONS["oblasts"][:6], "republican_cities": REGIONS["republican_cities"]}
    messages = [m for _, m in validate_regions(broken)]
    assert "6 oblasts listed, expected 7" in messages
    assert any(m.endswith("rayons listed, expected 40") for m in messages)
