"""Messages that are not about local self-government are declined, with where to go, even when they
share an everyday word with a topic ("качан", "иш", "работа", "через") or a word a topic also uses
("бот", "тил", "налог"); questions about local self-government that lack a body's name still reach
their topic."""

from __future__ import annotations

import pytest

from qa.normalize import match_tokens
from qa.service import QuestionAnswerer
from tests.qa_asserts import assert_answered_from, assert_declined_with


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("курман айт кайсы күнү", "ky"),  # a religious holiday
        ("мураска калган үйдү кантип бөлөбүз", "ky"),  # an inheritance
        ("как уехать на заработки в Корею", "ru"),
        ("какая партия лучше", "ru"),
        ("кыргызча 'thank you' кантип айтылат", "ky"),
        ("сколько стоит хлеб в селе", "ru"),
        ("интернет качан жакшы болот", "ky"),
    ],
)
def test_an_everyday_question_without_a_word_of_local_government_is_declined(
    qa_service: QuestionAnswerer, question: str, lang: str
) -> None:
    answer = qa_service.ask(question, user_lang=lang)
    assert answer.kind == "decline", f"{question!r} → {answer.kind} {answer.topic}"


@pytest.mark.parametrize(
    ("question", "lang", "need"),
    [
        ("ты бот или живой человек?", "ru", "bot-identity"),
        ("сен ботсуңбу?", "ky", "bot-identity"),
        ("переведите на английский слово 'село'", "ru", "translation"),
        ("какая ставка НДС для магазина", "ru", "business-registration"),
        ("салык кызматына декларацияны кантип тапшырам", "ky", "business-registration"),
        ("нужен хороший адвокат", "ru", "courts"),
        ("мечитке жер бөлүп беришеби", "ky", "religion"),
        ("мэр Парижа кто", "ru", "other-countries"),
        # a weak row's word (суд, скорая, университет) with no local body named: declined
        ("сотко арыз жазып бериңизчи", "ky", "courts"),
        ("вызвать скорую в село", "ru", "health"),
        # an official's private life, whatever office the question names
        ("мэрдин аялы ким", "ky", "officials-private-life"),
        ("день рождения мэра Оша", "ru", "officials-private-life"),
        ("когда в армию забирают", "ru", "army"),
        ("председатель ТСЖ ворует", "ru", "housing-associations"),
        ("окумуштуулар кеңеши", "ky", "organisations-own-affairs"),
        ("компаниянын бюджети", "ky", "organisations-own-affairs"),
        ("экология боюнча кайда кайрылам", "ky", "environment"),
        ("президент канча жылга шайланат", "ky", "national-elections-government"),
        ("кто сейчас мэр Бишкека", "ru", "current-office-holders"),
        ("за кого голосовать на выборах", "ru", "voting-advice"),
        ("сколько дней отпуск по закону", "ru", "labour"),
    ],
)
def test_a_need_that_shares_a_word_with_a_topic_is_declined_with_where_to_go(
    qa_service: QuestionAnswerer, question: str, lang: str, need: str
) -> None:
    assert_declined_with(qa_service, question, lang, need)


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        ("бот аркылуу кантип арыз берем", "ky", "how-to-file-bot"),
        ("на каком языке писать заявление", "ru", "appeals-language"),
        ("жергиликтүү салыктар кайсылар", "ky", "local-taxes"),
        ("год развития регеонов какой", "ru", "year-regional-development"),  # a misspelt word anchors
        ("жаңы Конституцияда ЖӨБ жөнүндө эмне жазылган", "ky", "constitution-2021"),
        # the same words beside a local body, or asking how the office is filled, are topics
        ("айыл өкмөтүнүн чечимин сотко даттанса болобу", "ky", "court-challenge"),
        ("кто сейчас мэра назначает", "ru", "mayor-appointment"),
        ("бишкектин мерин азыр ким дайындайт", "ky", "mayor-appointment"),
        ("кто назначает мэра Бишкека, президент?", "ru", "mayor-appointment"),
        # "стоит ли" is "is it worth", not a price; a local body's website is not the internet
        ("стоит ли идти на сессию кенеша", "ru", "kenesh-session-attendance"),
        ("стоит ли голосовать на местных выборах", "ru", "kenesh-elections"),
        ("айыл өкмөтүнүн интернет сайты барбы", "ky", "local-information"),
    ],
)
def test_a_question_of_local_government_still_reaches_its_topic(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


def test_no_example_question_of_the_base_is_taken_for_a_common_need(qa_service: QuestionAnswerer) -> None:
    """A term added to knowledge/out_of_scope.yaml must not catch how residents ask about a topic
    ("займёт его место" is not a loan, "электрондук почта" not electricity)."""
    table = qa_service.out_of_scope
    caught = []
    for entry in qa_service.kb.entries:
        examples = [q for qs in entry.questions.values() for q in qs]
        examples += [q for s in entry.statements for qs in s.questions.values() for q in qs]
        for question in examples:
            need = table.find(question, strong_only=True) or table.find_unanchored(question)
            if need is not None:
                caught.append(f"{entry.id}: {question!r} → {need.id}")
    assert not caught, "\n".join(caught)


@pytest.mark.parametrize(
    ("question", "lang", "need"),
    [
        # a row's word typed with two letters swapped, one doubled or missed, as thumbs do on a phone
        ("полицияга арыз бердим, тергөөчүү жооп бербей жатат", "ky", "police"),
        ("айдоочулк күбөлүгүн кайдан алам", "ky", "driving"),
        ("Түркиядда мэрлерди эл шайлайбы", "ky", "other-countries"),
        # the parliament's name with a slip, beside a word a local kenesh shares
        ("Жогроку Кенештин спикери ким", "ky", "national-parliament"),
        ("ипотка под какой процент", "ru", "loans"),
        ("в Казахтсане как выбирают акимов", "ru", "other-countries"),
        ("балага ффамилия алмаштыруу үчүн кайда кайрылам", "ky", "passports-civil-registry"),
        ("микрокреидт компания пайызды көбөйттү", "ky", "loans"),
        # the longest row word that fits: "министрлре" is "министрлер", not "министр" and an ending
        ("Министрлре Кабинетинин төрагасы ким", "ky", "national-elections-government"),
    ],
)
def test_a_need_typed_with_a_slip_is_still_declined(
    qa_service: QuestionAnswerer, question: str, lang: str, need: str
) -> None:
    assert_declined_with(qa_service, question, lang, need)


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # "исфаны" is one letter from "испани…" (another country): a short word with one letter
        # changed is as often another word, so it is not taken for a slip
        ("переименование исфаны в раззаков", "ru", "renamed-places"),
        # a short row word with a letter more is as often another word: "алмаштыруу" (to replace)
        # is not "Алматы"
        ("айыл өкмөтүнүн башчысын алмаштырууга болобу", "ky", "aiyl-okmotu-head-appointment"),
        # words the knowledge base uses are never taken for a slip of a row's word
        ("биздин айыл өкмөтүнүн башчысын ким дайындайт", "ky", "aiyl-okmotu-head-appointment"),
        # nor is a form of a word of local self-government: "кайрылган" (having appealed) is one
        # letter from "кайрылман" (a returnee), but it begins with "кайрыл", an appeal
        ("айыл окмотуна кайрылганда жооп канча күндө келет", "ky", "appeals-law"),
        # "занимается" with its н left out ("заимается") is not a loan ("займа")
        ("Чем заимается мэрия города?", "ru", "mayoralty-duties"),
    ],
)
def test_a_word_near_a_row_word_is_not_taken_for_a_slip(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


@pytest.mark.parametrize(
    ("question", "lang", "need"),
    [
        # the President with his election or term anywhere in the question ("A + B" terms)
        ("президентти канча жылга шайлашат", "ky", "national-elections-government"),
        ("когда следующие выборы президента Кыргызстана", "ru", "national-elections-government"),
        ("кто у нас президент сейчас", "ru", "national-elections-government"),
        # national bodies and unions of states, whatever "кеңеш" or "совет" in their names suggests
        ("совбез чем занимается", "ru", "security-council"),
        ("ЕАЭС деген эмне", "ky", "international-organisations"),
        ("размер госбюджета на 2027 год", "ru", "republican-budget"),
        ("налог на машину сколько платить", "ru", "vehicle-tax"),
        ("государственный язык какой в Кыргызстане", "ru", "state-language"),
        ("как оплатить штраф за неправильную парковку", "ru", "driving"),
        # one letter left out of a long word
        ("Швецарияда мэрди ким шайлайт", "ky", "other-countries"),
        # the President's own powers, the national government and commission, how a law is made
        ("полномочия президента", "ru", "national-elections-government"),
        ("өкмөттүн төрагасы ким", "ky", "national-elections-government"),
        ("председатель ЦИК кто", "ru", "polling-stations"),
        ("как принимается закон", "ru", "law-making"),
        ("кандидат в президенты требования", "ru", "national-elections-government"),
        ("Народный курултай делегаттары кантип шайланат", "ky", "peoples-kurultai"),
        ("Жогорку соттун төрагасы", "ky", "courts"),
        ("Жапаров качан президент болду", "ky", "national-elections-government"),
        ("шайлоочулар тизмесинен атымды кантип текшерем", "ky", "polling-stations"),
        ("глава государства кто", "ru", "national-elections-government"),
        ("айылга газ качан келет", "ky", "utilities-tariffs"),
        # a council that is a public association, not a local kenesh
        ("жаштар кеңеши эмне кылат", "ky", "civic-councils"),
        ("молодежный совет при мэрии", "ru", "civic-councils"),
        # one's own tax debt and the Tax Code as a whole; highways between regions; migration
        ("как узнать задолженность по налогам", "ru", "tax-service"),
        ("налоговый кодекс когда поменяли", "ru", "tax-service"),
        ("Ош-Бишкек жолу качан оңдолот", "ky", "national-roads"),
        ("трассу на Нарын когда отремонтируют", "ru", "national-roads"),
        ("как получить статус кайрылмана", "ru", "returnees-migration"),
        # the akim by name, as the mayor by name, is not in the base
        ("Кара-Суу районунун акими ким азыр", "ky", "current-office-holders"),
        ("кто щас аким Кара-Суйского района", "ru", "current-office-holders"),
        # everyday needs in the forms a sentence puts them in
        ("жумушсуз катары кантип катталам", "ky", "jobs"),
        ("пожаловаться на сотового оператора", "ru", "phone-internet"),
        ("машинага айып пул келди", "ky", "driving"),
        ("амнистия качан болот", "ky", "courts"),
        # the country's population, its form of government, decrees, voting online, the post
        ("Нарын облусунун калкы канча", "ky", "population"),
        ("президенттик башкаруу формасы деген эмне", "ky", "form-of-government"),
        ("указ президента когда вступает в силу", "ru", "legal-texts"),
        ("онлайн добуш берүү барбы", "ky", "polling-stations"),
        ("посылка кайда", "ky", "post"),
        ("займ онлайн без процентов", "ru", "loans"),
        ("Купили холодильник в рассрочку. Он сломался через неделю. Куда жаловаться?", "ru", "consumer-rights"),
        ("муж бьёт меня, куда звонить", "ru", "police"),
        # who holds an office now, asked office first; who the President is; the capital
        ("мэр Оша кто сейчас", "ru", "current-office-holders"),
        ("Бишкекте ким мэр болду", "ky", "current-office-holders"),
        ("prezident kim", "ky", "head-of-state-name"),
        ("Кыргызстандын борбору кайсы шаар", "ky", "state-symbols-facts"),
        ("шайлоо комиссиясына кантип кирем", "ky", "polling-stations"),
    ],
)
def test_a_national_or_foreign_matter_is_declined_with_where_to_go(
    qa_service: QuestionAnswerer, question: str, lang: str, need: str
) -> None:
    assert_declined_with(qa_service, question, lang, need)


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # the same national words beside what a local body has or does are topics
        ("кто назначает мэра Оша, президент?", "ru", "mayor-appointment"),
        ("республикалык бюджеттен айыл окмотуна канча трансферт берилет", "ky", "equalisation-grants"),
        ("сколько денег село получает из республиканского бюджета", "ru", "equalisation-grants"),
        ("арызды мамлекеттик тилде жазыш керекпи", "ky", "appeals-language"),
        ("жер салыгын кайда төлөйм", "ky", "local-taxes"),
        ("чиновник не ответил на жалобу, штраф ему положен?", "ru", "appeals-fine"),
        ("Жогорку Кеңеш референдумду дайындайбы", "ky", "referendum"),
        ("полпреддин ыйгарым укуктары", "ky", "plenipotentiary-representative"),
        ("айыл өкмөт башчысы кантип дайындалат", "ky", "aiyl-okmotu-head-appointment"),
        ("ЖӨБ жөнүндө мыйзам качан кабыл алынган", "ky", "lsg-law-current"),
        ("айылдык курултай качан өтөт", "ky", "village-gatherings"),
        ("местные налоги в налоговом кодексе какие", "ru", "local-taxes"),
        ("район акими кантип дайындалат", "ky", "akim"),
        ("президент ким дайындайт мэрди", "ky", "mayor-appointment"),
        ("кто сейчас назначает мэра Оша", "ru", "mayor-appointment"),
        ("кто сейчас ставит мэров городов", "ru", "mayor-appointment"),
        # a population that decides a kenesh's size, a decree about the regions, a constitution
        ("в селе 3000 жителей сколько депутатов в кенеше", "ru", "kenesh-deputies-count"),
        ("где прочитать указ о годе развития регионов", "ru", "year-regional-development"),
        ("форма правления по новой конституции и местное самоуправление", "ru", "constitution-2021"),
        # the President's election set beside the local one is about the local election
        ("выборы президента и местные выборы в один день?", "ru", "next-local-elections"),
        ("Президент Жапаров Бишкектин мэрин дайындадыбы", "ky", "mayor-appointment"),
        ("аялдарга кенеште квота барбы", "ky", "kenesh-elections"),
        ("президент айыл өкмөтүнүн башчысына талаптарды белгилейби", "ky", "aiyl-okmotu-head-requirements"),
        # everyday words for the base's terms
        ("сельсоветтин башчысын ким дайындайт", "ky", "aiyl-okmotu-head-appointment"),
        ("пускают ли жителей на заседания городского кенеша", "ru", "kenesh-session-attendance"),
        ("ну вообще мэр и мэрия это типа одно и тоже?", "ru", "mayoralty-composition"),
    ],
)
def test_a_national_word_beside_a_local_matter_still_reaches_its_topic(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


def test_a_term_of_parts_matches_them_anywhere_and_only_together() -> None:
    from qa import out_of_scope as oos

    table, errors = oos.parse(
        {"needs": [{"id": "president-election", "checked": "2026-01-01", "strong": True,
                    "match": ["президент + шайла"], "text": {"ky": "к", "ru": "р"}}]}
    )  # fmt: skip
    assert not errors
    assert table.find("шайланат президент канча жылга") is not None
    assert table.find("президенти ким, канча жылга шайланат") is not None
    assert table.find("президент мэрди дайындайт") is None
    assert table.find("кеңеш канча жылга шайланат") is None


def test_the_words_the_table_knows_are_folded_as_questions_are(qa_service: QuestionAnswerer) -> None:
    """The typo pass leaves alone every word the base uses; it compares the question's folded words
    with the matcher's vocabulary, so both must be folded alike."""
    vocabulary = qa_service.matcher.vocabulary
    assert vocabulary and all(match_tokens(word) == [word] for word in vocabulary)
    assert qa_service.out_of_scope.known_words == frozenset(vocabulary)


def test_a_story_whose_last_sentence_asks_about_a_local_body_reaches_its_topic(qa_service: QuestionAnswerer) -> None:
    """The story before the question may drown it; its last sentence, which names the body, decides."""
    question = (
        "Весной у нас было собрание, люди долго спорили про деньги на садик и про ремонт клуба. "
        "Потом пришли из района, сказали что всё решат сами. Кто утверждает бюджет айыл окмоту?"
    )
    answer = qa_service.ask(question, user_lang="ru")
    assert (answer.kind, answer.topic) == ("answer", "local-budget"), (answer.kind, answer.topic)


@pytest.mark.parametrize(
    "question",
    [
        "Нам продали просроченное молоко. Продавец смеётся. Куда обращаться?",
        "Начальник заставляет работать в выходные. Не доплачивает. Это законно?",
    ],
)
def test_a_story_of_another_matter_ending_in_a_bare_question_is_declined(
    qa_service: QuestionAnswerer, question: str
) -> None:
    """"Куда обращаться?" or "Это законно?" alone says nothing of whose business the story is."""
    answer = qa_service.ask(question, user_lang="ru")
    assert answer.kind == "decline", (answer.kind, answer.topic)


@pytest.mark.parametrize(
    ("question", "lang", "need"),
    [
        # a trip between towns, a market's hours, the epic, a garden, a place at a college: everyday
        # matters that share a town's or a body's name with a topic
        ("маршрутка в Талас во сколько уходит", "ru", "travel-transport"),
        ("Ош шаарынын борбордук базары саат канчада ачылат", "ky", "shops-markets"),
        ("рынок возле акимиата во сколько открывается", "ru", "shops-markets"),
        ("манасчылар тууралуу айтып бериңиз", "ky", "culture-history"),
        ("огородго эмне тиксем болот", "ky", "gardening"),
        ("сколько бюджетных мест в колледже", "ru", "schools"),
        # the internet's quality is the operator's, even in a village that the question names
        ("в селе плохо работает интернет, куда обращаться", "ru", "phone-internet"),
        # getting a post on a state body's staff
        ("омбудсмендин аппаратына жумушка кантип орношсо болот", "ky", "jobs"),
        ("вакансии в мэрии Бишкека", "ru", "jobs"),
        # "айыл чарба" is agriculture, not a village: buying farmland names no local body
        ("айыл чарба жерин ким сатып ала алат", "ky", "land-property-neighbours"),
        ("можно ли иностранцу купить землю", "ru", "land-property-neighbours"),
        # a country's name with a letter left out
        ("Росия шаарларында мэрлерди эл шайлайбы", "ky", "other-countries"),
        ("Расеяда мэр шайланабы", "ky", "other-countries"),
        ("Казакстандын жараны Кыргызстанда иштесе болобу", "ky", "other-countries"),
        ("AQShta merdi kim shailait", "ky", "other-countries"),
        # a national institution's own election and leaders: the Ombudsman, the election commission
        ("Омбудсменди ким шайлайт", "ky", "ombudsman-office"),
        ("ЦИКтин төрагасы ким", "ky", "polling-stations"),
        # a school's director, even in a village the question names
        ("айылдагы мектептин директорун ким дайындайт", "ky", "schools"),
        ("Московская областная дума кто председатель", "ru", "other-countries"),
        # a body named as a landmark is where a thing stands, not what is asked about
        ("акимиаттын жанында аптека барбы", "ky", "health"),
        ("Бишкек шаарынын мэриясынын жанындагы парк качан ачылат", "ky", "events-leisure"),
        # "жыйынтык" (a result) is not "жыйын" (a gathering)
        ("ОРТ жыйынтыгы качан чыгат", "ky", "schools"),
        ("шайлоодо кимге добуш берем", "ky", "voting-advice"),
        # national offices' requirements, a clean-record certificate, VAT, a currency's rate
        ("судья болуш үчүн эмне керек", "ky", "courts"),
        ("справка о несудимости где взять", "ru", "courts"),
        ("ККС канча пайыз", "ky", "tax-service"),
        ("евронун курсу канча", "ky", "currency"),
        ("айылдагы тойдо калыңга канча берилет", "ky", "culture-history"),
        ("кайсы партия жакшы", "ky", "voting-advice"),
        ("киреше салыгы канча пайыз", "ky", "tax-service"),
        ("сосед поставил забор на мой участок, земельный спор", "ru", "land-property-neighbours"),
        # whether a holiday is a day off
        ("Жаңы жыл күнү дем алыш болобу", "ky", "public-holidays"),
        ("нерабочий день 8 марта?", "ru", "public-holidays"),
    ],
)
def test_an_everyday_or_foreign_matter_beside_a_topic_word_is_declined_with_where_to_go(
    qa_service: QuestionAnswerer, question: str, lang: str, need: str
) -> None:
    assert_declined_with(qa_service, question, lang, need)


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # the same words where they are local self-government's
        ("базар жыйымын ким белгилейт", "ky", "local-taxes"),
        ("рыночный сбор кто устанавливает", "ru", "local-taxes"),
        ("Манас шаары мурда кандай аталчу", "ky", "renamed-places"),
        ("Базар-Коргон районунун акимин ким дайындайт", "ky", "akim"),
        # the Prime Minister (now the Cabinet's chairman) has a part in appointing an akim
        ("кто назначает акима района, премьер-министр?", "ru", "akim"),
        # a budget typed in Latin letters the English way or by ear
        ("budget kim bekitet", "ky", "local-budget"),
        ("budjet kanday tuzulot", "ky", "local-budget"),
        # "алдында" with a report is to report to the kenesh, not a place in front of it
        ("айыл өкмөтү кеңештин алдында отчет береби", "ky", "lsg-accountability"),
        # a word that keeps a row away works typed with a slip too: the President's envoy is a topic
        ("Кто такой полномочный предстаитель Президента в области", "ru", "plenipotentiary-representative"),
        # a pensioner standing for a kenesh is a candidate's question, not a pension's
        ("пенсионер депутат боло алабы", "ky", "kenesh-elections"),
        # the parliament beside a local office in any case form: the question is about the office
        ("акимди Жогорку Кеңеш дайындайбы", "ky", "akim"),
        # whether a student may vote is an election's question, not a school's
        ("студент шайлоодо добуш бере алабы", "ky", "kenesh-elections"),
        ("Можно ли баллотироваться в айыльный кенеш без прописки в этом селе?", "ru", "kenesh-elections"),
        ("может ли мулла баллотироваться в местный кенеш", "ru", "kenesh-elections"),
        # another country's citizen standing for a local office asks who may stand here
        ("Казакстандын жарандыгы бар киши айылдык кеңешке талапкер боло алабы", "ky", "kenesh-elections"),
        ("гражданин России может быть депутатом айыльного кенеша?", "ru", "kenesh-elections"),
        # complaining to the Ombudsman about a local body is where to complain
        ("акыйкатчыга айыл өкмөтүнөн кантип даттанам", "ky", "where-to-complain"),
        ("мэр болуш үчүн кандай талаптар бар", "ky", "mayor-requirements"),
        # calendar or working days are the term of an answer to an appeal
        ("срок ответа на обращение считают в рабочих днях?", "ru", "appeals-law"),
        ("арызга жооп берүү мөөнөтү календардык күн мененби", "ky", "appeals-law"),
    ],
)
def test_the_local_side_of_those_words_still_reaches_its_topic(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


def test_a_story_that_names_a_local_body_but_matches_weakly_offers_topics_not_a_decline(
    qa_service: QuestionAnswerer,
) -> None:
    """The words of a resident's own life drown the topic's; the story is still about local
    self-government, so the closest topics are offered, with the one it is about among them."""
    story = (
        "Биздин көчөдө эч ким таштанды чыгарбайт, жарык да жок. Коншулар чогулуп өзүбүздүн "
        "комитетибизди түзгүбүз келет, аны кантип каттатабыз, мэрия бизди угабы?"
    )
    answer = qa_service.ask(story, user_lang="ky")
    assert answer.kind == "unsure", answer.kind
    assert "territorial-self-government" in answer.alternatives, answer.alternatives



@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        # "X деген ким" asks what an office is, as "X деген эмне" does: the question's other words
        # (a comparison with another body) do not make it too weak to answer
        ("аким деген ким, ал мэрден чоңбу", "ky", "akim"),
        ("аким деген ким, ал айыл өкмөтүнөн жогорубу", "ky", "akim"),
    ],
)
def test_a_question_who_an_office_is_reaches_its_topic(
    qa_service: QuestionAnswerer, question: str, lang: str, topic: str
) -> None:
    assert_answered_from(qa_service, question, lang, topic)


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [("Мен пенсионермин, айылдык кеңештин сессиясына барып отурсам болобу?", "ky", "kenesh-session-attendance"),
     ("я пенсионерка, можно ли прийти на сессию айыльного кенеша", "ru", "kenesh-session-attendance")],
)
def test_a_pensioner_asking_about_a_local_body_is_answered(qa_service, question, lang, topic):
    """"Пенсионер" is who asks: beside a topic's words it does not make the question a pension's."""
    assert_answered_from(qa_service, question, lang, topic)


