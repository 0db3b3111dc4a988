"""kb-check: validate the knowledge base and report every error as `file:line: message`.

`check_knowledge(path)` collects ALL errors (it never stops at the first) so an editor can fix a
file in one pass. `validate(raw)` is the same check on already-parsed files; `qa.loader` uses it.
Messages are written for a knowledge editor, not a programmer: they say what is wrong and what to do.

Run by hand: `python -m qa.check [knowledge-dir]` (the bot's `python bot.py kb-check` does the same).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

from qa.loader import DEFAULT_KNOWLEDGE_DIR, InvalidDate, KnowledgeError, LineDict, LineList, RawKnowledge, YamlFile, read_raw
from qa import out_of_scope
from qa.bodies import kb_check_errors
from qa.model import LANGS, STATUSES
from qa.rules import RULE_IDS

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_KINDS = ("law", "constitution", "code", "decree", "resolution", "bill", "statistic", "publication")
# An act's reference is its own page in the official legal database (cbd.minjust.gov.kg), in either
# language, in the database's old (/act/view/ru-ru/NNN) or new (/NNN/edition/NNN/ru) address form.
ACT_KINDS = ("law", "constitution", "code", "decree", "resolution")
ACT_PAGE_RE = re.compile(
    r"^https://cbd\.minjust\.gov\.kg/(?:act/view/(?:ru-ru|ky-kg)/\d+(?:/\d+)?(?:\?cl=(?:ru-ru|ky-kg))?"
    r"|\d+(?:-\d+)?/edition/\d+/(?:ru|kg))$"
)
# Words that name the kind of act, not the act: a title made of these and numbers only ("Закон №123")
# tells a villager nothing.
_GENERIC_TITLE_WORDS = frozenset({
    "закон", "закона", "мыйзам", "мыйзамы", "кыргыз", "кыргызской", "республики", "республикасынын", "кр", "от",
    "года", "жылдын", "жылкы", "ж", "г",
})
CONFIDENCES = ("H", "M")
GROUP_IDS = (
    "system", "kenesh", "mayor", "aiyl-okmotu", "constitution", "figures", "places", "complaints",
    "participation", "budget",
)  # fmt: skip

MIN_QUESTIONS = 12
MAX_TITLE = 40

SOURCE_REQUIRED = ("id", "kind", "title", "short", "confidence")
SOURCE_OPTIONAL = ("number", "adopted", "in_force_from", "in_force_until", "url", "note")
ENTRY_REQUIRED = ("id", "group", "title", "questions", "statements")
ENTRY_OPTIONAL = ("keywords", "more", "related", "rule")
STATEMENT_REQUIRED = ("text", "source", "status")
STATEMENT_OPTIONAL = ("article", "part", "valid_from", "valid_until", "as_of", "questions")
MIN_FACET_QUESTIONS, MAX_FACET_QUESTIONS = 2, 6
GROUP_REQUIRED = ("id", "title")


def rule_ids() -> tuple[str, ...]:
    """The computed rules qa.rules knows (read there, so a new rule needs no change here)."""

    return tuple(RULE_IDS)


class _Report:
    """Collects (file, line, message); printed sorted by file order, then line."""

    def __init__(self, file_order: list[str]):
        self._order = {name: i for i, name in enumerate(file_order)}
        self._items: list[tuple[str, int, str]] = []

    def add(self, file: str, line: int, message: str) -> None:
        self._items.append((file, line, message))

    def lines(self) -> list[str]:
        ordered = sorted(
            enumerate(self._items), key=lambda p: (self._order.get(p[1][0], len(self._order)), p[1][1], p[0])
        )
        return [f"{file}:{line}: {message}" for _, (file, line, message) in ordered]


# ---------------------------------------------------------------- generic field checks


def _line(container: Any, key: Any = None) -> int:
    if key is not None and isinstance(container, (LineDict, LineList)):
        return container.line_of(key)
    return getattr(container, "line", 1) or 1


def _keys(r: _Report, file: str, item: LineDict, what: str, required: tuple, optional: tuple) -> None:
    for key, line in item.duplicate_keys:
        r.add(file, line, f"{what}: key '{key}' is given twice")
    for key in required:
        if key not in item:
            r.add(file, item.line, f"{what}: missing '{key}'")
    allowed = required + optional
    for key in item:
        if key not in allowed:
            r.add(file, item.line_of(key), f"{what}: unknown key '{key}' (allowed: {', '.join(allowed)})")


def _per_language(r: _Report, file: str, item: LineDict, key: str, what: str, kind: str) -> LineDict | None:
    """`key`'s value when it is a mapping by language (unknown languages reported), else None."""
    if key not in item:
        return None
    value = item[key]
    if not isinstance(value, dict):
        r.add(file, item.line_of(key), f"{what}: {key} must have a ky {kind} and a ru {kind}")
        return None
    for lang in value:
        if lang not in LANGS:
            r.add(file, value.line_of(lang), f"{what}: {key} has unknown language '{lang}' (use ky and ru)")
    return value


