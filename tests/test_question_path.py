"""The question path through the real Dispatcher: /start, languages, questions, the menu, bad input."""

from __future__ import annotations

import logging

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage

from storage.users import UserRepo
from tests.conftest import App, close_test_app, open_test_app

CITIZEN = 1001


async def test_start_greets_in_both_languages_and_stores_the_choice(app: App) -> None:
    await app.client.send(CITIZEN, "/start", language_code="en")
    greeting = app.client.last_text(CITIZEN)
    assert "Боттун тилин тандаңыз" in greeting and "Выберите язык бота" in greeting
    assert app.client.buttons(CITIZEN) == ["🇰🇬 Кыргызча", "🇷🇺 Русский"]

    await app.client.click(CITIZEN, "Кыргызча", language_code="en")
    user = await UserRepo(app.db).get(CITIZEN)
    assert user.language == "ky" and user.language_chosen
    assert "кыргызча сүйлөйт" in app.client.last_text(CITIZEN)

    await app.client.send(CITIZEN, "/help", language_code="en")
    assert "Сурооңузду кыргызча же орусча жазыңыз" in app.client.last_text(CITIZEN)

    await app.client.send(CITIZEN, "/lang", language_code="en")
    await app.client.click(CITIZEN, "Русский", language_code="en")
    assert (await UserRepo(app.db).get(CITIZEN)).language == "ru"
    await app.client.send(CITIZEN, "/help", language_code="en")
    assert "Просто напишите вопрос" in app.client.last_text(CITIZEN)


@pytest.mark.parametrize(("language_code", "expected"), [("ky", "ky"), ("ru-RU", "ru"), ("en", "ru"), (None, "ru")])
async def test_before_a_choice_telegram_language_is_used_if_ours(app: App, language_code, expected) -> None:
    await app.client.send(CITIZEN, "/help", language_code=language_code)
    text = app.client.last_text(CITIZEN)
    assert ("Сурооңузду" in text) == (expected == "ky")
    assert ("Просто напишите" in text) == (expected == "ru")


async def test_command_menu_is_set_in_both_languages(settings, qa_service, i18n) -> None:
    app = await open_test_app(settings, qa_service, i18n)
    try:
        await app.dp.emit_startup(bot=app.bot, **app.dp.workflow_data)
        by_lang = {c.language_code: c for c in app.session.calls("setMyCommands")}
        assert set(by_lang) >= {"ky", "ru", None}
        ky = {c.command: c.description for c in by_lang["ky"].commands}
        ru = {c.command: c.description for c in by_lang["ru"].commands}
        assert ky.keys() == ru.keys() >= {"menu", "complaint", "lang", "help", "cancel"}
        assert ky["lang"] == "Тилди алмаштыруу" and ru["lang"] == "Сменить язык"
    finally:
        await close_test_app(app)


async def test_question_gets_a_sourced_answer_in_the_language_of_the_question(app: App) -> None:
    await app.client.send(CITIZEN, "Айыл өкмөтүнүн башчысын ким дайындайт?", language_code="ru")
    reply = app.client.last(CITIZEN)
    assert isinstance(reply, SendMessage)
    assert "аким" in reply.text.lower() and "Булактар" in reply.text and "№123" in reply.text
    assert any("Темалар" in b for b in app.client.buttons(CITIZEN))

    await app.client.send(CITIZEN, "Сколько лет работает местный кенеш?", language_code="ky")
    assert "Источники" in app.client.last_text(CITIZEN)


async def test_out_of_scope_question_is_declined_with_menu_and_complaint_buttons(app: App) -> None:
    await app.client.send(CITIZEN, "какой курс доллара сегодня?")
    # declined with where to go (knowledge/out_of_scope.yaml, row currency)
    assert "Национальный банк" in app.client.last_text(CITIZEN)
    buttons = app.client.buttons(CITIZEN)
    assert any("Темы" in b for b in buttons) and any("обращение" in b for b in buttons)


