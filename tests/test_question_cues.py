"""Issue 10, points 2 and 4: what a resident's wording says besides its topic words is read, so the
question asked is answered: what it sets aside ("кроме", "-дан башка"), a term told with its number
("на 4 года"), removing a head from office, a law named by its number, a story's bare closing
"Куда мне обратиться?", the town a story is written from, and the answer guessed after a
who-question ("кто назначает, аким района?")."""

from __future__ import annotations

import pytest

from qa.loader import DEFAULT_KNOWLEDGE_DIR, load_knowledge
from qa.normalize import match_text
from qa.question import find_period, without_excepted
from qa.regions import PlaceWords
from tests.qa_asserts import assert_answered_from


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # what the question sets aside is not what it is about
        ("чем ещё занимаются депутаты, кроме заседаний кенеша", "ru", "kenesh-powers"),
        ("кеңеш сессиядан башка эмне кылат", "ky", "kenesh-powers"),
        # a term told with its number asks the term
        ("кенеш раньше избирался на 4 года, а теперь?", "ru", "kenesh-term"),
        ("kenesh 4 jylga shailanaby", "ky", "kenesh-term"),
        # removing the head from office: who appoints also dismisses
        ("кто может снять с должности главу айыл окмоту", "ru", "aiyl-okmotu-head-appointment"),
        ("главу айыл окмоту могут отстранить от должности?", "ru", "aiyl-okmotu-head-appointment"),
        ("айыл окмотту кызматтан ким алат", "ky", "aiyl-okmotu-head-appointment"),
        # "is that law still in force, or was it replaced"
        ("закон 101 ещё в силе или его заменили?", "ru", "lsg-law-current"),
        # "kinds of" and "what kinds are there" are question words, not the kinds of appeals
        ("какие бывают виды местных налогов", "ru", "local-taxes"),
        # where to see the village budget is the budget's topic
        ("где увидеть бюджет нашего села", "ru", "local-budget"),
        # the answer the resident guesses after the question is not what it is about
        ("главу айыл окмоту кто назначает, аким района?", "ru", "aiyl-okmotu-head-appointment"),
        ("кто назначает акима района, президент?", "ru", "akim"),
        ("кто назначает мэра Токмока, аким?", "ru", "mayor-appointment"),
        # ... and so is a date guessed after a when-question
        ("качан шайлоо болот, 2028де?", "ky", "next-local-elections"),
        ("когда выборы в кенеш, в 2028 году?", "ru", "next-local-elections"),
    ],
)
def test_the_wording_around_the_topic_words_is_read(qa_service, question, lang, topic) -> None:
    assert_answered_from(qa_service, question, lang, topic)


def test_what_is_set_aside_is_blanked_and_nothing_else() -> None:
    assert "заседаний" not in without_excepted("за что отвечают депутаты кроме заседаний")
    assert "сессиядан" not in without_excepted("кеңеш сессиядан башка эмне кылат")
    assert without_excepted("кто назначает главу айыл окмоту") == "кто назначает главу айыл окмоту"
    assert without_excepted("кроме") == "кроме"  # nothing would be left: the text stays


def test_a_story_asking_where_to_learn_something_gets_that_answer(qa_service) -> None:
    question = "Здравствуйте. Хочу узнать, кто сейчас назначает главу айыл окмоту. Куда мне обратиться?"
    assert_answered_from(qa_service, question, "ru", "aiyl-okmotu-head-appointment")
    question = "Салам. Кеңештин депутаттары канча жылга шайланарын билгим келет. Кайда кайрылсам болот?"
    assert_answered_from(qa_service, question, "ky", "kenesh-term")
    # a problem told, then "where": where to complain, as before
    question = "У нас в селе уже месяц нет воды, айыл окмоту ничего не делает. Куда обратиться?"
    assert_answered_from(qa_service, question, "ru", "where-to-complain")


def test_a_story_with_the_question_before_a_bare_last_sentence_is_answered(qa_service) -> None:
    question = ("Здравствуйте, я живу в селе Ак-Суу. Хочу узнать, какой бюджет у нашего айыл окмоту на 2025 год и "
                "где его можно увидеть. Куда мне обратиться?")  # fmt: skip
    answer = qa_service.ask(question, user_lang="ru")
    assert (answer.kind, answer.topic) == ("answer", "local-budget")
    # the statement on where to see the budget leads
    assert "доске объявлений" in answer.statements[0].text["ru"]


def test_the_town_a_story_is_written_from_is_not_its_topic(qa_service) -> None:
    question = ("Здравствуйте, живу в Караколе, раньше жил в Исфане. У нас уже месяц не вывозят мусор. "
                "Подскажите, это обязанность мэрии?")  # fmt: skip
    assert_answered_from(qa_service, question, "ru", "mayoralty-duties")
    # a short question about the place itself keeps its weight
    assert_answered_from(qa_service, "Исфана теперь Раззаков?", "ru", "renamed-places")


def test_place_words_are_found_in_any_form() -> None:
    places = PlaceWords(load_knowledge(DEFAULT_KNOWLEDGE_DIR).regions)
    assert places(match_text("живу в Джалал-Абаде, то есть теперь в Манасе")) >= {"джалал", "абаде", "манасе"}
    assert places(match_text("горкенеш Оша")) == {"оша"}
    assert places(match_text("каралат ошибка")) == frozenset()


def test_a_law_named_by_its_number_brings_its_statement_into_the_first_message(qa_service) -> None:
    assert find_period("по закону о доступе к информации 213").laws == ("213",)
    assert find_period("101-мыйзам боюнча").laws == ("101",)
    assert find_period("в селе 5000 жителей, по закону 2011 года").laws == ()
    answer = qa_service.ask("как получить решение айыльного кенеша по закону 213?", user_lang="ru")
    assert answer.topic == "kenesh-session-attendance"
    assert any(s.source == "law-213-2006" for s in answer.statements[:2])


def test_a_bare_okmotu_is_the_aiyl_okmotu_in_the_2011_requirements(qa_service) -> None:
    answer = qa_service.ask("с погашенной судимостью можно стать главой окмоту?", user_lang="ru")
    assert answer.topic == "aiyl-okmotu-head-requirements"
    assert "погашенная или снятая судимость не препятствовала" in answer.statements[1].text["ru"]

