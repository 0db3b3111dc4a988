"""Numbers as residents type them: "15 000", "15000", "15,000", "15 миң", "5 тысяч", "150к", "1,5 миң", "2 млн".

`parse_numbers` returns the quantities a question states, skipping what is clearly a year or a date
("2024-жылы", "в 2024 году", "3-март", "3 марта", "03.03.2024"), a duration in years ("4 жыл"),
a percentage or a number after "№", because those are never a population or a count of voters.
"""

from __future__ import annotations

import re

_SPACES = " \u00a0\u202f"
# Order matters: grouped thousands first ("15 000", "15,000", "15.000"), then plain digits with an
# optional decimal part ("1,5", "1.5").
_NUMBER = re.compile(
    rf"(?<![\w.,№])(?P<num>\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?![\d])|\d{{1,3}}(?:[,.]\d{{3}})+(?![\d.,])|\d+(?:[.,]\d+)?)"
)
# "03.03.2024", "3.3.24" and "03.03" (a two-digit month), but not a decimal like "1.5k".
_DOTTED_DATE = re.compile(r"(?<!\d)\d{1,2}\.(?:\d{1,2}\.\d{2,4}|\d{2})(?![\d.,])")
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")

# Multipliers written after the number. "к"/"k" only when glued to it ("150к"), because a spaced
# Russian "к" is the preposition.
_MULTIPLIER_SPACED = re.compile(
    r"[\s-]*(миң\w*|мин\b|миn\b|ming\b|min\b|тыс\w*|тыщ\w*|млн\w*|миллион\w*|million\w*|mln\b)", re.IGNORECASE
)
_MULTIPLIER_GLUED = re.compile(r"(к|k|К|K)(?!\w)")

# What follows a number that is a year, a date or a duration, not a quantity.
_NOT_A_QUANTITY_AFTER = re.compile(
    r"[\s-]*(?:"
    r"жыл\w*|ж\.|ж\b|жж\.|год\w*|г\.|г\b|гг\.|лет\b|yil\w*|jyl\w*|jil\w*|zhyl\w*|"
    r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]\b|майда\b|майынд\w*|июн\w*|июл\w*|август\w*|"
    r"сентябр\w*|октябр\w*|ноябр\w*|декабр\w*|"
    r"yanvar\w*|fevral\w*|mart\w*|aprel\w*|may\w*|iyun\w*|iyul\w*|avgust\w*|sentyabr\w*|oktyabr\w*|noyabr\w*|dekabr\w*|"
    r"%|процент\w*|пайыз\w*|"
    r"-?(?:чи|чы|чү|чу|инчи|ынчы|үнчү|унчу)\b"  # ordinals: 3-чү
    r")",
    re.IGNORECASE,
)

_FACTORS = {"миң": 1000, "мин": 1000, "ming": 1000, "min": 1000, "тыс": 1000, "тыщ": 1000,
            "млн": 1_000_000, "миллион": 1_000_000, "million": 1_000_000, "mln": 1_000_000}  # fmt: skip


def _factor(word: str) -> int:
    word = word.lower()
    for prefix, factor in _FACTORS.items():
        if word.startswith(prefix):
            return factor
    return 1


def _value(digits: str) -> float:
    compact = re.sub(rf"[{_SPACES}]", "", digits)
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", compact):
        return float(re.sub(r"[,.]", "", compact))  # thousands grouping: "15,000"
    return float(compact.replace(",", "."))


def find_numbers(text: str) -> list[tuple[int, int, int]]:
    """Every quantity in the text as (value, start, end) of the matched span."""
    masked = _DOTTED_DATE.sub(lambda m: " " * len(m.group()), text)
    masked = _TIME.sub(lambda m: " " * len(m.group()), masked)
    found = []
    for match in _NUMBER.finditer(masked):
        value = _value(match.group("num"))
        end = match.end()
        rest = masked[end:]
        glued = _MULTIPLIER_GLUED.match(rest)
        spaced = _MULTIPLIER_SPACED.match(rest)
        if glued:
            value *= 1000
            end += glued.end()
        elif spaced:
            value *= _factor(spaced.group(1))
            end += spaced.end()
        elif _NOT_A_QUANTITY_AFTER.match(rest):
            continue
        found.append((int(round(value)), match.start(), end))
    return found


def parse_numbers(text: str) -> list[int]:
    """The quantities stated in `text`, in order (years, dates, durations and percentages skipped)."""
    return [value for value, _, _ in find_numbers(text)]


def format_number(value: int) -> str:
    """15000 -> "15 000" (a no-break space, the same in ky and ru)."""
    return f"{value:,}".replace(",", "\u00a0")
