"""The directory of local self-government bodies (knowledge/bodies/): aiyl okmotus and mayor's offices.

The complaint form routes an appeal to one of these bodies. This module loads and validates the
directory (kb-check calls `kb_check_errors`), and answers the form's questions:

- `Directory.search(text, lang, limit)`: bodies a resident means by a typed name, however it is typed
  (no ң ө ү, Latin letters, typos, any case, with or without "айыл өкмөтү", "а/о", "мэрия", "шаары",
  with a rayon named around it), former names leading to today's body and marked as such;
- `Directory.in_rayon(rayon_id, lang)`, `Directory.cities(lang)`: sorted lists for paged buttons;
- `Directory.get(body_id)`;
- `looks_like_name(text)`: False for a question or a sentence, which must never become an addressee.

There is no `nearest(lat, lon)`: no sourced coordinates or boundaries of the post-2024 aiyl aimaks
were found (see knowledge/bodies/README.md), so a shared location cannot choose a body yet.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from qa.loader import (
    DEFAULT_KNOWLEDGE_DIR,
    LineDict,
    LineList,
    YamlFile,
    display_name,
    read_yaml,
)
from qa.normalize import clean, match_text

LANGS = ("ky", "ru")
# law-facts C2: 230 aiyl okmotus and 34 cities (2 republican, 14 oblast, 18 rayon significance)
# since Gulcha became a city in October 2025.
EXPECTED_AIYL_OKMOTUS = 230
EXPECTED_CITIES = {"republican": 2, "oblast": 14, "rayon": 18}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_FILE = "sources.yaml"
REPUBLICAN_FILE = "republican.yaml"

BODY_REQUIRED = ("id", "name", "office", "source", "as_of")
BODY_OPTIONAL = ("detail", "derived", "former", "spellings")
CITY_EXTRA = ("significance", "rayon")
RAYON_KEYS = ("rayon", "expected", "complete", "coverage", "aiyl_okmotus")


# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class Body:
    id: str
    kind: str  # "aiyl_okmotu" | "mayor"
    name: dict[str, str]  # the unit: "Сумбула айыл аймагы" / "Сумбулинский айылный аймак"; a city: "Шопоков"
    office: dict[str, str]  # the addressee: "Сумбула айыл өкмөтү" / "Айыл окмоту Сумбулинского …"
    rayon: str | None  # regions.yaml rayon id (None for cities of oblast and republican significance)
    oblast: str | None  # regions.yaml oblast id (None for Bishkek and Osh)
    significance: str | None  # republican | oblast | rayon, for mayor's offices
    source: str
    as_of: date | None
    detail: str = ""
    former: tuple[dict[str, str], ...] = ()
    spellings: tuple[dict[str, str], ...] = ()
    derived: tuple[str, ...] = ()  # languages whose form is not in the source (written from the other)

    def short(self, lang: str) -> str:
        """The name without the generic words, for a button: "Сумбула", "Сумбулинский", "Шопоков"."""
        return _strip_generic_words(self.name[_lang(lang)])

    def label(self, lang: str) -> str:
        """The addressee as the citizen and staff read it: "Сумбула айыл өкмөтү", "Мэрия города Ош"."""
        return self.office[_lang(lang)]


@dataclass(frozen=True)
class Match:
    body: Body
    score: float  # 1.0 = the name exactly; lower = a prefix, a case ending or a typo
    alias: dict[str, str] | None = None  # the former name that was typed, when found by it

    @property
    def by_alias(self) -> bool:
        return self.alias is not None


@dataclass
class Problem:
    file: str
    line: int
    message: str
    level: str = "error"  # error | warning

    def __str__(self) -> str:
        prefix = "" if self.level == "error" else "warning: "
        return f"{self.file}:{self.line}: {prefix}{self.message}"


@dataclass
class RayonCoverage:
    rayon: str
    oblast: str
    listed: int
    expected: int | None
    complete: bool
    note: str = ""


class BodiesError(Exception):
    """The directory is invalid; `errors` holds every `file:line: message`."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} error(s) in the directory of bodies:\n" + "\n".join(self.errors))


def _lang(lang: str) -> str:
    return lang if lang in LANGS else "ru"


# ---------------------------------------------------------------- text keys

_GENERIC_BODY = re.compile(
    r"(?:аил(?:ни|ного|ном|нои|дик)?|окмот\w*|аима[кг]\w*|ао"  # айыл окмоту, айылный аймак, а/о
    r"|мери\w*|мер|мерге|шар(?:и|инин|ина|инда|индаги|га|да|дин|дагы|ин)?"  # мэрия, шаары
    r"|город\w*|гор|сельсовет\w*|администрац\w*)"
)
_AIMAK_WORD = re.compile(r"аил\w*|окмот\w*|аима[кг]\w*|ао|сельсовет\w*")
_CITY_WORD = re.compile(r"мери\w*|мер|мерге|шар\w*|город\w*|гор")
_REGION_WORD = re.compile(r"раион\w*|раен\w*|рн|облус\w*|област\w*|обл")  # "rayonu" → раену
_RU_ADJECTIVE = re.compile(r"(?:ского|скому|ском|скои|ская|скую|ские|ских|ски|ского)$")
# The generic words as written, to cut a button label out of a unit name.
_GENERIC_WRITTEN = re.compile(
    r"\s*\b(?:айыл аймагы|айылдык аймагы|айылный аймак|айыльный аймак|айыл өкмөтү|шаарынын мэриясы|шаары)\b\s*"
)


