"""Hostile and random updates through the real Dispatcher: nothing crashes, every button is answered.

A few thousand updates, seeded so a failure can be replayed: every message kind, forged and stale
callback data (huge, negative, unicode, 64-byte), HTML markup, 4 096-character and empty texts,
contacts of other people, edits, member updates, buttons pressed in groups, random users including
the staff. The autouse `no_handler_errors` fixture fails the test if the errors router had to catch
anything; here we also require that no update escaped the Dispatcher and that each button press got
exactly one answer. At the end a resident's ordinary question must still get its ordinary answer.
"""

from __future__ import annotations

import random
import time
from collections import Counter

from aiogram.methods import AnswerCallbackQuery

from tests.conftest import ADMIN_ID, ANNOUNCER_ID, OPERATOR_ID, STAFF_CHAT_ID, App
from tests.helpers import BOT_ID

SEED = 20261127
UPDATES = 3000

PREFIXES = ["lang", "m", "cstart", "cf", "my", "st", "q", "sub", "bcc", "bcl", "zz", ""]
WORDS = ["open", "take", "reply", "status", "set", "answered", "list", "reopen", "root", "group", "topic",
         "more", "ky", "ru", "kind", "obl", "plc", "body", "cat", "skip", "back", "done", "yes", "no", "send",
         "change", "part", "pause", "resume", "cancel", "show", "region", "off", "aud", "reg", "lng", "now",
         "sched", "stop", "new", "mine", "overdue", "export"]
NUMBERS = ["0", "1", "2", "-1", "99999999999999999999", str(2**63), str(2**63 - 1), str(-(2**63) - 1),
           "1e9", "0x10", "１２", "٣", "NaN", "", " 5"]
TEXTS = ["Мэрди ким дайындайт?", "<b>bold</b> <script>x</script> &amp; &lt;", "", " ", "\u200b", "🙂" * 50,
         "Сколько депутатов в айыльном кенеше?", "кто глава айыл окмоту", "x" * 4096, "я" * 4096,
         "<a href='tg://user?id=1'>hi</a>", "{name} {0} %s %(x)s", "\x00\x01\x02", "ok", "да", "ооба"]
COMMANDS = ["/start", "/menu", "/my", "/complaint", "/subscribe", "/unsubscribe", "/lang", "/help", "/cancel",
            "/skip", "/queue", "/export", "/stats", "/broadcast", "/broadcasts", "/staff", "/forget",
            "/staff add 99999999999999999999", "/staff add -5", "/staff add ١٢٣", "/staff remove 0",
            "/staff add 7 admin", "/my 99999999999999999999", "/start deep-link-payload", "/unknown"]


def random_text(rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.45:
        return rng.choice(TEXTS)
    if choice < 0.75:
        return rng.choice(COMMANDS)
    alphabet = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюяabcxyz0123456789 <>&\"'/\n\t"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))


def random_callback_data(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return "".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(0, 64)))[:64]
    parts = [rng.choice(PREFIXES)]
    for _ in range(rng.randint(0, 5)):
        parts.append(rng.choice(NUMBERS) if rng.random() < 0.5 else rng.choice(WORDS))
    data = ":".join(parts)
    return data.encode()[:64].decode(errors="ignore")


def random_user(rng: random.Random) -> int:
    return rng.choice([ADMIN_ID, OPERATOR_ID, ANNOUNCER_ID] + [rng.randint(1, 40) for _ in range(6)]
                      + [rng.randint(1, 2**40)])


def member_update(rng: random.Random, user_id: int, kind: str) -> dict:
    chat = {"id": user_id, "type": "private"} if rng.random() < 0.5 else {"id": STAFF_CHAT_ID, "type": "supergroup", "title": "staff"}
    member = {"user": {"id": BOT_ID if kind == "my_chat_member" else user_id, "is_bot": kind == "my_chat_member",
                       "first_name": "X"}}
    status = rng.choice(["kicked", "left", "member"])
    return {kind: {
        "chat": chat,
        "from": {"id": user_id, "is_bot": False, "first_name": "U"},
        "date": int(time.time()),
        "old_chat_member": {**member, "status": "member"},
        "new_chat_member": {**member, "status": status, **({"until_date": 0} if status == "kicked" else {})},
    }}


