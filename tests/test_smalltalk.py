"""qa.smalltalk on its own: what is small talk, a problem or a follow-up, and what must stay a question."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from qa import smalltalk

EVAL = Path(__file__).parent / "eval"


def eval_questions(out_of_scope: bool) -> list[str]:
    questions = []
    for path in sorted(EVAL.glob("*.yaml")):
        if (path.name == "out_of_scope.yaml") != out_of_scope:
            continue
        for items in yaml.safe_load(path.read_text(encoding="utf-8")).values():
            questions += [item["q"] for item in items]
    return questions


def test_no_question_of_the_evaluation_set_is_taken_for_small_talk() -> None:
    questions = eval_questions(out_of_scope=False)
    assert len(questions) > 500
    assert [q for q in questions if smalltalk.classify(q)] == []
    # a problem told around a question is rare in questions, and is answered when it asks something
    # precise (services.conversation); here only the count is kept in check
    assert sum(smalltalk.is_problem(q) for q in questions) <= 5


@pytest.mark.parametrize(("text", "kind", "lang"), [
    ("Ассалому алейкум", "greeting", "ky"), ("саламатсызбы", "greeting", "ky"), ("Salamatsyzby", "greeting", "ky"),
    ("здравствуйте", "greeting", "ru"), ("здраствуйте!", "greeting", "ru"), ("Добрый вечер", "greeting", "ru"),
    ("рахмат", "thanks", "ky"), ("чоң рахмат", "thanks", "ky"), ("chon rahmat", "thanks", "ky"),
    ("жардамыңыз үчүн рахмат", "thanks", "ky"), ("спасибо за ответ", "thanks", "ru"), ("🙏", "thanks", None),
    ("макул", "ack", "ky"), ("тушундум", "ack", "ky"), ("түшүнүктүү", "ack", "ky"), ("ок", "ack", None),
    ("ok", "ack", None), ("👍", "ack", None), ("понятно", "ack", "ru"), ("ясно", "ack", "ru"),
    ("хорошо", "ack", "ru"), ("до свидания", "ack", "ru"),
    ("ты тупой", "rude", "ru"), ("сен келесоо", "rude", "ky"), ("blyat", "rude", None),
])
def test_small_talk_kinds_and_languages(text: str, kind: str, lang: str | None) -> None:
    assert smalltalk.classify(text) == kind
    assert smalltalk.language(text) == lang


@pytest.mark.parametrize("text", [
    "салам, мэрди ким дайындайт?", "спасибо, а кто назначает акима?", "кенеш", "мэр", "бот", "жардам бериңиз",
])
def test_small_talk_with_a_question_or_a_topic_word_is_a_question(text: str) -> None:
    assert smalltalk.classify(text) is None


def test_an_insult_alone_leaves_no_question() -> None:
    assert smalltalk.without_rude_words("ты тупой бот") == ""
    assert smalltalk.without_rude_words("тупой бот, кто назначает мэра?") == "бот, кто назначает мэра?"


@pytest.mark.parametrize(("text", "problem"), [
    ("3 недели нет воды, айыл окмоту ничего не делает, куда обращаться?", True),
    ("жолубуз бузулуп калды, айыл өкмөтү көңүл бурбайт", True),
    ("в селе нет света уже неделю", True),
    ("zholubuz buzulup kaldy", True),
    ("если айыл окмоту не отвечает, куда жаловаться?", False),
    ("Айыл өкмөтү жооп бербесе кайда кайрылам?", False),  # "-се": a rule asked about
    ("айыл өкмөтү жооп бербейт, эмне кылам?", True),
    ("суроом бар: суд кайда?", False),
    ("суубуз жок", True),
    ("кто назначает главу айыл окмоту", False),
])
def test_problems(text: str, problem: bool) -> None:
    assert smalltalk.is_problem(text) == problem


@pytest.mark.parametrize(("previous", "follow_up", "combined"), [
    ("Сколько депутатов в айыльном кенеше?", "а в городе?", "Сколько депутатов в кенеше в городе?"),
    ("Айылдык кеңеште канча депутат болот?", "а шаарда канча?", "кеңеште канча депутат болот шаарда канча?"),
    ("Кто избирал мэра в 2011 году?", "а 2010-жылы?", "Кто избирал мэра в году 2010-жылы?"),
    ("Мэрди ким дайындайт?", "ал эми мурун?", "Мэрди ким дайындайт мурун?"),
])
def test_a_follow_up_qualifies_the_previous_question(previous: str, follow_up: str, combined: str) -> None:
    assert smalltalk.looks_like_follow_up(follow_up)
    assert not smalltalk.is_whole_question(follow_up)
    assert smalltalk.with_follow_up(previous, follow_up) == combined


@pytest.mark.parametrize("text", ["в Оше?", "шаарда канча?", "2010-жылы?", "Бишкекте", "раньше?"])
def test_a_qualifier_alone_is_a_follow_up(text: str) -> None:
    assert smalltalk.looks_like_follow_up(text)


def test_what_is_not_a_follow_up() -> None:
    assert not smalltalk.looks_like_follow_up("ошол")
    assert not smalltalk.looks_like_follow_up("мэр")
    assert not smalltalk.looks_like_follow_up("ааааа")
    assert not smalltalk.looks_like_follow_up("кто назначает мэра?")
    assert smalltalk.is_whole_question("а кто назначает главу айыл окмоту?")
    assert smalltalk.is_bare_why("почему?") and smalltalk.is_bare_why("эмне үчүн?")
    assert smalltalk.qualifier_kind("а в Оше?") == "place" and smalltalk.qualifier_kind("а раньше?") == "time"