def _strip_generic_words(name: str) -> str:
    return " ".join(_GENERIC_WRITTEN.sub(" ", name).split())


def _tokens(text: str) -> list[str]:
    """Folded tokens (see qa.normalize.match_text): Latin transliterated, ң→н ө→о ү→у й→и ы→и, …"""
    return match_text(text[:200]).split()


def _name_key(tokens: Iterable[str]) -> str:
    return " ".join(t for t in tokens if len(t) > 1 and not _GENERIC_BODY.fullmatch(t))


def _stem(key: str) -> str:
    """A Russian adjective without its ending: "кок жарски" → "кок жар", "сумбулински" → "сумбулин"."""
    if len(key) > 5:
        stemmed = _RU_ADJECTIVE.sub("", key)
        if len(stemmed) >= 2:
            return stemmed
    return key


def _keys_of(names: Iterable[dict[str, str]], region: bool = False) -> set[str]:
    """The folded keys a name is found by: without generic words, and without a Russian adjective ending."""
    keys = set()
    for name in names:
        for text in name.values():
            tokens = _tokens(text)
            if region:  # "Ноокат району", "Ошская область": the name without "району", "область"
                tokens = [t for t in tokens if not _REGION_WORD.fullmatch(t)]
            key = _name_key(tokens)
            if key:
                keys.add(key)
                keys.add(_stem(key))
    return keys


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters counts once), cut off above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _typo_budget(length: int) -> int:
    return 0 if length < 4 else 1 if length <= 5 else 2 if length <= 10 else 3


# Case endings after a two-letter name (folded): "мэрия Оша", "Ошто", "Оштун".
_SHORT_ENDINGS = {"а", "у", "ом", "е", "ко", "то", "тон", "тун", "тогу", "тоги", "го", "до", "дон", "дун"}


def _score(query: str, key: str) -> float:
    """How well a typed name (folded, generic words removed) fits one key of a body."""
    if query == key:
        return 1.0
    q, k = query.replace(" ", ""), key.replace(" ", "")
    if q == k:
        return 0.99
    if _stem(query) == _stem(key):
        return 0.97
    if len(q) >= 3 and k.startswith(q):
        return 0.9 - 0.1 * (len(k) - len(q)) / len(k)  # typed the beginning
    if len(k) >= 3 and q.startswith(k) and len(q) - len(k) <= 6:
        return 0.88  # a case ending: "Сумбулага", "Шопоковдо"
    if len(k) == 2 and q.startswith(k) and q[2:] in _SHORT_ENDINGS:
        return 0.88  # "Оша", "Ошто", "Оштогу"
    budget = _typo_budget(len(k))
    if budget:
        # Each letter of the query that the key lacks costs an edit: a cheap bound before the distance.
        if sum(1 for ch in q if ch not in k) <= budget:
            d = _distance(q, k, budget)
            if d <= budget:
                return 0.86 - 0.04 * d
        if 4 <= len(q) < len(k):  # a typo in the beginning typed so far
            head, head_budget = k[: len(q)], _typo_budget(len(q))
            if sum(1 for ch in q if ch not in head) <= head_budget:
                d = _distance(q, head, head_budget)
                if d <= head_budget:
                    return 0.8 - 0.04 * d
    words = key.split()
    if len(words) > 1 and len(query) >= 4 and query in words:
        return 0.85  # the surname of "Эсеналы Дайракунов", "Н. Исанов"
    return 0.0


# ---------------------------------------------------------------- the directory


