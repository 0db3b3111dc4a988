"""Computed rules: kenesh size, appeal deadlines on the Kyrgyz calendar, 2011 eligibility, 2011 mayor
majority, the aiyl okmotu head, the next local elections — numbers and texts from knowledge/rules.yaml."""

from datetime import date

import pytest

from qa.rules import (
    _default_rules,
    answer_counting,
    answer_due_by_rules,
    answer_due_date,
    check_eligibility_2011,
    deputies_2011,
    deputies_now,
    evaluate,
    find_special_city,
    next_election_years,
    parse_date,
    registration_deadline,
    validate_rule_data,
    validate_working_calendar,
    votes_needed,
)
from qa.workdays import Overrides, WorkCalendar

TODAY = date(2026, 5, 20)
LANGS = ("ky", "ru")


def first_sentence(statements, lang):
    return statements[0].text[lang]


# ---- deputies_count (law-facts C1: no current number outside Bishkek and Osh)


@pytest.mark.parametrize(
    "population, expected",
    [(1, 11), (6000, 11), (6001, 21), (15000, 21), (20000, 21), (20001, 31), (500000, 31)],
)
def test_2011_table_boundaries(population, expected):
    assert deputies_2011(population=population) == expected


@pytest.mark.parametrize("city", ["bishkek", "osh"])
def test_bishkek_and_osh_had_45_and_now_51(city):
    assert deputies_2011(city=city) == 45
    assert deputies_now(city) == 51


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
        ("город 150 000 жителей, не Бишкек и не Ош", None),
        ("шаар Бишкек эмес, Ош эмес, калкы 150 000", None),
        ("кроме Бишкека, сколько депутатов в городе на 150 тысяч", None),
    ],
)
def test_city_is_found_and_negation_excludes_it(text, city):
    assert find_special_city(text) == city


@pytest.mark.parametrize(
    "question",
    [
        "Айылыбызда 15 000 киши жашайт, канча депутат болот?",
        "айылда 15000 адам жашайт, кеңеште канча депутат",
        "айылыбызда 15 миң калк бар, канча депутат",
        "у нас в селе 15 000 жителей, сколько депутатов?",
        "в селе 15000 жителей, сколько депутатов в айыльном кенеше",
        "село на 15 тысяч человек, сколько депутатов",
    ],
)
def test_population_question_says_the_current_number_is_not_verified_and_computes_2011(question):
    statements = evaluate("deputies_count", None, question, TODAY)
    assert [s.status for s in statements] == ["unconfirmed", "statistic", "former"]
    now, confirmed, former = statements
    # The first sentence: today's number for this kenesh is not known; nothing computes it.
    assert "точно не известно [не сверено]" in now.text["ru"] and "закон 2024 года" in now.text["ru"]
    assert "так белгисиз [текшерилген эмес]" in now.text["ky"] and "2024-жылкы мыйзам" in now.text["ky"]
    for lang in LANGS:
        assert "15\u00a0000" in now.text[lang]
        assert "31" not in now.text[lang] and "41" not in now.text[lang]
        # What is confirmed: Bishkek/Osh 51 and the national totals of 17 Nov 2024.
        for figure in ("51", "6\u00a0384", "5\u00a0391", "231", "23"):
            assert figure.replace("\u00a0", " ") in confirmed.text[lang], (lang, figure)
    assert confirmed.source == "cec-2024" and confirmed.as_of == date(2024, 11, 17)
    # The 2011 rule, computed for 15 000 and with its period.
    assert former.source == "law-101-2011" and former.article == "23"
    assert former.text["ky"].startswith("2021-жылдын 21-октябрына чейин")
    assert former.text["ru"].startswith("До 21 октября 2021 года")
    assert "15\u00a0000 болгон кеңеште 21 депутат" in former.text["ky"]
    assert "число депутатов было бы 21" in former.text["ru"]


