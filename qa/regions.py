"""Oblasts, rayons and cities (knowledge/regions.yaml): lookup by typed name, and kb-check validation.

`find_place(regions, text)` recognises a place however a resident types it: any case, with or without
the Kyrgyz letters ң ө ү, in Latin letters, with case endings ("Ноокатта", "Аксыйский"), by a former
name ("Кара-Буура", "Исфана", "Жалал-Абад"). Kept simple on purpose: prefix matching on folded names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

EXPECTED_OBLASTS = 7
EXPECTED_RAYONS = 40
EXPECTED_CITIES = 34  # 2 of republican, 14 of oblast and 18 of rayon significance (Gulcha since Oct 2025)
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_FOLD = str.maketrans({"ң": "н", "ө": "о", "ү": "у", "ё": "е"})
_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "j", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip
_GENERIC = re.compile(r"\b(облусу|облусунун|область|обл|району|район|шаары|город|г)\b\.?")
_RU_ADJECTIVE = re.compile(r"(ский|ская|ское|ской|ском|скую|ского|ский|ьский)$")
# Endings a short name may carry in a question ("Кантта", "Ошто"); longer names match any ending.
_SHORT_ENDINGS = (
    r"(?:та|те|то|да|де|до|тагы|тогу|дагы|догу|тын|тин|тун|дын|дин|дун|нын|нун|ка|ке|ко|га|ге|го|"
    r"тан|тен|тон|дан|ден|дон|нан|а|е|у|ом|ем|ский|ская|ском|ской)?"
)


def fold(text: str) -> str:
    """Lowercase, Kyrgyz letters to their look-alikes (ң→н, ө→о, ү→у)."""
    return text.casefold().translate(_FOLD)


def to_latin(text: str) -> str:
    return "".join(_LATIN.get(ch, ch) for ch in text)


@dataclass(frozen=True)
class Place:
    kind: str  # oblast | rayon | city | district
    id: str
    name: dict[str, str]
    oblast: str | None  # the oblast id (None for Bishkek, Osh and their districts)
    parent: str | None  # the rayon of a rayon-significance city, the city of a district
    significance: str | None = None  # republican | oblast | rayon, for cities
    matched_former: bool = False  # the text used a former name


def _keys(name: dict[str, str]) -> set[str]:
    keys = set()
    for text in name.values():
        key = _GENERIC.sub(" ", fold(text)).strip()
        key = " ".join(key.split())
        stem = _RU_ADJECTIVE.sub("", key)
        for variant in {key, stem}:
            if len(variant) >= 2:
                keys.add(variant)
                keys.add(to_latin(variant))
    return keys


def region_names(regions: dict, lang: str) -> dict[str, str]:
    """Region id → its name in `lang`: the oblasts, then the republican cities (Bishkek, Osh). What a
    ticket's `region_id` is shown as: in the staff queue's filter, /stats, the exports, the web console."""
    names = {o["id"]: o["name"][lang] for o in regions.get("oblasts") or ()}
    return names | {c["id"]: c["name"][lang] for c in regions.get("republican_cities") or ()}


def all_places(regions: dict) -> list[Place]:
    places = []
    for oblast in regions.get("oblasts") or ():
        places.append(Place("oblast", oblast["id"], oblast["name"], oblast["id"], None))
        for rayon in oblast.get("rayons") or ():
            places.append(Place("rayon", rayon["id"], rayon["name"], oblast["id"], None))
        for city in oblast.get("cities") or ():
            places.append(Place("city", city["id"], city["name"], oblast["id"], city.get("rayon"), city.get("significance")))
    for city in regions.get("republican_cities") or ():
        places.append(Place("city", city["id"], city["name"], None, None, "republican"))
        for district in city.get("districts") or ():
            places.append(Place("district", district["id"], district["name"], None, city["id"]))
    return places


def _former_names(regions: dict) -> dict[str, list[dict[str, str]]]:
    former: dict[str, list[dict[str, str]]] = {}
    for oblast in regions.get("oblasts") or ():
        for item in [*(oblast.get("rayons") or ()), *(oblast.get("cities") or ())]:
            if item.get("former"):
                former[item["id"]] = list(item["former"])
    return former


def _pattern(key: str) -> re.Pattern:
    ending = r"[\w-]*" if len(key) >= 5 else _SHORT_ENDINGS
    return re.compile(rf"(?<![\w-]){re.escape(key)}{ending}(?![\w-])")


@lru_cache(maxsize=8)
def _index(regions_key: int, regions_ref: Any) -> list[tuple[re.Pattern, int, Place]]:
    regions = regions_ref()
    index = []
    former = _former_names(regions)
    for place in all_places(regions):
        for key in _keys(place.name):
            index.append((_pattern(key), len(key), place))
        for old in former.get(place.id, ()):
            old_place = Place(place.kind, place.id, place.name, place.oblast, place.parent, place.significance, True)
            for key in _keys(old):
                index.append((_pattern(key), len(key), old_place))
    return index


class _Ref:
    """Hashable holder so the index is built once per regions dict."""

    def __init__(self, regions: dict):
        self.regions = regions

    def __call__(self) -> dict:
        return self.regions

    def __hash__(self) -> int:
        return id(self.regions)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Ref) and other.regions is self.regions


def find_place(regions: dict, text: str) -> list[Place]:
    """Places named in `text`, best (longest name) first, each id once."""
    folded = fold(text)
    latin = to_latin(folded)
    hits: dict[tuple[str, str], tuple[int, Place]] = {}
    for pattern, length, place in _index(id(regions), _Ref(regions)):
        if pattern.search(folded) or pattern.search(latin):
            key = (place.kind, place.id)
            if key not in hits or length > hits[key][0]:
                hits[key] = (length, place)
    hinted = {kind for kind, pattern in _KIND_HINTS if pattern.search(folded) or pattern.search(latin)}
    if "rayon" in hinted:
        hinted.add("district")  # a city district is a "район" too
    return [place for _, place in sorted(hits.values(), key=lambda p: (p[1].kind not in hinted, -p[0]))]


class PlaceWords:
    """The words of a question (as qa.matcher folds them: qa.normalize.match_tokens) that name an
    oblast, a rayon or a city, former names included: "живу в Джалал-Абаде" → {"джалал", "абаде"}.

    One alternation of every name, on the matcher's folded text: one pass per question."""

    def __init__(self, regions: dict):
        from qa.normalize import match_text  # (qa.normalize does not need this module)

        names: set[str] = set()
        former = _former_names(regions)
        for place in all_places(regions):
            for name in (place.name, *former.get(place.id, ())):
                for text in name.values():
                    key = match_text(_GENERIC.sub(" ", fold(text)))
                    key = " ".join(_RU_ADJECTIVE.sub("", w) for w in key.split())
                    if len(key) >= 2:
                        names.add(key)
        long = sorted((re.escape(k) + r"\w*" for k in names if len(k) >= 5), key=len, reverse=True)
        short = sorted((re.escape(k) + _FOLDED_SHORT_ENDINGS for k in names if len(k) < 5), key=len, reverse=True)
        self._pattern = re.compile(rf"(?<!\w)(?:{'|'.join(long + short)})(?!\w)") if names else None

    def __call__(self, folded_text: str) -> frozenset[str]:
        if self._pattern is None:
            return frozenset()
        return frozenset(w for m in self._pattern.finditer(folded_text) for w in m.group(0).split())


