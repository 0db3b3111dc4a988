"""Computed rules: the data and texts are in knowledge/rules.yaml, this module only evaluates them.

- deputies_count: the number of deputies of a local kenesh. Today's number is stated only where it
  is confirmed (Bishkek and Osh: 51); for other keneshes the answer says it is not verified, gives
  the confirmed national figures and computes the 2011 table (Law No. 101, art. 23, repealed).
- appeal_deadline: when an appeal must be registered and answered (Law No. 67 of 2007), counting
  working days on the Kyrgyz calendar of qa.workdays.
- eligibility_2011: whether a person met the 2011 requirements for mayor or aiyl okmotu head.
- mayor_election_2011: votes and participants needed to elect a mayor in a kenesh of N deputies (2011).
- aiyl_okmotu_head_election_2011: says that heads are appointed now and that the 2011 majority is not known.
- next_local_elections: the next general local elections from a given year, under the 4- and 5-year terms.

`evaluate(rule_id, kb, question, today)` returns computed statements when the question gives what the
rule needs, or None (the entry's own statements are used then); the first statement answers the
question in one sentence. The pure functions (`deputies_2011`, `registration_deadline`,
`answer_due_date`, `check_eligibility_2011`, `votes_needed`, `next_election_years`) are used by tests
and by the complaints service.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any


from qa.loader import safe_load_yaml
from qa.model import KnowledgeBase, Statement
from qa.numbers import find_numbers, format_number
from qa.workdays import Overrides, WorkCalendar, validate_overrides

RULE_IDS = (
    "deputies_count",
    "appeal_deadline",
    "eligibility_2011",
    "mayor_election_2011",
    "aiyl_okmotu_head_election_2011",
    "next_local_elections",
)
RULES_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "rules.yaml"


@lru_cache(maxsize=1)
def _default_rules() -> dict:
    data = safe_load_yaml(RULES_FILE.read_text(encoding="utf-8")) or {}
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


def _statement(text: dict[str, str], part: dict, article: Any = None, source: str | None = None) -> Statement:
    article = part.get("article") if article is None else article
    as_of = part.get("as_of")
    return Statement(
        text=text,
        source=source or part["source"],
        article=None if article is None else str(article),
        status=part["status"],
        valid_from=None,
        valid_until=None,
        as_of=date.fromisoformat(str(as_of)) if as_of is not None and not isinstance(as_of, date) else as_of,
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


def deputies_now(city: str, data: dict | None = None) -> int:
    """Today's number, known only for Bishkek and Osh (51). Other keneshes: not known (law-facts C1)."""
    return int((data or _default_rules())["deputies_count"]["city_now"]["special_cities"][city])


def find_special_city(text: str, data: dict | None = None) -> str | None:
    """'bishkek' / 'osh' when the text names the city (not "Ош облусу", not "не Бишкек"), else None."""
    rule = (data or _default_rules())["deputies_count"]
    words = re.findall(r"\w+", text.casefold())
    stop = tuple(rule.get("not_city_if_next_word", ()))
    negating_before = set(rule.get("not_city_if_previous_word", ()))
    negating_after = tuple(rule.get("not_city_if_next_word_negates", ()))
    for index, word in enumerate(words):
        for city, spec in rule["special_cities"].items():
            if any(re.fullmatch(pattern, word) for pattern in spec["match"]):
                following = words[index + 1] if index + 1 < len(words) else ""
                previous = words[index - 1] if index else ""
                if stop and following.startswith(stop):
                    continue
                if previous in negating_before or (negating_after and following.startswith(negating_after)):
                    continue
                return city
    return None


# "депуат", "депутта": the word typed with a slip still names seats
_COUNT_OF_SEATS = re.compile(r"[\s-]*(депу|депт|deput|орун|мест|мандат)", re.IGNORECASE)
# "31 же 41 депутат", "31 или 41 депутат", "21, 31 депутат": numbers joined before a count of seats
_OR_ANOTHER_NUMBER = re.compile(r"[\s,/-]*(?:же|жана|или|и|или же|менен|je|ili)?[\s,/-]*$", re.IGNORECASE)