@pytest.mark.parametrize(
    "question, population, deputies",
    [
        ("в селе 5 тысяч жителей, сколько депутатов?", "5\u00a0000", 11),
        ("айылда 5000 киши, канча депутат", "5\u00a0000", 11),
        ("город 150 000, не Бишкек и не Ош, сколько депутатов в кенеше?", "150\u00a0000", 31),
        ("шаарда 150 миң калк, Бишкек эмес, канча депутат", "150\u00a0000", 31),
    ],
)
def test_2011_number_is_computed_for_the_population_given(question, population, deputies):
    now, _, former = evaluate("deputies_count", None, question, TODAY)
    assert population in now.text["ru"] and population in now.text["ky"]
    assert f"{population} болгон кеңеште {deputies} депутат" in former.text["ky"]
    assert f"число депутатов было бы {deputies} " in former.text["ru"]


def test_voters_question_does_not_compute_a_current_number():
    now, _, former = evaluate("deputies_count", None, "у нас 80 тысяч избирателей, сколько депутатов", TODAY)
    assert "80\u00a0000 избирателями, точно не известно" in now.text["ru"]
    assert "Шайлоочулары 80\u00a0000" in now.text["ky"]
    assert "зависело не от избирателей, а от населения" in former.text["ru"]


@pytest.mark.parametrize("question, lang", [("Бишкекте канча депутат?", "ky"), ("сколько депутатов в Оше", "ru")])
def test_city_question_gives_51_now_and_45_under_law_101(question, lang):
    now, former = evaluate("deputies_count", None, question, TODAY)
    assert now.text["ky"].startswith("Азыр") and "51 депутат" in now.text["ky"]
    assert now.text["ru"].startswith("Сейчас") and "51 депутат" in now.text["ru"]
    assert "45 депутат болчу" in former.text["ky"]
    assert "число депутатов было 45" in former.text["ru"]


def test_seat_counts_in_the_question_are_not_a_population():
    assert evaluate("deputies_count", None, "кеңеште 31 депутат барбы?", TODAY) is None


@pytest.mark.parametrize(
    "question", ["кеңеште 31 же 41 депутат болобу", "в кенеше 31 или 41 депутат, правда?", "кенеште 21, 31 депуат болот"]
)
def test_several_seat_counts_joined_are_not_a_population(question):
    """"31 же 41 депутат" names two counts of seats (one typed "депуат"), not a village of 31 people."""
    assert evaluate("deputies_count", None, question, TODAY) is None


def test_a_population_beside_a_count_of_seats_is_still_read():
    now, _, former = evaluate("deputies_count", None, "у нас 15 000 жителей, 21 или 31 депутат?", TODAY)
    assert "15\u00a0000" in now.text["ru"]


def test_no_number_and_no_city_leaves_the_static_answer():
    assert evaluate("deputies_count", None, "сколько депутатов в кенеше", TODAY) is None


# ---- the working-day calendar (law-facts C5)

CALENDAR = WorkCalendar(Overrides.from_rules(_default_rules()["appeal_deadline"]["working_calendar"]))


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2026, 3, 4), True),  # an ordinary Wednesday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday (and 8 March)
        (date(2026, 3, 20), False),  # Orozo Ait 2026 (Friday)
        (date(2026, 5, 27), False),  # Kurman Ait 2026 (Wednesday)
        (date(2026, 1, 5), False),  # 2-6 January: days off under the 2025 Labour Code
        (date(2026, 5, 4), False),  # 2-8 May: days off under the 2025 Labour Code
        (date(2026, 5, 8), False),
        (date(2026, 2, 23), True),  # 23 February: a working day since 2025
        (date(2024, 2, 23), False),  # ... but a holiday before
        (date(2025, 11, 7), True),  # 7-8 November: working days since 2025
        (date(2023, 11, 7), False),
        (date(2024, 1, 27), True),  # a Saturday worked by decree (the package knows it)
        (date(2026, 8, 31), False),  # Independence Day
        (date(2025, 1, 3), False),  # 2025: days off by decree (rules.yaml override)
    ],
)
def test_kyrgyz_working_days(day, working):
    assert CALENDAR.is_working_day(day) is working