def _texts(r: _Report, file: str, item: LineDict, key: str, what: str, max_len: int | None = None) -> None:
    """A {ky: ..., ru: ...} value: both languages present, non-empty text."""
    value = _per_language(r, file, item, key, what, "text")
    if value is None:
        return
    line = item.line_of(key)
    for lang in LANGS:
        if lang not in value:
            r.add(file, line, f"{what}: {key} has no {lang} text")
        elif not isinstance(value[lang], str) or not value[lang].strip():
            r.add(file, value.line_of(lang), f"{what}: {key} {lang} text is empty or not text")
        elif max_len is not None and len(value[lang].strip()) > max_len:
            r.add(
                file,
                value.line_of(lang),
                f"{what}: {key} {lang} is {len(value[lang].strip())} characters (at most {max_len}, it is a button)",
            )


def _date(r: _Report, file: str, item: LineDict, key: str, what: str) -> date | None:
    """An optional date field: null, an unquoted YYYY-MM-DD, or the same as a quoted string."""
    if key not in item or item[key] is None:
        return None
    value = item[key]
    line = item.line_of(key)
    if isinstance(value, datetime):
        r.add(file, line, f"{what}: {key} must be a date without a time (YYYY-MM-DD)")
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and not isinstance(value, InvalidDate):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    r.add(file, line, f"{what}: {key} '{value}' is not a valid date (write YYYY-MM-DD)")
    return None


def _optional_text(r: _Report, file: str, item: LineDict, key: str, what: str, allow_int: bool = False) -> None:
    value = item.get(key)
    if value is None or isinstance(value, str) or (allow_int and isinstance(value, int) and not isinstance(value, bool)):
        return
    r.add(file, item.line_of(key), f"{what}: {key} must be text or null")


def _top_list(r: _Report, yf: YamlFile, key: str) -> list:
    """The list under the file's top-level key, or [] with an error."""
    data = yf.data
    if data is None:
        if not yf.errors:  # empty file
            r.add(yf.name, 1, f"the file is empty; it must start with '{key}:'")
        return []
    if not isinstance(data, dict) or key not in data:
        r.add(yf.name, 1, f"the file must start with '{key}:' followed by a list")
        return []
    items = data[key]
    if items is None:
        return []
    if not isinstance(items, list):
        r.add(yf.name, data.line_of(key), f"'{key}:' must be a list (items start with '- ')")
        return []
    for key_name in data:
        if key_name != key:
            r.add(yf.name, data.line_of(key_name), f"unknown top-level key '{key_name}' (only '{key}:')")
    good = []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            good.append(item)
        else:
            r.add(yf.name, items.line_of(index), f"item {index + 1} of '{key}:' must be a mapping (key: value lines)")
    return good


def _id(r: _Report, file: str, item: LineDict, what: str) -> str | None:
    value = item.get("id")
    if value is None:
        return None
    if not isinstance(value, str) or not ID_RE.match(value):
        r.add(file, item.line_of("id"), f"{what}: id '{value}' must be lowercase latin letters, digits and '-'")
        return None
    return value


# ---------------------------------------------------------------- numbers parity (ky vs ru)

