"""aiogram imported through services.lazy_telegram_types: every Telegram type still builds, and
updates parse exactly as with aiogram's own eager import (each case in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys

from config import ROOT

USER = {"id": 7, "is_bot": False, "first_name": "Айгүл", "language_code": "ky"}
CHAT = {"id": 7, "type": "private", "first_name": "Айгүл"}
MESSAGE = {"message_id": 5, "date": 1764300000, "chat": CHAT, "from": USER}
SAMPLE_UPDATES = [
    {"update_id": 1, "message": {**MESSAGE, "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}},
    {"update_id": 2, "message": {**MESSAGE, "text": "Мэрди ким шайлайт?", "reply_to_message": {**MESSAGE, "message_id": 4, "text": "x"}}},
    {"update_id": 3, "callback_query": {"id": "9", "chat_instance": "c", "from": USER, "data": "my:open:1",
                                        "message": {**MESSAGE, "text": "<b>a</b>", "reply_markup": {"inline_keyboard": [[{"text": "👍", "callback_data": "fb:1:up"}]]}}}},
    {"update_id": 4, "edited_message": {**MESSAGE, "edit_date": 1764300100, "text": "edited"}},
    {"update_id": 5, "message": {**MESSAGE, "contact": {"phone_number": "+996700000000", "first_name": "Б", "user_id": 8}}},
    {"update_id": 6, "message": {**MESSAGE, "photo": [{"file_id": "f", "file_unique_id": "u", "width": 9, "height": 9}], "caption": "сүрөт"}},
    {"update_id": 7, "message": {**MESSAGE, "location": {"latitude": 42.87, "longitude": 74.59}}},
    {"update_id": 8, "message": {**MESSAGE, "document": {"file_id": "d", "file_unique_id": "v", "file_name": "a.pdf"}}},
    {"update_id": 9, "message": {**MESSAGE, "sticker": {"file_id": "s", "file_unique_id": "w", "type": "regular", "width": 1, "height": 1,
                                                         "is_animated": False, "is_video": False}}},
    {"update_id": 10, "my_chat_member": {"chat": CHAT, "from": USER, "date": 1764300000,
                                          "old_chat_member": {"status": "member", "user": USER},
                                          "new_chat_member": {"status": "kicked", "user": USER, "until_date": 0}}},
]

PARSE_SCRIPT = """
import json, sys
if sys.argv[1] == "lazy":
    import services.lazy_telegram_types
from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
out = [Update.model_validate(u).model_dump(mode="json", exclude_none=True) for u in json.loads(sys.stdin.read())]
keyboard = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Көбүрөөк", callback_data="more:1")]])
out.append(SendMessage(chat_id=7, text="<b>ok</b>", reply_markup=keyboard).model_dump(exclude_none=True))
print(json.dumps(out, ensure_ascii=False, sort_keys=True, default=repr))
"""


def _run(script: str, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_updates_parse_the_same_as_with_aiograms_eager_import():
    updates = json.dumps(SAMPLE_UPDATES)
    lazy = json.loads(_run(PARSE_SCRIPT, "lazy", stdin=updates))
    eager = json.loads(_run(PARSE_SCRIPT, "eager", stdin=updates))
    assert lazy == eager
    assert lazy[2]["callback_query"]["message"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "fb:1:up"
    assert lazy[4]["message"]["contact"]["user_id"] == 8


def test_every_telegram_type_builds_when_first_used_and_none_is_built_at_import():
    report = json.loads(_run("""
import json
import pydantic
import bot  # the entry point imports aiogram the lazy way
import aiogram.types as telegram_types
models = [getattr(telegram_types, n) for n in telegram_types.__all__]
models = [m for m in models if isinstance(m, type) and issubclass(m, pydantic.BaseModel)]
built_at_import = sorted(m.__name__ for m in models if m.__pydantic_complete__)
failed = [m.__name__ for m in models if not m.model_rebuild(raise_errors=True) and not m.__pydantic_complete__]
print(json.dumps({"models": len(models), "built_at_import": built_at_import, "failed": failed}))
"""))
    assert report["models"] > 300
    assert report["failed"] == []
    # the bot itself builds the few it needs at start-up (its keyboards and the like), not hundreds
    assert len(report["built_at_import"]) < 30, report["built_at_import"]