def test_overrides_move_days_by_decree():
    moved = Overrides.from_rules({"moved_by_decree": {
        "days_off": [{"date": date(2026, 3, 4), "source": "decree"}],
        "working_days": [{"date": date(2026, 3, 7), "source": "decree"}],
    }})  # fmt: skip
    calendar = WorkCalendar(moved)
    assert calendar.is_working_day(date(2026, 3, 4)) is False
    assert calendar.is_working_day(date(2026, 3, 7)) is True  # a Saturday made a working day
    # Tue 3 Mar + 1 working day: Wed 4 is off, so Thu 5.
    assert calendar.add_working_days(date(2026, 3, 3), 1) == date(2026, 3, 5)
    # Fri 6 Mar + 1 working day: Saturday 7 is worked.
    assert calendar.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)


def test_yearly_overrides_hold_even_if_the_package_disagrees():
    # A yearly rule makes 10 June a day off from 2026 (a made-up rule, to show the override wins).
    calendar = WorkCalendar(Overrides.from_rules({"yearly": [{"from_year": 2026, "days_off": ["06-10"], "source": "x"}]}))
    assert calendar.is_working_day(date(2026, 6, 10)) is False
    assert calendar.is_working_day(date(2025, 6, 10)) is True


def test_overrides_are_validated():
    assert validate_working_calendar(_default_rules()["appeal_deadline"]["working_calendar"]) == []
    bad = {
        "yearly": [{"from_year": "soon", "days_off": ["02-30"]}],
        "moved_by_decree": {
            "days_off": [{"date": "2026-03-04"}, {"date": "2026-03-04", "source": "d"}],
            "working_days": [{"date": "2026-03-04", "source": "d"}, {"date": "2026-13-01", "source": "d"}],
        },
    }
    problems = validate_working_calendar(bad)
    text = "\n".join(problems)
    assert "from_year must be a year" in text
    assert "'02-30' is not a MM-DD date" in text
    assert "say where the rule comes from" in text
    assert "say which decree moved 2026-03-04" in text
    assert "2026-03-04 is listed twice" in text
    assert "2026-03-04 is a weekday" in text
    assert "'2026-13-01' is not a date" in text
    assert "2026-03-04 is both a day off and a working day" in text
    # kb-check reaches it through validate_rule_data.
    rules = {"appeal_deadline": {**_default_rules()["appeal_deadline"], "working_calendar": bad}}
    assert any("working_calendar:" in m for _, m in validate_rule_data(rules)["appeal_deadline"])


# ---- appeal_deadline (law-facts C4: 14 calendar days is the binding reading until the official text is checked)


def test_the_binding_reading_is_calendar_days_and_is_marked_unconfirmed():
    rule = _default_rules()["appeal_deadline"]
    assert answer_counting() == "calendar" and rule["counting_confirmed"] is False


def test_registration_is_the_next_working_day():
    assert registration_deadline(date(2026, 3, 3)) == date(2026, 3, 4)  # Tuesday -> Wednesday
    assert registration_deadline(date(2026, 3, 13)) == date(2026, 3, 16)  # Friday -> Monday
    assert registration_deadline(date(2026, 3, 14)) == date(2026, 3, 16)  # Saturday -> Monday


def test_registration_skips_holidays_and_the_moved_days():
    assert registration_deadline(date(2026, 2, 20)) == date(2026, 2, 23)  # Fri -> Mon 23 Feb, now a working day
    assert registration_deadline(date(2024, 2, 22)) == date(2024, 2, 26)  # Thu -> 23 Feb 2024 was a holiday
    assert registration_deadline(date(2026, 3, 19)) == date(2026, 3, 23)  # Thu -> Fri 20 Orozo Ait -> Mon
    assert registration_deadline(date(2026, 4, 30)) == date(2026, 5, 11)  # 1-10 May: holidays and a weekend
    assert registration_deadline(date(2026, 11, 6)) == date(2026, 11, 9)  # Fri -> Mon
    assert registration_deadline(date(2025, 11, 6)) == date(2025, 11, 7)  # Thu -> Fri 7 Nov 2025, worked


def test_registration_across_the_year_boundary():
    assert registration_deadline(date(2025, 12, 31)) == date(2026, 1, 8)  # 1-7 January off in 2026
    assert registration_deadline(date(2024, 12, 31)) == date(2025, 1, 8)  # 1-7 Jan 2025 off (3 and 6 by decree)


