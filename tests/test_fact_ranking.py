"""Which statement of a topic answers first: behaviour a resident notices in the first paragraph."""

from __future__ import annotations

import pytest


def _first_paragraph(reply: dict) -> str:
    assert reply["answered"], reply["answer"]
    return reply["answer"].split("\n\n")[0]


@pytest.mark.parametrize(
    ("question", "lang", "first_says"),
    [
        # a year of today's rules asks about the rule in force that year, not about the act of that year
        ("в 2024 году нужен был залог кандидату в айыльный кенеш?", "ru", "залог не платится"),
        ("2024-жылы айылдык кеңешке талапкерди ким көрсөткөн", "ky", "өзүн өзү"),
        # a figure is of the year it is as of
        ("сколько процентов нужно было партии в горкенеш в 2024", "ru", "5%"),
    ],
)
def test_a_year_of_todays_rules_gets_the_rule_of_that_year(ask, question, lang, first_says) -> None:
    assert first_says in _first_paragraph(ask(question, user_lang=lang))


@pytest.mark.parametrize(
    ("question", "lang", "first_says"),
    [
        # the word only one statement holds decides, not the words every statement of the topic shares
        ("нужен ли залог кандидату в айыльный кенеш?", "ru", "залог не платится"),
        # a bare word ("күрөө") finds its inflected form in the statement ("күрөөсү")
        ("айыл кеңешине талапкер күрөө төлөйбү", "ky", "күрөөсү төлөнбөйт"),
        ("ayil keneshke talapker kuroo toloibu", "ky", "күрөөсү төлөнбөйт"),
    ],
)
def test_the_word_that_tells_the_statements_apart_decides(ask, question, lang, first_says) -> None:
    assert first_says in _first_paragraph(ask(question, user_lang=lang))


def test_a_year_before_todays_rules_still_gets_the_former_rule(ask) -> None:
    # the year fit for today's rules starts in 2021: 2015 is the time of Law No. 101
    assert "избирали депутаты" in _first_paragraph(ask("в 2015 году кто избирал главу айыл окмоту", user_lang="ru"))


@pytest.mark.parametrize(
    ("question", "lang", "topic", "first_says"),
    [
        # everyday words for the candidate's rules: without a party, on one's own behalf, schooling
        ("partiyasyz kenesh deputaty bolso bolobu", "ky", "kenesh-elections", "өзүн өзү"),
        ("беспартийный может пойти в депутаты айыльного кенеша", "ru", "kenesh-elections", "выдвигает себя сам"),
        ("депутатка орто билим жетиштуубу", "ky", "kenesh-elections", "орто билимдүү"),
        # a deputy's rights are the kenesh's powers; a transfer "is allotted" (бөлүнөт)
        ("депутаттын укуктары кандай", "ky", "kenesh-powers", "бюджетти бекитет"),
        ("трансферт айылга кантип болунот", "ky", "equalisation-grants", "республикалык бюджеттен"),
        # reserved seats are the women's quota, not the size of the kenesh
        ("в кенеше места для женщин зарезервированы?", "ru", "kenesh-elections", "30%"),
    ],
)
def test_everyday_words_for_a_topic_find_it(ask, question, lang, topic, first_says) -> None:
    reply = ask(question, user_lang=lang)
    assert reply["topic"] == topic, reply
    assert first_says in _first_paragraph(reply)


def test_an_inflected_word_finds_the_bare_form_in_the_statement(ask) -> None:
    # "каттоого" (to registration) where the statement says "каттоо": the registration rule leads,
    # not the statement that happens to share "арыз"
    reply = ask("арыз бердим, каттоого канча убакытта алышат", user_lang="ky")
    assert reply["topic"] == "appeals-law", reply
    assert "1 иш күнү" in _first_paragraph(reply)


@pytest.mark.parametrize(
    "question",
    ["председателин ким шайлайт", "кенештин торагасын ким шайлайт"],
)
def test_the_accusative_after_a_possessive_finds_the_word(ask, question) -> None:
    # "председателин", "төрагасын": the "-н" after the possessive comes off like any case ending
    reply = ask(question, user_lang="ky")
    assert reply["topic"] == "kenesh-chair", reply


def test_a_story_weakly_matched_on_its_words_is_answered_by_its_question(qa_service) -> None:
    # the story's words (бюджет, утверждают) pull to the budget topic; its question asks what the kenesh decides
    story = ("Мне всегда казалось, что кенеш только заседает и пьёт чай. Знакомый уверяет, что они принимают "
             "бюджет села и заслушивают отчёты. Какие вообще полномочия у кенеша?")
    found = qa_service.matcher.match(story)
    assert (found.kind, found.topic) == ("topic", "kenesh-powers"), found


