"""The boundary between a common need and a topic: a row of the out-of-scope table declines the
whole class of needs it names (a person's name, a Soviet collective farm, registering a right to
land, an official's family feast), and the same words on the local side still reach their topic (an
article numbered 102 is not the police's telephone, a pensioner's relief from a local tax is the
kenesh's)."""

from __future__ import annotations

import pytest

from qa.service import QuestionAnswerer
from tests.qa_asserts import assert_answered_from, assert_declined_with


@pytest.mark.parametrize(
    ("question", "lang", "need"),
    [
        # a person's name that begins like a body's ("Акимжан", "Кенешбек") is a name
        ("Акимжан деген ысым эмнени билдирет", "ky", "name-meanings"),
        ("imya Akimzhan chto oznachaet", "ru", "name-meanings"),
        # a body of two words named as a landmark is where the bus stop stands
        ("шаардык кенештин жанындагы аялдамадан автобус качан жүрөт", "ky", "travel-transport"),
        ("айыл окмотунун жанындагы аялдамадан маршрутка канчада кетет", "ky", "travel-transport"),
        # an official's family feast is private life
        ("мэрдин кызынын тою кайда болот", "ky", "officials-private-life"),
        # the Soviet collective farm is history
        ("колхоз председателин ким шайлаган", "ky", "soviet-era"),
        ("kolhoz predsedatelya kto vybiral", "ru", "soviet-era"),
        # a right to land is registered, however the land was got
        ("айыл окмоту жер берди, менчик укугун кантип каттайм", "ky", "property-registration"),
        # the tax office asked for in two languages at once; a taxpayer's number
        ("налоговая кайда жайгашкан", "ky", "tax-service"),
        ("ИНН алам, налоговый кызмат кайда", "ky", "tax-service"),
        # 102 as a telephone number is still the police's
        ("милиция не приезжает, звонил 102", "ru", "police"),
    ],
)
def test_a_class_of_common_need_is_declined_with_where_to_go(
    qa_service: QuestionAnswerer, question: str, lang: str, need: str
) -> None:
    assert_declined_with(qa_service, question, lang, need)


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # an article numbered 102 is not the police's telephone
        ("статья 102 Бюджетного кодекса касается местного бюджета?", "ru", "local-budget"),
        ("Бюджет кодексинин 102-беренеси жергиликтүү бюджет жөнүндөбү", "ky", "local-budget"),
        # a relief from a local tax for pensioners is the kenesh's
        ("пенсионерам льгота по земельному налогу есть", "ru", "local-taxes"),
        ("pensionerlerge jer salygynan jenildik barby", "ky", "local-taxes"),
        # the meaning of a place's new name is a renamed place's
        ("Айтматов районунун аталышынын мааниси эмне", "ky", "renamed-places"),
        # "СССР" folds to two letters that begin "срок": it is not a row's word
        ("срок полномочий кенеша", "ru", "kenesh-term"),
    ],
)
def test_the_same_words_on_the_local_side_still_reach_their_topic(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # the aiyl okmotus' digital service named beside a phone: the phone is how one registers
        ("sanarip aimakka telefondon kantip kirem", "ky", "sanarip-aimak"),
        ("Санарип аймак приложение на телефон как скачать", "ru", "sanarip-aimak"),
        # "беды" (troubles) are the problems of local self-government
        ("в чем беда айыл окмоту", "ru", "lsg-problems"),
        ("какие беды у местного самоуправления", "ru", "lsg-problems"),
    ],
)
def test_an_everyday_word_for_a_local_matter_reaches_its_topic(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


def test_a_phone_without_a_local_body_or_service_is_still_not_a_topic(qa_service: QuestionAnswerer) -> None:
    assert qa_service.ask("телефон номерим өзгөрдү", user_lang="ky").kind == "decline"


def test_an_abbreviation_folded_to_consonants_takes_endings_but_does_not_begin_other_words(
    qa_service: QuestionAnswerer,
) -> None:
    # "ПДД" folds to "пд": "ПДДнын" is the traffic rules, "пдоать" a slip of "подать"
    assert_declined_with(qa_service, "штраф ПДДнын кайсы беренеси", "ky", "driving")
    assert_answered_from(
        qa_service, "Можно пдоать обращение в мэрию на узбекском языке?", "ru", "appeals-language"
    )
    # "ЖК" with a case ending is still the national parliament
    assert_declined_with(qa_service, "ЖКнын депутаттары канча", "ky", "national-parliament")


def test_a_local_body_named_with_a_slip_keeps_a_shared_word_on_the_topic_side(qa_service: QuestionAnswerer) -> None:
    # "мэиря" is the mayoralty: taking it to court is a topic's, not the courts row's
    assert_answered_from(qa_service, "мэиря бездействует полгода, можно ли подать на них в суд", "ru", "court-challenge")
    assert_declined_with(qa_service, "сотко арыз жазып бериңизчи", "ky", "courts")


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # the oblique cases of "сессия" and "статья" are words of local self-government too
        ("на сессию не пустили, имеют право?", "ru", "kenesh-session-attendance"),
        ("по какой статье кенеш распускают", "ru", "kenesh-dissolution"),
    ],
)
def test_every_case_of_a_word_of_local_government_anchors_a_question(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        # Russian "жалоба" in a Kyrgyz sentence, and the same in Latin letters
        ("айыл окмотуна жалоба кайда берем", "ky"),
        ("ayil okmotuna jaloba kaida berem", "ky"),
    ],
)
def test_where_to_complain_about_a_local_body_is_answered_however_weakly_it_matches(
    qa_service: QuestionAnswerer, question: str, lang: str
) -> None:
    assert_answered_from(qa_service, question, lang, "where-to-complain")


def test_where_to_complain_about_another_matter_is_still_declined(qa_service: QuestionAnswerer) -> None:
    assert_declined_with(qa_service, "милицияга кайда арыз берем", "ky", "police")
    assert_declined_with(qa_service, "кошунам жөнүндө кайда арыз берем", "ky", "land-property-neighbours")