@dataclass
class Directory:
    bodies: list[Body]
    coverage: list[RayonCoverage] = field(default_factory=list)
    regions: dict | None = None
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_id = {b.id: b for b in self.bodies}
        self._cache: dict[tuple[str, str, int], list[Match]] = {}
        self._index: list[tuple[str, Body, dict[str, str] | None]] = []
        for body in self.bodies:
            for key in _keys_of([body.name, *body.spellings]):
                self._index.append((key, body, None))
            live = _keys_of([body.name, *body.spellings])
            for old in body.former:
                for key in _keys_of([old]) - live:
                    self._index.append((key, body, old))
        self._region_keys: list[tuple[str, str, str]] = []  # (key, kind, id)
        self.known_words: set[str] = set()  # every word of a known name, for looks_like_name
        for oblast in (self.regions or {}).get("oblasts") or ():
            for key in _keys_of([oblast["name"]], region=True):
                self._region_keys.append((key, "oblast", oblast["id"]))
            for rayon in oblast.get("rayons") or ():
                for key in _keys_of([rayon["name"], *(rayon.get("former") or ())], region=True):
                    self._region_keys.append((key, "rayon", rayon["id"]))
        for city in (self.regions or {}).get("republican_cities") or ():
            for district in city.get("districts") or ():  # "Свердлов району": Bishkek's mayor's office
                for key in _keys_of([district["name"]], region=True):
                    self._region_keys.append((key, "district", city["id"]))
        for key, *_ in [*self._index, *self._region_keys]:
            self.known_words.update(key.split())

    # -- lookups for the form

    def get(self, body_id: str) -> Body | None:
        return self.by_id.get(body_id)

    def in_rayon(self, rayon_id: str, lang: str = "ky") -> list[Body]:
        """The aiyl okmotus of a rayon and the mayor's offices of its rayon-significance cities, by name."""
        found = [b for b in self.bodies if b.rayon == rayon_id]
        return sorted(found, key=lambda b: _collation(b.short(lang)))

    def cities(self, lang: str = "ky", oblast: str | None = None) -> list[Body]:
        """The mayor's offices: Bishkek and Osh first, then the other cities by name."""
        found = [b for b in self.bodies if b.kind == "mayor" and (oblast is None or b.oblast == oblast)]
        order = {"republican": 0, "oblast": 1, "rayon": 1}
        return sorted(found, key=lambda b: (order.get(b.significance or "", 2), _collation(b.short(lang))))

    def coverage_of(self, rayon_id: str) -> RayonCoverage | None:
        """How much of a rayon is listed: when it is not complete, the form must also offer
        "my aiyl okmotu is not in the list" (a typed name, confirmed) and "I don't know"."""
        return next((c for c in self.coverage if c.rayon == rayon_id), None)

    def aiyl_okmotus(self) -> list[Body]:
        return [b for b in self.bodies if b.kind == "aiyl_okmotu"]

    # -- search

    def search(self, text: str, lang: str = "ky", limit: int = 8) -> list[Match]:
        """Bodies the typed text names, best first; empty when it names none (or only a rayon/oblast)."""
        cache_key = (text, lang, limit)
        if cache_key not in self._cache:
            if len(self._cache) >= 1024:
                self._cache.clear()
            self._cache[cache_key] = self._search(text, lang, limit)
        return list(self._cache[cache_key])

    def _search(self, text: str, lang: str, limit: int) -> list[Match]:
        tokens = _tokens(text or "")[:12]  # a name has a few words; a long message is not searched whole
        if not tokens:
            return []
        want_kind = None
        if any(_AIMAK_WORD.fullmatch(t) for t in tokens):
            want_kind = "aiyl_okmotu"
        elif any(_CITY_WORD.fullmatch(t) for t in tokens):
            want_kind = "mayor"
        hint_rayons, hint_oblasts, hint_cities, windows = self._split_regions(tokens)
        best: dict[str, tuple[float, Match]] = {}
        for window, penalty in windows.items():
            for key, body, alias in self._index:
                score = _score(window, key) - penalty
                if score < 0.72:
                    continue
                if hint_rayons and body.rayon in hint_rayons:
                    score += 0.04
                elif hint_oblasts and body.oblast in hint_oblasts:
                    score += 0.02
                elif hint_rayons or hint_oblasts:
                    score -= 0.05
                if want_kind and body.kind == want_kind:
                    score += 0.03
                if alias is not None:
                    score -= 0.01  # today's name first when both fit equally
                current = best.get(body.id)
                if current is None or score > current[0]:
                    best[body.id] = (score, Match(body, round(min(score, 1.0), 3), alias))
        if not best:  # only a district of Bishkek was named: its body is the city's mayor's office
            for city_id in sorted(hint_cities):
                if city_id in self.by_id:
                    best[city_id] = (0.9, Match(self.by_id[city_id], 0.9))
        ranked = sorted(best.values(), key=lambda p: (-p[0], _collation(p[1].body.short(lang))))
        if ranked and ranked[0][0] >= 0.97:  # an exact name: drop the merely similar ones
            ranked = [p for p in ranked if p[0] >= ranked[0][0] - 0.12]
        return [match for _, match in ranked[: max(0, limit)]]

    def _split_regions(self, tokens: list[str]) -> tuple[set[str], set[str], set[str], dict[str, float]]:
        """Rayons/oblasts named with their generic word ("Ноокат району"), and the rest as name windows."""
        used = [False] * len(tokens)
        rayons: set[str] = set()
        oblasts: set[str] = set()
        cities: set[str] = set()  # the city whose district was named
        for i, token in enumerate(tokens):
            if not _REGION_WORD.fullmatch(token):
                continue
            used[i] = True
            for n in (3, 2, 1):
                if i - n < 0:
                    continue
                candidate = _name_key(tokens[i - n : i])
                hits = [(kind, rid) for key, kind, rid in self._region_keys if key in (candidate, _stem(candidate))]
                if hits:
                    for kind, rid in hits:
                        {"rayon": rayons, "oblast": oblasts, "district": cities}[kind].add(rid)
                    for j in range(i - n, i):
                        used[j] = True
                    break
        # name windows: runs of unused tokens, every contiguous part of up to 3 tokens
        runs: list[list[str]] = []
        run: list[str] = []
        for token, is_used in zip(tokens, used):
            if is_used or _GENERIC_BODY.fullmatch(token) or len(token) == 1:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append(token)
        if run:
            runs.append(run)
        # A part of a longer run counts less: in "Кара-Суу" the word "Кара" alone is not what was meant.
        windows: dict[str, float] = {}
        for run in runs:
            for size in range(min(3, len(run)), 0, -1):
                for start in range(len(run) - size + 1):
                    window = " ".join(run[start : start + size])
                    penalty = 0.08 * (len(run) - size)
                    windows[window] = min(windows.get(window, penalty), penalty)
        return rayons, oblasts, cities, windows

    def looks_like_name(self, text: str) -> bool:
        return looks_like_name(text, self)


