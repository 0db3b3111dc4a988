"""Numbers as residents type them become the quantity they mean; years and dates are not quantities."""

import pytest

from qa.numbers import format_number, parse_numbers


@pytest.mark.parametrize(
    "text, expected",
    [
        ("15 000", [15000]),
        ("15000", [15000]),
        ("15\u00a0000", [15000]),
        ("15\u202f000", [15000]),
        ("15,000", [15000]),
        ("15 миң", [15000]),
        ("15 мин", [15000]),
        ("5 тысяч", [5000]),
        ("5 тыс", [5000]),
        ("5 тыс.", [5000]),
        ("150к", [150000]),
        ("150k", [150000]),
        ("1,5 миң", [1500]),
        ("1.5k", [1500]),
        ("2 млн", [2000000]),
        ("6 001–20 000", [6001, 20000]),
        ("Айылыбызда 15 000 киши жашайт, канча депутат болот?", [15000]),
        ("у нас 2,5 тыс. человек", [2500]),
    ],
)
def test_number_forms(text, expected):
    assert parse_numbers(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-жылы айылда 3500 адам болгон", [3500]),
        ("в 2024 году 5 тысяч жителей", [5000]),
        ("3-мартта арыз бердим", []),
        ("подал 3 марта", []),
        ("03.03.2024 бердим", []),
        ("4 жыл иштедим", []),
        ("босого 5%", []),
        ("№123 мыйзам", []),
        ("в 10:30", []),
    ],
)
def test_years_dates_and_durations_are_not_quantities(text, expected):
    assert parse_numbers(text) == expected


def test_format_number_groups_thousands_the_same_way_in_both_languages():
    assert format_number(15000) == "15\u00a0000"
    assert format_number(70001) == "70\u00a0001"
    assert format_number(450) == "450"