def test_answer_is_due_14_calendar_days_after_registration():
    assert answer_due_date(date(2026, 3, 4)) == date(2026, 3, 18)
    assert answer_due_date(date(2026, 3, 4), days=10) == date(2026, 3, 14)
    assert answer_due_by_rules(date(2026, 3, 4)) == date(2026, 3, 18)
    assert answer_due_by_rules(date(2026, 12, 25)) == date(2027, 1, 8)  # across the year end


def test_answer_in_working_days_skips_weekends_and_holidays():
    assert answer_due_date(date(2026, 3, 4), days=10, working_days=True) == date(2026, 3, 18)
    assert answer_due_date(date(2026, 3, 4), days=14, working_days=True) == date(2026, 3, 25)
    assert answer_due_date(date(2026, 4, 30), days=2, working_days=True) == date(2026, 5, 12)
    assert answer_due_date(date(2026, 12, 30), days=3, working_days=True) == date(2027, 1, 11)


def test_the_complaint_setting_keeps_its_number_and_the_rules_their_reading():
    data = {**_default_rules(), "appeal_deadline": {**_default_rules()["appeal_deadline"], "answer_counting": "working"}}
    assert answer_due_by_rules(date(2026, 3, 4), 10) == date(2026, 3, 14)  # 10 calendar days
    assert answer_due_by_rules(date(2026, 3, 4), 10, data) == date(2026, 3, 18)  # 10 working days


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


@pytest.mark.parametrize("question", ["подал жалобу 3 марта, когда ответ", "арызды 3-мартта бердим, качан жооп беришет"])
def test_appeal_question_answers_with_the_due_date_and_says_which_days(question):
    answer, registration, reading = evaluate("appeal_deadline", None, question, TODAY)
    assert answer.source == "law-67-2007" and answer.status == "current"
    assert answer.text["ru"] == (
        "Если обращение поступило 03.03.2026, ответ должны дать до 18.03.2026: 14 календарных дней со дня регистрации."
    )
    assert answer.text["ky"] == (
        "Арыз 03.03.2026 келип түшсө, жооп 18.03.2026 чейин берилиши керек: катталган күндөн тартып 14 календардык күн."
    )
    assert "не позже 04.03.2026" in registration.text["ru"] and "эң кечинде 04.03.2026 катталышы" in registration.text["ky"]
    assert "Орозо айт" in registration.text["ru"] and "Орозо айт" in registration.text["ky"]
    # The other reading, said plainly: 14 working days from Wed 4 March (Orozo Ait on the 20th).
    assert "[не сверено]" in reading.text["ru"] and "до 25.03.2026" in reading.text["ru"]
    assert "[текшерилген эмес]" in reading.text["ky"] and "25.03.2026 чейин" in reading.text["ky"]
    assert evaluate("appeal_deadline", None, "когда ответят?", TODAY) is None


# ---- eligibility_2011 (law-facts C10)


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


ELIGIBLE = {"ky": "ал кездеги талаптарга туура келмексиз.", "ru": "вы соответствовали бы тем требованиям."}


@pytest.mark.parametrize(
    "record",
    [
        "судимости нет", "не имею судимости", "судимость отсутствует", "не судим", "без судимости",
        "соттуулугум жок", "соттолгон эмесмин", "судимость погашена", "судимость снята",
        "соттуулугум жоюлган", "соттуулугум алынган",
    ],
)  # fmt: skip
def test_no_record_or_a_cleared_one_does_not_bar_the_aiyl_okmotu_head(record):
    question = f"высшее образование, 5 лет на госслужбе, {record}, могу стать главой айыл окмоту?"
    _, rule = evaluate("eligibility_2011", None, question, TODAY)
    assert rule.text["ru"].endswith(ELIGIBLE["ru"]) and rule.text["ky"].endswith(ELIGIBLE["ky"])


@pytest.mark.parametrize(
    "record", ["есть судимость", "судимость непогашенная", "судимость не снята", "соттуулугум бар", "соттуулугум жоюлбаган"]
)
def test_an_unexpunged_record_barred_the_aiyl_okmotu_head(record):
    question = f"жогорку билимим бар, 5 жыл мамлекеттик кызматта, {record}, айыл өкмөтүнүн башчысы болсо болобу"
    _, rule = evaluate("eligibility_2011", None, question, TODAY)
    assert rule.text["ky"].endswith("туура келмек эмессиз: алынбаган же жоюлбаган соттуулук бар.")
    assert rule.text["ru"].endswith("не соответствовали бы тем требованиям: есть непогашенная или неснятая судимость.")