# ---------------------------------------------------------------- is this a name at all?

_QUESTION_WORDS = {
    # ky
    "ким", "кимге", "кимди", "эмне", "эмнеге", "эмнени", "кантип", "канча", "качан", "кайда", "кайсы",
    "кандай", "неге", "кантсе", "бы", "би", "бу", "бү", "пы", "пи", "бекен", "мүмкүнбү",
    # ru
    "кто", "кого", "кому", "что", "чего", "как", "почему", "зачем", "где", "когда", "сколько", "какой",
    "какая", "какие", "каким", "куда", "откуда", "ли", "чей", "чья",
}  # fmt: skip
_SENTENCE_WORDS = {
    # pronouns, negation, predicates that a name never contains
    "мен", "биз", "сен", "сиз", "алар", "менин", "биздин", "жок", "бар", "керек", "эмес", "жана", "менен",
    "үчүн", "болот", "болду", "жатат", "берет", "берди", "бериңиз", "жардам",
    "я", "мы", "вы", "он", "она", "они", "мне", "нам", "нас", "у", "не", "нет", "есть", "надо", "нужно",
    "можно", "хочу", "прошу", "помогите", "пожалуйста", "и", "или", "что", "это", "уже", "ещё", "еще", "очень",
}  # fmt: skip
_QUESTION_FOLDED = {match_text(w) for w in _QUESTION_WORDS}
_SENTENCE_FOLDED = {match_text(w) for w in _SENTENCE_WORDS}
# Verb endings (folded forms): ky present/future "-йт", past "-ды/-ду", imperative "-ңыз", question "-бы";
# ru infinitive, present and past. A known name never reaches this test.
_VERB_ENDING = re.compile(
    r"\w{2,}(?:аит|еит|оит|уит|ат|ет|ди|ду|ти|ту|иниз|униз|гила|гиле|ган|ген|гон|кан|кен|кон"
    r"|ть|тся|ться|ает|яет|ует|ит|ют|ят|ешь|ишь|ал|ала|али|ило|ел|ела|ели)"
)
_URLISH = re.compile(r"https?://|www\.|@|\d{3,}")


def looks_like_name(text: str, directory: Directory | None = None) -> bool:
    """True when `text` could be the name of a body; False for a question or a sentence.

    A question mark, a question word (ким, эмне, кантип, кто, как, почему …), a pronoun or
    negation (мен, жок, я, не, нет …), more than 5 words, or a word that ends like a verb
    (дайындайт, бузулду, назначает, горит …) make it a sentence. A text the directory knows as a
    name is a name whatever its endings.
    """
    raw = (text or "").strip()
    if not raw or len(raw) > 80 or raw.startswith("/") or "?" in raw or "？" in raw or _URLISH.search(raw):
        return False
    words = clean(raw).split()
    if not words or len(words) > 5 or not any(ch.isalpha() for ch in raw):
        return False
    tokens = _tokens(raw)
    if any(t in _QUESTION_FOLDED or t in _SENTENCE_FOLDED for t in tokens):
        return False
    if directory is None:
        try:
            directory = default_directory()
        except BodiesError:
            directory = None
    known = directory.known_words if directory is not None else set()
    for token in tokens:
        if _GENERIC_BODY.fullmatch(token) or _REGION_WORD.fullmatch(token) or len(token) < 4 or token in known:
            continue
        if _VERB_ENDING.fullmatch(token) and not _looks_like_place_word(token):
            return False
    return True


# Endings that make a word look like a verb but are common in place and person names.
_NAME_ENDINGS = re.compile(r"\w*(?:абад|ата|кат|мат|бат|стан|ов|ев|ин|ан|ен|он|ун|ук|ык|ек|ак|ок)")


def _looks_like_place_word(token: str) -> bool:
    return bool(_NAME_ENDINGS.fullmatch(token)) and not token.endswith(("ат", "ет", "ит", "ют", "ят"))


# ---------------------------------------------------------------- collation

_ALPHABET = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}


def _collation(text: str) -> tuple:
    return tuple(_RANK.get(ch, 100 + ord(ch)) for ch in text.casefold() if ch.isalnum())


# ---------------------------------------------------------------- loading and validation


def _body_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != SOURCE_FILE)


def _regions_data(knowledge_dir: Path, regions: Any) -> Any:
    if regions is not None:
        return regions
    yf = read_yaml(knowledge_dir / "regions.yaml", "knowledge/regions.yaml", required=False)
    return yf.data


