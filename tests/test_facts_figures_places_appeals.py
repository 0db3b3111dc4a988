"""Every fact of the groups figures, places and complaints reaches a resident through the real
answer path: a question worded afresh (not one of the knowledge base's example questions) must
land on the right topic, state the key numbers, bodies and dates, and cite the right source."""

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
    # ---- figures: stats-lsg-bodies ----
    ("а сколько сейчас в республике всего сельских управ айыл окмоту и городов?", "ru",
     "stats-lsg-bodies", ["230", "34", "республиканского", "14", "18", "231", "33"], "agency-2025"),
    ("сколько было органов мсу в 2018 году", "ru",
     "stats-lsg-bodies", ["484", "453", "31", "8 июня 2018"], "agency-2018"),
    ("азыркы учурда өлкөдө айыл өкмөттөрдүн саны канчага жетет", "ky",
     "stats-lsg-bodies", ["230", "34", "14", "18", "31-октябр"], "agency-2025"),
    ("2018-жылы жергиликтүү өз алдынча башкаруу органдары канча болчу", "ky",
     "stats-lsg-bodies", ["484", "453", "31", "2018"], "agency-2018"),
    # ---- figures: stats-deputies ----
    ("сколько человек стали депутатами местных кенешей по всей стране в ноябре 2024", "ru",
     "stats-deputies", ["6 384", "264", "5 391", "17 ноября 2024"], "cec-2024"),
    ("сколько депутатов местных кенешей было по стране в 2018 году и сколько в Нарыне", "ru",
     "stats-deputies", ["8 651", "813", "Нарынской"], "article-2018"),
    ("бүткүл өлкөдө жергиликтүү кеңештерге жалпысынан канча депутат өттү 2024-жылы", "ky",
     "stats-deputies", ["6 384", "264", "231", "5 391", "17-ноябр"], "cec-2024"),
    ("2018-жылы жергиликтүү кеңештерде бардыгы канча депутат болгон, нарында канча", "ky",
     "stats-deputies", ["8 651", "813", "Нарын"], "article-2018"),
    # ---- figures: stats-subsidies ----
    ("какая доля айыл окмоту сидит на дотациях", "ru",
     "stats-subsidies", ["378", "453", "75", "82"], "agency-2018"),
    ("сколько айыл окмоту получают дотации, данные статьи 2018", "ru",
     "stats-subsidies", ["82", "83,4"], "article-2018"),
    ("айыл өкмөттөрүнүн канчасы дотация алат", "ky",
     "stats-subsidies", ["378", "453", "75", "8-июн"], "agency-2018"),
    ("азыр дотация алган айыл өкмөттөр боюнча жаңы сан барбы", "ky",
     "stats-subsidies", ["230", "агенттик"], "agency-2025"),
    # ---- figures: stats-complaints-crimes ----
    ("сколько уголовных дел возбудили против органов местного самоуправления в 2017", "ru",
     "stats-complaints-crimes", ["201", "180", "2017", "больше, чем в других"], "article-2018"),
    ("где больше всего возбуждали дел на айыл окмоту, в каких районах", "ru",
     "stats-complaints-crimes", ["Сузак", "13", "Базар-Коргон", "7", "Токтогул", "Кара-Куль",
                                 "Ала-Бук", "Чаткал", "земельного"], "article-2018"),
    ("жергиликтүү өз алдынча башкаруу органдарына 2017-жылы канча кылмыш иши ачылган", "ky",
     "stats-complaints-crimes", ["201", "180", "2017", "биринчи орун"], "article-2018"),
    ("айыл өкмөттөргө кайсы райондордо кылмыш иштери көп козголгон", "ky",
     "stats-complaints-crimes", ["Сузак", "13", "Базар-Коргон", "Токтогул", "Кара-Көл", "Чаткал",
                                 "жер мыйзам"], "article-2018"),
    ("статистика коррупции в органах мсу, есть ли более свежие цифры?", "ru",
     "stats-complaints-crimes", ["Государственное агентство"], "cabinet-258-2021"),
    # ---- figures: year-regional-development ----
    ("какой год в кыргызстане был годом развития регионов", "ru",
     "year-regional-development", ["2018", "Годом развития регионов", "Указом Президента"],
     "article-2018"),
    ("региондорду өнүктүрүү жылы деп кайсы жыл аталган", "ky",
     "year-regional-development", ["2018", "Региондорду өнүктүрүү", "Жарлыгы"], "article-2018"),
    # ---- figures: lsg-problems ----
    ("самая острая проблема айыл окмоту какая", "ru",
     "lsg-problems", ["нехватка местных бюджетов", "82", "конфликты"], "article-2018"),
    ("какие трудности были у местного самоуправления по статье 2018 года", "ru",
     "lsg-problems", ["аким", "Президент", "прежнему закону"], "law-123-2021"),
    ("жергиликтүү өз алдынча башкаруудагы эң оор маселе эмнеде", "ky",
     "lsg-problems", ["бюджеттин", "82", "келишпестик"], "article-2018"),
    # ---- figures: lsg-recommendations ----
    ("что рекомендуют для повышения компетентности мсу", "ru",
     "lsg-recommendations", ["пять", "семинары", "зарубежного", "малых грантов"], "article-2018"),
    ("жергиликтүү башкаруу органдарын күчтөндүрүү үчүн кандай сунуштар бар", "ky",
     "lsg-recommendations", ["беш", "семинар", "чет элдик", "гранттар"], "article-2018"),
    # ---- figures: atr-reform ----
    ("на сколько сократили айылные аймаки при реформе 2024", "ru",
     "atr-reform", ["452", "231", "235", "230", "34", "Гульча"], "agency-2025"),
    ("сколько сотрудников айыл окмоту сократили по реформе атр", "ru",
     "atr-reform", ["10 287", "6 400", "4,8"], "atr-2024"),
    ("пилотные указы по атр отменили, что с объединёнными аймаками", "ru",
     "atr-reform", ["30 декабря 2025", "сохраняется"], "decree-atr-repeal-2025"),
    ("айыл аймактарын бириктирген реформа кандай өттү", "ky",
     "atr-reform", ["452", "231", "230", "34", "10 287", "6 400"], "atr-2024"),
    ("атр боюнча пилоттук жарлыктар жокко чыгарылдыбы", "ky",
     "atr-reform", ["30-декабр", "2025"], "decree-atr-repeal-2025"),
    # ---- places: renamed-places ----
    ("как теперь называется бывший кара-бууринский район", "ru",
     "renamed-places", ["Айтматовский", "№82", "10 апреля 2023", "18 апреля 2023"], "law-82-2023"),
    ("город джалал-абад как называется после переименования", "ru",
     "renamed-places", ["Манас", "10 сентября 2025", "17 сентября 2025", "Джалал-Абадская"], "law-manas-2025"),
    ("исфана шаарынын аты кандай болуп өзгөрдү", "ky",
     "renamed-places", ["Раззаков", "2022-жылдын 16-мартында"], "law-razzakov-2022"),
    ("кара-буура районунун жаңы аталышы кандай", "ky",
     "renamed-places", ["Айтматов", "№82", "10-апрел", "18-апрел"], "law-82-2023"),
    ("жалал-абад шаары азыр манас деп аталабы", "ky",
     "renamed-places", ["Манас", "2025", "Жалал-Абад облусу"], "law-manas-2025"),
    # ---- places: oblasts-rayons ----
    ("сколько в кыргызстане областей и районов", "ru",
     "oblasts-rayons", ["7", "40", "Бишкек", "Ош"], "atr-2024"),
    ("на какие области и районы делится кыргызстан и сколько в нём городов", "ru",
     "oblasts-rayons", ["7", "40", "34", "14", "18", "Гульча"], "agency-2025"),
    ("кыргызстанда облустар жана райондор канча", "ky",
     "oblasts-rayons", ["7", "40", "Бишкек", "Ош"], "atr-2024"),
    # ---- complaints: appeals-law ----
    ("за сколько дней обязаны рассмотреть моё заявление", "ru",
     "appeals-law", ["1 рабочего дня", "14 дней", "со дня регистрации", "бесплатн"], "law-67-2007"),
    ("правда что срок ответа на обращения сократили до 10 рабочих дней", "ru",
     "appeals-law", ["12 марта 2026", "10 рабочих дней", "первое чтение", "14 дней"], "appeals-bill-2026"),
    ("кайрылууну канча күндүн ичинде кароого милдеттүү", "ky",
     "appeals-law", ["1 иш күн", "14 күн", "катталган күндөн тартып", "акысыз"], "law-67-2007"),
    ("арыз менен даттануу бирдейби, айырмасы кандай", "ky",
     "appeals-law", ["сунуш", "арыз", "даттануу"], "law-67-2007"),
    # ---- complaints: appeals-language ----
    ("можно ли написать жалобу не на русском, а на другом языке", "ru",
     "appeals-language", ["государственном", "официальном", "любом", "на языке обращения"],
     "law-67-2007"),
    ("арызды кайсы тилде жазсам болот, жооп кайсы тилде болот", "ky",
     "appeals-language", ["мамлекеттик", "расмий", "каалаган тилде"], "law-67-2007"),
    # ---- complaints: appeals-fine ----
    ("какой штраф грозит чиновнику если он проигнорировал обращение", "ru",
     "appeals-fine", ["10 000", "июля 2025"], "law-appeals-fine-2025"),
    ("арызга жооп бербеген кызмат адамына канча айып салынат", "ky",
     "appeals-fine", ["10 000", "2025"], "law-appeals-fine-2025"),
    # ---- complaints: where-to-complain ----
    ("глава айыл окмоту не принимает меры, куда писать жалобу дальше", "ru",
     "where-to-complain", ["глав", "аким", "прокуратур", "Акыйкатчы", "суд", "14 дней"],
     "law-67-2007"),
    ("в какие инстанции можно жаловаться на действия мэрии кроме самой мэрии", "ru",
     "where-to-complain", ["аким", "назначает"], "law-123-2021"),
    ("можно ли пожаловаться на мэрию омбудсмену", "ru",
     "where-to-complain", ["Акыйкатчы", "Омбудсмен", "конституционный закон 2025"], "ombudsman-law-2025"),
    ("айыл өкмөтүнүн башчысына нааразымын, кимге барып арызданам", "ky",
     "where-to-complain", ["аким", "прокуратура", "Акыйкатчы", "сот", "кеңеш"], "law-123-2021"),
    ("жөб органдарын кайсы мамлекеттик агенттик көзөмөлдөйт, ага даттанса болобу", "ky",
     "where-to-complain", ["мамлекеттик агенттик"], "cabinet-258-2021"),
    # ---- complaints: how-to-file-bot ----
    ("как через этого бота отправить жалобу на мэрию", "ru",
     "how-to-file-bot", ["/complaint", "/my", "14 дней", "KG-"], "law-67-2007"),
    ("ушул ботко даттанууну кантип жөнөтөм", "ky",
     "how-to-file-bot", ["/complaint", "/my", "14 күн"], "law-67-2007"),
]


@pytest.mark.parametrize(("question", "lang", "topic", "must_contain", "source"), FACTS,
                         ids=[f"{row[2]}:{row[1]}:{i}" for i, row in enumerate(FACTS)])
def test_fact_reaches_the_resident(qa_service, question: str, lang: str, topic: str,
                                   must_contain: list[str], source: str) -> None:
    assert_fact(qa_service, question, lang, topic, must_contain, source)


def test_the_table_covers_every_topic_of_these_groups_in_both_languages() -> None:
    topics = {"stats-lsg-bodies", "stats-deputies", "stats-subsidies", "stats-complaints-crimes",
              "year-regional-development", "lsg-problems", "lsg-recommendations", "atr-reform",
              "renamed-places", "oblasts-rayons", "appeals-law", "appeals-language", "appeals-fine",
              "where-to-complain", "how-to-file-bot"}
    covered = {(row[2], row[1]) for row in FACTS}
    assert covered == {(t, lang) for t in topics for lang in ("ky", "ru")}