def test_eligibility_first_says_heads_are_appointed_today_and_law_123_is_not_checked():
    question = "жогорку билимим бар, 4 жыл муниципалдык кызматта иштедим, соттуулугум жок, айыл өкмөтүнүн башчысы боло аламбы"
    today, rule = evaluate("eligibility_2011", None, question, TODAY)
    assert today.source == "law-123-2021" and today.status == "current"
    assert today.text["ky"].startswith("Азыр") and "дайындалат" in today.text["ky"] and "кадрлар резерв" in today.text["ky"]
    assert today.text["ru"].startswith("Сейчас") and "назначают" in today.text["ru"] and "кадрового резерва" in today.text["ru"]
    assert "[не сверено]" in today.text["ru"] and "[текшерилген эмес]" in today.text["ky"]
    # The aiyl okmotu head's article in Law 101 is not checked (C9): none is shown.
    assert rule.status == "former" and rule.source == "law-101-2011" and rule.article is None
    assert rule.text["ky"].startswith("2021-жылдын 21-октябрына чейин")
    assert rule.text["ky"].endswith(ELIGIBLE["ky"])


@pytest.mark.parametrize(
    "question",
    [
        "не имею высшего образования, 10 лет руководитель, судимости нет, могу стать мэром?",
        "высшего образования нет, 10 лет руководитель, могу стать мэром?",
        "у меня только среднее образование, 10 лет директор, могу стать мэром?",
        "жогорку билимим жок, 10 жыл жетекчи болдум, мэр боло аламбы",
    ],
)
def test_negated_higher_education_fails_the_mayor_requirements(question):
    _, rule = evaluate("eligibility_2011", None, question, TODAY)
    assert rule.article == "42"
    assert rule.text["ru"].endswith("вы не соответствовали бы тем требованиям: нет высшего образования.")
    assert rule.text["ky"].endswith("туура келмек эмессиз: жогорку билим жок.")


def test_eligibility_question_in_russian_finds_too_little_service_for_mayor():
    _, rule = evaluate("eligibility_2011", None, "у меня высшее образование и 2 года на госслужбе, могу стать мэром?", TODAY)
    assert rule.text["ru"].startswith("До 21 октября 2021 года")
    assert rule.text["ru"].endswith("вы не соответствовали бы тем требованиям: не хватает стажа.")


def test_eligibility_question_without_facts_leaves_the_static_answer():
    assert evaluate("eligibility_2011", None, "могу ли я стать мэром", TODAY) is None


# ---- mayor_election_2011 and the aiyl okmotu head


@pytest.mark.parametrize("deputies, votes", [(1, 1), (21, 11), (31, 16), (40, 21), (41, 21), (45, 23), (51, 26)])
def test_majority_of_all_deputies(deputies, votes):
    assert votes_needed(deputies) == votes


@pytest.mark.parametrize(
    "question, deputies, votes",
    [
        ("сколько голосов нужно, чтобы избрать мэра в кенеше из 31 депутата", 31, 16),
        ("31 депутаттан турган кеңеште мэрди шайлоо үчүн канча добуш керек болчу", 31, 16),
        ("кворум при выборах мэра в кенеше на 40 депутатов", 40, 21),
        ("Бишкекте мэрди шайлоо үчүн канча добуш керек эле", 45, 23),
        ("сколько голосов нужно было для избрания мэра Оша", 45, 23),
    ],
)
def test_mayor_votes_are_computed_under_the_2011_rule(question, deputies, votes):
    today, former = evaluate("mayor_election_2011", None, question, TODAY)
    assert today.status == "current" and today.source == "law-123-2021"
    assert today.text["ru"].startswith("Сейчас мэра не избирают") and today.text["ky"].startswith("Азыр мэр шайланбайт")
    assert former.status == "former" and former.source == "law-101-2011" and former.article == "42"
    assert f"при общем числе депутатов городского кенеша {deputies} " in former.text["ru"]
    assert f"то есть не меньше {votes};" in former.text["ru"] and f"то есть не меньше {votes}." in former.text["ru"]
    assert f"{deputies} депутаттан турган" in former.text["ky"] and f"кеминде {votes} добуш" in former.text["ky"]
    assert f"кеминде {votes} депутат катышышы" in former.text["ky"]