async def feed_one(app: App, rng: random.Random, callback_ids: list[str]) -> None:
    client = app.client
    user_id = random_user(rng)
    lang = rng.choice(["ru", "ky", "en", None])
    in_group = rng.random() < 0.15
    chat_kw = {"chat_id": STAFF_CHAT_ID, "chat_type": "supergroup"} if in_group else {}
    kind = rng.random()
    if kind < 0.35:
        await client.send(user_id, random_text(rng), language_code=lang, **chat_kw)
    elif kind < 0.6:
        before = len(app.session.requests)
        await client.callback(user_id, random_callback_data(rng), language_code=lang,
                              chat_id=STAFF_CHAT_ID if in_group else None, message_id=rng.randint(1, 10**6))
        queries = [r for r in app.session.requests[before:] if isinstance(r, AnswerCallbackQuery)]
        callback_ids.extend(q.callback_query_id for q in queries)
        # the id the helper gave the press; every press must produce exactly one answer
        callback_ids.append(f"expected:{len(queries)}")
    elif kind < 0.7:
        await client.edit(user_id, random_text(rng), language_code=lang)
    elif kind < 0.85:
        content = rng.choice([
            {"photo": [{"file_id": "p1", "file_unique_id": "u1", "width": 10, "height": 10}], "caption": random_text(rng)},
            {"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                         "is_animated": False, "is_video": False}},
            {"location": {"latitude": rng.uniform(-90, 90), "longitude": rng.uniform(-180, 180)}},
            {"contact": {"phone_number": "+996555" + str(rng.randint(100000, 999999)), "first_name": "Other",
                         "user_id": rng.randint(1, 2**40)}},
            {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}},
            {"document": {"file_id": "d", "file_unique_id": "d", "file_name": "<x>.pdf"}},
            {"text": "", "entities": [{"type": "bold", "offset": 0, "length": 0}]},
        ])
        await client.send_content(user_id, language_code=lang, **({"chat_id": STAFF_CHAT_ID, "chat_type": "supergroup"} if in_group else {}), **content)
    else:
        await client.feed(member_update(rng, user_id, rng.choice(["my_chat_member", "chat_member"])))


async def test_random_and_hostile_updates_break_nothing(app: App) -> None:
    rng = random.Random(SEED)
    callback_log: list[str] = []
    for _ in range(UPDATES):
        await feed_one(app, rng, callback_log)  # an exception escaping the Dispatcher fails here

    answers_per_press = Counter(int(x.split(":")[1]) for x in callback_log if x.startswith("expected:"))
    assert set(answers_per_press) == {1}, f"button presses by number of answers: {dict(answers_per_press)}"
    answered_ids = [x for x in callback_log if not x.startswith("expected:")]
    assert len(answered_ids) == len(set(answered_ids))  # no query answered twice

    # a resident who never saw any of this still gets the usual answer
    resident = 777_001
    app.session.clear()
    await app.client.send(resident, "Сколько депутатов в айыльном кенеше?")
    reply = app.client.last_text(resident)
    assert "Источники" in reply


async def test_a_failing_button_is_answered_once_and_the_user_told(app: App, monkeypatch, caplog) -> None:
    caplog.errors_expected = True
    from storage.users import UserRepo

    async def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(UserRepo, "set_language", broken)  # fails inside the handler
    await app.client.callback(31, "lang:ky")
    monkeypatch.setattr(UserRepo, "touch", broken)  # fails before the handler is reached
    await app.client.callback(32, "lang:ky")
    per_query = Counter(r.callback_query_id for r in app.session.calls("answerCallbackQuery"))
    assert len(per_query) == 2 and set(per_query.values()) == {1}
    assert "Извините" in app.client.last_text(31) and "Извините" in app.client.last_text(32)
