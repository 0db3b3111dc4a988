"""Computed rules: deputies of a kenesh, appeal deadlines, 2011 eligibility — numbers from knowledge/rules.yaml."""

from datetime import date

import pytest

from qa.rules import (
    answer_due_date,
    check_eligibility_2011,
    deputies_2011,
    deputies_current,
    evaluate,
    find_special_city,
    parse_date,
    registration_deadline,
    validate_rule_data,
)

TODAY = date(2026, 5, 20)


# ---- deputies_count


@pytest.mark.parametrize(
    "population, expected",
    [(1, 11), (6000, 11), (6001, 21), (15000, 21), (20000, 21), (20001, 31), (500000, 31)],
)
def test_2011_table_boundaries(population, expected):
    assert deputies_2011(population=population) == expected


@pytest.mark.parametrize("city", ["bishkek", "osh"])
def test_bishkek_and_osh_had_45_and_now_51(city):
    assert deputies_2011(city=city) == 45
    assert deputies_current(city=city) == (51, "city")


def test_current_rule_counts_voters_at_70000():
    assert deputies_current(voters=70000) == (31, "voters")
    assert deputies_current(voters=70001) == (41, "voters")


def test_current_rule_from_population_is_certain_only_up_to_70000():
    # Voters are never more than residents: a population of 70 000 means at most 70 000 voters.
    assert deputies_current(population=70000) == (31, "population_within_threshold")
    assert deputies_current(population=70001) == (None, "depends_on_voters")


@pytest.mark.parametrize(
    "text, city",
    [
        ("Бишкекте канча депутат", "bishkek"),
        ("бишкек шаардык кенеши", "bishkek"),
        ("bishkekte deputat kancha", "bishkek"),
        ("Ош шаарында канча депутат", "osh"),
        ("сколько депутатов в Оше", "osh"),
        ("Оштогу кеңеш", "osh"),
        ("Ош облусундагы айылда канча депутат", None),
        ("ошол айылда канча депутат", None),
        ("кошумча суроо", None),
    ],
)
def test_city_is_found_in_ky_ru_and_latin(text, city):
    assert find_special_city(text) == city


def test_population_question_gets_21_under_2011_and_31_now():
    statements = evaluate("deputies_count", None, "Айылыбызда 15 000 киши жашайт, канча депутат болот?", TODAY)
    assert [s.status for s in statements] == ["unconfirmed", "former"]
    current, former = statements
    assert current.source == "law-kenesh-composition-2024"
    assert current.text["ky"].endswith("депутаттардын саны — 31.")
    assert current.text["ru"].endswith("число депутатов — 31.")
    assert former.source == "law-101-2011" and former.article == "23"
    assert former.text["ky"].startswith("2021-жылдын 21-октябрына чейин")
    assert former.text["ru"].startswith("До 21 октября 2021 года")
    assert "15\u00a0000 болгон кеңеште 21 депутат" in former.text["ky"]
    assert "число депутатов было 21" in former.text["ru"]


def test_large_population_says_it_depends_on_voters():
    current, former = evaluate("deputies_count", None, "в городе 120 000 жителей, сколько депутатов?", TODAY)
    assert "зависит от числа избирателей" in current.text["ru"]
    assert "шайлоочулардын санына жараша" in current.text["ky"]
    assert "число депутатов было 31" in former.text["ru"]


def test_voters_question_uses_the_voter_threshold():
    current, former = evaluate("deputies_count", None, "у нас 80 тысяч избирателей, сколько депутатов", TODAY)
    assert current.text["ru"].endswith("число депутатов — 41.")
    assert "зависело не от избирателей, а от населения" in former.text["ru"]


def test_city_question_gives_51_now_and_45_before():
    current, former = evaluate("deputies_count", None, "Бишкекте канча депутат?", TODAY)
    assert current.text["ky"].endswith("депутаттардын саны — 51.")
    assert "45 депутат болчу" in former.text["ky"]


def test_seat_counts_in_the_question_are_not_a_population():
    assert evaluate("deputies_count", None, "кеңеште 31 депутат барбы?", TODAY) is None


def test_no_number_and_no_city_leaves_the_static_answer():
    assert evaluate("deputies_count", None, "сколько депутатов в кенеше", TODAY) is None


# ---- appeal_deadline


def test_registration_is_the_next_working_day():
    assert registration_deadline(date(2026, 3, 3)) == date(2026, 3, 4)  # Tuesday -> Wednesday
    assert registration_deadline(date(2026, 3, 13)) == date(2026, 3, 16)  # Friday -> Monday
    assert registration_deadline(date(2026, 3, 14)) == date(2026, 3, 16)  # Saturday -> Monday


def test_registration_skips_fixed_public_holidays():
    assert registration_deadline(date(2026, 2, 20)) == date(2026, 2, 24)  # Fri, Mon 23 Feb holiday -> Tue
    assert registration_deadline(date(2026, 3, 20)) == date(2026, 3, 23)  # Fri, Sat 21 Mar Nooruz, -> Mon
    assert registration_deadline(date(2026, 4, 30)) == date(2026, 5, 4)  # Thu, Fri 1 May -> Mon 4 May
    assert registration_deadline(date(2026, 5, 4)) == date(2026, 5, 6)  # Mon, Tue 5 May Constitution Day
    assert registration_deadline(date(2026, 11, 6)) == date(2026, 11, 9)  # Fri, 7-8 Nov weekend anyway
    assert registration_deadline(date(2025, 12, 31)) == date(2026, 1, 2)  # Wed, 1 Jan holiday -> Fri


def test_answer_is_due_14_calendar_days_after_registration():
    assert answer_due_date(date(2026, 3, 4)) == date(2026, 3, 18)
    assert answer_due_date(date(2026, 3, 4), days=10) == date(2026, 3, 14)