async def test_menu_browses_groups_topics_and_answers_in_one_message(app: App) -> None:
    await app.client.send(CITIZEN, "/menu")
    menu = app.client.last(CITIZEN)
    assert isinstance(menu, SendMessage) and "Выберите тему" in menu.text
    sent_before = len(app.session.calls("sendMessage"))

    await app.client.click(CITIZEN, "Мэрия и мэр")
    topics = app.client.last(CITIZEN)
    assert isinstance(topics, EditMessageText) and topics.message_id == app.session.message_id_of(menu)

    await app.client.click(CITIZEN, "назначает мэра")
    answer = app.client.last(CITIZEN)
    assert isinstance(answer, EditMessageText) and "Источники" in answer.text
    assert len(app.session.calls("sendMessage")) == sent_before  # everything happened in place

    edits_before = len(app.session.calls("editMessageText"))
    await app.client.click(CITIZEN, "Подробнее")
    more = app.client.last(CITIZEN)
    # "More" sends the details as a new message: the answer being read stays as it was
    assert isinstance(more, SendMessage) and "Источники" in more.text
    assert len(app.session.calls("editMessageText")) == edits_before
    assert not any("Подробнее" in b for b in app.client.buttons(CITIZEN))
    await app.client.click(CITIZEN, "Назад")
    assert isinstance(app.client.last(CITIZEN), EditMessageText)
    assert all(isinstance(r, (EditMessageText, AnswerCallbackQuery, SendMessage)) for r in app.session.requests)


async def test_unknown_and_forged_callbacks_change_nothing_and_are_answered(app: App) -> None:
    for data in ["m:topic:no-such-topic", "m:weird", "garbage", "lang:xx", "x" * 64]:
        app.session.clear()
        await app.client.callback(CITIZEN, data)
        assert app.session.calls("answerCallbackQuery"), data
    assert (await UserRepo(app.db).get(CITIZEN)).language_chosen is False


BAD_MESSAGES = [
    {"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                 "is_animated": False, "is_video": False}},
    {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
    {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}], "caption": ""},
    {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 1}},
    {"video_note": {"file_id": "n", "file_unique_id": "n", "length": 1, "duration": 1}},
    {"location": {"latitude": 42.87, "longitude": 74.59}},
    {"contact": {"phone_number": "+996700000000", "first_name": "A", "user_id": CITIZEN}},
    {"document": {"file_id": "d", "file_unique_id": "d", "file_name": "a.pdf"}},
]


@pytest.mark.parametrize("content", BAD_MESSAGES, ids=[next(iter(c)) for c in BAD_MESSAGES])
async def test_any_message_kind_gets_a_sensible_reply(app: App, content: dict) -> None:
    await app.client.send_content(CITIZEN, **content)
    if "photo" in content or "location" in content:  # issue 11.3: they offer to start an appeal with them
        assert "Хотите подать обращение" in app.client.last_text(CITIZEN)
    else:
        assert "текстовые вопросы" in app.client.last_text(CITIZEN)


@pytest.mark.parametrize(
    "text",
    [
        "<b>кто</b> назначает <script>alert(1)</script> мэра & почему?",
        "\u200bкто\u200d назначает\u200c мэра\u2060",
        "\u202eкто назначает мэра\u202c",
        "\u200f\u200fمرحبا",
        "мэр " * 1365,  # 4 095 characters
        "   ",
        "&lt;&amp;",
    ],
)
async def test_hostile_text_never_crashes_and_nothing_is_unescaped(app: App, text: str) -> None:
    await app.client.send(CITIZEN, text)
    reply = app.client.last_text(CITIZEN)
    assert reply
    assert "<script>" not in reply and "<b>кто</b>" not in reply


async def test_edited_messages_are_ignored_quietly(app: App) -> None:
    await app.client.edit(CITIZEN, "кто назначает мэра")
    assert app.session.to_chat(CITIZEN) == []


async def test_unknown_command_points_to_help(app: App) -> None:
    await app.client.send(CITIZEN, "/frobnicate")
    assert "/help" in app.client.last_text(CITIZEN)


