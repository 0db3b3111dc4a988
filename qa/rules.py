"""Computed rules: the data and texts are in knowledge/rules.yaml, this module only evaluates them.

- deputies_count: the number of deputies of a local kenesh, under the 2011 table (Law No. 101,
  art. 23, repealed) and under the autumn 2024 law (unconfirmed, counts voters).
- appeal_deadline: when an appeal must be registered and answered (Law No. 67 of 2007).
- eligibility_2011: whether a person met the 2011 requirements for mayor or aiyl okmotu head.

`evaluate(rule_id, kb, question, today)` returns computed statements when the question gives what the
rule needs, or None (the entry's own statements are used then). The pure functions
(`deputies_2011`, `deputies_current`, `registration_deadline`, `answer_due_date`,
`check_eligibility_2011`) are used by tests and by the complaints service.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from qa.model import KnowledgeBase, Statement
from qa.numbers import find_numbers, format_number

RULE_IDS = ("deputies_count", "appeal_deadline", "eligibility_2011")
RULES_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "rules.yaml"

# Kyrgyz public holidays with a fixed date (Labour Code). Orozo ait and Kurman ait move with the
# lunar calendar and are declared each year, and days off moved by government decree are not known
# in advance: neither is modelled, so a computed deadline can be a day early around those dates.
FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1),  # New Year
    (1, 7),  # Orthodox Christmas
    (2, 23),  # Defender of the Fatherland Day
    (3, 8),  # International Women's Day
    (3, 21),  # Nooruz
    (5, 1),  # Labour Day
    (5, 5),  # Constitution Day
    (5, 9),  # Victory Day
    (8, 31),  # Independence Day
    (11, 7),  # Days of History and Remembrance of Ancestors
    (11, 8),
)


@lru_cache(maxsize=1)
def _default_rules() -> dict:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")) or {}
    return data.get("rules", {})


def _rules_of(kb: KnowledgeBase | None) -> dict:
    if kb is None or not kb.rules:
        return _default_rules()
    return kb.rules.get("rules", kb.rules)


def _fill(template: dict[str, str], **values: Any) -> dict[str, str]:
    """Render a {ky, ru} template; values may be plain or per-language {ky, ru} dicts."""
    out = {}
    for lang, text in template.items():
        local = {k: (v[lang] if isinstance(v, dict) else v) for k, v in values.items()}
        out[lang] = text.format_map(local)
    return out


def _join(*parts: dict[str, str]) -> dict[str, str]:
    return {lang: " ".join(p[lang] for p in parts) for lang in ("ky", "ru")}


def _statement(text: dict[str, str], part: dict, article: Any = None) -> Statement:
    article = part.get("article") if article is None else article
    return Statement(
        text=text,
        source=part["source"],
        article=None if article is None else str(article),
        status=part["status"],
        valid_from=None,
        valid_until=None,
    )


# ------------------------------------------------------------------ deputies_count


def _bracket(brackets: list[dict], count: int) -> int:
    for bracket in brackets:
        if bracket.get("up_to") is None or count <= bracket["up_to"]:
            return int(bracket["deputies"])
    raise ValueError("rules.yaml: the last bracket must have up_to: null")


def deputies_2011(population: int | None = None, city: str | None = None, data: dict | None = None) -> int:
    """Deputies under Law No. 101 art. 23 (2011 table): Bishkek/Osh 45; else 11 / 21 / 31 by population."""
    part = (data or _default_rules())["deputies_count"]["former"]
    if city is not None:
        return int(part["special_cities"][city])
    if population is None:
        raise ValueError("give a population or a city")
    return _bracket(part["brackets"], population)


def deputies_current(
    population: int | None = None, voters: int | None = None, city: str | None = None, data: dict | None = None
) -> tuple[int | None, str]:
    """Deputies under the autumn 2024 law (unconfirmed): Bishkek/Osh 51; else 31 up to 70 000 voters, 41 above.

    Returns (deputies, note). note is "city", "voters", "population_within_threshold" (voters are never
    more than residents, so a small population settles it) or "depends_on_voters" (deputies is None).
    """
    part = (data or _default_rules())["deputies_count"]["current"]
    brackets = part["brackets"]
    if city is not None:
        return int(part["special_cities"][city]), "city"
    if voters is not None:
        return _bracket(brackets, voters), "voters"
    if population is None:
        raise ValueError("give a population, a number of voters or a city")
    first_limit = brackets[0].get("up_to")
    if first_limit is None or population <= first_limit:
        return int(brackets[0]["deputies"]), "population_within_threshold"
    return None, "depends_on_voters"


def find_special_city(text: str, data: dict | None = None) -> str | None:
    """'bishkek' / 'osh' when the text names the city (not "Ош облусу"), else None."""
    rule = (data or _default_rules())["deputies_count"]
    words = re.findall(r"\w+", text.casefold())
    stop = tuple(rule.get("not_city_if_next_word", ()))
    for index, word in enumerate(words):
        for city, spec in rule["special_cities"].items():
            if any(re.fullmatch(pattern, word) for pattern in spec["match"]):
                following = words[index + 1] if index + 1 < len(words) else ""
                if stop and following.startswith(stop):
                    continue
                return city
    return None


_COUNT_OF_SEATS = re.compile(r"[\s-]*(депутат|deputat|орун|мест|мандат)", re.IGNORECASE)


def _quantity(question: str) -> int | None:
    """The population or voters in the question: the largest number that is not a count of seats."""
    values = [v for v, _, end in find_numbers(question) if not _COUNT_OF_SEATS.match(question[end:])]
    return max(values) if values else None


def _evaluate_deputies(rules: dict, question: str) -> list[Statement] | None:
    rule = rules["deputies_count"]
    city = find_special_city(question, rules)
    quantity = None if city else _quantity(question)
    if city is None and quantity is None:
        return None
    lowered = question.casefold()
    is_voters = quantity is not None and any(w in lowered for w in rule.get("voter_words", ()))
    current, former = rule["current"], rule["former"]
    ct, ft = current["text"], former["text"]

    if city is not None:
        in_city = rule["special_cities"][city]["in_city"]
        now, _ = deputies_current(city=city, data=rules)
        then = deputies_2011(city=city, data=rules)
        return [
            _statement(_fill(ct["city"], in_city=in_city, deputies=now), current),
            _statement(_fill(ft["city"], in_city=in_city, deputies=then), former),
        ]
    shown = format_number(quantity)
    if is_voters:
        now, _ = deputies_current(voters=quantity, data=rules)
        return [
            _statement(_join(_fill(ct["rule"]), _fill(ct["by_voters"], voters=shown, deputies=now)), current),
            _statement(_fill(ft["by_voters"]), former),
        ]
    now, note = deputies_current(population=quantity, data=rules)
    then = deputies_2011(population=quantity, data=rules)
    if note == "depends_on_voters":
        current_text = _join(_fill(ct["rule"]), _fill(ct["population_above_threshold"], population=shown))
    else:
        current_text = _join(_fill(ct["rule"]), _fill(ct["by_population"], population=shown, deputies=now))
    return [
        _statement(current_text, current),
        _statement(_fill(ft["by_population"], population=shown, deputies=then), former),
    ]


# ------------------------------------------------------------------ appeal_deadline


def is_working_day(day: date, holidays: Iterable[tuple[int, int]] = FIXED_HOLIDAYS) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in set(holidays)


def add_working_days(start: date, days: int, holidays: Iterable[tuple[int, int]] = FIXED_HOLIDAYS) -> date:
    """The day on which `days` working days after `start` have passed (start itself not counted)."""
    holidays = set(holidays)
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            days -= 1
    return day


def registration_deadline(received: date, working_days: int = 1) -> date:
    """Law No. 67: an appeal is registered within 1 working day, i.e. by the next working day."""
    return add_working_days(received, working_days)


def answer_due_date(registered: date, days: int = 14, working_days: bool = False) -> date:
    """Law No. 67: the answer is due within 14 calendar days of registration.

    `days` and `working_days` are parameters because a bill would make it 10 working days. Whether a
    calendar deadline that falls on a day off moves to the next working day is not modelled.
    """
    if working_days:
        return add_working_days(registered, days)
    return registered + timedelta(days=days)


_MONTH_STEMS = (
    (1, ("январ", "yanvar", "january")), (2, ("феврал", "fevral", "february")), (3, ("март", "mart", "march")),
    (4, ("апрел", "aprel", "april")), (5, ("май", "мая", "мае", "may")), (6, ("июн", "iyun", "june")),
    (7, ("июл", "iyul", "july")), (8, ("август", "avgust", "august")), (9, ("сентябр", "sentyabr", "september")),
    (10, ("октябр", "oktyabr", "october")), (11, ("ноябр", "noyabr", "november")),
    (12, ("декабр", "dekabr", "december")),
)  # fmt: skip


def _month(word: str) -> int | None:
    word = word.casefold()
    if word.startswith("майрам"):  # "holiday", not May
        return None
    for number, stems in _MONTH_STEMS:
        if word.startswith(stems):
            return number
    return None


_DOTTED = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4}))?(?![\d])")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*-?\s*([^\W\d_]+)")
_MONTH_DAY = re.compile(r"([^\W\d_]+)\s+(\d{1,2})(?!\d)")  # "мартын 3", "March 3"
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_RELATIVE = {"бүгүн": 0, "бугун": 0, "сегодня": 0, "bugun": 0, "кечээ": 1, "кече": 1, "вчера": 1, "kechee": 1,
             "мурдагы күнү": 2, "позавчера": 2}  # fmt: skip


def parse_date(text: str, today: date) -> date | None:
    """A date the question names ("03.03.2026", "3-март", "3 марта", "вчера"); the year defaults to
    today's, or last year's when that day is still ahead."""
    year_given: int | None = None
    day = month = None
    if m := _ISO.search(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if m := _DOTTED.search(text):
        day, month = int(m.group(1)), int(m.group(2))
        if m.group(3):
            year_given = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
    else:
        for m in _DAY_MONTH.finditer(text):
            if (found := _month(m.group(2))) is not None:
                day, month = int(m.group(1)), found
                break
        else:
            for m in _MONTH_DAY.finditer(text):
                if (found := _month(m.group(1))) is not None:
                    day, month = int(m.group(2)), found
                    break
        if day is not None and (y := _YEAR.search(text)):
            year_given = int(y.group(1))
    if day is None:
        lowered = text.casefold()
        for word, back in _RELATIVE.items():
            if re.search(rf"(?<!\w){word}", lowered):
                return today - timedelta(days=back)
        return None
    try:
        found_date = date(year_given or today.year, month, day)
    except ValueError:
        return None
    if year_given is None and found_date > today:
        found_date = found_date.replace(year=found_date.year - 1)
    return found_date


def _evaluate_appeal(rules: dict, question: str, today: date) -> list[Statement] | None:
    rule = rules["appeal_deadline"]
    received = parse_date(question, today)
    if received is None:
        return None
    registered = registration_deadline(received, int(rule.get("registration_working_days", 1)))
    due = answer_due_date(registered, int(rule.get("answer_days", 14)), bool(rule.get("answer_in_working_days")))
    shown = {k: v.strftime("%d.%m.%Y") for k, v in (("received", received), ("registered", registered), ("due", due))}
    text = _join(_fill(rule["text"], **shown), _fill(rule["note"]))
    return [_statement(text, rule)]


# ------------------------------------------------------------------ eligibility_2011


def check_eligibility_2011(
    post: str,
    higher_education: bool | None,
    service_years: float = 0,
    management_years: float = 0,
    criminal_record: bool | None = False,
    data: dict | None = None,
) -> tuple[bool, list[str]]:
    """The 2011 requirements (Law No. 101, repealed 21 Oct 2021) for `post` ("mayor" or "aiyl_okmotu_head").

    Returns (eligible, reasons): reasons name every failed or unknown condition:
    no_higher_education, not_enough_experience, criminal_record, higher_education_unknown,
    criminal_record_unknown. Unknown conditions make the result False (it cannot be confirmed).
    """
    spec = (data or _default_rules())["eligibility_2011"]["posts"][post]
    reasons = []
    if higher_education is None:
        reasons.append("higher_education_unknown")
    elif not higher_education:
        reasons.append("no_higher_education")
    if service_years < spec["service_years"] and management_years < spec["management_years"]:
        reasons.append("not_enough_experience")
    if spec.get("criminal_record_bar"):
        if criminal_record is None:
            reasons.append("criminal_record_unknown")
        elif criminal_record:
            reasons.append("criminal_record")
    return not reasons, reasons


_YEARS = re.compile(r"(\d+(?:[.,]\d+)?)\s*-?\s*(?:жыл|год|лет|jyl|jil|zhyl)\w*", re.IGNORECASE)
_SERVICE_WORDS = ("мамлекеттик", "муниципал", "кызмат", "госслужб", "государствен", "службе", "служб", "kyzmat")
_MANAGEMENT_WORDS = ("жетекчи", "башкаруу", "руковод", "директор", "начальник", "менеджер", "jetekchi")
_HIGHER_EDUCATION = re.compile(r"жогорку\s+билим|высш\w*\s+образован|высшее|высшим|jogorku\s+bilim", re.IGNORECASE)
_NO_HIGHER_EDUCATION = re.compile(
    r"жогорку\s+билим\w*\s+жок|нет\s+высш|без\s+высш|не\s+имею\s+высш|jogorku\s+bilim\w*\s+jok", re.IGNORECASE
)
_CRIMINAL = re.compile(r"соттуу|сотталга|судим|sottuu", re.IGNORECASE)
_NO_CRIMINAL = re.compile(
    r"соттуулу\w*\s+жок|сотталган\s+эмес|не\s+судим|нет\s+судимост|без\s+судимост|sottuulu\w*\s+jok", re.IGNORECASE
)


def _parse_person(question: str) -> dict[str, Any]:
    person: dict[str, Any] = {"higher_education": None, "service_years": 0.0, "management_years": 0.0,
                              "criminal_record": None, "said_anything": False}  # fmt: skip
    if _NO_HIGHER_EDUCATION.search(question):
        person["higher_education"] = False
    elif _HIGHER_EDUCATION.search(question):
        person["higher_education"] = True
    if _NO_CRIMINAL.search(question):
        person["criminal_record"] = False
    elif _CRIMINAL.search(question):
        person["criminal_record"] = True
    lowered = question.casefold()
    for m in _YEARS.finditer(lowered):
        years = float(m.group(1).replace(",", "."))
        window = lowered[max(0, m.start() - 40) : m.end() + 40]
        if any(w in window for w in _MANAGEMENT_WORDS) and not any(w in window for w in _SERVICE_WORDS):
            person["management_years"] = max(person["management_years"], years)
        else:  # state/municipal service, or experience not said: taken as service, shown in the answer
            person["service_years"] = max(person["service_years"], years)
    person["said_anything"] = (
        person["higher_education"] is not None
        or person["criminal_record"] is not None
        or person["service_years"] > 0
        or person["management_years"] > 0
    )
    return person


def find_posts(question: str, data: dict | None = None) -> list[str]:
    posts = (data or _default_rules())["eligibility_2011"]["posts"]
    lowered = question.casefold()
    found = []
    for post, spec in posts.items():
        if any(re.search(rf"(?<!\w){pattern}(?!\w)", lowered) for pattern in spec["match"]):
            found.append(post)
    return found


def _evaluate_eligibility(rules: dict, question: str) -> list[Statement] | None:
    rule = rules["eligibility_2011"]
    person = _parse_person(question)
    if not person["said_anything"]:
        return None
    posts = find_posts(question, rules) or list(rule["posts"])
    texts = rule["text"]
    statements = [
        Statement(text=dict(texts["today"]), source="law-123-2021", article=None, status="info",
                  valid_from=None, valid_until=None)  # fmt: skip
    ]
    for post in posts:
        spec = rule["posts"][post]
        eligible, reasons = check_eligibility_2011(
            post,
            person["higher_education"],
            person["service_years"],
            person["management_years"],
            person["criminal_record"],
            data=rules,
        )
        parts = [_fill(texts["rule"], article=spec["article"], post=spec["name"],
                       service_years=spec["service_years"], management_years=spec["management_years"])]  # fmt: skip
        if spec.get("criminal_record_bar"):
            parts.append(dict(texts["criminal_bar"]))
        if eligible:
            parts.append(dict(texts["eligible"]))
        elif reasons == ["criminal_record_unknown"]:
            parts.append(dict(texts["eligible_if_no_record"]))
        else:
            unknown_only = all(r.endswith("_unknown") for r in reasons)
            listed = {lang: ", ".join(rule["reasons"][r][lang] for r in reasons) for lang in ("ky", "ru")}
            parts.append(_fill(texts["unknown" if unknown_only else "not_eligible"], reasons=listed))
        statements.append(
            Statement(text=_join(*parts), source=rule["source"], article=str(spec["article"]),
                      status=rule["status"], valid_from=None, valid_until=None)  # fmt: skip
        )
    return statements


# ------------------------------------------------------------------ entry point


def evaluate(rule_id: str, kb: KnowledgeBase | None, question: str, today: date | None = None) -> list[Statement] | None:
    """Statements computed for this question, current first; None when the question gives nothing to compute."""
    rules = _rules_of(kb)
    today = today or date.today()
    if rule_id == "deputies_count":
        return _evaluate_deputies(rules, question)
    if rule_id == "appeal_deadline":
        return _evaluate_appeal(rules, question, today)
    if rule_id == "eligibility_2011":
        return _evaluate_eligibility(rules, question)
    raise KeyError(f"unknown rule {rule_id!r}")


# ------------------------------------------------------------------ kb-check support


def _templates(node: Any, path: str = "") -> Iterable[tuple[str, Any, dict]]:
    """Every {ky, ru} text in the rule data, with its path and the mapping holding it."""
    if isinstance(node, dict):
        if set(node) >= {"ky", "ru"} and all(isinstance(node[k], str) for k in ("ky", "ru")):
            yield path, node, node
            return
        for key, value in node.items():
            yield from _templates(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _templates(value, f"{path}[{index}]")


def validate_rule_data(rules: dict) -> dict[str, list[tuple[int, str]]]:
    """Problems in rules.yaml: missing parts, templates whose ky and ru differ in placeholders or numbers."""
    from qa.check import numbers_in_text

    required = {
        "deputies_count": ("special_cities", "current", "former"),
        "appeal_deadline": ("source", "status", "text", "note"),
        "eligibility_2011": ("source", "status", "posts", "text", "reasons"),
    }
    problems: dict[str, list[tuple[int, str]]] = {}
    for rule_id, data in rules.items():
        if rule_id not in required:
            continue
        found: list[tuple[int, str]] = []
        line = getattr(data, "line", 1)
        if not isinstance(data, dict):
            problems[rule_id] = [(line, "must be a mapping")]
            continue
        for key in required[rule_id]:
            if key not in data:
                found.append((line, f"missing '{key}'"))
        for path, node, holder in _templates(data):
            where = getattr(holder, "line", line)
            keys = {lang: set(re.findall(r"\{(\w+)\}", node[lang])) for lang in ("ky", "ru")}
            if keys["ky"] != keys["ru"]:
                found.append((where, f"{path}: ky and ru use different placeholders ({sorted(keys['ky'])} vs {sorted(keys['ru'])})"))
            bare = {lang: re.sub(r"\{\w+\}", " ", node[lang]) for lang in ("ky", "ru")}
            if numbers_in_text(bare["ky"]) != numbers_in_text(bare["ru"]):
                found.append((where, f"{path}: ky and ru state different numbers or dates"))
        if found:
            problems[rule_id] = found
    return problems