_DOTTED_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
# A leading group of 1-3 digits followed by thousands groups: "15 000", "15 000", "15,000", "1 000 000".
# A 4-digit lead is not grouped, so "2024 264" stays a year and a count.
_NUMBER = re.compile(r"(?<!\d)(\d{1,3}(?:[ \u00a0\u202f,]\d{3})+|\d+)(?!\d)")
_MONTHS = (
    ("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("ма[йяе]", 5), ("июн", 6),
    ("июл", 7), ("август", 8), ("сентябр", 9), ("октябр", 10), ("ноябр", 11), ("декабр", 12),
)  # fmt: skip
_MONTH_RE = re.compile(
    r"(?<![\w])(" + "|".join(stem for stem, _ in _MONTHS) + r")(?!рам)\w*", re.IGNORECASE
)  # "майрам" (holiday) is not May


def _month_number(word: str) -> int:
    for stem, number in _MONTHS:
        if re.match(stem, word, re.IGNORECASE):
            return number
    return 0


def numbers_in_text(text: str) -> Counter:
    """The numbers and months a text states, as a multiset: {"15000": 1, "month:10": 1, ...}."""
    found: Counter = Counter()

    def dotted(match: re.Match) -> str:
        day, month, year = (int(g) for g in match.groups())
        found[str(day)] += 1
        found[f"month:{month}"] += 1
        found[str(year)] += 1
        return " "

    text = _DOTTED_DATE.sub(dotted, text)
    for match in _NUMBER.finditer(text):
        found[str(int(re.sub(r"[ \u00a0\u202f,]", "", match.group(1))))] += 1
    for match in _MONTH_RE.finditer(text):
        found[f"month:{_month_number(match.group(1))}"] += 1
    return found


def _describe(counter: Counter) -> str:
    months = ("", "January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip
    parts = []
    for key, count in sorted(counter.items()):
        label = months[int(key[6:])] if key.startswith("month:") else key
        parts.extend([label] * count)
    return ", ".join(parts)


def _parity(r: _Report, file: str, item: LineDict, key: str, what: str) -> None:
    value = item.get(key)
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) for lang in LANGS):
        return
    ky, ru = numbers_in_text(value["ky"]), numbers_in_text(value["ru"])
    if ky != ru:
        only_ky, only_ru = ky - ru, ru - ky
        details = []
        if only_ky:
            details.append(f"only in ky: {_describe(only_ky)}")
        if only_ru:
            details.append(f"only in ru: {_describe(only_ru)}")
        r.add(file, item.line_of(key), f"{what}: {key} ky and ru state different numbers or dates ({'; '.join(details)})")


# ---------------------------------------------------------------- counts of places (vs regions.yaml)

_N = r"(?<![\w.,])(\d{1,3})(?![\w]|[.,]\d)"
_PLACE_NOUNS = {
    "aiyl_aimaks": r"айыл\w*\s+(?:аймаг|аймак|өкмөт|окмот)\w*",
    "cities": r"(?:шаар(?!дык)\w*|город(?:а|ов|ах)?(?!\w))",
    "oblasts": r"(?:облус(?!тук)\w*|област(?:ь|и|ей|ях)(?!\w))",
    "rayons": r"(?:район(?:у|а|ов|дор|дун)?(?!\w))",
}
_COUNT_RES = {
    what: (re.compile(_N + r"\s+" + noun, re.IGNORECASE), re.compile(noun + r"\s+" + _N + r"(?!\s*(?:%|пайыз|процент))", re.IGNORECASE))
    for what, noun in _PLACE_NOUNS.items()
}


class _Counts:
    """The counts regions.yaml gives (a city count may also be one of the counts by significance)."""

    def __init__(self, regions: Any):
        self.allowed: dict[str, set[int]] = {}
        self.since: date | None = None
        if not isinstance(regions, dict) or not isinstance(regions.get("oblasts"), list):
            return
        oblasts = [o for o in regions["oblasts"] if isinstance(o, dict)]
        republican = [c for c in regions.get("republican_cities") or () if isinstance(c, dict)]
        cities = [c for o in oblasts for c in o.get("cities") or () if isinstance(c, dict)]
        by_significance: Counter = Counter(c.get("significance") for c in cities)
        self.allowed["oblasts"] = {len(oblasts)}
        self.allowed["rayons"] = {sum(len(o.get("rayons") or ()) for o in oblasts)}
        self.allowed["cities"] = {len(cities) + len(republican), len(republican), *by_significance.values()}
        counts = regions.get("counts")
        if isinstance(counts, dict):
            if isinstance(counts.get("aiyl_aimaks"), int):
                self.allowed["aiyl_aimaks"] = {counts["aiyl_aimaks"]}
            since = counts.get("since")
            self.since = since if isinstance(since, date) else None

    def wrong(self, text: str) -> list[tuple[str, int]]:
        found = []
        for what, patterns in _COUNT_RES.items():
            allowed = self.allowed.get(what)
            if not allowed:
                continue
            for pattern in patterns:
                for match in pattern.finditer(text):
                    number = int(next(g for g in match.groups() if g))
                    if number not in allowed:
                        found.append((what, number))
        return found


