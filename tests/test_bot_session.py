"""The bot's HTTP session (services/bot_session.py) sends what aiogram's own would, faster: the same
fields once decoded, and the same `Message` back. Against the loopback fake Bot API."""

from __future__ import annotations

import json
import random
from urllib.parse import parse_qsl

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.methods import SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp import FormData

from handlers.conversation import extended, feedback_row
from handlers.keyboards import reply_keyboard
from qa.service import QuestionAnswerer
from services.answers import render_reply
from services.bot_session import TelegramSession, form_urlencoded
from tests.fake_api import FakeBotAPI

TOKEN = "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp"
CHAT = 4242


def test_the_body_decodes_to_exactly_the_fields_given() -> None:
    rng = random.Random(7)
    alphabet = "abcXYZ019 _.-~+&=%/?#<>\"'\n\tМэрдиңөүҢ😀—«»\u00a0"
    for _ in range(2000):
        fields = [(rng.choice(["text", "chat_id", "reply_markup"]),
                   "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))))
                  for _ in range(rng.randint(1, 4))]
        assert parse_qsl(form_urlencoded(fields).decode("ascii"), keep_blank_values=True) == fields


def _bot(session) -> Bot:
    return Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML,
                                                                     link_preview_is_disabled=True))


def _fields(payload) -> dict[str, str]:
    if isinstance(payload, FormData):
        payload = payload()
    fields = dict(parse_qsl(payload._value.decode("ascii"), keep_blank_values=True))
    if "reply_markup" in fields:
        fields["reply_markup"] = json.loads(fields["reply_markup"])
    return fields


def test_an_answer_is_sent_with_the_fields_aiogram_would_send(qa_service: QuestionAnswerer, i18n) -> None:
    with i18n.context():
        for question, lang in (("Кто назначает мэра Бишкека?", "ru"), ("Айылдык кеңеш канча жылга шайланат?", "ky"),
                               ("погода завтра", "ru")):
            answer = qa_service.ask(question, user_lang=lang)
            markup = extended(reply_keyboard(qa_service.kb, answer), [feedback_row("Ab-_12xy")])
            method = SendMessage(chat_id=CHAT, text=render_reply(answer, html=True), reply_markup=markup)
            ours, aiogram = TelegramSession(), AiohttpSession()
            assert _fields(ours.build_form_data(_bot(ours), method)) == _fields(aiogram.build_form_data(_bot(aiogram), method))


def test_other_calls_are_sent_with_the_fields_aiogram_would_send() -> None:
    """Defaults of the bot, given values that override them, nested objects, lists, enums, extras."""
    from datetime import datetime

    from aiogram.methods import (
        AnswerCallbackQuery, BanChatMember, DeleteMessage, EditMessageReplyMarkup, EditMessageText, SetMyCommands,
    )
    from aiogram.types import (
        BotCommand, BotCommandScopeChat, ForceReply, KeyboardButton, LinkPreviewOptions, MessageEntity,
        ReplyKeyboardMarkup, ReplyKeyboardRemove, ReplyParameters,
    )

    inline = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Ооба ✅", callback_data="y:1")]])
    methods = [
        SendMessage(chat_id=CHAT, text="Салам", parse_mode=None),
        SendMessage(chat_id="@kenesh", text="x", parse_mode="MarkdownV2", disable_notification=True,
                    link_preview_options=LinkPreviewOptions(url="https://example.kg", prefer_small_media=True)),
        SendMessage(chat_id=CHAT, text="Телефон?", reply_markup=ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text="📞 Номер", request_contact=True)]], resize_keyboard=True)),
        SendMessage(chat_id=CHAT, text="x", reply_markup=ReplyKeyboardRemove()),
        SendMessage(chat_id=-100123, text="Жооп", reply_markup=ForceReply(input_field_placeholder="…"),
                    reply_parameters=ReplyParameters(message_id=5, chat_id=-100123),
                    entities=[MessageEntity(type="bold", offset=0, length=4)], message_thread_id=3),
        SendMessage(chat_id=CHAT, text="extra", some_future_field="как есть"),
        EditMessageText(chat_id=CHAT, message_id=9, text="<b>Жаңы</b>", reply_markup=inline),
        EditMessageReplyMarkup(chat_id=CHAT, message_id=9, reply_markup=inline),
        AnswerCallbackQuery(callback_query_id="123", text="Кабыл алынды", show_alert=True),
        DeleteMessage(chat_id=CHAT, message_id=9),
        SetMyCommands(commands=[BotCommand(command="start", description="Баштоо")],
                      scope=BotCommandScopeChat(chat_id=CHAT), language_code="ky"),
        BanChatMember(chat_id=-100123, user_id=5, until_date=datetime(2030, 1, 2, 3, 4, 5)),
    ]
    for method in methods:
        ours, aiogram = TelegramSession(), AiohttpSession()
        for _ in range(2):  # the second time from the defaults kept
            assert _fields(ours.build_form_data(_bot(ours), method)) == \
                _fields(aiogram.build_form_data(_bot(aiogram), method)), method


