"""Issue 10, point 4: the answer path picks the topic asked about, not a neighbour, and declines
questions that only share a word with a topic (a bank loan, a school council, another country's
akim, advice asked with "кеңеш"/"совет", a tariff) with where to go instead."""

from __future__ import annotations

import pytest

from qa.matcher import _document_years
from qa.normalize import match_tokens


@pytest.mark.parametrize(
    ("question", "lang", "need"),
    [
        ("тариф на газ в Бишкеке сколько", "ru", "utilities-tariffs"),
        ("жарыктын тарифи качан көтөрүлөт", "ky", "utilities-tariffs"),
        ("мектептин ата-энелер кеңеши эмне кылат", "ky", "schools"),
        ("родительский комитет в школе собирает деньги, это законно?", "ru", "schools"),
        ("кто аким Астаны", "ru", "other-countries"),
        ("Мамлекеттик Думанын депутаты канча айлык алат", "ky", "other-countries"),
        ("как проходят референдумы в Швейцарии", "ru", "other-countries"),
        ("участковый милиционерге кантип кайрылам", "ky", "police"),
    ],
)
def test_a_shared_word_does_not_make_it_our_topic(qa_service, question, lang, need) -> None:
    answer = qa_service.ask(question, user_lang=lang)
    assert answer.kind == "decline", (answer.kind, answer.topic)
    assert answer.need is not None and answer.need.id == need


@pytest.mark.parametrize(
    ("question", "lang"),
    [("дайте совет, какую корову лучше купить", "ru"), ("кенеш бериниз уй салгым келет кайсы кирпич жакшы", "ky")],
)
def test_advice_asked_with_a_council_word_is_declined(qa_service, question, lang) -> None:
    assert qa_service.ask(question, user_lang=lang).kind == "decline"


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # a phone number or a salary is off-topic, unless a local body is named
        ("какая зарплата у главы нашего айыл окмоту", "ru", "local-information"),
        ("айыл өкмөтүнүн телефон номерин кантип билем", "ky", "local-information"),
        # the round-3 topics answer what their older neighbours used to
        ("кто у нас утверждает бюджет айыла", "ru", "local-budget"),
        ("кийинки жергиликтүү шайлоо кайсы жылы болот", "ky", "next-local-elections"),
        ("как отправить жалобу через этот бот", "ru", "how-to-file-bot"),
    ],
)
def test_the_topic_asked_about_answers(qa_service, question, lang, topic) -> None:
    answer = qa_service.ask(question, user_lang=lang)
    assert (answer.kind, answer.topic) == ("answer", topic), answer.alternatives


def test_a_document_year_prefers_that_document(qa_service) -> None:
    answer = qa_service.ask("2021-жылкы Конституция азыр күчүндөбү", user_lang="ky")
    assert (answer.kind, answer.topic) == ("answer", "constitution-2021")


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("2021-жылкы конституция", {"2021"}),
        ("конституция 2010 года", {"2010"}),
        ("до 2021 года как избирали", set()),
        ("2021-жылга чейин ким шайлачу", set()),
        ("после 2024 года выборы", set()),
    ],
)
def test_a_year_that_bounds_a_period_is_not_a_document_year(question, years) -> None:
    assert _document_years(match_tokens(question)) == years