def test_mayor_question_without_a_kenesh_size_leaves_the_static_answer():
    assert evaluate("mayor_election_2011", None, "мэрди мурда кантип шайлашчу", TODAY) is None


@pytest.mark.parametrize(
    "question",
    ["сколько голосов нужно для избрания главы айыл окмоту в кенеше из 21 депутата",
     "айыл өкмөтүнүн башчысын шайлоо үчүн канча добуш керек болчу"],
)  # fmt: skip
def test_aiyl_okmotu_head_vote_says_it_is_appointed_and_the_2011_majority_is_not_known(question):
    today, former = evaluate("aiyl_okmotu_head_election_2011", None, question, TODAY)
    assert today.text["ru"].startswith("Сейчас главу айыл окмоту не избирают") and "аким" in today.text["ru"]
    assert today.text["ky"].startswith("Азыр айыл өкмөтүнүн башчысы шайланбайт") and "аким" in today.text["ky"]
    assert "не найдено [не сверено]" in former.text["ru"] and "табылган жок [текшерилген эмес]" in former.text["ky"]
    # Nothing is computed from an unsourced rule.
    assert "не меньше" not in former.text["ru"] and "кеминде" not in former.text["ky"]


def test_aiyl_okmotu_head_appointment_question_leaves_the_static_answer():
    assert evaluate("aiyl_okmotu_head_election_2011", None, "кто назначает главу айыл окмоту", TODAY) is None


# ---- next_local_elections


def test_next_election_years_under_both_terms():
    assert next_election_years(2026) == {4: 2028, 5: 2029}
    assert next_election_years(2028) == {4: 2032, 5: 2029}
    assert next_election_years(2028, strictly=False) == {4: 2028, 5: 2029}
    assert next_election_years(2030) == {4: 2032, 5: 2034}


@pytest.mark.parametrize("question", ["когда следующие выборы в местные кенеши?", "кийинки жергиликтүү шайлоо качан болот"])
def test_next_elections_from_today(question):
    first, last, former = evaluate("next_local_elections", None, question, TODAY)
    assert first.text["ru"] == (
        "Следующие общие выборы местных кенешей пройдут в 2028 году, если срок 4 года; если срок 5 лет, "
        "то в 2029 году, но 5-летний срок не подтверждён [не сверено]."
    )
    assert first.text["ky"].startswith("Жергиликтүү кеңештердин кийинки жалпы шайлоосу 2028-жылы болот")
    assert "2029-жылы" in first.text["ky"] and "[текшерилген эмес]" in first.text["ky"]
    assert "17 ноября 2024" in last.text["ru"] and "2024-жылдын 17-ноябрында" in last.text["ky"]
    assert former.status == "former" and former.article == "21"


@pytest.mark.parametrize(
    "question, year4, year5",
    [("выборы в кенеш после 2030 года, когда?", 2032, 2034), ("2030-жылдан кийинки шайлоо качан", 2032, 2034),
     ("после 2028 года когда будут выборы в кенеш", 2032, 2029)],
)  # fmt: skip
def test_next_elections_after_a_given_year(question, year4, year5):
    first, _, _ = evaluate("next_local_elections", None, question, TODAY)
    assert f"в {year4} году, если срок 4 года" in first.text["ru"] and f"то в {year5} году" in first.text["ru"]
    assert f"{year4}-жылы болот, эгер мөөнөт 4 жыл" in first.text["ky"] and f"{year5}-жылы болот, бирок" in first.text["ky"]


@pytest.mark.parametrize(
    "question", ["на сколько лет избирают кенеш", "кеңештин мөөнөтү канча болот", "кенеш 2024-жылы шайланган, канча жылга"]
)
def test_term_question_leaves_the_static_answer(question):
    assert evaluate("next_local_elections", None, question, TODAY) is None