def test_a_file_still_goes_as_multipart() -> None:
    from aiogram.methods import SendDocument

    session = TelegramSession()
    method = SendDocument(chat_id=CHAT, document=BufferedInputFile(b"a,b\n", filename="queue.csv"), caption="Очередь")
    assert isinstance(session.build_form_data(_bot(session), method), FormData)


@pytest.fixture
async def api():
    fake = FakeBotAPI(TOKEN)
    await fake.start()
    yield fake
    await fake.stop()


async def test_through_the_bot_api_the_same_call_and_the_same_message_back(api: FakeBotAPI) -> None:
    markup = InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text="➕ Толугураак", callback_data="more:mayor:3:ky")],
        [InlineKeyboardButton(text="🔗 Сайт", url="https://example.kg/a?b=1&c=д")],
        feedback_row("Ab-_12xy"),
    ])
    text = "<b>Мэрди</b> ким дайындайт? «Президент» — 100% & <a href=\"https://cbd.minjust.gov.kg/1\">мыйзам</a>"
    messages, calls = [], []
    for session_class in (AiohttpSession, TelegramSession):
        bot = _bot(session_class(api=TelegramAPIServer.from_base(api.base_url)))
        try:
            messages.append(await bot.send_message(CHAT, text, reply_markup=markup))
        finally:
            await bot.session.close()
        calls.append(api.calls[-1].params)
    assert {k: v for k, v in calls[1].items() if k != "reply_markup"} == \
        {k: v for k, v in calls[0].items() if k != "reply_markup"}
    assert json.loads(calls[1]["reply_markup"]) == json.loads(calls[0]["reply_markup"])
    ours, aiogram = messages[1], messages[0]
    assert ours.model_dump(exclude={"message_id", "date"}) == aiogram.model_dump(exclude={"message_id", "date"})
    assert ours.reply_markup is markup  # the keyboard sent, not parsed again


async def test_a_keyboard_repeated_differently_is_read_from_the_answer(api: FakeBotAPI) -> None:
    session = TelegramSession()
    sent = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="A", callback_data="a")]])
    method = SendMessage(chat_id=CHAT, text="x", reply_markup=sent)
    echoed = {"inline_keyboard": [[{"text": "B", "callback_data": "b"}]]}
    body = {"ok": True, "result": {"message_id": 1, "date": 1, "chat": {"id": CHAT, "type": "private"}, "text": "x",
                                   "reply_markup": echoed}}
    message = session.check_response(_bot(session), method, 200, json.dumps(body)).result
    assert message.reply_markup is not sent
    assert message.reply_markup.model_dump(exclude_none=True) == echoed


def test_polling_journals_each_update_as_received_and_skips_what_is_not_one() -> None:
    from services.delivery import _parsed

    good = {"update_id": 7, "message": {"message_id": 1, "date": 1, "chat": {"id": CHAT, "type": "private"},
                                         "from": {"id": CHAT, "is_bot": False, "first_name": "Айгүл"},
                                         "text": "Мэрди ким дайындайт?"}}
    parsed = _parsed([good, {"update_id": 8, "message": "not a message"}], _bot(TelegramSession()))
    assert len(parsed) == 1
    update, body = parsed[0]
    assert update.update_id == 7 and update.message.text == "Мэрди ким дайындайт?"
    assert json.loads(body) == good