def _check_counts(r: _Report, ctx: _EntryContext) -> None:
    counts = ctx.counts
    if counts is None or not counts.allowed:
        return
    for file, line, what, text, status, as_of in ctx.texts:
        # A figure of its own date (e.g. 231 aiyl aimaks in Nov 2024) stays true of that date.
        if status == "statistic" and as_of is not None and counts.since is not None and as_of < counts.since:
            continue
        for kind, number in counts.wrong(text):
            expected = ", ".join(str(n) for n in sorted(counts.allowed[kind]))
            r.add(
                file,
                line,
                f"{what}: says {number} {kind.replace('_', ' ')}, but regions.yaml gives {expected}; "
                "a figure of an earlier date belongs in a statistic statement with its as_of",
            )


# ---------------------------------------------------------------- sources and groups


def _check_title_names_the_act(r: _Report, file: str, item: LineDict, what: str) -> None:
    title = item.get("title")
    if not isinstance(title, dict):
        return
    for lang in LANGS:
        text = title.get(lang)
        if not isinstance(text, str) or not text.strip():
            continue
        words = [w for w in re.findall(r"[^\W\d_]+", text.casefold()) if w not in _GENERIC_TITLE_WORDS]
        if len(words) < 2:
            r.add(
                file,
                title.line_of(lang),
                f"{what}: title {lang} '{text.strip()}' gives only the kind and number of the act; "
                "write its real title (what it is about)",
            )


def _check_url(r: _Report, file: str, item: LineDict, what: str, kind: Any) -> None:
    url = item.get("url")
    if url is None:
        return
    line = item.line_of("url")
    if not isinstance(url, str) or not url.startswith("https://"):
        r.add(file, line, f"{what}: url must start with https:// (or be null)")
        return
    if kind in ACT_KINDS:
        if not ACT_PAGE_RE.match(url):
            r.add(
                file,
                line,
                f"{what}: url '{url}' is not the act's own page in the official database "
                "(https://cbd.minjust.gov.kg/act/view/ru-ru/NNNNN); leave it null when the page is not known",
            )
        return
    path = url[len("https://"):].partition("/")[2]
    if not path.strip("/") or path.strip("/") in ("ru", "ky", "kg", "en", "index.html", "index.php"):
        r.add(file, line, f"{what}: url '{url}' is a site's home page, not the page of the publication")


class _SourceInfo:
    def __init__(self, confidence: Any, from_: date | None, until: date | None, dated: bool = True):
        self.confidence = confidence
        self.in_force_from = from_
        self.in_force_until = until
        self.dated = dated  # in_force_from is given (an invalid date is reported on its own)


def _check_sources(r: _Report, yf: YamlFile) -> dict[str, _SourceInfo]:
    sources: dict[str, _SourceInfo] = {}
    seen: dict[str, int] = {}
    for item in _top_list(r, yf, "sources"):
        what = f"source '{item.get('id', '?')}'"
        _keys(r, yf.name, item, what, SOURCE_REQUIRED, SOURCE_OPTIONAL)
        source_id = _id(r, yf.name, item, what)
        if source_id in seen:
            r.add(yf.name, item.line_of("id"), f"{what}: id is used twice (first at line {seen[source_id]})")
        kind = item.get("kind")
        if "kind" in item and kind not in SOURCE_KINDS:
            r.add(yf.name, item.line_of("kind"), f"{what}: kind '{kind}' is not one of {', '.join(SOURCE_KINDS)}")
        confidence = item.get("confidence")
        if confidence == "L":
            r.add(
                yf.name,
                item.line_of("confidence"),
                f"{what}: confidence L is not allowed (an L fact is never stated); confirm it to M or H, or leave it out",
            )
        elif "confidence" in item and confidence not in CONFIDENCES:
            r.add(yf.name, item.line_of("confidence"), f"{what}: confidence must be H or M, not '{confidence}'")
        _texts(r, yf.name, item, "title", what)
        _texts(r, yf.name, item, "short", what)
        _optional_text(r, yf.name, item, "number", what, allow_int=True)
        _optional_text(r, yf.name, item, "note", what)
        _check_title_names_the_act(r, yf.name, item, what)
        _check_url(r, yf.name, item, what, kind)
        _date(r, yf.name, item, "adopted", what)
        from_ = _date(r, yf.name, item, "in_force_from", what)
        until = _date(r, yf.name, item, "in_force_until", what)
        if from_ and until and from_ >= until:
            r.add(yf.name, item.line_of("in_force_until"), f"{what}: in_force_until {until} is not after in_force_from {from_}")
        if source_id and source_id not in seen:
            seen[source_id] = item.line_of("id")
            sources[source_id] = _SourceInfo(confidence, from_, until, item.get("in_force_from") is not None)
    return sources


