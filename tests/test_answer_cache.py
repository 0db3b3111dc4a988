"""Answers to repeated questions are kept (services/answer_cache.py), and what a resident gets is
exactly what they would get without it: the same words, language and day only, one resident's
follow-up context never given to another."""

from __future__ import annotations

from datetime import date, timedelta

from qa.service import QuestionAnswerer
from services.answer_cache import KEPT_CHARS, AnswerCache
from tests.conftest import App

ALICE, BOLOT, CHOLPON = 3101, 3102, 3103


async def test_the_same_follow_up_is_read_in_each_residents_own_context(app: App) -> None:
    await app.client.send(ALICE, "Сколько депутатов в айыльном кенеше при 5000 жителей?")
    await app.client.send(BOLOT, "Кто назначает мэра?")
    await app.client.send(ALICE, "а в Оше?")
    await app.client.send(BOLOT, "а в Оше?")
    alice, bolot = app.client.last_text(ALICE), app.client.last_text(BOLOT)
    assert "Ошском городском кенеше" in alice
    assert "мэр" in bolot and "Ошском городском кенеше" not in bolot
    # and asked again, each still gets their own
    await app.client.send(BOLOT, "а в Оше?")
    assert app.client.last_text(BOLOT) == bolot


async def test_a_repeated_question_gets_the_same_reply_in_the_residents_language(app: App) -> None:
    await app.client.send(ALICE, "Кто назначает мэра Бишкека?")
    first = app.client.last_text(ALICE)
    await app.client.send(BOLOT, "Кто назначает мэра Бишкека?")
    assert app.client.last_text(BOLOT) == first
    # a word whose language the text does not tell: the answer follows each resident's language
    await app.client.send(ALICE, "мэр", language_code="ru")
    await app.client.send(CHOLPON, "мэр", language_code="ky")
    assert "Источник" in app.client.last_text(ALICE)
    assert "Булак" in app.client.last_text(CHOLPON)


class CountingAnswerer:
    """A QuestionAnswerer that counts the questions it really answers."""

    def __init__(self, qa: QuestionAnswerer) -> None:
        self.qa, self.asked = qa, 0

    def ask(self, question: str, user_lang: str):
        self.asked += 1
        return self.qa.ask(question, user_lang=user_lang)


def test_kept_by_the_very_words_language_and_day(qa_service: QuestionAnswerer) -> None:
    today = [date(2026, 11, 27)]
    cache = AnswerCache(size=10, today=lambda: today[0])
    qa = CountingAnswerer(qa_service)
    first = cache.ask(qa, "Кто назначает мэра?", "ru")
    assert cache.ask(qa, "Кто назначает мэра?", "ru") is first and qa.asked == 1
    assert first == qa_service.ask("Кто назначает мэра?", user_lang="ru")
    cache.ask(qa, "кто назначает мэра?", "ru")  # other words (even only the case): asked afresh
    cache.ask(qa, "Кто назначает мэра?", "ky")  # another language
    assert qa.asked == 3
    today[0] += timedelta(days=1)  # a new day: rules and "in force" read the date
    cache.ask(qa, "Кто назначает мэра?", "ru")
    assert qa.asked == 4
    other = CountingAnswerer(qa_service)  # another knowledge base asks for itself
    cache.ask(other, "Кто назначает мэра?", "ru")
    assert other.asked == 1


def test_bounded_and_long_questions_not_kept(qa_service: QuestionAnswerer) -> None:
    cache = AnswerCache(size=3)
    qa = CountingAnswerer(qa_service)
    for n in range(10):
        cache.ask(qa, f"Сколько депутатов при {n + 1}000 жителей?", "ru")
    assert len(cache) == 3
    long_question = "Кто назначает мэра? " + "очень " * KEPT_CHARS
    cache.ask(qa, long_question, "ru")
    cache.ask(qa, long_question, "ru")
    assert qa.asked == 12 and len(cache) == 3