def test_answer_in_working_days_skips_weekends_and_holidays():
    # 10 working days from Wed 4 Mar 2026: 5, 6, 10 (9th is a Monday: works; 8th Sunday), ...
    assert answer_due_date(date(2026, 3, 4), days=10, working_days=True) == date(2026, 3, 18)
    # across Nooruz (Sat 21 Mar) and a plain week: Thu 19 Mar + 2 working days = Mon 23 Mar
    assert answer_due_date(date(2026, 3, 19), days=2, working_days=True) == date(2026, 3, 23)
    # across 1 May (Fri) and 5 May (Tue): Thu 30 Apr + 2 working days = Wed 6 May
    assert answer_due_date(date(2026, 4, 30), days=2, working_days=True) == date(2026, 5, 6)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("арызды 3-мартта бердим, качан жооп беришет", date(2026, 3, 3)),
        ("подал жалобу 3 марта, когда ответ", date(2026, 3, 3)),
        ("03.03.2026 бердим", date(2026, 3, 3)),
        ("3.03 бердим", date(2026, 3, 3)),
        ("мартын 3ү бердим", date(2026, 3, 3)),
        ("28 декабря подал", date(2025, 12, 28)),  # still ahead this year: last year
        ("2025-жылдын 5-майында бердим", date(2025, 5, 5)),
        ("вчера подал жалобу", date(2026, 5, 19)),
        ("когда ответят на жалобу?", None),
    ],
)
def test_date_in_the_question(text, expected):
    assert parse_date(text, TODAY) == expected


def test_appeal_question_computes_both_dates():
    (statement,) = evaluate("appeal_deadline", None, "подал жалобу 3 марта, когда ответ", TODAY)
    assert statement.source == "law-67-2007" and statement.status == "current"
    assert "03.03.2026" in statement.text["ru"]
    assert "до 04.03.2026" in statement.text["ru"]
    assert "до 18.03.2026" in statement.text["ru"]
    assert "18.03.2026 чейин" in statement.text["ky"]
    assert evaluate("appeal_deadline", None, "когда ответят?", TODAY) is None


# ---- eligibility_2011


def test_mayor_2011_requirements_each_condition():
    assert check_eligibility_2011("mayor", True, service_years=3) == (True, [])
    assert check_eligibility_2011("mayor", True, management_years=5) == (True, [])
    assert check_eligibility_2011("mayor", False, service_years=10) == (False, ["no_higher_education"])
    assert check_eligibility_2011("mayor", True, service_years=2.9, management_years=4) == (
        False,
        ["not_enough_experience"],
    )


def test_aiyl_okmotu_head_2011_requirements_each_condition():
    assert check_eligibility_2011("aiyl_okmotu_head", True, service_years=2) == (True, [])
    assert check_eligibility_2011("aiyl_okmotu_head", True, management_years=3) == (True, [])
    assert check_eligibility_2011("aiyl_okmotu_head", False, service_years=2) == (False, ["no_higher_education"])
    assert check_eligibility_2011("aiyl_okmotu_head", True, service_years=1, management_years=2) == (
        False,
        ["not_enough_experience"],
    )
    assert check_eligibility_2011("aiyl_okmotu_head", True, service_years=5, criminal_record=True) == (
        False,
        ["criminal_record"],
    )
    assert check_eligibility_2011("aiyl_okmotu_head", True, service_years=5, criminal_record=None) == (
        False,
        ["criminal_record_unknown"],
    )


def test_eligibility_question_in_kyrgyz_is_labelled_as_2011_rules():
    question = "жогорку билимим бар, 4 жыл муниципалдык кызматта иштедим, соттуулугум жок, айыл өкмөтүнүн башчысы боло аламбы"
    today, rule = evaluate("eligibility_2011", None, question, TODAY)
    assert today.status == "info" and today.source == "law-123-2021"
    assert "cbd.minjust.gov.kg" in today.text["ky"] and "cbd.minjust.gov.kg" in today.text["ru"]
    assert rule.status == "former" and rule.source == "law-101-2011" and rule.article == "46"
    assert rule.text["ky"].startswith("2021-жылдын 21-октябрына чейин")
    assert rule.text["ky"].endswith("ал кездеги талаптарга туура келесиз.")


def test_eligibility_question_in_russian_finds_too_little_service_for_mayor():
    today, rule = evaluate("eligibility_2011", None, "у меня высшее образование и 2 года на госслужбе, могу стать мэром?", TODAY)
    assert rule.article == "42"
    assert rule.text["ru"].startswith("До 21 октября 2021 года")
    assert rule.text["ru"].endswith("вы не соответствуете тем требованиям: не хватает стажа.")


def test_eligibility_question_with_criminal_record():
    _, rule = evaluate("eligibility_2011", None, "жогорку билимим бар, 5 жыл мамлекеттик кызматта, соттуулугум бар. айыл окмотунун башчысы болсо болобу", TODAY)
    assert rule.text["ky"].endswith("туура келбейсиз: соттуулук бар.")


def test_eligibility_question_without_facts_leaves_the_static_answer():
    assert evaluate("eligibility_2011", None, "могу ли я стать мэром", TODAY) is None


def test_rule_templates_with_different_numbers_in_ky_and_ru_are_refused():
    rules = {"appeal_deadline": {"source": "law-67-2007", "status": "current",
                                 "text": {"ky": "14 күндүн ичинде {due}", "ru": "в течение 10 дней {due}"},
                                 "note": {"ky": "эскертүү", "ru": "примечание"}}}  # fmt: skip
    assert validate_rule_data(rules) == {"appeal_deadline": [(1, "text: ky and ru state different numbers or dates")]}