def _check_groups(r: _Report, yf: YamlFile) -> set[str]:
    groups: dict[str, int] = {}
    for item in _top_list(r, yf, "groups"):
        what = f"group '{item.get('id', '?')}'"
        _keys(r, yf.name, item, what, GROUP_REQUIRED, ())
        group_id = _id(r, yf.name, item, what)
        if group_id in groups:
            r.add(yf.name, item.line_of("id"), f"{what}: id is used twice (first at line {groups[group_id]})")
        elif group_id is not None:
            if group_id not in GROUP_IDS:
                r.add(yf.name, item.line_of("id"), f"{what}: not one of the topic groups ({', '.join(GROUP_IDS)})")
            groups[group_id] = item.line_of("id")
        _texts(r, yf.name, item, "title", what, MAX_TITLE)
    return set(groups)


# ---------------------------------------------------------------- entries


def _normalise_question(text: str) -> str:
    text = "".join(" " if unicodedata.category(ch).startswith(("P", "S")) else ch for ch in text.casefold())
    return " ".join(text.split())


class _EntryContext:
    def __init__(self, sources: dict[str, _SourceInfo], groups: set[str], rules: set[str], today: date):
        self.sources = sources
        self.groups = groups
        self.rules = rules
        self.today = today
        self.entry_ids: dict[str, str] = {}  # id -> "file:line"
        self.questions: dict[str, tuple[str, str]] = {}  # normalised question -> (entry id, "file:line")
        self.related: list[tuple[str, int, str, str]] = []  # (file, line, entry id, related id)
        self.facets: list[tuple[str, int, str, str, str]] = []  # (file, line, statement, lang, question)
        self.counts: _Counts | None = None
        self.texts: list[tuple[str, int, str, str, str | None, date | None]] = []  # (file, line, what, text, status, as_of)


def _check_questions(r: _Report, file: str, item: LineDict, what: str, ctx: _EntryContext, entry_id: str | None) -> None:
    questions = _per_language(r, file, item, "questions", what, "list")
    if questions is None:
        return
    line = item.line_of("questions")
    for lang in LANGS:
        listed = questions.get(lang)
        if listed is None:
            r.add(file, line, f"{what}: questions has no {lang} list")
            continue
        if not isinstance(listed, list):
            r.add(file, questions.line_of(lang), f"{what}: questions {lang} must be a list")
            continue
        texts = [q for q in listed if isinstance(q, str) and q.strip()]
        for index, question in enumerate(listed):
            if not (isinstance(question, str) and question.strip()):
                r.add(file, listed.line_of(index), f"{what}: example question {index + 1} ({lang}) is empty or not text")
        if len(texts) < MIN_QUESTIONS:
            r.add(
                file,
                questions.line_of(lang),
                f"{what}: only {len(texts)} example questions in {lang} (at least {MIN_QUESTIONS} needed)",
            )
        in_entry: set[str] = set()
        for index, question in enumerate(listed):
            if not (isinstance(question, str) and question.strip()):
                continue
            key = _normalise_question(question)
            q_line = listed.line_of(index)
            if key in in_entry:
                r.add(file, q_line, f"{what}: example question '{question}' ({lang}) is listed twice")
                continue
            in_entry.add(key)
            other = ctx.questions.get(key)
            if other is not None and other[0] != entry_id:
                r.add(file, q_line, f"{what}: example question '{question}' ({lang}) is also in entry '{other[0]}' ({other[1]})")
            elif other is None:
                ctx.questions[key] = (entry_id or "?", f"{file}:{q_line}")