class _Checker:
    def __init__(self, knowledge_dir: Path, regions: Any):
        self.dir = knowledge_dir / "bodies"
        self.knowledge_dir = knowledge_dir
        self.problems: list[Problem] = []
        self.bodies: list[Body] = []
        self.coverage: list[RayonCoverage] = []
        self.sources: set[str] = set()
        self.ids: dict[str, str] = {}
        self._lines: dict[str, tuple[str, int]] = {}  # body id -> (file, line), for later messages
        self.regions = regions if isinstance(regions, dict) else {}
        self.oblast_of_rayon: dict[str, str] = {}
        self.region_cities: dict[str, dict] = {}
        for oblast in self.regions.get("oblasts") or ():
            for rayon in oblast.get("rayons") or ():
                self.oblast_of_rayon[rayon["id"]] = oblast["id"]
            for city in oblast.get("cities") or ():
                self.region_cities[city["id"]] = {**city, "oblast": oblast["id"]}
        for city in self.regions.get("republican_cities") or ():
            self.region_cities[city["id"]] = {**city, "oblast": None, "significance": "republican"}

    def add(self, file: str, line: int, message: str, level: str = "error") -> None:
        self.problems.append(Problem(file, line or 1, message, level))

    def read(self, path: Path) -> YamlFile:
        yf = read_yaml(path, display_name(path, self.knowledge_dir))
        for error in yf.errors:
            file, line, message = error.split(":", 2)
            self.add(file, int(line), message.strip())
        return yf

    def run(self) -> None:
        if not self.dir.is_dir():
            return
        self.check_sources(self.read(self.dir / SOURCE_FILE))
        seen_oblasts: dict[str, str] = {}
        for path in _body_files(self.dir):
            yf = self.read(path)
            if yf.data is None:
                continue
            if not isinstance(yf.data, dict):
                self.add(yf.name, 1, "the file must be a mapping with 'oblast:', 'rayons:' and 'cities:'")
                continue
            if path.name == REPUBLICAN_FILE:
                self.check_cities(yf, yf.data, None)
                continue
            oblast = _text(yf.data.get("oblast"))
            if oblast not in {o["id"] for o in self.regions.get("oblasts") or ()}:
                self.add(yf.name, _line(yf.data, "oblast"), f"oblast '{oblast}' is not an oblast of regions.yaml")
                continue
            if oblast in seen_oblasts:
                self.add(yf.name, _line(yf.data, "oblast"), f"oblast '{oblast}' is also in {seen_oblasts[oblast]}")
            seen_oblasts[oblast] = yf.name
            unknown = set(yf.data) - {"oblast", "rayons", "cities"}
            for key in sorted(unknown, key=str):
                self.add(yf.name, _line(yf.data, key), f"unknown key '{key}'")
            self.check_rayons(yf, yf.data, oblast)
            self.check_cities(yf, yf.data, oblast)
        for oblast in self.regions.get("oblasts") or ():
            if oblast["id"] not in seen_oblasts:
                self.add(
                    display_name(self.dir, self.knowledge_dir),
                    1,
                    f"no file for oblast '{oblast['id']}' (its aiyl okmotus and cities are missing)",
                    "warning",
                )
        self.check_totals()
        self.check_aliases()

    # -- pieces

    def check_sources(self, yf: YamlFile) -> None:
        if yf.data is None:
            return
        items = yf.data.get("sources") if isinstance(yf.data, dict) else None
        if not isinstance(items, list):
            self.add(yf.name, 1, "sources.yaml must have 'sources:', a list")
            return
        for i, item in enumerate(items):
            line = items.line_of(i) if isinstance(items, LineList) else 1
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                self.add(yf.name, line, "every source needs an id")
                continue
            if item["id"] in self.sources:
                self.add(yf.name, line, f"source '{item['id']}' is declared twice")
            self.sources.add(item["id"])
            if not _both(item.get("title")):
                self.add(yf.name, line, f"source '{item['id']}': title needs ky and ru")
            urls = item.get("urls")
            if not isinstance(urls, list) or not urls or not all(isinstance(u, str) and u for u in urls):
                self.add(yf.name, line, f"source '{item['id']}': 'urls' must list where it can be read")

    def check_rayons(self, yf: YamlFile, data: dict, oblast: str) -> None:
        rayons = data.get("rayons")
        if not isinstance(rayons, list):
            self.add(yf.name, _line(data, "rayons"), "'rayons:' must be a list")
            return
        listed: set[str] = set()
        for i, entry in enumerate(rayons):
            line = rayons.line_of(i) if isinstance(rayons, LineList) else 1
            if not isinstance(entry, dict):
                self.add(yf.name, line, "every rayon must be a mapping with 'rayon:' and 'aiyl_okmotus:'")
                continue
            rayon = _text(entry.get("rayon"))
            for key in sorted(set(entry) - set(RAYON_KEYS), key=str):
                self.add(yf.name, _line(entry, key), f"rayon '{rayon}': unknown key '{key}'")
            if self.oblast_of_rayon.get(rayon) != oblast:
                self.add(
                    yf.name,
                    _line(entry, "rayon"),
                    f"rayon '{rayon}' is not a rayon of oblast '{oblast}' in regions.yaml",
                )
                continue
            if rayon in listed:
                self.add(yf.name, _line(entry, "rayon"), f"rayon '{rayon}' is listed twice")
            listed.add(rayon)
            expected, complete = entry.get("expected"), entry.get("complete")
            if expected is not None and (not isinstance(expected, int) or isinstance(expected, bool) or expected < 1):
                self.add(yf.name, _line(entry, "expected"), f"rayon '{rayon}': expected must be a whole number or null")
                expected = None
            if not isinstance(complete, bool):
                self.add(yf.name, _line(entry, "complete"), f"rayon '{rayon}': complete must be true or false")
                complete = False
            items = entry.get("aiyl_okmotus")
            if not isinstance(items, list):
                self.add(yf.name, _line(entry, "aiyl_okmotus"), f"rayon '{rayon}': 'aiyl_okmotus:' must be a list")
                items = []
            names_here: dict[str, str] = {}
            count = len(items)
            for j, item in enumerate(items):
                item_line = items.line_of(j) if isinstance(items, LineList) else line
                body = self.check_body(yf, item, item_line, "aiyl_okmotu", oblast, rayon)
                if body is None:
                    continue
                for key in sorted(_keys_of([body.name])):
                    if key in names_here and names_here[key] != body.id:
                        self.add(
                            yf.name, item_line, f"'{body.id}': the same name as '{names_here[key]}' in rayon '{rayon}'"
                        )
                        break
                for key in _keys_of([body.name]):
                    names_here.setdefault(key, body.id)
            if complete and expected is not None and count != expected:
                self.add(
                    yf.name,
                    _line(entry, "expected"),
                    f"rayon '{rayon}' is marked complete with {expected} aiyl okmotus, but {count} are listed",
                )
            elif not complete:
                gap = f"{count} of {expected}" if expected is not None else f"{count} of an unknown number"
                self.add(
                    yf.name,
                    _line(entry, "complete"),
                    f"rayon '{rayon}': only partly listed ({gap} aiyl okmotus)",
                    "warning",
                )
            self.coverage.append(
                RayonCoverage(rayon, oblast, count, expected, bool(complete), str(entry.get("coverage") or ""))
            )
        for rayon_id, oblast_id in self.oblast_of_rayon.items():
            if oblast_id == oblast and rayon_id not in listed:
                self.add(
                    yf.name, _line(data, "rayons"), f"rayon '{rayon_id}' of regions.yaml is missing here", "warning"
                )
                self.coverage.append(RayonCoverage(rayon_id, oblast, 0, None, False, "missing"))

    def check_cities(self, yf: YamlFile, data: dict, oblast: str | None) -> None:
        cities = data.get("cities")
        if cities is None and oblast is not None:
            return
        if not isinstance(cities, list):
            self.add(yf.name, _line(data, "cities"), "'cities:' must be a list")
            return
        for i, item in enumerate(cities):
            line = cities.line_of(i) if isinstance(cities, LineList) else 1
            if not isinstance(item, dict):
                self.add(yf.name, line, "every city must be a mapping")
                continue
            significance = _text(item.get("significance"))
            allowed = ("republican",) if oblast is None else ("oblast", "rayon")
            if significance not in allowed:
                self.add(
                    yf.name,
                    _line(item, "significance"),
                    f"city '{item.get('id')}': significance must be {' or '.join(allowed)}",
                )
            rayon = _text(item.get("rayon"))
            if significance == "rayon" and self.oblast_of_rayon.get(rayon) != oblast:
                self.add(
                    yf.name,
                    _line(item, "rayon"),
                    f"city '{item.get('id')}': rayon '{rayon}' is not a rayon of oblast '{oblast}'",
                )
                rayon = None
            elif significance != "rayon" and rayon is not None:
                self.add(
                    yf.name,
                    _line(item, "rayon"),
                    f"city '{item.get('id')}': only a city of rayon significance has a rayon",
                )
                rayon = None
            body = self.check_body(yf, item, line, "mayor", oblast, rayon, significance)
            if body is None:
                continue
            known = self.region_cities.get(body.id)
            if known is None:
                self.add(
                    yf.name,
                    line,
                    f"city '{body.id}' is not in regions.yaml (the place step cannot offer it yet)",
                    "warning",
                )
            elif (
                known.get("oblast") != oblast
                or known.get("rayon") != body.rayon
                or known.get("significance") != significance
            ):
                self.add(yf.name, line, f"city '{body.id}': oblast, rayon or significance differ from regions.yaml")

    def check_body(
        self,
        yf: YamlFile,
        item: Any,
        line: int,
        kind: str,
        oblast: str | None,
        rayon: str | None,
        significance: str | None = None,
    ) -> Body | None:
        if not isinstance(item, dict):
            self.add(yf.name, line, "every body must be a mapping")
            return None
        body_id = item.get("id")
        what = f"'{body_id}'"
        allowed = set(BODY_REQUIRED) | set(BODY_OPTIONAL) | (set(CITY_EXTRA) if kind == "mayor" else set())
        for key in BODY_REQUIRED:
            if key not in item:
                self.add(yf.name, line, f"{what}: '{key}' is missing")
        for key in sorted(set(item) - allowed, key=str):
            self.add(yf.name, _line(item, key), f"{what}: unknown key '{key}'")
        ok = True
        if not isinstance(body_id, str) or not ID_RE.match(body_id):
            self.add(yf.name, _line(item, "id"), f"id {body_id!r} must be lowercase latin letters, digits and '-'")
            ok = False
        elif kind == "aiyl_okmotu" and not body_id.startswith("ao-"):
            self.add(yf.name, _line(item, "id"), f"{what}: an aiyl okmotu's id starts with 'ao-'")
        elif body_id in self.ids:
            self.add(yf.name, _line(item, "id"), f"id '{body_id}' is used twice (also in {self.ids[body_id]})")
            ok = False
        else:
            self.ids[body_id] = f"{yf.name}:{line}"
        for key in ("name", "office"):
            if key in item and not self.check_texts(yf, item, key, what):
                ok = False
        source = _text(item.get("source"))
        if "source" in item and source not in self.sources:
            self.add(yf.name, _line(item, "source"), f"{what}: source '{source}' is not declared in sources.yaml")
        as_of = item.get("as_of")
        if "as_of" in item and as_of is not None and (not isinstance(as_of, date) or isinstance(as_of, str)):
            self.add(yf.name, _line(item, "as_of"), f"{what}: as_of must be a date (YYYY-MM-DD) or null")
            as_of = None
        elif "as_of" in item and as_of is None:
            self.add(yf.name, _line(item, "as_of"), f"{what}: the source is undated (as_of: null)", "warning")
        derived = item.get("derived") or []
        if not isinstance(derived, list) or not all(d in LANGS for d in derived) or len(derived) > 1:
            self.add(
                yf.name, _line(item, "derived"), f"{what}: derived lists the one language not in the source (ky or ru)"
            )
            derived = []
        former = self.check_names(yf, item, "former", what, with_source=True)
        spellings = self.check_names(yf, item, "spellings", what, with_source=False)
        if not ok:
            return None
        body = Body(
            id=body_id,
            kind=kind,
            name=_pair(item["name"]),
            office=_pair(item["office"]),
            rayon=rayon,
            oblast=oblast,
            significance=significance,
            source=str(source),
            as_of=as_of,
            detail=str(item.get("detail") or ""),
            former=tuple(former),
            spellings=tuple(spellings),
            derived=tuple(derived),
        )
        self.bodies.append(body)
        self._lines[body.id] = (yf.name, line)
        return body

    def check_texts(self, yf: YamlFile, item: dict, key: str, what: str) -> bool:
        value = item.get(key)
        if not _both(value):
            self.add(yf.name, _line(item, key), f"{what}: {key} needs both ky and ru texts")
            return False
        good = True
        for extra in sorted(set(value) - set(LANGS), key=str):
            self.add(yf.name, _line(item, key), f"{what}: {key} has an unknown language '{extra}' (only ky and ru)")
            good = False
        if re.search(r"ский|ская|айылный|город|мэрия города", value["ky"]):
            self.add(yf.name, _line(item, key), f"{what}: the ky {key} reads as Russian: {value['ky']!r}")
            good = False
        if re.search(r"[ңөүҢӨҮ]|айыл өкмөтү|шаарынын", value["ru"]):
            self.add(yf.name, _line(item, key), f"{what}: the ru {key} has Kyrgyz letters or words: {value['ru']!r}")
            good = False
        return good

    def check_names(self, yf: YamlFile, item: dict, key: str, what: str, with_source: bool) -> list[dict[str, str]]:
        values = item.get(key)
        if values is None:
            return []
        if not isinstance(values, list):
            self.add(yf.name, _line(item, key), f"{what}: '{key}' must be a list")
            return []
        names = []
        for i, entry in enumerate(values):
            line = values.line_of(i) if isinstance(values, LineList) else _line(item, key)
            name = entry.get("name") if with_source and isinstance(entry, dict) else entry
            if not _both(name):
                self.add(yf.name, line, f"{what}: every {key} entry needs a name in ky and ru")
                continue
            if with_source and _text(entry.get("source")) not in self.sources:
                self.add(yf.name, line, f"{what}: former name {name['ru']!r} needs a source declared in sources.yaml")
            names.append(_pair(name))
        return names

    def check_totals(self) -> None:
        folder = display_name(self.dir, self.knowledge_dir)
        aimaks = sum(1 for b in self.bodies if b.kind == "aiyl_okmotu")
        all_complete = bool(self.coverage) and all(c.complete for c in self.coverage)
        if aimaks != EXPECTED_AIYL_OKMOTUS:
            level = "error" if all_complete else "warning"
            self.add(folder, 1, f"{aimaks} aiyl okmotus listed, expected {EXPECTED_AIYL_OKMOTUS} (law-facts C2)", level)
        for significance, expected in EXPECTED_CITIES.items():
            count = sum(1 for b in self.bodies if b.kind == "mayor" and b.significance == significance)
            if count != expected:
                self.add(folder, 1, f"{count} mayor's offices of {significance} significance, expected {expected}")
        have = {b.id for b in self.bodies if b.kind == "mayor"}
        for city_id in self.region_cities:
            if city_id not in have:
                self.add(folder, 1, f"city '{city_id}' of regions.yaml has no mayor's office in the directory")

    def check_aliases(self) -> None:
        live: dict[str, Body] = {}
        for body in self.bodies:
            for key in _keys_of([body.name, *body.spellings]):
                live.setdefault(key, body)
        for body in self.bodies:
            for old in body.former:
                for key in _keys_of([old]):
                    other = live.get(key)
                    if other is not None and other.id != body.id:
                        file, line = self._lines[body.id]
                        self.add(
                            file,
                            line,
                            f"'{body.id}': former name {old['ru']!r} is the name of the live body '{other.id}'",
                        )