# _SHORT_ENDINGS as the matcher folds them (ы → и, doubled letters once)
_FOLDED_SHORT_ENDINGS = (
    r"(?:та|те|то|да|де|до|таги|тогу|даги|догу|тин|тун|дин|дун|нин|нун|ка|ке|ко|га|ге|го|"
    r"тан|тен|тон|дан|ден|дон|нан|а|е|у|ом|ем|ски|ская|ском|скои)?"
)


# "Ош шаары" is the city, "Ош облусу" the oblast: a generic word in the text ranks that kind first.
_KIND_HINTS = (
    ("oblast", re.compile(r"облус|област|oblus|oblast")),
    ("rayon", re.compile(r"район|rayon")),
    ("city", re.compile(r"шаар|город|(?<!\w)г\.|shaar|gorod")),
)


# ---------------------------------------------------------------- kb-check


def _line(node: Any) -> int:
    return getattr(node, "line", 1) or 1


def _check_name(problems: list, node: Any, what: str) -> None:
    name = node.get("name") if isinstance(node, dict) else None
    if not isinstance(name, dict):
        problems.append((_line(node), f"{what}: missing name with ky and ru"))
        return
    for lang in ("ky", "ru"):
        if not isinstance(name.get(lang), str) or not name[lang].strip():
            problems.append((_line(node), f"{what}: name has no {lang} text"))
    for old in node.get("former") or ():
        if not isinstance(old, dict) or not all(isinstance(old.get(lang), str) and old[lang].strip() for lang in ("ky", "ru")):
            problems.append((_line(node), f"{what}: every former name needs ky and ru"))