def _check_keywords(r: _Report, file: str, item: LineDict, what: str) -> None:
    if item.get("keywords") is None:  # optional, and an empty `keywords:` is allowed
        return
    keywords = _per_language(r, file, item, "keywords", what, "list")
    if keywords is None:
        return
    for lang in LANGS:
        listed = keywords.get(lang)
        if not isinstance(listed, list) or not listed:
            r.add(file, item.line_of("keywords"), f"{what}: keywords has no {lang} list")
            continue
        for index, word in enumerate(listed):
            if not (isinstance(word, str) and word.strip()):
                r.add(file, listed.line_of(index), f"{what}: keyword {index + 1} ({lang}) is empty or not text")


def _collect_texts(ctx: _EntryContext, file: str, item: LineDict, key: str, what: str, status: Any, as_of: Any) -> None:
    value = item.get(key)
    if not isinstance(value, dict):
        return
    as_of = as_of if isinstance(as_of, date) else None
    for lang in LANGS:
        if isinstance(value.get(lang), str):
            ctx.texts.append((file, value.line_of(lang), f"{what}: {key} {lang}", value[lang], status, as_of))


def _check_facet_questions(r: _Report, file: str, st: LineDict, what: str, ctx: _EntryContext) -> None:
    """`questions:` of one statement: how residents ask for that one fact, 2-6 per language."""
    if "questions" not in st:
        return
    facets = _per_language(r, file, st, "questions", what, "list")
    if facets is None:
        return
    for lang in LANGS:
        listed = facets.get(lang)
        if not isinstance(listed, list):
            r.add(file, st.line_of("questions"), f"{what}: questions has no {lang} list")
            continue
        texts = [q for q in listed if isinstance(q, str) and q.strip()]
        for index, question in enumerate(listed):
            if not (isinstance(question, str) and question.strip()):
                r.add(file, listed.line_of(index), f"{what}: question {index + 1} ({lang}) is empty or not text")
        if not MIN_FACET_QUESTIONS <= len(texts) <= MAX_FACET_QUESTIONS:
            r.add(
                file,
                facets.line_of(lang),
                f"{what}: {len(texts)} question(s) in {lang} (give {MIN_FACET_QUESTIONS} to {MAX_FACET_QUESTIONS})",
            )
        for index, question in enumerate(listed):
            if isinstance(question, str) and question.strip():
                ctx.facets.append((file, listed.line_of(index), what, lang, question))


