"""Bishkek time for scheduled announcements: reading what an announcer types, saying it back in words.

Announcers type times as people say them, in Kyrgyz or Russian: "эртең саат 9да", "завтра в 9",
"бүгүн 18:00", "в пятницу в 10", "1-декабрь 10:00", "1 декабря в 10:00", "через 2 часа",
"2 сааттан кийин", as well as "2026-12-01 09:00" and "01.12.2026 09:00". `parse_bishkek_time`
turns that into a UTC moment, or None when any word is left it does not understand (a time read
from half a phrase would be a wrong time); the bot then repeats the moment in words
(`describe_bishkek_time`) for the announcer to confirm.

Rules where a phrase leaves something open: no day means today; a weekday means its next
occurrence (today if the time is still ahead); a day and month without a year mean the next such
date; "в 3 дня", "в 9 вечера", "кечки 9да" are afternoon and evening hours. A moment in the past is
returned as it is: refusing it, with a clear line, is the caller's business.

Kyrgyzstan is UTC+6 all year (no daylight saving since 2005); zoneinfo is used when the system has
the tz database, a fixed +6 offset otherwise. Times are stored in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from aiogram.utils.i18n import gettext as _

try:
    from zoneinfo import ZoneInfo

    BISHKEK: tzinfo = ZoneInfo("Asia/Bishkek")
except Exception:  # no tz database on this system
    BISHKEK = timezone(timedelta(hours=6), "Asia/Bishkek")

# Matching is done on folded text: lower case, ё→е and the Kyrgyz letters ң ө ү → н о у, so a
# phone keyboard without them reads the same.
_FOLD = str.maketrans({"ё": "е", "ң": "н", "ө": "о", "ү": "у"})

# Month stems (folded) in both languages: "декабря", "декабрь", "1-декабрда", "декабрында"…
_MONTHS = (
    ("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("ма[йя]", 5), ("июн", 6), ("июл", 7),
    ("август", 8), ("сентябр", 9), ("октябр", 10), ("ноябр", 11), ("декабр", 12),
)  # fmt: skip
_MONTH_RE = "|".join(f"(?P<m{number}>{stem})" for stem, number in _MONTHS)
# Weekdays (folded), Monday = 0: "в пятницу", "пятница", "жума күнү", "дүйшөмбүдө"…
_WEEKDAYS = (
    (r"понедельник\w*|дуйшомбу\w*", 0), (r"вторник\w*|шейшемби\w*", 1), (r"сред[уае]\w*|шаршемби\w*", 2),
    (r"четверг\w*|бейшемби\w*", 3), (r"пятниц\w*|жума(?:да|га)?", 4), (r"суббот\w*|ишемби\w*", 5),
    (r"воскресень\w*|жекшемби\w*", 6),
)  # fmt: skip
_DAY_WORDS = (
    (r"сегодня|бугун(?:ку)?", 0), (r"послезавтра|бурсугуну", 2), (r"завтра|эртен(?:ки)?", 1),
)  # fmt: skip
_NUMBER_WORDS = {
    "один": 1, "одну": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "бир": 1, "эки": 2, "уч": 3,
    "торт": 4, "беш": 5, "алты": 6,
}  # fmt: skip
_NUMBER = r"(\d{1,3}|" + "|".join(_NUMBER_WORDS) + ")"
# A Kyrgyz locative or other case ending glued to a number: "9да", "10:00дө", "15те", "1-декабрда".
_KY_SUFFIX = r"(?:-?(?:да|де|до|та|те|то|га|ге|го|ка|ке|ко|дан|ден|дон|тан|тен|тон))?"

# Words that carry no information once the date and time are read.
_FILLER = {
    "в", "во", "на", "к", "около", "часов", "часа", "час", "ч", "мин", "г", "год", "года", "году", "утра",
    "утром", "саат", "саатта", "куну", "менен", "и", "числа", "жылы", "жылдын", "бишкек", "по",
    "времени", "убактысы", "убакыт", "боюнча",
}  # fmt: skip


def _fold(text: str) -> str:
    return " ".join(text.casefold().translate(_FOLD).replace(",", " ").split())


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


class _Reader:
    """Consumes the recognised parts of the text; whatever is left must be filler."""

    def __init__(self, text: str):
        self.rest = " " + _fold(text) + " "

    def take(self, pattern: str) -> re.Match | None:
        match = re.search(pattern, self.rest)
        if match:
            self.rest = self.rest[: match.start()] + " " + self.rest[match.end():]
        return match

    def leftover(self) -> list[str]:
        words = re.findall(r"[\w-]+", self.rest)
        return [w for w in words if w.strip("-") and w.strip("-") not in _FILLER and w not in _FILLER]


def parse_bishkek_time(text: str, now: datetime | None = None) -> datetime | None:
    """What the announcer typed → an aware UTC datetime, or None if it is not a date and time this
    reader understands completely. `now` (UTC) resolves "tomorrow", "Friday", "in 2 hours"."""
    now = (now or datetime.now(UTC)).astimezone(BISHKEK)
    today = now.date()
    reader = _Reader(text)

    # "через 2 часа", "через 30 минут", "2 сааттан кийин", "30 мүнөттөн кийин": from now.
    relative = reader.take(rf"\bчерез\s+(?:{_NUMBER}\s+)?(час\w*|минут\w*|полчаса)\b") or reader.take(
        rf"\b{_NUMBER}\s+(саат|мунот)\w*\s+кийин\b"
    )
    if relative:
        amount_word, unit = relative.group(1), relative.group(2)
        amount = _number(amount_word) if amount_word else 1
        if unit == "полчаса":
            delta = timedelta(minutes=30)
        elif unit.startswith(("час", "саат")):
            delta = timedelta(hours=amount)
        else:
            delta = timedelta(minutes=amount)
        if reader.leftover():
            return None
        return (now + delta).replace(second=0, microsecond=0).astimezone(UTC)

    day: date | None = None
    year_match = reader.take(r"\b(\d{4})\s*-?\s*жыл\w*")
    explicit_year = int(year_match.group(1)) if year_match else None

    # The clock time: "10:00", "9:30дө", "в 10.30", "саат 9да", "в 9", "9 ч".
    hour = minute = None
    if match := reader.take(rf"(?<![\d.])(\d{{1,2}}):(\d{{2}}){_KY_SUFFIX}(?![\d:])"):
        hour, minute = int(match.group(1)), int(match.group(2))
    elif match := reader.take(rf"(?:\bв|\bсаат)\s+(\d{{1,2}})\.(\d{{2}}){_KY_SUFFIX}(?![\d.])"):
        hour, minute = int(match.group(1)), int(match.group(2))
    elif match := reader.take(r"(?:\bв|\bк|\bсаат)\s+(\d{1,2})(?:\s*ч\w*)?" + _KY_SUFFIX + r"(?![\d.:])"):
        hour, minute = int(match.group(1)), 0
    elif match := reader.take(r"(?<![\d.:-])(\d{1,2})(?:да|де|до|та|те|то)(?![\w.])"):
        hour, minute = int(match.group(1)), 0

    # The date.
    try:
        if match := reader.take(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"):
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        elif match := reader.take(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"):
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        elif match := reader.take(rf"\b(\d{{1,2}})\s*(?:-?го|-?е)?\s*-?\s*(?:{_MONTH_RE})\w*(?:\s+(\d{{4}})\b)?"):
            month = next(n for _, n in _MONTHS if match.group(f"m{n}"))
            number, year = int(match.group(1)), match.group(match.re.groups)
            year = int(year) if year else explicit_year
            day = _next_date(today, month, number) if year is None else date(year, month, number)
        elif match := reader.take(r"\b(\d{1,2})\.(\d{1,2})\b"):
            day = _next_date(today, int(match.group(2)), int(match.group(1)))
    except ValueError:  # 31.02, 30 февраля…
        return None
    said_weekday = False
    if day is None:
        for pattern, weekday in _WEEKDAYS:
            if reader.take(rf"(?:\bво?\s+)?\b(?:{pattern})(?:\s+куну)?\b"):
                day = today + timedelta(days=(weekday - today.weekday()) % 7)
                said_weekday = True
                break
    morning = reader.take(r"\bэртен менен\b")  # "in the morning", not "tomorrow"
    if day is None:
        for pattern, offset in _DAY_WORDS:
            if reader.take(rf"\b(?:{pattern})\b"):
                day = today + timedelta(days=offset)
                break
    if day is None and (match := reader.take(rf"\b(?:через\s+{_NUMBER}\s+(?:дн\w*|день)|{_NUMBER}\s+кунд\w*\s+кийин)\b")):
        day = today + timedelta(days=_number(match.group(1) or match.group(2)))

    # Part of the day: "в 3 дня", "в 9 вечера", "кечки 9да", "түштөн кийин 3тө".
    evening = reader.take(r"\b(?:вечера|вечером|дня|кечки|кечкурун|кечинде|тустон кийин)\b")
    if evening and not morning and hour is not None and 1 <= hour < 12:
        hour += 12
    elif reader.take(r"\bночи\b") and hour == 12:
        hour = 0

    if hour is None or reader.leftover():
        return None
    if day is None:
        day = today
    try:
        local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=BISHKEK)
    except ValueError:  # 25:00, 10:75
        return None
    if said_weekday and local <= now:
        local += timedelta(days=7)  # "в пятницу в 10" said on Friday afternoon: next Friday
    return local.astimezone(UTC)


def _next_date(today: date, month: int, day: int) -> date:
    """This year's date, or next year's if this year's is already over."""
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)