async def test_a_failing_handler_apologises_in_the_user_language_and_logs_no_text(
    app: App, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.errors_expected = True

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(app.dp["qa"], "ask", broken)
    secret_text = "мой секретный вопрос про мэра"
    await app.client.send(CITIZEN, secret_text, language_code="ky")
    assert "Кечиресиз" in app.client.last_text(CITIZEN)
    logged = [r for r in caplog.records if r.name == "kenesh.errors"]
    assert logged and logged[0].levelno == logging.ERROR
    assert "update" in logged[0].getMessage()
    assert all(secret_text not in r.getMessage() for r in caplog.records)


async def test_state_and_language_survive_a_restart(settings, qa_service, i18n) -> None:
    first = await open_test_app(settings, qa_service, i18n)
    await first.client.send(CITIZEN, "/start", language_code="en")  # neither ky nor ru: the bot asks
    await first.client.click(CITIZEN, "Кыргызча")
    await first.client.send(CITIZEN, "/menu")
    await close_test_app(first)

    second = await open_test_app(settings, qa_service, i18n)
    try:
        # A button from before the restart still works, and the language is remembered.
        await second.client.callback(CITIZEN, "m:group:mayor", message_id=5)
        assert "Мэрия" in second.client.last_text(CITIZEN)
        await second.client.send(CITIZEN, "/help", language_code="ru")
        assert "Сурооңузду" in second.client.last_text(CITIZEN)
    finally:
        await close_test_app(second)


async def test_a_user_who_blocked_the_bot_or_a_flood_limit_breaks_nothing(app: App) -> None:
    app.session.block(CITIZEN)
    await app.client.send(CITIZEN, "кто назначает мэра")  # the reply gets 403: no error, no retry loop
    assert len(app.session.to_chat(CITIZEN)) == 1

    other = CITIZEN + 1
    app.session.rate_limit_once(other, retry_after=3)
    await app.client.send(other, "кто назначает мэра")  # 429 on the reply: logged, not an error
    await app.client.send(other, "кто назначает мэра")
    assert "Источники" in app.client.last_text(other)


async def test_more_under_an_answer_sends_a_new_message_and_leaves_the_answer_as_it_was(app: App) -> None:
    await app.client.send(CITIZEN, "Кто назначает мэра?")
    answer = app.client.last(CITIZEN)
    assert isinstance(answer, SendMessage) and len(answer.text) <= 700  # one screen (plus markup)
    buttons = app.client.buttons(CITIZEN)
    assert buttons[0].endswith("Подробнее") and any("Темы" in b for b in buttons)
    assert len([b for b in buttons if b.startswith("🔗")]) <= 2  # one or two related topics

    await app.client.click(CITIZEN, "Подробнее")
    more = app.client.last(CITIZEN)
    assert isinstance(more, SendMessage) and more is not answer
    assert not app.session.calls("editMessageText")  # the answer being read was not overwritten
    assert "Источники" in more.text and more.text != answer.text
    assert not any("Подробнее" in b for b in app.client.buttons(CITIZEN))

    # a related topic also comes as a new message
    await app.client.click(CITIZEN, "🔗")
    related = app.client.last(CITIZEN)
    assert isinstance(related, SendMessage) and related is not more
    assert not app.session.calls("editMessageText")


async def test_an_answer_about_complaints_offers_the_complaint_form(app: App) -> None:
    await app.client.send(CITIZEN, "за сколько дней должны ответить на жалобу")
    assert any("Подать обращение" in b or "обращение" in b for b in app.client.buttons(CITIZEN))


async def test_a_passport_question_is_declined_with_where_to_go_and_the_menu(app: App) -> None:
    await app.client.send(CITIZEN, "Где поменять паспорт?")
    text = app.client.last_text(CITIZEN)
    assert "ЦОН" in text and "местном самоуправлении" in text
    buttons = app.client.buttons(CITIZEN)
    assert any("Темы" in b for b in buttons) and any("обращение" in b for b in buttons)

    await app.client.send(CITIZEN, "кредит алсам болобу", language_code="ky")
    assert "банк" in app.client.last_text(CITIZEN)


async def test_an_old_more_button_of_the_menu_sends_the_details_as_a_new_message(app: App) -> None:
    await app.client.callback(CITIZEN, "m:more:mayor-appointment", message_id=77)
    sent = app.client.last(CITIZEN)
    assert isinstance(sent, SendMessage) and "Источники" in sent.text
    assert not app.session.calls("editMessageText")


async def test_an_out_of_date_more_button_is_answered(app: App) -> None:
    await app.client.callback(CITIZEN, "more:no-such-topic:3:ru")
    assert app.session.calls("answerCallbackQuery")
    assert "устарела" in app.client.last_text(CITIZEN)


async def test_more_comes_in_the_language_of_the_answer(app: App) -> None:
    await app.client.send(CITIZEN, "мэрди ким дайындайт", language_code="ru")  # a Kyrgyz question, Russian interface
    assert "Булак" in app.client.last_text(CITIZEN)
    await app.client.click(CITIZEN, "Кененирээк")
    assert "Булактар" in app.client.last_text(CITIZEN)