def _check_statement(r: _Report, file: str, st: LineDict, what: str, ctx: _EntryContext) -> str | None:
    """Returns the statement's status when valid."""
    _keys(r, file, st, what, STATEMENT_REQUIRED, STATEMENT_OPTIONAL)
    _texts(r, file, st, "text", what)
    _parity(r, file, st, "text", what)
    _collect_texts(ctx, file, st, "text", what, st.get("status"), st.get("as_of"))
    _optional_text(r, file, st, "article", what, allow_int=True)
    _optional_text(r, file, st, "part", what, allow_int=True)
    if st.get("part") is not None and st.get("article") is None:
        r.add(file, st.line_of("part"), f"{what}: part is given without its article")
    _check_facet_questions(r, file, st, what, ctx)
    status = st.get("status")
    if "status" in st and status not in STATUSES:
        r.add(file, st.line_of("status"), f"{what}: status '{status}' is not one of {', '.join(STATUSES)}")
        status = None
    valid_from = _date(r, file, st, "valid_from", what)
    valid_until = _date(r, file, st, "valid_until", what)
    as_of = _date(r, file, st, "as_of", what)
    today = ctx.today
    if status == "statistic" and as_of is None and "as_of" not in st:
        r.add(file, st.line, f"{what}: status statistic needs as_of (the date the figure describes)")
    if as_of is not None and as_of > today:
        r.add(file, st.line_of("as_of"), f"{what}: as_of {as_of} is in the future")
    if valid_from and valid_until and valid_from >= valid_until:
        r.add(file, st.line_of("valid_until"), f"{what}: valid_until {valid_until} is not after valid_from {valid_from}")

    source_id = st.get("source")
    if "source" not in st:
        return status
    source = ctx.sources.get(source_id) if isinstance(source_id, str) else None
    if source is None:
        r.add(file, st.line_of("source"), f"{what}: unknown source '{source_id}' (not in sources.yaml)")
        return status
    s_from, s_until = source.in_force_from, source.in_force_until
    if valid_from and s_from and valid_from < s_from:
        r.add(file, st.line_of("valid_from"), f"{what}: valid_from {valid_from} is before source '{source_id}' came into force ({s_from})")
    if valid_from and s_until and valid_from >= s_until:
        r.add(file, st.line_of("valid_from"), f"{what}: valid_from {valid_from} is after source '{source_id}' ceased ({s_until})")
    if valid_until and s_until and valid_until > s_until:
        r.add(file, st.line_of("valid_until"), f"{what}: valid_until {valid_until} is after source '{source_id}' ceased ({s_until})")
    if valid_until and s_from and valid_until <= s_from:
        r.add(file, st.line_of("valid_until"), f"{what}: valid_until {valid_until} is before source '{source_id}' came into force ({s_from})")

    ends = valid_until or s_until
    if status in ("current", "unconfirmed"):
        if s_until and s_until <= today:
            r.add(
                file,
                st.line_of("status"),
                f"{what}: status {status} but source '{source_id}' is no longer in force (since {s_until}); "
                "use status former and name the period",
            )
        elif valid_until and valid_until <= today:
            r.add(file, st.line_of("status"), f"{what}: status {status} but valid_until {valid_until} is in the past; use status former")
        if s_from and s_from > today:
            r.add(file, st.line_of("status"), f"{what}: status {status} but source '{source_id}' is not in force yet (from {s_from})")
        if status == "current" and not source.dated and not (s_until and s_until <= today):
            r.add(
                file,
                st.line_of("status"),
                f"{what}: status current needs a dated source; source '{source_id}' has no in_force_from: "
                "date it, or use status unconfirmed",
            )
        if status == "current" and source.confidence == "M":
            r.add(
                file,
                st.line_of("status"),
                f"{what}: status current needs a confirmed source (confidence H); source '{source_id}' is M: use status unconfirmed",
            )
    elif status == "former" and (ends is None or ends > today):
        r.add(
            file,
            st.line_of("status"),
            f"{what}: status former but no end date in the past; set valid_until (or the source's in_force_until)",
        )
    return status


def _check_entry(r: _Report, file: str, item: LineDict, ctx: _EntryContext) -> None:
    what = f"entry '{item.get('id', '?')}'"
    _keys(r, file, item, what, ENTRY_REQUIRED, ENTRY_OPTIONAL)
    entry_id = _id(r, file, item, what)
    if entry_id is not None:
        if entry_id in ctx.entry_ids:
            r.add(file, item.line_of("id"), f"{what}: id is used twice (first at {ctx.entry_ids[entry_id]})")
        else:
            ctx.entry_ids[entry_id] = f"{file}:{item.line_of('id')}"
    group = item.get("group")
    if "group" in item and group not in ctx.groups:
        r.add(file, item.line_of("group"), f"{what}: group '{group}' is not in groups.yaml")
    _texts(r, file, item, "title", what, MAX_TITLE)
    _check_questions(r, file, item, what, ctx, entry_id)
    _check_keywords(r, file, item, what)
    if "more" in item and item["more"] is not None:
        _texts(r, file, item, "more", what)
        _parity(r, file, item, "more", what)
        _collect_texts(ctx, file, item, "more", what, None, None)

    rule = item.get("rule")
    if rule is not None:
        if rule not in rule_ids():
            r.add(file, item.line_of("rule"), f"{what}: rule '{rule}' is not known (known: {', '.join(rule_ids())})")
        elif rule not in ctx.rules:
            r.add(file, item.line_of("rule"), f"{what}: rule '{rule}' has no data in rules.yaml")

    related = item.get("related")
    if related is not None:
        if not isinstance(related, list):
            r.add(file, item.line_of("related"), f"{what}: related must be a list of entry ids")
        else:
            for index, other in enumerate(related):
                ctx.related.append((file, related.line_of(index), entry_id or "?", other))

    statements = item.get("statements")
    if "statements" not in item:
        return
    if not isinstance(statements, list) or not statements:
        r.add(file, item.line_of("statements"), f"{what}: statements must be a non-empty list")
        return
    first_former: tuple[int, int] | None = None  # (statement number, line)
    for index, st in enumerate(statements):
        st_what = f"statement {index + 1} of {what}"
        if not isinstance(st, dict):
            r.add(file, statements.line_of(index), f"{st_what}: must be a mapping (text:, source:, status: ...)")
            continue
        status = _check_statement(r, file, st, st_what, ctx)
        if status == "former" and first_former is None:
            first_former = (index + 1, st.line)
        elif status in ("current", "unconfirmed") and first_former is not None:
            r.add(
                file,
                first_former[1],
                f"statement {first_former[0]} of {what}: former statement comes before the {status} one "
                f"(statement {index + 1}); put the rule in force today first",
            )
            first_former = None  # one message per inversion is enough


