"""Dates in words, as a person writes them: "с 21 октября 2021 года", "2021-жылдын 21-октябрынан тартып".

Kyrgyz dates need case endings on the month (the month takes the 3rd-person possessive, then the
case suffix follows vowel harmony), so each use has its own function rather than a template with
a numeric date. Month names are the official ones (ky-style.md): январь … декабрь.
"""

from __future__ import annotations

from datetime import date

_RU_MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip

# The month with the 3rd-person possessive: "21-октябры", "4-майы", "15-июлу", "11-апрели".
_KY_MONTHS_POSSESSIVE = (
    "январы", "февралы", "марты", "апрели", "майы", "июну",
    "июлу", "августу", "сентябры", "октябры", "ноябры", "декабры",
)  # fmt: skip

# case -> (suffix after a back vowel ы/у/а, after a front vowel и/е)
_KY_CASES = {
    "nom": ("", ""),
    "gen": ("нун", "нин"),  # июлунун / апрелинин (rare in answers)
    "dat": ("на", "не"),  # 21-октябрына чейин
    "abl": ("нан", "нен"),  # 21-октябрынан тартып
    "loc": ("нда", "нде"),  # 17-ноябрында
    "attr": ("ндагы", "ндеги"),  # 15-июлундагы (Мыйзам)
    "towards": ("на карата", "не карата"),  # 1-январына карата
}


def ky_date(d: date, case: str = "nom") -> str:
    """'2021-жылдын 21-октябры' in the given case: dat → '21-октябрына', abl → '21-октябрынан'…"""
    month = _KY_MONTHS_POSSESSIVE[d.month - 1]
    back, front = _KY_CASES[case]
    suffix = front if month[-1] in "ие" else back
    return f"{d.year}-жылдын {d.day}-{month}{suffix}"


def ru_date(d: date) -> str:
    """'21 октября 2021 года' (genitive, as after "с", "до", "от", "на")."""
    return f"{d.day} {_RU_MONTHS_GENITIVE[d.month - 1]} {d.year} года"


def date_words(d: date, lang: str, case: str = "nom") -> str:
    return ky_date(d, case) if lang == "ky" else ru_date(d)


def since(d: date, lang: str) -> str:
    """'с 21 октября 2021 года' / '2021-жылдын 21-октябрынан тартып'."""
    return f"{ky_date(d, 'abl')} тартып" if lang == "ky" else f"с {ru_date(d)}"


def until(d: date, lang: str) -> str:
    """'до 21 октября 2021 года' / '2021-жылдын 21-октябрына чейин'."""
    return f"{ky_date(d, 'dat')} чейин" if lang == "ky" else f"до {ru_date(d)}"


def as_of(d: date, lang: str) -> str:
    """'на 1 января 2024 года' / '2024-жылдын 1-январына карата'."""
    return ky_date(d, "towards") if lang == "ky" else f"на {ru_date(d)}"