def format_bishkek_time(moment: datetime) -> str:
    return moment.astimezone(BISHKEK).strftime("%d.%m.%Y %H:%M")


# --- in words ------------------------------------------------------------------------------------

# Dates are grammar rather than messages: Kyrgyz writes "2026-жылдын 4-декабры" (ky-style.md P4),
# Russian "4 декабря 2026 г.", so the forms are tables here and the sentences around them gettext.
_KY_MONTHS = ("январы", "февралы", "марты", "апрели", "майы", "июну", "июлу", "августу", "сентябры", "октябры",
              "ноябры", "декабры")  # fmt: skip
_RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
              "ноября", "декабря")  # fmt: skip
_KY_WEEKDAYS = ("дүйшөмбү", "шейшемби", "шаршемби", "бейшемби", "жума", "ишемби", "жекшемби")
_RU_WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")


def describe_bishkek_time(moment: datetime, lang: str, now: datetime | None = None) -> str:
    """The moment in words, in Bishkek time: "эртең, 2026-жылдын 28-ноябры, жума, саат 09:00" /
    "завтра, пятница, 28 ноября 2026 г., 09:00"."""
    local = moment.astimezone(BISHKEK)
    today = (now or datetime.now(UTC)).astimezone(BISHKEK).date()
    offset = (local.date() - today).days
    relative = {
        0: _("today", locale=lang),
        1: _("tomorrow", locale=lang),
        2: _("the day after tomorrow", locale=lang),
    }.get(offset)
    clock = local.strftime("%H:%M")
    if lang == "ky":
        words = f"{local.year}-жылдын {local.day}-{_KY_MONTHS[local.month - 1]}, {_KY_WEEKDAYS[local.weekday()]}, саат {clock}"
    else:
        words = f"{_RU_WEEKDAYS[local.weekday()]}, {local.day} {_RU_MONTHS[local.month - 1]} {local.year} г., {clock}"
    return f"{relative}, {words}" if relative else words