def validate_regions(data: Any) -> list[tuple[int, str]]:
    """(line, message) for everything wrong in regions.yaml, including the expected counts."""
    problems: list[tuple[int, str]] = []
    if not isinstance(data, dict) or not isinstance(data.get("oblasts"), list):
        return [(1, "regions.yaml must start with 'oblasts:' (a list) and 'republican_cities:'")]
    seen: dict[str, int] = {}

    def check_id(node: dict, what: str) -> str | None:
        node_id = node.get("id")
        if not isinstance(node_id, str) or not ID_RE.match(node_id):
            problems.append((_line(node), f"{what}: id '{node_id}' must be lowercase latin letters, digits and '-'"))
            return None
        if node_id in seen:
            problems.append((_line(node), f"{what}: id '{node_id}' is used twice (first at line {seen[node_id]})"))
        else:
            seen[node_id] = _line(node)
        return node_id

    rayon_count = city_count = 0
    significance: dict[str, int] = {}
    for oblast in data["oblasts"]:
        if not isinstance(oblast, dict):
            problems.append((_line(data["oblasts"]), "every oblast must be a mapping"))
            continue
        what = f"oblast '{oblast.get('id', '?')}'"
        check_id(oblast, what)
        _check_name(problems, oblast, what)
        rayon_ids = set()
        for rayon in oblast.get("rayons") or ():
            rayon_count += 1
            r_what = f"rayon '{rayon.get('id', '?')}'"
            rayon_ids.add(check_id(rayon, r_what))
            _check_name(problems, rayon, r_what)
        for city in oblast.get("cities") or ():
            city_count += 1
            c_what = f"city '{city.get('id', '?')}'"
            check_id(city, c_what)
            _check_name(problems, city, c_what)
            sig = city.get("significance")
            if sig not in ("oblast", "rayon"):
                problems.append((_line(city), f"{c_what}: significance must be oblast or rayon"))
            significance[sig] = significance.get(sig, 0) + 1
            if city.get("rayon") is not None and city["rayon"] not in rayon_ids:
                problems.append((_line(city), f"{c_what}: rayon '{city['rayon']}' is not a rayon of {what}"))
    republican = data.get("republican_cities") or []
    for city in republican:
        city_count += 1
        c_what = f"city '{city.get('id', '?')}'"
        check_id(city, c_what)
        _check_name(problems, city, c_what)
        for district in city.get("districts") or ():
            d_what = f"district '{district.get('id', '?')}'"
            check_id(district, d_what)
            _check_name(problems, district, d_what)
    if len(data["oblasts"]) != EXPECTED_OBLASTS:
        problems.append((_line(data["oblasts"]), f"{len(data['oblasts'])} oblasts listed, expected {EXPECTED_OBLASTS}"))
    if rayon_count != EXPECTED_RAYONS:
        problems.append((_line(data["oblasts"]), f"{rayon_count} rayons listed, expected {EXPECTED_RAYONS}"))
    if city_count != EXPECTED_CITIES:
        problems.append((_line(data["oblasts"]), f"{city_count} cities listed, expected {EXPECTED_CITIES}"))
    if len(republican) != 2:
        problems.append((_line(republican) if republican else 1, "expected 2 cities of republican significance (Bishkek, Osh)"))
    return problems
