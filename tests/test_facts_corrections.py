"""The corrections of law-facts.md §0.0 (C1-C12) reach a resident through the answer path, in both
languages: `QuestionAnswerer.ask` must land on the topic and compose statements that say the law as it
stands, with the right sources. Assertions are on the composed statements and citations, not on their
rendering (which the answer path shapes)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from qa.check import ACT_KINDS, ACT_PAGE_RE
from qa.regions import find_place
from qa.service import Answer, QuestionAnswerer
from tests.helpers import ORIGINAL_TOPICS

NOW_STATUSES = ("current", "unconfirmed", "statistic", "info")

# The knowledge base's own topics (entries added by other work have their own tests).
TOPICS = ORIGINAL_TOPICS


def ask(qa_service: QuestionAnswerer, question: str, lang: str, topics: tuple[str, ...]) -> Answer:
    answer = qa_service.ask(question, user_lang=lang)
    assert answer.kind == "answer", f"{question!r}: {answer.kind} {answer.alternatives}"
    assert answer.topic in topics, f"{question!r} → {answer.topic}"
    assert answer.lang == lang
    return answer


def said(answer: Answer) -> str:
    texts = [s.text[answer.lang] for s in answer.statements] + [answer.entry.more.get(answer.lang, "")]
    return re.sub(r"[\u00a0\u202f]", " ", "\n".join(texts))


# ---- C1: no current per-kenesh number outside Bishkek and Osh ----

CURRENT_31_41 = re.compile(r"(?<!\d)(31|41)\s+(депутат|депутата|депутатов)", re.IGNORECASE)


@pytest.mark.parametrize(("question", "lang"), [
    ("сколько депутатов в айыльном кенеше", "ru"),
    ("сколько сейчас депутатов должно быть в городском кенеше Токмока", "ru"),
    ("айылдык кеңеште канча депутат болот", "ky"),
    ("шаардык кеңеште азыр канча депутат отурат", "ky"),
])
def test_no_current_31_or_41_deputies_is_stated(qa_service, question, lang):
    answer = ask(qa_service, question, lang, ("kenesh-deputies-count",))
    for statement in answer.statements:
        if statement.status in NOW_STATUSES:
            assert not CURRENT_31_41.search(statement.text[lang]), statement.text[lang]
            assert "70 000" not in statement.text[lang]
    text = said(answer)
    assert "51" in text and "5 391" in text and "231" in text and "6 384" in text
    # The 2011 rule is given with its period.
    former = [s for s in answer.statements if s.status == "former"]
    assert former and former[0].source == "law-101-2011" and former[0].article == "23"
    assert ("21 октября 2021" if lang == "ru" else "2021-жылдын 21-октябрына") in former[0].text[lang]
    assert "law-kenesh-composition-2024" in {c.source.id for c in answer.citations}


@pytest.mark.parametrize(("question", "lang"), [
    ("в селе 15 000 жителей, сколько депутатов в кенеше", "ru"),
    ("айылда 15 000 киши жашайт, кеңеште канча депутат болот", "ky"),
])
def test_a_population_question_does_not_compute_a_current_31_or_41(qa_service, question, lang):
    answer = ask(qa_service, question, lang, ("kenesh-deputies-count",))
    for statement in answer.statements:
        if statement.status in NOW_STATUSES:
            assert not CURRENT_31_41.search(statement.text[lang]), statement.text[lang]


# ---- C2: Gulcha: 230 aiyl aimaks, 34 cities (18 of rayon significance) ----

@pytest.mark.parametrize(("question", "lang", "expected"), [
    ("канча айыл аймагы бар", "ky", ["230", "34", "18"]),
    ("сколько айыльных аймаков в стране", "ru", ["230", "34", "18"]),
    ("сколько городов в кыргызстане", "ru", ["34", "18"]),
    ("Кыргызстанда канча шаар бар", "ky", ["34", "18"]),
])
def test_today_there_are_230_aiyl_aimaks_and_34_cities(qa_service, question, lang, expected):
    answer = ask(qa_service, question, lang, ("stats-lsg-bodies", "oblasts-rayons", "atr-reform"))
    first = answer.statements[0]
    assert first.as_of is not None and first.as_of >= date(2025, 10, 15)
    assert all(figure in first.text[lang] for figure in expected), first.text[lang]
    # A figure of 2024 is said only as a figure of 2024.
    for statement in answer.statements:
        if re.search(r"\b231\b", statement.text[lang]):
            assert statement.status == "statistic" and statement.as_of < date(2025, 10, 15)


@pytest.mark.parametrize(("question", "lang", "name"), [
    ("Гүлчө шаар болдубу", "ky", "Гүлчө"),
    ("гульча теперь город?", "ru", "Гульча"),
])
def test_gulcha_is_a_city_since_october_2025(qa_service, question, lang, name):
    answer = ask(qa_service, question, lang, ("renamed-places", "oblasts-rayons", "atr-reform"))
    text = said(answer)
    assert name in text and "2025" in text
    assert "law-gulcha-2025" in {c.source.id for c in answer.citations} | {"agency-2025"}


def test_gulcha_is_in_the_reference_data(qa_service):
    best = find_place(qa_service.kb.regions, "г. Гульча, Алайский район")
    assert any(p.id == "gulcha" and p.kind == "city" and p.significance == "rayon" for p in best)


# ---- C3: the 2026 appeals bill passed a first reading only ----

@pytest.mark.parametrize(("question", "lang", "words"), [
    ("приняли закон что на обращение отвечают за 10 рабочих дней?", "ru", ["первое чтение", "12 марта 2026"]),
    ("кайрылууга 10 иш күнүндө жооп берүү мыйзамы кабыл алындыбы", "ky", ["биринчи окуу", "2026-жылдын 12-мартында"]),
])
def test_the_2026_appeals_bill_passed_only_a_first_reading(qa_service, question, lang, words):
    answer = ask(qa_service, question, lang, ("appeals-law",))
    text = said(answer)
    assert all(w in text for w in words), text
    assert "appeals-bill-2026" in {c.source.id for c in answer.citations}
    assert qa_service.kb.sources["appeals-bill-2026"].kind == "bill"
    # It never stands as the law in force.
    assert all(s.source != "appeals-bill-2026" or s.status == "info" for s in answer.statements)


@pytest.mark.parametrize(("question", "lang"), [
    ("Сколько дней на ответ по жалобе?", "ru"),
    ("арызга канча күндө жооп беришет", "ky"),
])
def test_the_period_in_force_answers_first_and_the_bill_after(qa_service, question, lang):
    # the bill shares "срок", "дней" with the question, but the law in force is the answer
    answer = ask(qa_service, question, lang, ("appeals-law",))
    assert answer.statements[0].source != "appeals-bill-2026"
    assert "14" in answer.statements[0].text[lang]


# ---- C6: the 2025 constitutional law on the Akyikatchy (Ombudsman) ----

@pytest.mark.parametrize(("question", "lang", "words"), [
    ("можно ли пожаловаться на айыл окмоту омбудсмену", "ru", ["Акыйкатчы", "конституционный закон 2025"]),
    ("айыл өкмөтүнө акыйкатчыга даттанса болобу", "ky", ["Акыйкатчы", "2025-жылкы конституциялык мыйзам"]),
])
def test_the_ombudsman_works_under_the_2025_constitutional_law(qa_service, question, lang, words):
    answer = ask(qa_service, question, lang, ("where-to-complain",))
    text = said(answer)
    assert all(w in text for w in words), text
    cited = {c.source.id for c in answer.citations}
    assert "ombudsman-law-2025" in cited and "law-136-2002" not in cited


# ---- C7: the 5% threshold, as the CEC applied it ----

@pytest.mark.parametrize(("question", "lang"), [
    ("сколько процентов надо набрать партии чтобы пройти в городской кенеш", "ru"),
    ("партия шаардык кеңешке өтүш үчүн канча пайыз алыш керек", "ky"),
])
def test_the_5_percent_threshold_is_stated_as_applied(qa_service, question, lang):
    answer = ask(qa_service, question, lang, ("kenesh-elections",))
    threshold = [s for s in answer.statements if "5%" in s.text[lang]]
    assert threshold, said(answer)
    assert threshold[0].status == "statistic" and threshold[0].source == "cec-2024"
    assert threshold[0].as_of == date(2024, 11, 17)


# ---- C8: Isfana -> Razzakov, law of 16 March 2022 ----

@pytest.mark.parametrize(("question", "lang", "when"), [
    ("когда исфану переименовали в раззаков", "ru", "16 марта 2022"),
    ("исфана шаары качан раззаков деп аталды", "ky", "2022-жылдын 16-мартында"),
])
def test_razzakov_rename_date(qa_service, question, lang, when):
    answer = ask(qa_service, question, lang, ("renamed-places",))
    assert when in said(answer)
    assert "law-razzakov-2022" in {c.source.id for c in answer.citations}


# ---- C9: no unchecked article of Law 101 for candidates ----

@pytest.mark.parametrize(("question", "lang", "topic"), [
    ("какие требования были к кандидату в главы айыл окмоту по старому закону", "ru",
     "aiyl-okmotu-head-requirements"),
    ("мэрликке талапкерге мурда кандай талаптар болгон", "ky", "mayor-requirements"),
])
def test_candidate_requirements_of_law_101_show_no_unchecked_article(qa_service, question, lang, topic):
    ask(qa_service, question, lang, (topic,))
    for statement in qa_service.kb.entry(topic).statements:
        if statement.source == "law-101-2011":
            assert statement.article is None
            assert not re.search(r"\b(42|46|48)-берене|стать\w* (42|46|48)\b", statement.text[lang])


# ---- C11: candidate rules come from the law on local kenesh elections ----

@pytest.mark.parametrize(("question", "lang", "fact"), [
    ("с какого возраста можно избираться в айыльный кенеш", "ru", "21 года"),
    ("айылдык кеңешке талапкер канча жашта болушу керек", "ky", "21 жаш"),
    ("кто может выдвинуть кандидата в айыльный кенеш", "ru", "выдвигает политическая партия"),
])
def test_candidate_rules_cite_the_law_on_local_elections(qa_service, question, lang, fact):
    answer = ask(qa_service, question, lang, ("kenesh-elections",))
    stating = [s for s in answer.statements if fact in s.text[lang]]
    assert stating, said(answer)
    assert stating[0].source == "law-98-2011"
    assert qa_service.kb.sources["law-98-2011"].number == "98"


# ---- C12: dates ----

@pytest.mark.parametrize(("question", "lang", "words"), [
    ("когда джалал-абад стал манасом, когда подписали закон", "ru", ["17 сентября 2025"]),
    ("жалал-абад шаарынын атын өзгөртүү мыйзамына качан кол коюлган", "ky", ["2025-жылдын 17-сентябрында"]),
])
def test_manas_law_signed_17_september_2025(qa_service, question, lang, words):
    answer = ask(qa_service, question, lang, ("renamed-places",))
    assert all(w in said(answer) for w in words)


@pytest.mark.parametrize(("question", "lang"), [
    ("может ли уроженец села стать главой своего айыл окмоту", "ru"),
    ("өз айылымда туулсам айыл өкмөтүнүн башчысы боло аламбы", "ky"),
])
def test_the_native_born_ban_is_history(qa_service, question, lang):
    answer = ask(qa_service, question, lang, ("aiyl-okmotu-head-appointment", "aiyl-okmotu-head-requirements"))
    allowed = [s for s in answer.statements if s.status == "current" and "2025" in s.text[lang]]
    assert allowed, said(answer)
    assert answer.statements.index(allowed[0]) <= 1
    ban = [s for s in qa_service.kb.entry("aiyl-okmotu-head-appointment").statements if s.article == "52"]
    assert ban and ban[0].status == "former" and ban[0].valid_until == date(2025, 10, 15)


# ---- The shape of every topic: today's answer first, short ----

@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_opens_with_todays_answer_in_a_short_sentence(qa_service, topic):
    entry = qa_service.kb.entry(topic)
    assert entry is not None
    first = entry.statements[0]
    assert first.status != "former", topic
    for lang in ("ky", "ru"):
        assert len(first.text[lang]) <= 300, (topic, lang, len(first.text[lang]))
        if lang == "ky":
            assert not re.search(r"\bБүгүн\b|ТОС|ГАМСУМО", first.text[lang]), first.text[lang]


def test_no_kyrgyz_text_uses_the_calques_the_style_sheet_names(qa_service):
    calques = re.compile(r"\bБүгүн|шайлашпайт|дайындашат|шайлашкан|даярдашкан|Колдо болгон маалымат|"
                         r"бул жерде текшерилген эмес|болуп өзгөртүлдү|\bТОС\b")
    for topic in TOPICS:
        entry = qa_service.kb.entry(topic)
        for text in [s.text["ky"] for s in entry.statements] + [entry.more.get("ky", "")]:
            assert not calques.search(text), (topic, text)


def test_acts_link_to_their_own_page_or_to_nothing(qa_service):
    # The act's own page in either of the database's address forms (/act/view/ru-ru/NNN or /CODE/edition/NNN/ru),
    # the rule kb-check enforces; never the database's home page.
    for source in qa_service.kb.sources.values():
        if source.kind in ACT_KINDS and source.url:
            assert ACT_PAGE_RE.match(source.url), source.id
        assert source.title["ky"] and source.title["ru"]


@pytest.mark.parametrize(("question", "lang"), [
    ("в 2016 году сколько депутатов было в айыльном кенеше при населении 5 тысяч", "ru"),
    ("2015-жылы 5 миң калкы бар айылдык кеңеште канча депутат болгон", "ky"),
])
def test_a_year_in_a_computed_question_puts_that_periods_rule_first(qa_service, question, lang):
    # the 2011 rule was in force then: it answers first, computed; today's (unknown) number after it
    answer = ask(qa_service, question, lang, ("kenesh-deputies-count",))
    assert answer.computed
    assert answer.statements[0].status == "former"
    assert "11" in answer.statements[0].text[lang]
    assert any(s.status != "former" for s in answer.statements[1:])
