"""Questions that sit between two neighbouring topics of the real knowledge base reach the one they
ask about: what a resident would notice as "it answered about something else".

The phrasings here are not in the base nor in the evaluation splits; each names the class of
question a rule of the matcher or a word of the base is there for.
"""

from __future__ import annotations

import pytest

from qa.service import QuestionAnswerer
from tests.qa_asserts import assert_answered_from


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # "аким это кто …, чем отличается от главы айыл окмоту": the body the question defines
        ("аким деген ким, айыл окмот башчысынан айырмасы эмне", "ky", "akim"),
        ("полпред это кто и чем отличается от акима", "ru", "plenipotentiary-representative"),
    ],
)
def test_the_body_a_question_defines_is_what_it_is_about(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # removing a deputy said in everyday words is a recall
        ("можно ли убрать депутата айыльного кенеша если он не работает", "ru", "deputy-recall"),
        ("депутатты кантип кетиребиз, эч нерсе кылбайт", "ky", "deputy-recall"),
        ("как сместить депутата горкенеша", "ru", "deputy-recall"),
        # how a city council is elected is about its elections, not about its chair
        ("горкенеш как избирается", "ru", "kenesh-elections"),
        # a language test asked of a mayoral candidate is the mayor's requirements, as for the head
        ("мэр болуш үчүн тест тапшырыш керекпи", "ky", "mayor-requirements"),
        ("нужно ли кандидату в мэры сдавать экзамен по кыргызскому языку", "ru", "mayor-requirements"),
        # what the deputies do is what the kenesh does
        ("чем занимаются депутаты айыльного кенеша", "ru", "kenesh-powers"),
        ("депутаттардын милдети эмне", "ky", "kenesh-powers"),
        # water, roads and rubbish asked of the aiyl okmotu are its duties, not the mayoralty's
        ("обязанности айыл окмоту: вода, дороги, мусор — это их работа?", "ru", "aiyl-okmotu-role"),
        ("айыл өкмөтү эмне кылат, таштанды жана суу маселесин чечеби", "ky", "aiyl-okmotu-role"),
        # "our aiyl okmotu was closed" after aimaks were merged
        ("биздин айыл өкмөтү жабылдыбы, кошуп салышты", "ky", "merged-aiyl-aimak"),
        # "суд" with a Kyrgyz case ending, in a mixed question, is a court
        ("айыл окмоттун чечимин судга берсе болобу", "ky", "court-challenge"),
    ],
)
def test_a_question_reaches_the_topic_of_what_it_asks(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # "how long" is the term, whatever words of the next election it shares
        ("сколько лет депутаты работают до новых выборов", "ru", "kenesh-term"),
        # a deadline in days answers "when": the reply to an appeal stays with the appeals law
        ("арызга жооп качан келет", "ky", "appeals-law"),
        ("когда ответят на жалобу", "ru", "appeals-law"),
    ],
)
def test_how_long_and_when_reach_the_topic_that_answers_them(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # where to complain about a body is not how to file through this bot …
        ("куда пожаловаться на мэрию оша", "ru", "where-to-complain"),
        ("куда жаловаться на аким", "ru", "where-to-complain"),
        # … unless the bot is named
        ("как через бот пожаловаться на айыл окмоту", "ru", "how-to-file-bot"),
        ("бот аркылуу айыл өкмөтүнө арыз берсе болобу", "ky", "how-to-file-bot"),
    ],
)
def test_filing_through_the_bot_is_asked_by_naming_it(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # "what is X" reaches the topic whose title asks what X is, whatever words follow
        ("что такое мсу и зачем оно нужно", "ru", "lsg-definition"),
        ("что такое мэрия, кто там работает", "ru", "mayoralty-composition"),
    ],
)
def test_what_is_x_reaches_the_topic_that_defines_x(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


@pytest.mark.parametrize("question", ["что такое ипотека", "что такое кредитная история", "сүйүү деген эмне"])
def test_what_is_x_outside_the_base_is_still_declined(qa_service: QuestionAnswerer, question: str) -> None:
    assert qa_service.ask(question, user_lang="ru").kind == "decline"


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # a figure or a law number the base knows names the topic; a population stays the question's data
        ("8651 депутат болгон деп окудум, азыр канча", "ky", "stats-deputies"),
        ("закон 123 о чем он вообще", "ru", "lsg-law-current"),
        ("у нас в селе 15000 жителей сколько депутатов", "ru", "kenesh-deputies-count"),
    ],
)
def test_a_number_the_base_knows_names_the_topic(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)