@pytest.mark.parametrize(
    ("question", "lang"),
    [("айыл окмоту пенсияны кечиктирип жатат", "ky"), ("пенсионный возраст сколько", "ru"),
     ("мен пенсионермин, мага жардам керек", "ky")],
)
def test_the_pension_itself_is_the_social_funds(qa_service, question, lang):
    assert_declined_with(qa_service, question, lang, "pensions-benefits")


@pytest.mark.parametrize(
    ("question", "lang", "need"),
    [
        # a reception by the President or a minister is national; one's aiyl okmotu is a topic's
        ("президентке кантип кат жазам", "ky", "national-officials-reception"),
        ("prezidentke kabyl aluuga kantip jazylam", "ky", "national-officials-reception"),
        # the tax on letting one's own flat is a national tax
        ("сдаю дом в аренду какой налог", "ru", "tax-service"),
        ("kvartiru sdayu v arendu nalog", "ru", "tax-service"),
        # how to reach the election commission
        ("бшк телефону кандай", "ky", "polling-stations"),
        # the Presidents of the past
        ("биринчи президент ким болгон", "ky", "head-of-state-name"),
        # prices of goods and their rise
        ("ун кымбаттап кетти, ким көзөмөлдөйт", "ky", "prices"),
        ("Здравствуйте. У нас в райцентре на базаре подорожал сахар, кто следит за ценами?", "ru", "prices"),
    ],
)
def test_national_offices_taxes_and_prices_are_declined_with_where_to_go(qa_service, question, lang, need):
    assert_declined_with(qa_service, question, lang, need)


