"""kb-check reports each kind of mistake an editor makes, with the exact file:line and message.

Each case in tests/fixtures/kb_broken/<case>/ is the `valid` base with one mistake in it.
"""

from datetime import date
from pathlib import Path

import pytest

from qa.check import check_knowledge, numbers_in_text
from qa.loader import KnowledgeError, load_knowledge

FIXTURES = Path("tests/fixtures/kb_broken")
TODAY = date(2026, 1, 1)
BASICS = "entries/basics.yaml"

CASES = {
    "missing_language": (BASICS, 4, "entry 'kenesh-term': title has no ru text"),
    "unknown_source": (
        BASICS,
        37,
        "statement 1 of entry 'kenesh-term': unknown source 'law-999-2030' (not in sources.yaml)",
    ),
    "l_source": (
        "sources.yaml",
        31,
        "source 'agency-2018': confidence L is not allowed (an L fact is never stated); "
        "confirm it to M or H, or leave it out",
    ),
    "parity_number": (
        BASICS,
        79,
        "statement 1 of entry 'aiyl-okmotu-subsidies': text ky and ru state different numbers or dates "
        "(only in ky: 378; only in ru: 387)",
    ),
    "duplicate_question": (
        BASICS,
        71,
        "entry 'aiyl-okmotu-subsidies': example question 'Срок полномочий кенеша?' (ru) is also in entry "
        "'kenesh-term' (tests/fixtures/kb_broken/duplicate_question/entries/basics.yaml:21)",
    ),
    "former_before_current": (
        BASICS,
        34,
        "statement 1 of entry 'kenesh-term': former statement comes before the current one (statement 2); "
        "put the rule in force today first",
    ),
    "current_repealed": (
        BASICS,
        45,
        "statement 2 of entry 'kenesh-term': status current but source 'law-101-2011' is no longer in force "
        "(since 2021-10-21); use status former and name the period",
    ),
    "statistic_without_as_of": (
        BASICS,
        79,
        "statement 1 of entry 'aiyl-okmotu-subsidies': status statistic needs as_of (the date the figure describes)",
    ),
    "bad_date": (
        "sources.yaml",
        18,
        "source 'law-123-2021': in_force_from '2021-13-01' is not a valid date (write YYYY-MM-DD)",
    ),
    "too_few_questions": (
        BASICS,
        19,
        "entry 'kenesh-term': only 11 example questions in ru (at least 12 needed)",
    ),
    "yaml_syntax": (BASICS, 50, "YAML syntax error: did not find expected '-' indicator"),
    "current_without_date": (
        BASICS,
        39,
        "statement 1 of entry 'kenesh-term': status current needs a dated source; source 'law-123-2021' has no "
        "in_force_from: date it, or use status unconfirmed",
    ),
    "part_without_article": (BASICS, 39, "statement 1 of entry 'kenesh-term': part is given without its article"),
}

PREFIX = "tests/fixtures/kb_broken"


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_mistake_is_reported_with_file_line_and_message(case):
    file, line, message = CASES[case]
    errors = check_knowledge(FIXTURES / case, today=TODAY)
    assert errors == [f"tests/fixtures/kb_broken/{case}/{file}:{line}: {message}"]


def test_a_count_of_places_must_agree_with_regions_yaml():
    # "231 айыл аймагы" in a current statement; the 2018 statistic ("453 айыл өкмөтү") keeps its own date.
    errors = check_knowledge(FIXTURES / "count_disagrees", today=TODAY)
    said = "says 231 aiyl aimaks, but regions.yaml gives 230; a figure of an earlier date belongs in a statistic statement with its as_of"
    assert errors == [
        f"{PREFIX}/count_disagrees/{BASICS}:35: statement 1 of entry 'kenesh-term': text ky: {said}",
        f"{PREFIX}/count_disagrees/{BASICS}:36: statement 1 of entry 'kenesh-term': text ru: {said}",
    ]


def test_a_title_must_name_the_act_in_both_languages():
    errors = check_knowledge(FIXTURES / "title_only_number", today=TODAY)
    hint = "gives only the kind and number of the act; write its real title (what it is about)"
    assert errors == [
        f"{PREFIX}/title_only_number/sources.yaml:5: source 'law-101-2011': title ky '№101 Мыйзам' {hint}",
        f"{PREFIX}/title_only_number/sources.yaml:5: source 'law-101-2011': title ru 'Закон КР №101' {hint}",
    ]