def _quantity(question: str) -> int | None:
    """The population or voters in the question: the largest number that is not a count of seats
    (nor one of several numbers joined before a count of seats: "31 же 41 депутат")."""
    numbers = find_numbers(question)
    seats: set[int] = set()
    for j in range(len(numbers) - 1, -1, -1):
        _, _, end = numbers[j]
        if _COUNT_OF_SEATS.match(question[end:]):
            seats.add(j)
        elif j + 1 in seats and _OR_ANOTHER_NUMBER.match(question[end : numbers[j + 1][1]]):
            seats.add(j)
    values = [v for j, (v, _, _) in enumerate(numbers) if j not in seats]
    return max(values) if values else None


def _evaluate_deputies(rules: dict, question: str) -> list[Statement] | None:
    rule = rules["deputies_count"]
    city = find_special_city(question, rules)
    quantity = None if city else _quantity(question)
    if city is None and quantity is None:
        return None
    now, confirmed, city_now, former = rule["now"], rule["confirmed"], rule["city_now"], rule["former"]
    ft = former["text"]
    if city is not None:
        in_city = rule["special_cities"][city]["in_city"]
        return [
            _statement(_fill(city_now["text"], in_city=in_city, deputies=deputies_now(city, rules)), city_now),
            _statement(_fill(ft["city"], in_city=in_city, deputies=deputies_2011(city=city, data=rules)), former),
        ]
    shown = format_number(quantity)
    lowered = question.casefold()
    if any(w in lowered for w in rule.get("voter_words", ())):
        return [
            _statement(_fill(now["text"]["by_voters"], voters=shown), now),
            _statement(dict(confirmed["text"]), confirmed),
            _statement(_fill(ft["by_voters"]), former),
        ]
    then = deputies_2011(population=quantity, data=rules)
    return [
        _statement(_fill(now["text"]["by_population"], population=shown), now),
        _statement(dict(confirmed["text"]), confirmed),
        _statement(_fill(ft["by_population"], population=shown, deputies=then), former),
    ]


# ------------------------------------------------------------------ appeal_deadline


def working_calendar(data: dict | None = None) -> WorkCalendar:
    """The Kyrgyz working-day calendar with the overrides of rules.yaml (appeal_deadline.working_calendar)."""
    if data is None:
        return _default_calendar()
    return _calendar_for(Overrides.from_rules(data.get("appeal_deadline", {}).get("working_calendar")))


@lru_cache(maxsize=8)
def _calendar_for(overrides: Overrides) -> WorkCalendar:
    return WorkCalendar(overrides)


def _default_calendar() -> WorkCalendar:
    return _calendar_for(Overrides.from_rules(_default_rules()["appeal_deadline"].get("working_calendar")))


def answer_counting(data: dict | None = None) -> str:
    """How the answer period of Law No. 67 is counted here: "calendar" or "working" (rules.yaml)."""
    counting = (data or _default_rules())["appeal_deadline"].get("answer_counting", "calendar")
    if counting not in ("calendar", "working"):
        raise ValueError(f"rules.yaml: answer_counting must be calendar or working, not {counting!r}")
    return counting


def is_working_day(day: date, calendar: WorkCalendar | None = None) -> bool:
    return (calendar or _default_calendar()).is_working_day(day)


def add_working_days(start: date, days: int, calendar: WorkCalendar | None = None) -> date:
    """The day on which `days` working days after `start` have passed (start itself not counted)."""
    return (calendar or _default_calendar()).add_working_days(start, days)


def registration_deadline(received: date, working_days: int = 1, calendar: WorkCalendar | None = None) -> date:
    """Law No. 67: an appeal is registered within 1 working day, i.e. by the next working day."""
    return add_working_days(received, working_days, calendar)


def answer_due_date(
    registered: date, days: int = 14, working_days: bool = False, calendar: WorkCalendar | None = None
) -> date:
    """Law No. 67: the answer is due within 14 days of registration.

    `working_days` chooses the reading (law-facts C4: calendar or working days is unresolved; the
    binding reading is in rules.yaml, `answer_counting`). Whether a calendar deadline that falls on
    a day off moves to the next working day is not modelled.
    """
    if working_days:
        return add_working_days(registered, days, calendar)
    return registered + timedelta(days=days)


def answer_due_by_rules(registered: date, days: int | None = None, data: dict | None = None) -> date:
    """The due date under the reading rules.yaml takes as binding (days: rules.yaml unless given)."""
    rule = (data or _default_rules())["appeal_deadline"]
    days = int(rule.get("answer_days", 14)) if days is None else days
    working = answer_counting(data) == "working"
    return answer_due_date(registered, days, working, working_calendar(data) if data else None)


