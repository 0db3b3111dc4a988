"""Every fact of the groups system, kenesh, mayor, aiyl-okmotu and constitution reaches a resident
through the real answer path: a question worded afresh (not one of the knowledge base's example
questions) must land on the right topic, state the key numbers, bodies and dates, and cite the
right source. Repealed rules must come with their period (e.g. "до 21 октября 2021")."""

from __future__ import annotations

import re

import pytest

from qa.service import QuestionAnswerer


def assert_fact(qa_service: QuestionAnswerer, question: str, lang: str, topic: str, must_contain: list[str],
                source: str) -> None:
    """The composed answer (its statements, the topic's statements and its "More" text, not their
    rendering, which the answer path shapes): on the topic, in the question's language, stating the key
    facts, citing the source."""
    answer = qa_service.ask(question, user_lang=lang)
    assert answer.kind == "answer", f"{question!r}: {answer.kind} (alternatives {answer.alternatives})"
    assert answer.topic == topic, f"{question!r} → {answer.topic} (alternatives {answer.alternatives})"
    assert answer.lang == lang
    entry = answer.entry
    texts = [s.text[lang] for s in (*answer.statements, *entry.statements)] + [entry.more.get(lang, "")]
    said = re.sub(r"[\u00a0\u202f]", " ", "\n".join(texts))
    missing = [s for s in must_contain if s.casefold() not in said.casefold()]
    assert not missing, f"answer lacks {missing}: {said!r}"
    assert source in {c.source.id for c in answer.citations} | {s.source for s in entry.statements}