def test_a_link_must_be_the_acts_own_page_or_a_publication_page():
    errors = check_knowledge(FIXTURES / "url_not_act_page", today=TODAY)
    assert errors == [
        f"{PREFIX}/url_not_act_page/sources.yaml:20: source 'law-123-2021': url 'https://cbd.minjust.gov.kg/' is not "
        "the act's own page in the official database (https://cbd.minjust.gov.kg/act/view/ru-ru/NNNNN); "
        "leave it null when the page is not known",
        f"{PREFIX}/url_not_act_page/sources.yaml:30: source 'agency-2018': url 'https://mineconom.gov.kg/' is a "
        "site's home page, not the page of the publication",
    ]


def test_statement_questions_are_checked_against_the_entries_and_counted():
    errors = check_knowledge(FIXTURES / "facet_questions", today=TODAY)
    file = f"{PREFIX}/facet_questions/{BASICS}"
    assert errors == [
        f"{file}:41: statement 1 of entry 'kenesh-term': question 'кеңеш канча жылга шайланат' (ky) is already an "
        f"example question of entry 'kenesh-term' ({file}:7)",
        f"{file}:42: statement 1 of entry 'kenesh-term': 1 question(s) in ru (give 2 to 6)",
    ]


def test_the_valid_base_has_no_errors_and_loads():
    assert check_knowledge(FIXTURES / "valid", today=TODAY) == []
    kb = load_knowledge(FIXTURES / "valid", today=TODAY)
    entry = kb.entry("kenesh-term")
    assert [s.status for s in entry.statements] == ["current", "former"]
    assert entry.statements[1].article == "21"
    assert entry.statements[1].part == "1"
    assert entry.statements[1].questions["ru"] == ("раньше на сколько избирали кенеш", "срок по закону 101")
    assert entry.statements[0].part is None and entry.statements[0].questions == {}
    assert kb.sources["law-123-2021"].url == "https://cbd.minjust.gov.kg/act/view/ru-ru/123456?cl=ru-ru"
    assert kb.sources["law-101-2011"].in_force_until == date(2021, 10, 21)
    assert kb.entry("aiyl-okmotu-subsidies").statements[0].as_of == date(2018, 6, 8)


def test_all_errors_are_collected_not_only_the_first():
    errors = check_knowledge(FIXTURES / "several_errors", today=TODAY)
    prefix = "tests/fixtures/kb_broken/several_errors/entries/basics.yaml"
    assert errors == [
        f"{prefix}:37: statement 1 of entry 'kenesh-term': unknown source 'law-999-2030' (not in sources.yaml)",
        f"{prefix}:46: entry 'kenesh-term': related entry 'no-such-entry' does not exist",
        f"{prefix}:49: entry 'aiyl-okmotu-subsidies': group 'weather' is not in groups.yaml",
    ]


def test_loading_an_invalid_base_raises_with_every_error():
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(FIXTURES / "several_errors", today=TODAY)
    assert len(raised.value.errors) == 3


def test_a_former_statement_becomes_wrong_only_when_its_period_has_not_ended():
    # The same base checked on a day before Law 101 was repealed: its "former" statement is not former yet,
    # and the current one cites a law that is not in force yet.
    errors = check_knowledge(FIXTURES / "valid", today=date(2020, 1, 1))
    assert any("status former but no end date in the past" in e for e in errors)
    assert any("is not in force yet (from 2021-10-21)" in e for e in errors)


@pytest.mark.parametrize(
    "ky, ru",
    [
        ("15 000 киши", "15000 человек"),
        ("15 000 киши", "15,000 человек"),
        ("15\u00a0000 киши", "15 000 человек"),
        ("2021-жылдын 21-октябрына чейин", "До 21 октября 2021 года"),
        ("2021-жылдын 5-майында", "05.05.2021"),
        ("2024-жылы 264 кеңеш", "в 2024 году 264 кенеша"),
    ],
)
def test_parity_sees_the_same_numbers_written_differently(ky, ru):
    assert numbers_in_text(ky) == numbers_in_text(ru)


@pytest.mark.parametrize(
    "ky, ru",
    [
        ("2021-жылдын 21-октябрына чейин", "До 21 ноября 2021 года"),
        ("14 күн", "10 дней"),
        ("майрам күнү 5", "5 мая"),
    ],
)
def test_parity_sees_a_different_number_or_month(ky, ru):
    assert numbers_in_text(ky) != numbers_in_text(ru)


def test_the_real_knowledge_base_passes():
    assert check_knowledge(Path("knowledge")) == []
    kb = load_knowledge(Path("knowledge"))
    assert {g.id for g in kb.groups} == {e.group for e in kb.entries}