def answer_days_counted(registered: date, due: date, data: dict | None = None) -> tuple[int, str]:
    """(number of days, "calendar" | "working") between a registration and its due date, as counted here."""
    counting = answer_counting(data)
    if counting == "working":
        return (working_calendar(data) if data else _default_calendar()).working_days_between(registered, due), counting
    return (due - registered).days, counting


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
    calendar = working_calendar(rules)
    days = int(rule.get("answer_days", 14))
    registered = registration_deadline(received, int(rule.get("registration_working_days", 1)), calendar)
    working = answer_counting(rules) == "working"
    due = answer_due_date(registered, days, working, calendar)
    other = answer_due_date(registered, days, not working, calendar)
    shown = {k: v.strftime("%d.%m.%Y") for k, v in (("received", received), ("registered", registered),
                                                   ("due", due), ("due_other", other))}  # fmt: skip
    texts = rule["text"]
    statements = [
        _statement(_fill(texts["answer_working" if working else "answer"], days=days, **shown), rule),
        _statement(_join(_fill(texts["registration"], **shown), _fill(texts["calendar_note"])), rule),
    ]
    if not rule.get("counting_confirmed"):
        statements.append(_statement(_fill(texts["reading_working" if working else "reading"], **shown), rule))
    return statements


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

    `criminal_record` is True only for a record that is neither expunged nor lifted (the only kind
    that barred, law-facts C10); an expunged or lifted record is False.
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
# "15 лет назад", "10 жыл мурун", "5 жыл илгери": a time ago, not years of experience
_AGO = re.compile(r"\s*(?:назад|тому\s+назад|мурун|мурда|илгери|murun|murda|nazad)\b", re.IGNORECASE)
_FIRST_CALENDAR_YEAR = 1900  # a number of years this large is a date ("2019-жылы", "в 2015 году")
_SERVICE_WORDS = ("мамлекеттик", "муниципал", "кызмат", "госслужб", "государствен", "службе", "служб", "kyzmat")
_MANAGEMENT_WORDS = ("жетекчи", "башкаруу", "руковод", "директор", "начальник", "менеджер", "jetekchi")

# Higher education, and the ways residents deny it ("не имею высшего образования", "высшего
# образования нет", "жогорку билимим жок", "только среднее", "орто билимим бар").
_HIGHER_EDUCATION = re.compile(r"жогорку\s+билим|высш\w*\s+образован|высшее|высшим|jogorku\s+bilim", re.IGNORECASE)
_NO_HIGHER_EDUCATION = re.compile(
    r"жогорку\s+билим\w*\s+(?:жок|эмес)|(?:нет|без|не\s+име\w*|не\s+получ\w*|не\s+окончил\w*)\s+высш"
    r"|высш\w*\s+(?:образовани\w*\s+)?(?:у\s+меня\s+)?(?:нет|не\s+име\w*|отсутству\w*)"
    r"|только\s+средн|среднее\s+образование|орто\s+билим|jogorku\s+bilim\w*\s+jok",
    re.IGNORECASE,
)
# A criminal record (судимость / соттуулук) and what residents say about it.
_CRIMINAL = re.compile(r"соттуу|сотталга|соттолго|судим|sottuu|sottolgo", re.IGNORECASE)
_NO_CRIMINAL = re.compile(
    r"соттуулу\w*\s+жок|сотт[ао]лго?н\s+эмес\w*|не\s+(?:был\s+|была\s+)?судим|нет\s+судимост|без\s+судимост"
    r"|не\s+име\w*\s+судимост|судимост\w*\s+(?:у\s+меня\s+)?(?:нет|не\s+было|отсутству\w*)"
    r"|не\s+привлекал\w*|sottuulu\w*\s+jok|sott[ao]lgon\s+emes",
    re.IGNORECASE,
)
# Expunged or lifted: it did not bar. "непогашенная", "неснятая", "алынбаган", "жоюлбаган" are the opposite.
_CLEARED = re.compile(
    r"(?<!не)(?<!не\s)погашен\w*|(?<!не)(?<!не\s)снят\w*|жоюлган|алынган|алып\s+салынган|жойулган|joiulgan|alyngan",
    re.IGNORECASE,
)
_NOT_CLEARED = re.compile(r"непогашен\w*|не\s+погашен\w*|неснят\w*|не\s+снят\w*|жоюлбаган|алынбаган", re.IGNORECASE)