# (question, language of the question, expected topic, substrings the answer must contain, source id)
FACTS: list[tuple[str, str, str, list[str], str]] = [
    # ---- system: lsg-definition ----
    ("объясните, что понимается под местным самоуправлением по закону и конституции", "ru",
     "lsg-definition", ["№123", "20 октября 2021", "5 мая 2021", "статье 110", "реальная возможность"],
     "law-123-2021"),
    ("жергиликтүү өз алдынча башкаруунун мааниси эмнеде, мыйзам эмне дейт", "ky",
     "lsg-definition", ["№123", "20-октябр", "110-берене", "чыныгы мүмкүнчүлүг"], "const-2010"),
    # ---- system: lsg-system ----
    ("какие бывают органы местного самоуправления, кто из них представительный", "ru",
     "lsg-system", ["местные кенеши", "айыл окмоту", "мэрия", "Статья 111", "назначают"], "const-2010"),
    ("жергиликтүү өз алдынча башкаруунун кайсы органдары бар", "ky",
     "lsg-system", ["жергиликтүү кеңештер", "айыл өкмөтү", "мэрия", "111-берене"], "law-123-2021"),
    # ---- system: lsg-accountability ----
    ("исполнительная власть на местах должна отвечать перед кенешем?", "ru",
     "lsg-accountability", ["кенешу", "аким", "Президент", "часть 2 статьи 111", "5 мая 2021"],
     "const-2010"),
    ("аткаруу органдары жана кызмат адамдары жергиликтүү кеңешке баш ийеби", "ky",
     "lsg-accountability", ["кеңештерге", "аким", "Президент", "111-берене"], "const-2021"),
    # ---- system: lsg-not-in-system ----
    ("территориальное общественное самоуправление считается органом мсу?", "ru",
     "lsg-not-in-system", ["ТОС", "не входили", "должностное лицо", "брошюра 2010"], "brochure-2010"),
    ("ТОС жергиликтүү бийлик органдарынын катарына кошулабы", "ky",
     "lsg-not-in-system", ["квартал", "кирген эмес", "кызмат адам"], "const-2010"),
    # ---- system: lsg-financing ----
    ("за счёт каких бюджетов финансируется местное самоуправление", "ru",
     "lsg-financing", ["Бюджетному кодексу", "республиканского", "102", "статьи 110", "прозрачным"],
     "budget-code"),
    ("жергиликтүү өз алдынча башкарууну каржылоо кандай жүрөт", "ky",
     "lsg-financing", ["Бюджеттик кодекс", "республикалык бюджет", "110-берене", "ачык-айкын"],
     "const-2010"),
    # ---- system: lsg-delegation ----
    ("кто следит, как органы мсу выполняют переданные государством полномочия", "ru",
     "lsg-delegation", ["акимиат", "статья 2", "договором", "21 октября 2021"], "law-123-2021"),
    ("мамлекет өз ыйгарым укуктарын айыл өкмөтүнө келишим менен бере алабы", "ky",
     "lsg-delegation", ["акимият", "келишим", "2-берене"], "brochure-2010"),
    # ---- system: lsg-law-current ----
    ("по какому закону сейчас работает местное самоуправление", "ru",
     "lsg-law-current", ["№123", "20 октября 2021", "6 октября 2021", "№101", "21 октября 2021",
                         "статьи 70"], "law-123-2021"),
    ("жергиликтүү өз алдынча башкаруу боюнча учурда кайсы мыйзам колдонулат", "ky",
     "lsg-law-current", ["№123", "20-октябр", "6-октябр", "№101", "21-октябр", "70-берене"],
     "law-101-2011"),
    # ---- system: lsg-agency ----
    ("как называется госорган по местному самоуправлению, который пришёл на смену гамсумо", "ru",
     "lsg-agency", ["Государственное агентство по делам государственной службы и местного самоуправления",
                    "№258", "15 ноября 2021", "ГАМСУМО", "mkk.gov.kg"], "cabinet-258-2021"),
    ("жергиликтүү өз алдынча башкарууга жооптуу мамлекеттик агенттик азыр кандай аталат", "ky",
     "lsg-agency", ["Мамлекеттик кызмат жана жергиликтүү өз алдынча башкаруу иштери боюнча мамлекеттик агенттик",
                    "№258", "15-ноябр", "ГАМСУМО"], "article-2018"),
    # ---- system: akim ----
    ("кем назначается аким района и какая у него власть над айыл окмоту", "ru",
     "akim", ["Президент", "Председателя Кабинета Министров", "назначает и освобождает",
              "мэров городов районного значения", "21 октября 2021"], "law-123-2021"),
    ("райондун акимин ким коёт жана ал эмне кылат", "ky",
     "akim", ["Президент", "Министрлер Кабинетинин Төрагасы", "айыл өкмөтүнүн башчыларын",
              "райондук маанидеги", "21-октябр"], "law-101-2011"),
    # ---- kenesh: kenesh-elections ----
    ("по каким правилам проходят выборы депутатов в местные кенеши", "ru",
     "kenesh-elections", ["17 ноября 2024", "6 сентября 2024", "партийным спискам", "5%", "7%",
                          "мажоритарная", "21 года", "30%", "залог", "тайным голосованием"],
     "decree-elections-2024"),
    ("жергиликтүү кеңештердин депутаттарын шайлоо тартиби кандай", "ky",
     "kenesh-elections", ["17-ноябр", "партиялык тизме", "5%", "мажоритардык", "21 жаш", "30%",
                          "жашыруун добуш"], "cec-2024"),
    # ---- kenesh: kenesh-term ----
    ("сколько длятся полномочия депутатов местного кенеша", "ru",
     "kenesh-term", ["5 лет", "4 года", "17 ноября 2024", "статье 21", "до 21 октября 2021"],
     "bill-kenesh-term-5y"),
    ("жергиликтүү кеңештин депутаттарынын ыйгарым укугу канча убакытка созулат", "ky",
     "kenesh-term", ["5 жыл", "4 жыл", "17-ноябр", "21-берене"], "law-101-2011"),
    # ---- kenesh: kenesh-deputies-count (rule deputies_count) ----
    ("сколько депутатов полагается городскому кенешу бишкека", "ru",
     "kenesh-deputies-count", ["51", "45", "до 21 октября 2021"], "law-kenesh-composition-2024"),
    ("в нашем селе 5 000 жителей, сколько депутатов должно быть в кенеше", "ru",
     "kenesh-deputies-count", ["31", "11", "до 21 октября 2021"], "law-101-2011"),
    ("жергиликтүү кеңештеги депутаттардын саны кантип аныкталат", "ky",
     "kenesh-deputies-count", ["51", "45", "5 391", "23", "11", "21", "31", "6 000", "20 000"],
     "law-kenesh-composition-2024"),
    ("айыл аймагыбызда 15 миң адам бар, кеңеште канча депутат отурат", "ky",
     "kenesh-deputies-count", ["31", "21", "21-октябр"], "law-101-2011"),
    # ---- kenesh: kenesh-chair ----
    ("кто управляет работой кенеша и какие права у председателя", "ru",
     "kenesh-chair", ["председатель", "заместител", "№123", "№101", "до 21 октября 2021"],
     "law-123-2021"),
    ("кеңештин төрагасы жана анын орун басары эмне иштейт", "ky",
     "kenesh-chair", ["төрага", "орун басар", "№123", "№101"], "law-101-2011"),
    # ---- kenesh: kenesh-powers ----
    ("за что отвечает местный кенеш, что он утверждает", "ru",
     "kenesh-powers", ["местный бюджет", "устав местного сообщества", "статья 21", "налоги",
                       "статья 112"], "budget-code"),
    ("айылдык кеңештин колунан эмне келет, эмнелерди бекитет", "ky",
     "kenesh-powers", ["бюджетти", "устав", "21-берене", "салык", "112-берене"], "const-2010"),
    # ---- mayor: mayoralty-composition ----
    ("мэрия города: кто её возглавляет и из каких частей она состоит", "ru",
     "mayoralty-composition", ["мэр", "структурные и территориальные", "статья 40", "Президент", "аким"],
     "law-101-2011"),
    ("шаардын мэриясы кандай түзүлгөн", "ky",
     "mayoralty-composition", ["мэр", "түзүмдүк жана аймактык", "40-берене", "Президент"],
     "law-123-2021"),
    # ---- mayor: mayoralty-duties ----
    ("за какие дела в городе отвечает мэрия", "ru",
     "mayoralty-duties", ["бюджет", "жизнеобеспечение", "Бюджетному кодексу", "статья 40"],
     "law-101-2011"),
    ("шаардык мэриянын аткарган иштери кандай", "ky",
     "mayoralty-duties", ["бюджет", "тиричилиг", "Бюджеттик кодекс", "40-берене"], "budget-code"),
    # ---- mayor: mayor-appointment ----
    ("кто сейчас ставит мэров городов в кыргызстане", "ru",
     "mayor-appointment", ["Президент", "аким", "районного значения", "Бишкек", "статьи 47",
                           "до 21 октября 2021", "тайным голосованием"], "law-123-2021"),
    ("шаарлардын мэрлерин азыр ким дайындап жатат", "ky",
     "mayor-appointment", ["Президент", "аким", "47-берене", "Бишкек", "жашыруун добуш"],
     "law-101-2011"),
    # ---- mayor: mayor-election-2011 ----
    ("как проходили выборы мэра депутатами до 2021 года, какой был кворум", "ru",
     "mayor-election-2011", ["фракция", "коалиция", "премьер-министр", "тайным голосованием",
                             "большинство", "Председатель Кабинета Министров"], "law-101-2011"),
    ("мурун мэрди депутаттар кандай тартипте шайлашчу", "ky",
     "mayor-election-2011", ["фракция", "коалиция", "Премьер-министр", "жашыруун", "көпчүлүг",
                             "Министрлер Кабинетинин Төрагасы"], "law-101-2011"),
    # ---- mayor: mayor-requirements (rule eligibility_2011) ----
    ("какие условия предъявляются к кандидату на пост мэра", "ru",
     "mayor-requirements", ["3 лет", "5 лет", "высшим образованием", "Кыргызтест", "№118",
                            "кадрового резерва"], "law-101-2011"),
    ("шаардын мэри болуш үчүн кандай шарттар бар", "ky",
     "mayor-requirements", ["3 жыл", "5 жыл", "жогорку билим", "Кыргызтест", "№118"], "law-123-2021"),
    # ---- aiyl-okmotu: aiyl-okmotu-role ----
    ("айыл окмоту — это какой орган и для чего он нужен", "ru",
     "aiyl-okmotu-role", ["исполнительный орган", "аким", "230", "452", "31 октября 2025", "статьёй 46"],
     "law-123-2021"),
    ("айыл өкмөтү кандай орган, ал эмне үчүн керек", "ky",
     "aiyl-okmotu-role", ["аткаруу органы", "аким", "230", "452", "46-берене"], "agency-2025"),
    # ---- aiyl-okmotu: aiyl-okmotu-reporting ----
    ("должен ли айыл окмоту отчитываться о работе перед депутатами и государством", "ru",
     "aiyl-okmotu-reporting", ["айыльному кенешу", "акимиат", "избирателями", "государственными органами"],
     "law-101-2011"),
    ("айыл өкмөтү өз иши боюнча кимдерге отчет берип турат", "ky",
     "aiyl-okmotu-reporting", ["айылдык кеңешке", "акимият", "шайлоочулар", "мамлекеттик органдарга"],
     "const-2021"),
    # ---- aiyl-okmotu: aiyl-okmotu-head-appointment ----
    ("каким образом сейчас появляется глава айыл окмоту — выбирают или ставят сверху", "ru",
     "aiyl-okmotu-head-appointment", ["аким", "кадрового резерва", "Статья 52", "25 сентября 2025",
                                      "октябре 2025", "тайным голосованием"], "law-123-amend-2025"),
    ("айыл өкмөтүнүн башчысы азыр кантип коюлат", "ky",
     "aiyl-okmotu-head-appointment", ["аким", "кадрлар резерви", "52-берене", "25-сентябр",
                                      "жашыруун добуш"], "law-123-2021"),
    # ---- aiyl-okmotu: aiyl-okmotu-head-requirements (rule eligibility_2011) ----
    ("какие требования предъявляются к кандидату в главы айыл окмоту", "ru",
     "aiyl-okmotu-head-requirements", ["2 лет", "3 лет", "высшим образованием", "судимост",
                                       "Кыргызтест", "статье 52"], "law-101-2011"),
    ("айыл өкмөтүнүн башчысы болууга кандай шарттар коюлат", "ky",
     "aiyl-okmotu-head-requirements", ["2 жыл", "3 жыл", "жогорку билим", "соттуулуг", "52-берене"],
     "law-123-2021"),
    ("менде жогорку билим бар, муниципалдык кызматта 3 жыл иштедим, айыл өкмөтүнүн башчылыгына өтөмбү",
     "ky", "aiyl-okmotu-head-requirements", ["2011"], "law-101-2011"),
    # ---- aiyl-okmotu: aiyl-okmotu-head-term ----
    ("на какой срок становятся главой айыл окмоту", "ru",
     "aiyl-okmotu-head-term", ["5 лет", "4", "айыльного кенеша", "до 21 октября 2021"], "law-123-2021"),
    ("айыл өкмөтүнүн башчысы канча мөөнөткө иштейт", "ky",
     "aiyl-okmotu-head-term", ["5 жыл", "4 жыл", "21-октябр"], "law-101-2011"),
    # ---- constitution: constitution-2010 ----
    ("что стало с конституцией 2010 года, она ещё в силе?", "ru",
     "constitution-2010", ["27 июня 2010", "23 октября 2007", "2016", "110", "5 мая 2021",
                           "11 апреля 2021"], "const-2010"),
    ("2010-жылы кабыл алынган конституция качанга чейин иштеген", "ky",
     "constitution-2010", ["27-июн", "23-октябр", "5-май", "11-апрел", "110"], "const-2021"),
    # ---- constitution: constitution-2010-executive-heads ----
    ("по конституции 2010 года руководители айыл окмоту и мэры должны были избираться?", "ru",
     "constitution-2010-executive-heads", ["части 2 статьи 112", "прямыми или косвенными",
                                           "23 октября 2007", "по представлению Президента", "назначают"],
     "const-2007"),
    ("2010-жылкы конституцияда аткаруу органдарынын жетекчилерин шайлоо жөнүндө эмне айтылган", "ky",
     "constitution-2010-executive-heads", ["112-берене", "түз же кыйыр", "2007", "Президенттин сунушу",
                                           "дайындалат"], "const-2010"),
    # ---- constitution: constitution-2010-names ----
    ("куда делись поселковые и городские управы", "ru",
     "constitution-2010-names", ["поселковая управа", "городская управа", "айыл окмоту", "мэрия",
                                 "статья 111"], "brochure-2010"),
    ("поселкалык жана шаардык башкармалыктар эмне болду", "ky",
     "constitution-2010-names", ["поселкалык башкармалык", "айыл өкмөтү", "мэрия", "111-берене"],
     "const-2010"),
    # ---- constitution: constitution-2010-direct-elections ----
    ("сохранила ли конституция 2010 года прямые выборы депутатов кенешей", "ru",
     "constitution-2010-direct-elections", ["статье 112", "прямые выборы", "17 ноября 2024",
                                            "общественные организации", "27 июня 2010"], "brochure-2010"),
    ("2010-жылкы конституция депутаттарды түз шайлоону калтырганбы", "ky",
     "constitution-2010-direct-elections", ["112-берене", "түз шайлоо", "17-ноябр", "27-июн", "брошюра"],
     "const-2010"),
    # ---- constitution: constitution-2021 ----
    ("какая конституция сейчас в силе и когда её приняли", "ru",
     "constitution-2021", ["11 апреля 2021", "5 мая 2021", "Кабинета Министров", "президентскую систему",
                           "№123", "правовой базе"], "const-2021"),
    ("учурдагы конституция качан кабыл алынган, жергиликтүү башкаруу жөнүндө эмне дейт", "ky",
     "constitution-2021", ["11-апрел", "5-май", "Министрлер Кабинети", "№123"], "const-2021"),
]