def _line(container: Any, key: Any) -> int:
    if isinstance(container, LineDict):
        return container.line_of(key)
    return getattr(container, "line", 1) or 1


def _pair(value: dict) -> dict[str, str]:
    return {lang: str(value[lang]).strip() for lang in LANGS}


def _text(value: Any) -> str | None:
    """The value when it is a plain string (ids, rayons, sources), else None: a list is no id."""
    return value if isinstance(value, str) else None


def _both(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGS)


def check_directory(
    knowledge_dir: Path | str = DEFAULT_KNOWLEDGE_DIR, regions: Any = None
) -> tuple[list[Problem], Directory]:
    """Every problem in knowledge/bodies/ (errors and warnings), and the directory built from the valid rows."""
    knowledge_dir = Path(knowledge_dir)
    regions = _regions_data(knowledge_dir, regions)
    checker = _Checker(knowledge_dir, regions)
    checker.run()
    order = {"error": 0, "warning": 1}
    problems = sorted(checker.problems, key=lambda p: (order[p.level], p.file, p.line))
    directory = Directory(
        checker.bodies,
        checker.coverage,
        regions if isinstance(regions, dict) else None,
        [str(p) for p in problems if p.level == "warning"],
    )
    return problems, directory


def kb_check_errors(
    knowledge_dir: Path | str = DEFAULT_KNOWLEDGE_DIR, regions: Any = None
) -> list[tuple[str, int, str]]:
    """(file, line, message) for every error in knowledge/bodies/; none when the folder is absent.

    Warnings (a rayon only partly listed, fewer than 230 aiyl okmotus) are not errors: they are in
    `check_directory(...)[0]` and printed by `python -m qa.bodies`.
    """
    problems, _ = check_directory(knowledge_dir, regions)
    return [(p.file, p.line, p.message) for p in problems if p.level == "error"]