def _check_entries(r: _Report, files: list[YamlFile], ctx: _EntryContext) -> None:
    for yf in files:
        for item in _top_list(r, yf, "entries"):
            _check_entry(r, yf.name, item, ctx)
    seen_facets: dict[str, str] = {}
    for file, line, what, lang, question in ctx.facets:
        key = _normalise_question(question)
        if key in ctx.questions:
            other = ctx.questions[key]
            r.add(file, line, f"{what}: question '{question}' ({lang}) is already an example question of entry '{other[0]}' ({other[1]})")
        elif key in seen_facets:
            r.add(file, line, f"{what}: question '{question}' ({lang}) is also a question of {seen_facets[key]}")
        else:
            seen_facets[key] = what
    for file, line, entry_id, other in ctx.related:
        if other == entry_id:
            r.add(file, line, f"entry '{entry_id}': related lists the entry itself")
        elif other not in ctx.entry_ids:
            r.add(file, line, f"entry '{entry_id}': related entry '{other}' does not exist")


# ---------------------------------------------------------------- rules.yaml and regions.yaml


def _check_rules(r: _Report, yf: YamlFile) -> set[str]:
    data = yf.data
    if data is None:
        return set()
    if not isinstance(data, dict) or not isinstance(data.get("rules"), dict):
        r.add(yf.name, 1, "the file must start with 'rules:' followed by one mapping per rule id")
        return set()
    rules = data["rules"]
    for rule_id in rules:
        if rule_id not in rule_ids():
            r.add(yf.name, rules.line_of(rule_id), f"rule '{rule_id}' is not known (known: {', '.join(rule_ids())})")
    from qa.rules import validate_rule_data  # imported late: qa.rules is not needed to read the base

    for rule_id, problems in validate_rule_data(rules).items():
        for line, message in problems:
            r.add(yf.name, line, f"rule '{rule_id}': {message}")
    return {k for k in rules if k in rule_ids()}


def _check_regions(r: _Report, yf: YamlFile) -> None:
    if yf.data is None:
        return
    from qa.regions import validate_regions

    for line, message in validate_regions(yf.data):
        r.add(yf.name, line, message)


# ---------------------------------------------------------------- entry points


def validate(raw: RawKnowledge, today: date | None = None) -> list[str]:
    today = today or date.today()
    r = _Report([f.name for f in raw.files()])
    for yf in raw.files():
        for error in yf.errors:
            file, line, message = error.split(":", 2)
            r.add(file, int(line), message.strip())
    sources = _check_sources(r, raw.sources)
    groups = _check_groups(r, raw.groups)
    rules = _check_rules(r, raw.rules)
    ctx = _EntryContext(sources, groups, rules, today)
    ctx.counts = _Counts(raw.regions.data)
    _check_entries(r, raw.entries, ctx)
    _check_counts(r, ctx)
    _check_regions(r, raw.regions)
    for file, line, message in kb_check_errors(raw.root, raw.regions.data):
        r.add(file, line, message)
    _check_out_of_scope(r, raw.root, today)
    return r.lines()


def _check_out_of_scope(r: _Report, root: Path, today: date) -> None:
    """The table of needs the bot is not for (passports, loans…) and where to go instead."""
    try:
        out_of_scope.load(root, today)
    except KnowledgeError as error:
        for message in error.errors:
            file, _, rest = message.partition(": ")
            r.add(file, 1, rest)


def check_knowledge(path: Path | str = DEFAULT_KNOWLEDGE_DIR, today: date | None = None) -> list[str]:
    """Every error in the knowledge base at `path`, as `file:line: message` (empty when valid)."""
    return validate(read_raw(Path(path)), today=today)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    errors = check_knowledge(Path(args[0]) if args else DEFAULT_KNOWLEDGE_DIR)
    for line in errors:
        print(line)
    if errors:
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    print("knowledge base OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