TOPICS = {
    "lsg-definition", "lsg-system", "lsg-accountability", "lsg-not-in-system", "lsg-financing",
    "lsg-delegation", "lsg-law-current", "lsg-agency", "akim",
    "kenesh-elections", "kenesh-term", "kenesh-deputies-count", "kenesh-chair", "kenesh-powers",
    "mayoralty-composition", "mayoralty-duties", "mayor-appointment", "mayor-election-2011",
    "mayor-requirements",
    "aiyl-okmotu-role", "aiyl-okmotu-reporting", "aiyl-okmotu-head-appointment",
    "aiyl-okmotu-head-requirements", "aiyl-okmotu-head-term",
    "constitution-2010", "constitution-2010-executive-heads", "constitution-2010-names",
    "constitution-2010-direct-elections", "constitution-2021",
}


@pytest.mark.parametrize(("question", "lang", "topic", "must_contain", "source"), FACTS,
                         ids=[f"{row[2]}:{row[1]}:{i}" for i, row in enumerate(FACTS)])
def test_fact_reaches_the_resident(qa_service, question: str, lang: str, topic: str,
                                   must_contain: list[str], source: str) -> None:
    assert_fact(qa_service, question, lang, topic, must_contain, source)


@pytest.mark.parametrize(("question", "lang", "marker"), [
    ("мэрди азыр шаардык кеңеш шайлайбы?", "ky", "21-октябр"),
    ("мэра сейчас избирает городской кенеш?", "ru", "до 21 октября 2021"),
    ("айыл өкмөтүнүн башчысын айылдык кеңеш шайлайбы азыр", "ky", "21-октябр"),
    ("кенеш избирается на 4 года?", "ru", "до 21 октября 2021"),
])
def test_a_repealed_rule_is_never_the_first_thing_said(qa_service, question: str, lang: str, marker: str) -> None:
    """The seed's rules (kenesh elects the mayor / the aiyl okmotu head, 4-year term) are history:
    the answer opens with today's rule and the old one comes with its end date."""
    answer = qa_service.ask(question, user_lang=lang)
    assert answer.kind == "answer", answer
    first = answer.statements[0].text[lang]
    assert answer.statements[0].status != "former"
    assert marker.casefold() not in first.casefold(), first
    assert any(marker.casefold() in s.text[lang].casefold() for s in answer.statements if s.status == "former")


def test_the_table_covers_every_topic_of_these_groups_in_both_languages() -> None:
    covered = {(row[2], row[1]) for row in FACTS}
    assert covered == {(t, lang) for t in TOPICS for lang in ("ky", "ru")}