@pytest.mark.parametrize(
    "entry_id, rule",
    [("kenesh-deputies-count", "deputies_count"), ("appeals-law", "appeal_deadline"),
     ("mayor-requirements", "eligibility_2011"), ("aiyl-okmotu-head-requirements", "eligibility_2011"),
     ("mayor-election-2011", "mayor_election_2011"),
     ("aiyl-okmotu-head-appointment", "aiyl_okmotu_head_election_2011"), ("next-local-elections", "next_local_elections")],
)  # fmt: skip
def test_each_rule_is_attached_to_its_entry(qa_service, entry_id, rule):
    assert qa_service.kb.entry(entry_id).rule == rule


@pytest.mark.parametrize(
    "question, lang, start",
    [
        ("сколько голосов нужно чтобы избрать мэра в кенеше из 31 депутата", "ru", "Сейчас мэра не избирают"),
        ("у нас в селе 15 000 жителей, сколько депутатов?", "ru", "Сколько депутатов сейчас в кенеше с населением 15"),
        ("айылыбызда 15 миң киши жашайт, кеңеште канча депутат болот", "ky", "Калкы 15"),
        ("подал жалобу 3 марта, когда ответ", "ru", "Если обращение поступило 03.03.2026, ответ должны дать до 18.03.2026"),
    ],
)
def test_computed_answers_through_the_answer_path(qa_service, question, lang, start):
    answer = qa_service.ask(question, lang, today=TODAY)
    assert answer.kind == "answer" and answer.statements[0].text[lang].startswith(start)


# ---- rules.yaml checks


def test_rules_yaml_is_valid():
    assert validate_rule_data(_default_rules()) == {}


def test_rule_templates_with_different_numbers_in_ky_and_ru_are_refused():
    rules = {"appeal_deadline": {"source": "law-67-2007", "status": "current", "answer_counting": "calendar",
                                 "text": {"ky": "14 күндүн ичинде {due}", "ru": "в течение 10 дней {due}"}}}  # fmt: skip
    assert validate_rule_data(rules) == {"appeal_deadline": [(1, "text: ky and ru state different numbers or dates")]}


# ---- the complaint queue's due dates say which days they count


def test_complaint_due_dates_say_calendar_days_in_both_languages(i18n):
    from types import SimpleNamespace

    from services import complaint_texts
    from services.deadlines import answer_due, answer_period

    filed = date(2026, 3, 2)
    due = answer_due(filed, 14)
    assert due == date(2026, 3, 16) and answer_period(filed, due) == (14, "calendar")
    assert answer_due(filed, 10) == date(2026, 3, 12)  # COMPLAINT_ANSWER_DAYS keeps its meaning
    ticket = SimpleNamespace(filed=filed, due=due, number="KG-2026-000001", status="new",
                             body_name="Мэрия города Бишкек")  # the confirmation names the addressee (issue 11)
    with i18n.context():
        assert complaint_texts.format_due(ticket, "ru") == "16.03.2026 (14 календарных дней)"
        assert complaint_texts.format_due(ticket, "ky") == "16.03.2026 (14 календардык күн)"
        one = SimpleNamespace(filed=filed, due=date(2026, 3, 3))
        assert complaint_texts.answer_period_label(one, "ru") == "1 календарный день"
        assert "14 календарных дней со дня регистрации" in complaint_texts.confirmation(ticket, "ru")
        assert "катталган күндөн тартып 14 календардык күн" in complaint_texts.confirmation(ticket, "ky")


@pytest.mark.parametrize(
    "question",
    ["15 лет назад был осужден, судимость погашена, мог ли он стать главой айыл окмоту по закону 101?",
     "10 жыл мурун соттолгон, соттуулугу жоюлган, айыл өкмөтүнүн башчысы боло алмак беле",
     "в 2015 году был судим, судимость снята, мог бы быть главой айыл окмоту?"],
)
def test_years_ago_or_a_calendar_year_are_not_years_of_service(question):
    """"15 лет назад", "2015" say when, not how long one worked: the rule on the record leads."""
    _, rule = evaluate("eligibility_2011", None, question, TODAY)
    assert rule.text["ru"].startswith("До 21 октября 2021 года, по Закону №101 2011 года, главой айыл окмоту не мог быть"), rule.text["ru"]
