"""Test doubles at the network edge only: a Bot API session that records every call, and a
client that feeds real updates to the real Dispatcher.

`RecordingSession` answers each method with a realistic result that goes through aiogram's own
`check_response`, so handlers get real `Message` objects and injected failures become the real
aiogram exceptions (403 → TelegramForbiddenError, 429 → TelegramRetryAfter).
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import AsyncGenerator
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    SendVideoNote,
    SendVoice,
    TelegramMethod,
)
from aiogram.types import InlineKeyboardMarkup

BOT_ID = 42
BOT_TOKEN = "42:TEST-token-for-tests-only-xxxxxx"

# Methods the bot may use (the foundation issue's list): a test fails if anything else is called.
ALLOWED_METHODS = {
    "getMe", "deleteWebhook", "setWebhook", "getUpdates", "sendMessage", "editMessageText",
    "editMessageReplyMarkup", "answerCallbackQuery", "deleteMessage", "setMyCommands",
    "sendDocument", "sendPhoto", "getFile", "setMyDescription", "setMyShortDescription", "deleteMyCommands",
}
ALLOWED_METHODS |= {"sendVoice", "sendVideoNote"}  # a ticket's voice messages and video notes, shown to staff

# The 44 topics of the knowledge base taken from the two seed documents (later topics have tests of their own).
ORIGINAL_TOPICS = """
lsg-definition lsg-system lsg-accountability lsg-not-in-system lsg-financing lsg-delegation lsg-law-current
lsg-agency akim kenesh-elections kenesh-term kenesh-deputies-count kenesh-chair kenesh-powers
mayoralty-composition mayoralty-duties mayor-appointment mayor-election-2011 mayor-requirements
aiyl-okmotu-role aiyl-okmotu-reporting aiyl-okmotu-head-appointment aiyl-okmotu-head-requirements
aiyl-okmotu-head-term constitution-2010 constitution-2010-executive-heads constitution-2010-names
constitution-2010-direct-elections constitution-2021 stats-lsg-bodies stats-deputies stats-subsidies
stats-complaints-crimes year-regional-development lsg-problems lsg-recommendations atr-reform
renamed-places oblasts-rayons appeals-law appeals-language appeals-fine where-to-complain how-to-file-bot
""".split()


class RecordingSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod] = []
        self.message_ids: dict[int, int] = {}  # id(request) -> message_id of the message it made
        self.failures: dict[int, list[tuple[int, dict]]] = {}  # chat_id -> queued error answers
        self.always_fail: dict[int, tuple[int, dict]] = {}  # chat_id -> error answer for every call
        self._message_ids = itertools.count(1000)

    # --- failure injection -----------------------------------------------------------------
    def block(self, chat_id: int) -> None:
        """Every call to this chat answers 403, as when the user blocked the bot."""
        self.always_fail[chat_id] = (403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})

    def rate_limit_once(self, chat_id: int, retry_after: int = 1) -> None:
        self.failures.setdefault(chat_id, []).append(
            (429, {"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {retry_after}",
                   "parameters": {"retry_after": retry_after}})
        )

    # --- BaseSession -----------------------------------------------------------------------
    async def make_request(self, bot: Bot, method: TelegramMethod, timeout: int | None = None) -> Any:
        assert method.__api_method__ in ALLOWED_METHODS, f"{method.__api_method__} is not an allowed Bot API method"
        self.requests.append(method)
        chat_id = _as_int(getattr(method, "chat_id", None))
        if chat_id is None:  # a per-chat command menu names its chat in the scope
            chat_id = _as_int(getattr(getattr(method, "scope", None), "chat_id", None))
        if chat_id is not None and chat_id in self.always_fail:
            status, body = self.always_fail[chat_id]
            return self.check_response(bot, method, status, json.dumps(body)).result
        if chat_id is not None and self.failures.get(chat_id):
            status, body = self.failures[chat_id].pop(0)
            return self.check_response(bot, method, status, json.dumps(body)).result
        body = {"ok": True, "result": self._result(method)}
        if isinstance(body["result"], dict) and "message_id" in body["result"]:
            self.message_ids[id(method)] = body["result"]["message_id"]
        return self.check_response(bot, method, 200, json.dumps(body)).result

    def _result(self, method: TelegramMethod) -> Any:
        if isinstance(method, GetMe):
            return {"id": BOT_ID, "is_bot": True, "first_name": "Kenesh", "username": "kenesh_test_bot"}
        if isinstance(method, GetFile):
            return {"file_id": method.file_id, "file_unique_id": "u" + method.file_id, "file_path": "photos/x.jpg"}
        if isinstance(method, (SendMessage, SendPhoto, SendDocument, SendVoice, SendVideoNote)):
            message = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": _as_int(method.chat_id), "type": "private" if _as_int(method.chat_id) > 0 else "supergroup"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Kenesh"},
            }
            if isinstance(method, SendMessage):
                message["text"] = method.text
            elif isinstance(method, SendPhoto):
                message["photo"] = [{"file_id": str(method.photo), "file_unique_id": "p", "width": 1, "height": 1}]
                message["caption"] = method.caption
            elif isinstance(method, SendVoice):
                message["voice"] = {"file_id": str(method.voice), "file_unique_id": "v", "duration": 1}
            elif isinstance(method, SendVideoNote):
                message["video_note"] = {"file_id": str(method.video_note), "file_unique_id": "vn", "length": 1,
                                         "duration": 1}
            else:
                message["document"] = {"file_id": "doc-" + str(next(self._message_ids)), "file_unique_id": "d"}
                message["caption"] = method.caption
            if isinstance(method.reply_markup, InlineKeyboardMarkup):  # Telegram echoes inline keyboards only
                message["reply_markup"] = method.reply_markup.model_dump(mode="json", exclude_none=True)
            return message
        if isinstance(method, (EditMessageText, EditMessageReplyMarkup)) and method.chat_id is not None:
            message = {
                "message_id": method.message_id,
                "date": int(time.time()),
                "chat": {"id": _as_int(method.chat_id), "type": "private"},
                "text": getattr(method, "text", "") or "",
            }
            return message
        return True

    async def stream_content(self, *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
        yield b""

    async def close(self) -> None:
        pass

    # --- inspection ------------------------------------------------------------------------
    def calls(self, api_method: str) -> list[TelegramMethod]:
        return [r for r in self.requests if r.__api_method__ == api_method]

    def to_chat(self, chat_id: int) -> list[TelegramMethod]:
        return [r for r in self.requests if _as_int(getattr(r, "chat_id", None)) == chat_id]

    def texts_to(self, chat_id: int) -> list[str]:
        return [t for r in self.to_chat(chat_id) if (t := getattr(r, "text", None) or getattr(r, "caption", None))]

    def message_id_of(self, method: TelegramMethod) -> int:
        """The id of the message a send created, or the message an edit changed."""
        return getattr(method, "message_id", None) or self.message_ids.get(id(method), 1)

    def clear(self) -> None:
        self.requests.clear()
        self.message_ids.clear()


def _as_int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


class TgClient:
    """Feeds raw updates, as Telegram would send them, to the real Dispatcher."""

    def __init__(self, dp: Dispatcher, bot: Bot, session: RecordingSession):
        self.dp, self.bot, self.session = dp, bot, session
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)

    def user(self, user_id: int, language_code: str | None = "ru") -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    async def feed(self, update: dict) -> Any:
        update.setdefault("update_id", next(self._update_ids))
        return await self.dp.feed_raw_update(self.bot, update)

    def message_dict(self, user_id: int, *, chat_id: int | None = None, language_code: str | None = "ru",
                     chat_type: str = "private", **content: Any) -> dict:
        chat_id = user_id if chat_id is None else chat_id
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type},
            "from": self.user(user_id, language_code),
        }
        message.update(content)
        return message

    async def send(self, user_id: int, text: str, *, language_code: str | None = "ru", **kw: Any) -> Any:
        message = self.message_dict(user_id, language_code=language_code, text=text, **kw)
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self.feed({"message": message})

    async def send_content(self, user_id: int, *, language_code: str | None = "ru", **content: Any) -> Any:
        """Any other message kind: photo=[...], sticker={...}, location={...}, contact={...}…"""
        return await self.feed({"message": self.message_dict(user_id, language_code=language_code, **content)})

    async def edit(self, user_id: int, text: str, *, language_code: str | None = "ru") -> Any:
        message = self.message_dict(user_id, language_code=language_code, text=text, edit_date=int(time.time()))
        return await self.feed({"edited_message": message})

    async def callback(self, user_id: int, data: str, *, message_id: int = 1, chat_id: int | None = None,
                       language_code: str | None = "ru", message_text: str = "…") -> Any:
        chat_id = user_id if chat_id is None else chat_id
        query = {
            "id": str(next(self._update_ids) * 7),
            "from": self.user(user_id, language_code),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Kenesh"},
                "text": message_text,
            },
        }
        return await self.feed({"callback_query": query})

    async def click(self, user_id: int, button_text: str, *, chat_id: int | None = None,
                    language_code: str | None = "ru") -> Any:
        """Press the newest button whose text matches the regex, in the newest message that has one."""
        chat_id = user_id if chat_id is None else chat_id
        pattern = re.compile(button_text, re.IGNORECASE)
        for method in reversed(self.session.to_chat(chat_id)):
            markup = getattr(method, "reply_markup", None)
            if not isinstance(markup, InlineKeyboardMarkup):
                continue
            for row in markup.inline_keyboard:
                for button in row:
                    if button.callback_data and pattern.search(button.text):
                        message_id = self.session.message_id_of(method)
                        return await self.callback(user_id, button.callback_data, message_id=message_id,
                                                   chat_id=chat_id, language_code=language_code,
                                                   message_text=getattr(method, "text", "") or "…")
        raise AssertionError(f"no button matching {button_text!r} in the messages to {chat_id}")

    def last(self, chat_id: int) -> TelegramMethod:
        for method in reversed(self.session.to_chat(chat_id)):
            if isinstance(method, (SendMessage, EditMessageText, SendPhoto, SendDocument)):
                return method
        raise AssertionError(f"nothing was sent to {chat_id}")

    def last_text(self, chat_id: int) -> str:
        method = self.last(chat_id)
        return getattr(method, "text", None) or getattr(method, "caption", None) or ""

    def buttons(self, chat_id: int) -> list[str]:
        markup = getattr(self.last(chat_id), "reply_markup", None)
        if not isinstance(markup, InlineKeyboardMarkup):
            return []
        return [b.text for row in markup.inline_keyboard for b in row]


def assert_fact(reply: dict, question: str, lang: str, topic: str, must_contain: list[str], source: str) -> None:
    """The reply to a fact question: answered, on the topic, in the question's language, stating
    the key facts, citing the source."""
    assert reply["answered"], f"declined or asked to clarify: {reply['answer']!r}"
    assert reply["topic"] == topic, f"{question!r} → {reply['topic']} (alternatives {reply['alternatives']})"
    assert reply["lang"] == lang
    # The facts reach the resident in the first message or behind its "More" button (`details`).
    # Thousands may be grouped with a no-break or thin space; the check is about the digits.
    answer = re.sub(r"[\u00a0\u202f]", " ", reply["answer"] + "\n" + (reply.get("details") or ""))
    missing = [s for s in must_contain if s.casefold() not in answer.casefold()]
    assert not missing, f"answer lacks {missing}: {answer!r}"
    assert source in [s["source"] for s in reply["sources"]]


def most_in_one_second(times: list[float]) -> int:
    """The most sends that fall within any 1-second window (a send exactly 1 s later is outside)."""
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= 1.0 - 1e-9:  # 1e-9: fake-clock times are float sums of 1/rate
            start += 1
        best = max(best, end - start + 1)
    return best


def assert_composed_fact(qa_service, question: str, lang: str, topic: str, must_contain: list[str],
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