@pytest.mark.parametrize(
    ("question", "lang", "first_says"),
    [
        ("закон 213 о доступе к информации еще действует?", "ru", "№213"),
        ("maalymat aluu ukugu 213 myizam", "ky", "№213"),
        ("маалымат алуу укугу боюнча 217-мыйзам эмне дейт", "ky", "№217"),
    ],
)
def test_a_law_named_by_its_number_says_what_that_law_says_first(ask, question, lang, first_says) -> None:
    """"213 мыйзам барбы": the statement from the law named by its number leads, not today's other law."""
    assert first_says in _first_paragraph(ask(question, user_lang=lang))


@pytest.mark.parametrize(
    ("text", "laws"),
    [("статья 47 закона 123", ("123",)), ("закон 123 статья 47", ("123",)), ("47-берене 123-мыйзамда", ("123",)),
     ("213 мыйзам барбы", ("213",)), ("2013-жылкы мыйзамда", ()), ("закон №217", ("217",)),
     ("по закону о доступе к информации 213", ("213",)), ("по закону, при 15 000 жителей", ())],
)
def test_the_law_numbers_of_a_question_are_not_its_articles_or_years(text, laws) -> None:
    from qa.question import find_period

    assert find_period(text).laws == laws


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        ("за что отвечают депутаты айыл кенеша кроме заседаний", "ru", "kenesh-powers"),
        ("депутаты кенеша что делают, кроме того что сидят на сессиях", "ru", "kenesh-powers"),
        ("депутаттар сессиядан башка эмне иш кылат", "ky", "kenesh-powers"),
    ],
)
def test_what_a_question_sets_aside_is_not_what_it_asks(qa_service, question, lang, topic) -> None:
    """"кроме заседаний", "сессиядан башка": the sessions set aside do not make it the sessions' topic."""
    answer = qa_service.ask(question, user_lang=lang)
    assert (answer.kind, answer.topic) == ("answer", topic)


@pytest.mark.parametrize(
    ("text", "kept"),
    [("Кроме того, кто назначает мэра?", "Кроме того, кто назначает мэра?"),
     ("какие города кроме Бишкека и Оша", "какие города   и Оша")],
)
def test_moreover_sets_nothing_aside(text, kept) -> None:
    from qa.question import without_excepted

    assert without_excepted(text) == kept


@pytest.mark.parametrize(
    ("question", "lang", "first_says"),
    [
        # a law named by its number ("по закону 213", "213-мыйзам боюнча") is what the question asks
        # about: its statement leads, whichever period it is of
        ("где взять решения горкенеша, по закону 213 о доступе к информации обязаны дать?", "ru", "№213"),
        ("213-мыйзам боюнча кеңештин токтомун алсам болобу", "ky", "№213"),
        ("постановления кенеша по закону №217 можно запросить?", "ru", "может запросить каждый"),
    ],
)
def test_a_law_named_by_its_number_leads_with_what_that_law_says(ask, question, lang, first_says) -> None:
    assert first_says in _first_paragraph(ask(question, user_lang=lang))


def test_an_article_number_is_not_a_law_number() -> None:
    from qa.question import find_period

    assert find_period("статья 47 закона 123").laws == ("123",)
    assert find_period("101-мыйзамдын 23-беренеси").laws == ("101",)
    assert find_period("закон 2011 года, в селе 5 000 жителей").laws == ()


@pytest.mark.parametrize("question", ["где посмотреть бюджет нашего айыл окмоту", "gde posmotret byudzhet aiyl okmotu"])
def test_where_to_see_the_budget_leads_with_where_it_is_published(ask, question) -> None:
    assert "доске объявлений" in _first_paragraph(ask(question, user_lang="ru"))


def test_an_article_word_without_its_soft_sign_names_the_article() -> None:
    from qa.question import _ARTICLE_AFTER, _ARTICLE_BEFORE

    assert _ARTICLE_AFTER.search("что говорит статя 23 закона 101").group(1) == "23"
    assert _ARTICLE_BEFORE.search("23 статя закона 101").group(1) == "23"


@pytest.mark.parametrize(
    ("question", "lang", "first_says"),
    [
        # an age told or asked: the statement with the age limit answers it first
        ("мне 20 лет могу стать депутатом айыл кенеша", "ru", "не моложе 21 года"),
        ("20 жаштамын, айылдык кеңешке талапкер боло аламбы", "ky", "21 жашта"),
    ],
)
def test_an_age_in_the_question_leads_with_the_age_limit(ask, question, lang, first_says) -> None:
    assert first_says in _first_paragraph(ask(question, user_lang=lang))


def test_living_somewhere_is_not_an_age() -> None:
    from qa.question import find_period

    assert not find_period("Токмокто жашайбыз, кеңеш качан шайланат").age
    assert not find_period("сколько лет избирают кенеш").age