def load_directory(knowledge_dir: Path | str = DEFAULT_KNOWLEDGE_DIR, regions: Any = None) -> Directory:
    """The directory, validated; raises BodiesError listing every error."""
    problems, directory = check_directory(knowledge_dir, regions)
    errors = [str(p) for p in problems if p.level == "error"]
    if errors:
        raise BodiesError(errors)
    return directory


@lru_cache(maxsize=4)
def default_directory(knowledge_dir: str = str(DEFAULT_KNOWLEDGE_DIR)) -> Directory:
    """The project's directory, loaded once per process."""
    return load_directory(Path(knowledge_dir))


# ---------------------------------------------------------------- command line


def coverage_table(directory: Directory) -> list[str]:
    lines = []
    by_oblast: dict[str, list[RayonCoverage]] = {}
    for c in directory.coverage:
        by_oblast.setdefault(c.oblast, []).append(c)
    for oblast, rows in by_oblast.items():
        listed = sum(r.listed for r in rows)
        complete = sum(1 for r in rows if r.complete)
        lines.append(f"{oblast}: {listed} aiyl okmotus listed; {complete} of {len(rows)} rayons complete")
        for r in rows:
            expected = "?" if r.expected is None else str(r.expected)
            mark = "complete" if r.complete else "partial"
            lines.append(f"  {r.rayon}: {r.listed} of {expected} ({mark})")
    mayors = sum(1 for b in directory.bodies if b.kind == "mayor")
    lines.append(
        f"total: {len(directory.aiyl_okmotus())} of {EXPECTED_AIYL_OKMOTUS} aiyl okmotus, "
        f"{mayors} of {sum(EXPECTED_CITIES.values())} mayor's offices"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    """`python -m qa.bodies` — check and show coverage; `python -m qa.bodies search TEXT [--lang ru]`."""
    args = sys.argv[1:] if argv is None else argv
    problems, directory = check_directory()
    if args and args[0] == "search":
        lang = "ru" if "--lang" in args and args[-1] == "ru" else "ky"
        text = " ".join(a for a in args[1:] if a not in ("--lang", "ru", "ky"))
        for m in directory.search(text, lang):
            via = f"  (by former name {m.alias[lang]})" if m.alias else ""
            print(f"{m.score:.2f}  {m.body.id}  {m.body.label(lang)}{via}")
        print("name" if looks_like_name(text, directory) else "not a name (a question or a sentence)")
        return 0
    for problem in problems:
        print(problem)
    print("\n".join(coverage_table(directory)))
    return 1 if any(p.level == "error" for p in problems) else 0


if __name__ == "__main__":
    raise SystemExit(main())