def _criminal_record(question: str) -> tuple[bool | None, bool]:
    """(bars, cleared): bars is True for a record neither expunged nor lifted, False for none or a
    cleared one, None when not said; cleared says the person mentioned an expunged or lifted one."""
    if _NO_CRIMINAL.search(question):
        return False, False
    match = _CRIMINAL.search(question)
    if not match:
        return None, False
    window = question[max(0, match.start() - 40) : match.end() + 60]
    if _NOT_CLEARED.search(window):
        return True, False
    if _CLEARED.search(window):
        return False, True
    return True, False


def _parse_person(question: str) -> dict[str, Any]:
    person: dict[str, Any] = {"higher_education": None, "service_years": 0.0, "management_years": 0.0,
                              "criminal_record": None, "record_cleared": False, "said_anything": False}  # fmt: skip
    if _NO_HIGHER_EDUCATION.search(question):
        person["higher_education"] = False
    elif _HIGHER_EDUCATION.search(question):
        person["higher_education"] = True
    person["criminal_record"], person["record_cleared"] = _criminal_record(question)
    lowered = question.casefold()
    for m in _YEARS.finditer(lowered):
        years = float(m.group(1).replace(",", "."))
        if years >= _FIRST_CALENDAR_YEAR or _AGO.match(lowered, m.end()):
            continue  # "2019-жылы", "15 лет назад", "10 жыл мурун": when, not how long one worked
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


def _only_record_said(person: dict[str, Any]) -> bool:
    """The question speaks of a criminal record and of nothing else the rule checks."""
    return (
        person["criminal_record"] is not None
        and person["higher_education"] is None
        and not person["service_years"]
        and not person["management_years"]
    )


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
        Statement(text=dict(texts["today"]), source="law-123-2021", article=None, status="current",
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
        article = spec.get("article")
        where = _fill(texts["article"], article=article) if article else {"ky": "", "ru": ""}
        parts = [_fill(texts["rule"], article=where, post=spec["name"],
                       service_years=spec["service_years"], management_years=spec["management_years"])]  # fmt: skip
        if spec.get("criminal_record_bar"):
            if _only_record_said(person) and "criminal_bar_first" in texts:
                # "соттуулугу жоюлган болсочу": the rule on a record is what was asked, so it leads
                parts.insert(0, dict(texts["criminal_bar_first"]))
            else:
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
            Statement(text=_join(*parts), source=rule["source"], article=None if article is None else str(article),
                      status=rule["status"], valid_from=None, valid_until=None)  # fmt: skip
        )
    return statements


# ------------------------------------------------------------------ mayor_election_2011 and aiyl okmotu head


def votes_needed(deputies: int) -> int:
    """A majority of all N deputies: N // 2 + 1 (Law No. 101 art. 42 for the mayor, 2011)."""
    if deputies < 1:
        raise ValueError("a kenesh has at least one deputy")
    return deputies // 2 + 1


_DEPUTIES_IN_QUESTION = re.compile(r"[\s-]*(?:депутат|deputat|мест|орун|мандат)", re.IGNORECASE)


def _deputies_in_question(question: str) -> int | None:
    """N in "a kenesh of N deputies": a number followed by "депутат"/"мест"/"орун"."""
    for value, _, end in find_numbers(question):
        if _DEPUTIES_IN_QUESTION.match(question[end:]) and 1 <= value <= 1000:
            return value
    return None


_VOTE_WORDS = ("голос", "добуш", "кворум", "kvorum", "dobush", "golos", "большинств", "көпчүлүк", "копчулук")


def _evaluate_mayor_election(rules: dict, question: str) -> list[Statement] | None:
    rule = rules["mayor_election_2011"]
    texts = rule["text"]
    deputies = _deputies_in_question(question)
    city_text = None
    if deputies is None:
        city = find_special_city(question, rules)
        if city is None:
            return None
        deputies = deputies_2011(city=city, data=rules)
        in_city = rules["deputies_count"]["special_cities"][city]["in_city"]
        city_text = _fill(texts["city"], in_city={k: v[:1].upper() + v[1:] for k, v in in_city.items()}, deputies=deputies)
    majority = votes_needed(deputies)
    today = {"source": rule["today_source"], "status": "current", "article": rule.get("today_article")}
    former = _fill(texts["votes"], deputies=deputies, votes=majority, quorum=majority)
    return [
        _statement(dict(texts["today"]), today),
        _statement(_join(former, city_text) if city_text else former, rule),
    ]