def test_a_reception_by_the_head_of_the_aiyl_okmotu_is_a_topic(qa_service):
    answer = qa_service.ask("как записаться на приём к главе айыл окмоту", user_lang="ru")
    assert answer.kind == "answer"


@pytest.mark.parametrize(
    ("question", "lang", "need"),
    [("шайлоодо кимге добуш берейин", "ky", "voting-advice"),
     ("за кого лучше голосовать на выборах в кенеш", "ru", "voting-advice"),
     ("бишкек мэриясынын жанындагы банкоматтан акча алса болобу", "ky", "loans"),
     # the next President's election with a slip in the word for elections
     ("Когда будут следующие выбры президента?", "ru", "national-elections-government")],
)
def test_whom_to_vote_for_in_any_form_and_a_cash_machine_are_declined(qa_service, question, lang, need):
    assert_declined_with(qa_service, question, lang, need)


def test_how_the_vote_is_cast_is_the_election_topic(qa_service):
    answer = qa_service.ask("айыл кеңешине шайлоодо кимге добуш берүү тартиби кандай", user_lang="ky")
    assert answer.kind == "answer"


@pytest.mark.parametrize(
    ("question", "lang", "need"),
    [
        # fishing and hunting, not "балык" alone
        ("Ысык-Колдо рыбалка кайда уруксат", "ky", "fishing-hunting"),
        ("balyk uuloo kaida bolot", "ky", "fishing-hunting"),
        ("охота на архара разрешена?", "ru", "fishing-hunting"),
        # a visit of the President, the Cabinet's head by his everyday title
        ("prezident bizdin raionго качан келет", "ky", "national-officials-reception"),
        ("кабмин башчысы ким азыр", "ky", "national-elections-government"),
        # a supplier's own telephone
        ("газпром номер телефона", "ru", "utilities-tariffs"),
        # "Кенеш" as a street's name is an address
        ("улица Кенеш какой автобус", "ru", "travel-transport"),
    ],
)
def test_fishing_a_visit_a_suppliers_phone_and_a_street_named_kenesh_are_declined(qa_service, question, lang, need):
    assert_declined_with(qa_service, question, lang, need)


def test_balykchy_the_town_is_not_fishing(qa_service):
    answer = qa_service.ask("Балыкчы шаарынын мэрин ким дайындайт", user_lang="ky")
    assert answer.kind == "answer"


def test_where_to_go_above_a_silent_aiyl_okmotu_is_where_to_complain(qa_service):
    for question in ("айыл окмоту жооп бербей жатат, андан жогору кайда барам",
                     "айыл окмоту не отвечает месяц, куда идти выше?"):  # fmt: skip
        assert_answered_from(qa_service, question, "ru", "where-to-complain")
