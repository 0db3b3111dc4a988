"""aiogram's aiohttp session, with the three slow steps of sending an answer done the fast way.

A reply to a question is a screen of Cyrillic text under a keyboard of four to six buttons. aiogram's
session spent about as long on sending it as the bot spent finding the answer, in three places
(figures from `bench/crowd_bench.py`, see README "Crowd, crashes"):

- the keyboard was turned into JSON by walking the dumped model value by value in Python: here it
  is dumped once (its empty fields left out, as aiogram does) and written by `json.dumps`;
- the body was percent-encoded by `urllib.parse.urlencode`, one Python call per byte (two bytes
  for every Cyrillic letter): here every byte of a value is encoded in one C call (`percent_encoded`),
  which decodes to the same fields (tests/test_bot_session.py);
- the answer, the sent message, was parsed back into aiogram's types keyboard and all, although
  Telegram only repeats the keyboard we sent: when it is the same, the keyboard object we sent is
  put in its place and only the rest is parsed. The `Message` is equal either way.

Anything else (files, other keyboards, an error answer) takes aiogram's own way.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from aiogram import Bot
from aiogram.client.default import Default, DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response
from aiogram.types import InlineKeyboardMarkup
from aiohttp import FormData
from aiohttp.payload import BytesPayload

FORM_URLENCODED = "application/x-www-form-urlencoded"  # what aiohttp's FormData sends for utf-8


def percent_encoded(value: str) -> str:
    """Every UTF-8 byte of `value` as %XX, in one C call (quote_plus makes one Python call per byte).

    Any byte may be percent-encoded (RFC 3986 §2.1: the same data), and most of what we send is
    Cyrillic, two encoded bytes a letter either way: the body is a little longer, decoded it is the
    same. Plain values (an id, "HTML") are left as they are."""
    if value.isascii() and value.isalnum():
        return value
    return "%" + value.encode().hex("%").upper() if value else ""


def form_urlencoded(fields: list[tuple[str, str]]) -> bytes:
    """An application/x-www-form-urlencoded body; the names are Bot API parameters (a-z and _)."""
    return "&".join(f"{name}={percent_encoded(value)}" for name, value in fields).encode("ascii")


# Connections to the Bot API at once: more than the updates handled at once (services/delivery.py,
# 128), each of which may be sending its reply, so getUpdates and the background senders always
# find one free (aiogram's default of 100 would let a burst's replies block polling).
CONNECTIONS = 256


class TelegramSession(AiohttpSession):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("limit", CONNECTIONS)
        super().__init__(*args, **kwargs)
        # The keyboard of each request in flight as sent (by id of the method): the answer is
        # compared with it, not with a second dump of the keyboard.
        self._keyboards_sent: dict[int, dict[str, Any]] = {}
        # The bot's defaults (parse mode, link preview) as sent, worked out once per bot defaults.
        self._defaults: dict[tuple[int, str], tuple[DefaultBotProperties, Any]] = {}

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        try:
            return await super().make_request(bot, method, timeout)
        finally:
            self._keyboards_sent.pop(id(method), None)

    def build_form_data(self, bot: Bot, method: TelegramMethod[Any]) -> FormData | BytesPayload:  # type: ignore[override]
        markup = getattr(method, "reply_markup", None)
        inline = isinstance(markup, InlineKeyboardMarkup)
        files: dict[str, Any] = {}
        fields: list[tuple[str, str]] = []
        # The method's fields as they are (extras included), not `model_dump()` first as aiogram
        # does: `prepare_value` dumps each nested object itself, so the values come out the same.
        for key, value in method:
            if inline and key == "reply_markup":
                continue
            if isinstance(value, Default):
                value = self._default(bot, value)
            else:
                value = self.prepare_value(value, bot=bot, files=files)
            if not value:  # aiogram leaves out empty values too
                continue
            if not isinstance(value, str):
                return super().build_form_data(bot, method)
            # the text of a str enum (ParseMode.HTML -> "HTML"), as urlencode would write it
            fields.append((key, str.__str__(value)))
        if files:
            return super().build_form_data(bot, method)  # files go as multipart/form-data
        if inline:
            keyboard = self._keyboards_sent[id(method)] = self.markup_dict(markup)
            # Written as it is (not as \uXXXX): 2 bytes a Cyrillic letter rather than 6 once encoded.
            fields.append(("reply_markup", json.dumps(keyboard, ensure_ascii=False)))
        return BytesPayload(form_urlencoded(fields), content_type=FORM_URLENCODED)

    def _default(self, bot: Bot, value: Default) -> Any:
        """A default of the bot (`parse_mode`, `link_preview`) as sent; the same every time."""
        key = (id(bot), value.name)
        kept = self._defaults.get(key)
        if kept is None or kept[0] is not bot.default:
            kept = self._defaults[key] = (bot.default, self.prepare_value(value, bot=bot, files={}))
        return kept[1]

    @staticmethod
    def markup_dict(markup: InlineKeyboardMarkup) -> dict[str, Any]:
        """The keyboard as aiogram sends it: its fields without the empty (None) ones."""
        return markup.model_dump(warnings=False, exclude_none=True)

    def check_response(self, bot: Bot, method: TelegramMethod[Any], status_code: int, content: str) -> Response[Any]:
        markup = getattr(method, "reply_markup", None)
        if isinstance(markup, InlineKeyboardMarkup) and HTTPStatus.OK <= status_code <= HTTPStatus.IM_USED:
            try:
                data = self.json_loads(content)
            except Exception:  # noqa: BLE001 - aiogram's own way reports it
                data = None
            result = data.get("result") if isinstance(data, dict) and data.get("ok") is True else None
            sent = self._keyboards_sent.get(id(method)) or self.markup_dict(markup)
            if isinstance(result, dict) and result.get("reply_markup") == sent:
                # The keyboard Telegram repeats is the one we sent: keep ours (nothing edits a
                # markup once built, handlers/keyboards.py), parse the rest.
                result["reply_markup"] = markup
                return Response[method.__returning__].model_validate(data, context={"bot": bot})  # type: ignore[name-defined]
        return super().check_response(bot, method, status_code, content)