def _evaluate_aiyl_head_election(rules: dict, question: str) -> list[Statement] | None:
    rule = rules["aiyl_okmotu_head_election_2011"]
    lowered = question.casefold()
    if _deputies_in_question(question) is None and not any(w in lowered for w in _VOTE_WORDS):
        return None
    today = {"source": rule["today_source"], "status": "current", "article": None}
    return [_statement(dict(rule["text"]["today"]), today), _statement(dict(rule["text"]["former"]), rule)]


# ------------------------------------------------------------------ next_local_elections


def next_election_years(after: int, last_general: int = 2024, terms: Iterable[int] = (4, 5), strictly: bool = True) -> dict[int, int]:
    """{term: the first general election year after `after` (or in it, if not strictly)} counted
    from the last general elections, for each term length."""
    out = {}
    for term in terms:
        year = last_general
        while year < after or (strictly and year == after):
            year += term
        out[term] = year
    return out


_YEAR_IN_QUESTION = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_AFTER_WORDS = re.compile(r"после|кийин|ke[iy]in|posle|after|от\s+20|с\s+20|тартып", re.IGNORECASE)
_NEXT_WORDS = ("следующ", "кийинки", "kiyinki", "качан", "qachan", "kachan", "когда", "какой год", "каком году",
               "кайсы жыл", "next", "ближайш", "очередн")  # fmt: skip
_ELECTION_WORDS = ("выбор", "шайлоо", "shailoo", "vybor", "election")


def _evaluate_next_elections(rules: dict, question: str, today: date) -> list[Statement] | None:
    rule = rules["next_local_elections"]
    texts = rule["text"]
    last = date.fromisoformat(str(rule["last_general"]))
    terms = rule["terms"]
    lowered = question.casefold()
    year_match = _YEAR_IN_QUESTION.search(question)
    about_elections = any(w in lowered for w in _ELECTION_WORDS + _NEXT_WORDS) or bool(_AFTER_WORDS.search(question))
    if year_match and about_elections:
        given = int(year_match.group(1))
        if given < last.year:
            return None
        strictly = bool(_AFTER_WORDS.search(question)) or given == last.year
        years = next_election_years(given, last.year, (terms["confirmed"], terms["unconfirmed"]), strictly)
        key = "after" if strictly and given != last.year else "next"
        first = _fill(texts[key], after=given, year4=years[terms["confirmed"]], year5=years[terms["unconfirmed"]])
    elif any(w in lowered for w in _NEXT_WORDS):
        years = next_election_years(max(today.year, last.year), last.year,
                                    (terms["confirmed"], terms["unconfirmed"]), strictly=today.year == last.year)  # fmt: skip
        first = _fill(texts["next"], year4=years[terms["confirmed"]], year5=years[terms["unconfirmed"]])
    else:
        return None
    former = {"source": "law-101-2011", "status": "former", "article": "21"}
    return [
        _statement(first, rule),
        _statement(dict(texts["last"]), rule),
        _statement(dict(texts["former"]), former),
    ]


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
    if rule_id == "mayor_election_2011":
        return _evaluate_mayor_election(rules, question)
    if rule_id == "aiyl_okmotu_head_election_2011":
        return _evaluate_aiyl_head_election(rules, question)
    if rule_id == "next_local_elections":
        return _evaluate_next_elections(rules, question, today)
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
        "deputies_count": ("special_cities", "now", "confirmed", "city_now", "former"),
        "appeal_deadline": ("source", "status", "text", "answer_counting"),
        "eligibility_2011": ("source", "status", "posts", "text", "reasons"),
        "mayor_election_2011": ("source", "status", "text", "today_source"),
        "aiyl_okmotu_head_election_2011": ("source", "status", "text", "today_source"),
        "next_local_elections": ("source", "status", "text", "last_general", "terms"),
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
        if rule_id == "appeal_deadline":
            if data.get("answer_counting") not in ("calendar", "working"):
                found.append((line, "answer_counting must be 'calendar' or 'working'"))
            found.extend((getattr(data.get("working_calendar"), "line", line), message)
                         for message in validate_working_calendar(data.get("working_calendar")))  # fmt: skip
        if found:
            problems[rule_id] = found
    return problems


def validate_working_calendar(data: Any) -> list[str]:
    """Problems in the working-day overrides (appeal_deadline.working_calendar in rules.yaml)."""
    return [f"working_calendar: {message}" for message in validate_overrides(data)]
