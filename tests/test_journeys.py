"""Issue 11 "journeys, not just engines": each flow walked as a person would, through the real
Dispatcher and the loopback Bot API, in Kyrgyz and Russian. Every step's reply is checked for what a
person on a phone would notice (their language, no English, no internal codes or raw ids, length,
at most 8 buttons), and the actions and bot messages are counted (docs/journeys.md keeps the table)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from aiogram.methods import EditMessageText, SendDocument, SendMessage, SendPhoto
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup

from storage.broadcasts import BroadcastRepo
from storage.subscriptions import Audience
from tests.conftest import ADMIN_ID, ANNOUNCER_ID, OPERATOR_ID, STAFF_CHAT_ID, App
from tests.helpers import BOT_ID
from tests.test_complaints_flow import NUMBER, PHOTO

TRANSCRIPT = os.environ.get("JOURNEY_TRANSCRIPT")  # a file to append every step's messages to
SOFT = bool(TRANSCRIPT) and bool(os.environ.get("JOURNEY_SOFT"))  # note problems in the transcript, go on

# Words that show English leaked into a reply (whole words, case-insensitive).
ENGLISH = re.compile(r"\b(the|and|you|your|please|complaint|ticket|status|cancel|back|send|error|none|true|false|"
                     r"new|answered|closed|rejected|subject|text|button|expired)\b", re.IGNORECASE)
# Internal codes a citizen must never see.
INTERNAL = re.compile(r"\bid \d{3,}|\bin_work\b|\bnot_resolved\b|\b[a-z]+_[a-z_]+\b|\buser_id\b|None\b|\{[a-z_]+\}")
KY_LETTERS = re.compile(r"[ңөүҢӨҮ]")
RU_ONLY = re.compile(r"[щъЩЪ]|\b(ваше|ваш|вы|пожалуйста|обращение|выберите|напишите)\b", re.IGNORECASE)
FIRST_SCREEN = 600  # characters a phone shows before scrolling: prompts must fit
MAX_ROWS = 8  # what a phone shows under a message without scrolling (two short buttons a row)


@dataclass
class Step:
    action: str
    replies: list[str]


@dataclass
class Walker:
    """One person: presses and types, each counted as one action; every bot message to them is checked."""

    app: App
    user_id: int
    lang: str
    citizen: bool = True
    chat_id: int | None = None
    actions: int = 0
    bot_messages: int = 0
    steps: list[Step] = field(default_factory=list)
    _seen: int = 0

    def __post_init__(self) -> None:
        self.chat_id = self.user_id if self.chat_id is None else self.chat_id
        self._seen = len(self.app.session.requests)

    async def send(self, text: str, **kw) -> list[str]:
        self.actions += 1
        await self.app.client.send(self.user_id, text, language_code=self.lang, chat_id=self.chat_id, **kw)
        return self._collect(text)

    async def send_content(self, label: str, **content) -> list[str]:
        self.actions += 1
        await self.app.client.send_content(self.user_id, language_code=self.lang, chat_id=self.chat_id, **content)
        return self._collect(label)

    async def press(self, data: str, label: str) -> list[str]:
        """A button whose callback data the test builds (a list entry or a place reached by id)."""
        self.actions += 1
        await self.app.client.callback(self.user_id, data, chat_id=self.chat_id, language_code=self.lang)
        return self._collect(f"[{label}]")

    async def click(self, pattern: str) -> list[str]:
        self.actions += 1
        await self.app.client.click(self.user_id, pattern, chat_id=self.chat_id, language_code=self.lang)
        return self._collect(f"[{pattern}]")

    async def reply_to_last(self, text: str) -> list[str]:
        """Telegram's "Reply" on the bot's newest message."""
        self.actions += 1
        last = self.app.client.last(self.chat_id)
        await self.app.client.send(
            self.user_id, text, language_code=self.lang,
            reply_to_message={"message_id": self.app.session.message_id_of(last), "date": 0,
                              "chat": {"id": self.chat_id, "type": "private"},
                              "from": {"id": BOT_ID, "is_bot": True, "first_name": "Kenesh"}, "text": "…"})
        return self._collect("↩ " + text)

    @staticmethod
    def _quoted(text: str) -> bool:
        """Staff screens quote what others wrote (an announcement's other text, the citizen's words)."""
        return any(t in text for t in ANNOUNCEMENT_TEXTS + tuple(COMPLAINT.values()))

    @staticmethod
    def merged(*walkers: "Walker") -> "Walker":
        total = Walker(walkers[0].app, walkers[0].user_id, walkers[0].lang, citizen=False)
        total.actions = sum(w.actions for w in walkers)
        total.bot_messages = sum(w.bot_messages for w in walkers)
        return total

    def received(self) -> list[str]:
        """Bot messages that arrived without an action (a staff reply, an announcement)."""
        return self._collect("(waits)", count_action=False)

    def _collect(self, action: str, count_action: bool = True) -> list[str]:
        new = self.app.session.requests[self._seen:]
        self._seen = len(self.app.session.requests)
        replies = []
        for method in new:
            if getattr(method, "chat_id", None) is None or int(method.chat_id) != self.chat_id:
                continue
            if not isinstance(method, (SendMessage, EditMessageText, SendPhoto, SendDocument)):
                continue
            text = getattr(method, "text", None) or getattr(method, "caption", None) or ""
            if not isinstance(method, EditMessageText):
                self.bot_messages += 1
            if SOFT:
                try:
                    self.check(text, method.reply_markup)
                except AssertionError as problem:
                    with open(TRANSCRIPT, "a", encoding="utf-8") as out:
                        out.write(f"!!! PROBLEM: {problem}\n".split("\nassert")[0] + "\n")
            else:
                self.check(text, method.reply_markup)
            replies.append(text)
        self.steps.append(Step(action, replies))
        if TRANSCRIPT:
            with open(TRANSCRIPT, "a", encoding="utf-8") as out:
                out.write(f"\n>>> {self.lang} {self.user_id}: {action}\n")
                for method, text in zip([m for m in new if getattr(m, "chat_id", None) is not None
                                         and int(m.chat_id) == self.chat_id
                                         and isinstance(m, (SendMessage, EditMessageText, SendPhoto, SendDocument))],
                                        replies):
                    kind = "EDIT" if isinstance(method, EditMessageText) else "SEND"
                    out.write(f"<<< {kind} ({len(text)}): {text}\n")
                    for row in keyboard_rows(method.reply_markup):
                        out.write("    " + " | ".join(row) + "\n")
        return replies

    def check(self, text: str, markup) -> None:
        assert len(text) <= 4096, f"over 4096 characters: {text[:80]!r}"
        words = re.sub(r"https?://\S+|KG-\d{4}-\d{6}|<[^>]+>|@\w+|/\w+", " ", text)
        assert not ENGLISH.search(words), f"English in {self.lang}: {text!r}"
        if self.citizen:
            assert not INTERNAL.search(words), f"an internal code shown: {text!r}"
        buttons = [b for row in keyboard_rows(markup) for b in row]
        rows = keyboard_rows(markup)
        assert len(rows) <= MAX_ROWS, f"{len(rows)} rows of buttons: {rows}"
        for label in buttons:
            assert not ENGLISH.search(label), f"English button {label!r}"
            assert len(label) <= 40, f"a long button {label!r}"
        body = text + " " + " ".join(buttons)
        if text.startswith("📢") or self.chat_id < 0 or not self.citizen and self._quoted(text):
            return  # an announcement preview shows both texts; a group posts in the default language
        if self.lang == "ru":
            assert not KY_LETTERS.search(re.sub(r"«[^»]*»|\([^)]*\)", "", body)) or "Кыргызча" in body, \
                f"Kyrgyz in a Russian reply: {text!r}"
        else:
            assert not RU_ONLY.search(body) or "Русский" in body, f"Russian in a Kyrgyz reply: {text!r}"


ANNOUNCEMENT_TEXTS = ("Эртең саат 10:00дө", "Завтра в 10:00")


def keyboard_rows(markup) -> list[list[str]]:
    if isinstance(markup, InlineKeyboardMarkup):
        return [[b.text for b in row] for row in markup.inline_keyboard]
    if isinstance(markup, ReplyKeyboardMarkup):
        return [[b.text for b in row] for row in markup.keyboard]
    return []


LANGS = ["ky", "ru"]
JOURNEYS: dict[str, tuple[int, int]] = {}
# The table of docs/journeys.md: (actions, bot messages) of each journey, the same in ky and ru.
# A journey that gets longer fails here; one that gets shorter too, so that the table is kept true.
EXPECTED = {
    "resident: question, More, related, 👍": (5, 4),
    "resident: text-only complaint": (5, 5),
    "resident: photo with a caption": (5, 5),
    "resident: voice message": (5, 5),
    "resident: \"I don't know\" the aiyl okmotu": (7, 7),
    "resident: /my, add, staff reply, not resolved": (11, 12),
    "resident: /subscribe to all Kyrgyzstan": (2, 2),
    "operator: take, card, reply and mark answered": (4, 3),
    "operator: /queue, /stats, /export, /web": (4, 5),
    "announcer: compose, rayon (with Back), schedule by phrase": (13, 16),
    "announcer: /broadcasts, edit, send now": (5, 10),
    "admin: /staff add, list, remove": (3, 3),
    "resident: /start in English Telegram, language chosen, a question": (3, 3),
    "resident: complaint with Back twice, name and phone": (13, 14),
    "resident: /subscribe to a rayon (with Back), /unsubscribe": (6, 6),
}


@pytest.fixture(params=LANGS)
def lang(request) -> str:
    return request.param


def record(name: str, walker: Walker, since: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """Keeps a journey's counts (actions, bot messages) from `since` (an earlier record's return)."""
    JOURNEYS[name] = (walker.actions - since[0], walker.bot_messages - since[1])
    if not SOFT:
        assert JOURNEYS[name] == EXPECTED[name.rsplit(" (", 1)[0]], f"{name}: {JOURNEYS[name]} (actions, bot messages)"
    if TRANSCRIPT:
        with open(TRANSCRIPT, "a", encoding="utf-8") as out:
            out.write(f"=== {name}: {JOURNEYS[name][0]} actions, {JOURNEYS[name][1]} bot messages\n")
    return walker.actions, walker.bot_messages

QUESTION = {"ky": "Айыл өкмөтүнүн башчысын ким дайындайт?", "ru": "Кто назначает главу айыл окмоту?"}
COMPLAINT = {"ky": "Бир айдан бери көчөбүздө фонарлар күйбөй жатат, балдар мектепке караңгыда барышат.",
             "ru": "Уже месяц не горят фонари на нашей улице, дети ходят в школу в темноте."}
SEND = "^(✅ )?(Отправить|Жөнөтүү)$"
LIGHTING = "Уличное освещение|Көчө жарыгы"


async def test_journey_resident_question(app: App, lang: str) -> None:
    me = Walker(app, 6101, lang)
    greeting = await me.send("/start")
    assert len(greeting) == 1 and len(greeting[0]) <= FIRST_SCREEN
    answer = await me.send(QUESTION[lang])
    assert answer and len(answer[0]) <= FIRST_SCREEN
    more = await me.click("➕")
    assert more
    related = await me.click("🔗")
    assert related
    await me.click("👍")
    record(f"resident: question, More, related, 👍 ({lang})", me)


async def test_journey_resident_complaints(app: App, lang: str) -> None:
    me = Walker(app, 6201, lang)
    await me.send("/complaint")
    await me.click("^🏙 Бишкек$")
    await me.click(LIGHTING)
    await me.send(COMPLAINT[lang])
    done = await me.click(SEND)
    assert NUMBER.search(done[-1])
    record(f"resident: text-only complaint ({lang})", me)


async def test_journey_resident_complaint_with_photo_voice_and_unknown_addressee(app: App, lang: str) -> None:
    me = Walker(app, 6202, lang)
    await me.send("/complaint")
    await me.click("^🏙 Ош$")
    await me.click("Мусор|Таштанды")
    summary = await me.send_content("📷 + caption", photo=PHOTO, caption=COMPLAINT[lang])
    assert COMPLAINT[lang] in summary[-1]
    await me.click(SEND)
    record(f"resident: photo with a caption ({lang})", me)

    me = Walker(app, 6203, lang)
    await me.send("/complaint")
    await me.click("^🏙 Бишкек$")
    await me.click("Дороги|Жолдор")
    await me.send_content("🎤 voice", voice={"file_id": "voice-1", "file_unique_id": "v1", "duration": 9})
    done = await me.click(SEND)
    assert NUMBER.search(done[-1])
    record(f"resident: voice message ({lang})", me)

    me = Walker(app, 6204, lang)
    await me.send("/complaint")
    await me.click("Чуй|Чүй")
    await me.click("Аламүдүн|Аламудун")
    await me.click("Билбейм|Не знаю")
    await me.click("Питьевая|Ичүүчү")
    await me.send(COMPLAINT[lang])
    done = await me.click(SEND)
    assert NUMBER.search(done[-1])
    record(f"resident: \"I don't know\" the aiyl okmotu ({lang})", me)


async def test_journey_resident_two_way_appeal(app: App, lang: str) -> None:
    me = Walker(app, 6301, lang)
    await me.send("/complaint")
    await me.click("^🏙 Бишкек$")
    await me.click(LIGHTING)
    await me.send(COMPLAINT[lang])
    await me.click(SEND)
    my = await me.send("/my")
    assert NUMBER.search(my[-1])
    await me.click(NUMBER.search(my[-1]).group())
    await me.click("➕")
    added = await me.send("Фонари: улица Токтогула 12, 14, 16." if lang == "ru" else "Фонарлар: Токтогул көчөсү 12, 14, 16.")
    assert added and "KG-" in added[-1]
    # Staff reply and mark answered.
    staff = Walker(app, OPERATOR_ID, lang, citizen=False, chat_id=STAFF_CHAT_ID)
    await staff.click("^✅")  # Reply and mark answered (its label is being reworded)
    await app.client.send(OPERATOR_ID, "Фонари починят до пятницы." if lang == "ru" else "Жума күнгө чейин оңдолот.",
                          language_code=lang)
    arrived = me.received()
    assert len(arrived) == 1
    await me.click("Не решено|Чечилген жок")
    reopened = await me.send("Починили только один фонарь из трёх." if lang == "ru" else "Үч фонардын бирөө гана оңдолду.")
    assert reopened
    record(f"resident: /my, add, staff reply, not resolved ({lang})", me)


async def test_journey_resident_subscribes_and_receives(app: App, lang: str) -> None:
    me = Walker(app, 6401, lang)
    await me.send("/subscribe")
    await me.click("Весь Кыргызстан|Бүткүл Кыргызстан")
    record(f"resident: /subscribe to all Kyrgyzstan ({lang})", me)
    broadcast_id = await BroadcastRepo(app.db).create(ADMIN_ID, "Жыйын эртең саат 10до.", "Собрание завтра в 10.",
                                                    None, Audience("all"))
    await app.dp["broadcaster"].launch(app.bot, broadcast_id)
    await app.dp["broadcaster"].wait(broadcast_id)
    arrived = me.received()
    assert len(arrived) == 1 and ("Собрание" in arrived[0] if lang == "ru" else "Жыйын" in arrived[0])


async def test_journey_operator(app: App, lang: str) -> None:
    citizen = Walker(app, 6501, lang)
    await citizen.send("/complaint")
    await citizen.click("^🏙 Бишкек$")
    await citizen.click(LIGHTING)
    await citizen.send(COMPLAINT[lang])
    await citizen.click(SEND)
    await app.dp["users"].set_language(OPERATOR_ID, lang)
    chat = Walker(app, OPERATOR_ID, lang, citizen=False, chat_id=STAFF_CHAT_ID)
    me = Walker(app, OPERATOR_ID, lang, citizen=False)
    post = app.client.last_text(STAFF_CHAT_ID)
    assert NUMBER.search(post)
    await chat.click("Взять в работу|Ишке алуу")
    assert "User901" in app.client.last_text(STAFF_CHAT_ID)
    await chat.click("Открыть|Ачуу")
    card = me.received()
    assert card and COMPLAINT[lang] in "\n".join(card)
    await chat.click("^✅")  # Reply and mark answered (its label is being reworded)
    prompt = me.received()
    assert prompt
    await me.send("Фонари починят до пятницы." if lang == "ru" else "Жума күнгө чейин оңдолот.")
    taken, answered = citizen.received()  # told twice: taken into work, then the answer (once)
    assert "KG-" in taken and ("Фонари починят" in answered or "оңдолот" in answered)
    record(f"operator: take, card, reply and mark answered ({lang})", Walker.merged(chat, me))
    before = (me.actions, me.bot_messages)
    await me.send("/queue")
    await me.send("/stats")
    await me.send("/export")
    web = await me.send("/web")
    assert "http" in web[-1] or "WEB_PORT" in web[-1]  # the tests run without the web console
    record(f"operator: /queue, /stats, /export, /web ({lang})", me, since=before)


async def test_journey_announcer(app: App, lang: str) -> None:
    await app.dp["users"].set_role(ANNOUNCER_ID, "announcer")
    await app.dp["users"].set_language(ANNOUNCER_ID, lang)
    app.dp["broadcaster"].clock = lambda: datetime(2026, 11, 27, 10, 25, tzinfo=UTC)
    me = Walker(app, ANNOUNCER_ID, lang, citizen=False)
    await me.send("/broadcast")
    await me.send("Эртең саат 10:00дө айылдык кеңештин жыйыны болот")
    await me.send("Завтра в 10:00 сессия айыльного кенеша")
    await me.click("🚫")
    await me.click("🏘")
    await me.click("Чуй|Чүй")
    await me.click("⬅️")  # a rayon was meant, not a city of another oblast: back to "who should receive it"
    await me.click("🏘")
    await me.click("Чуй|Чүй")
    await me.click("Аламүдүн|Аламудун")
    assert "⚠️" in app.client.last_text(ANNOUNCER_ID)  # nobody subscribed in the rayon yet: said before sending
    await me.click("🕘")
    confirm = await me.send("эртең саат 9да" if lang == "ky" else "завтра в 9")
    assert "09:00" in confirm[-1]
    done = await me.click("✅")
    assert "09:00" in done[-1]
    before = record(f"announcer: compose, rayon (with Back), schedule by phrase ({lang})", me)
    [broadcast] = await BroadcastRepo(app.db).open_ones()
    listing = await me.send("/broadcasts")
    assert f"#{broadcast.id}" in listing[-1]
    await me.click("✏️")
    await me.click("🇷🇺")
    await me.send("Завтра в 10:00 сессия айыльного кенеша, приходите.")
    await me.click("🚀")
    await app.dp["broadcaster"].wait(broadcast.id)
    report = me.received()
    assert report
    record(f"announcer: /broadcasts, edit, send now ({lang})", me, since=before)


async def test_journey_admin(app: App, lang: str) -> None:
    await app.dp["users"].set_language(ADMIN_ID, lang)
    me = Walker(app, ADMIN_ID, lang, citizen=False)
    added = await me.send("/staff add 7777 operator")
    assert "7777" in added[-1] and "оператор" in added[-1]
    listing = await me.send("/staff list")
    assert "7777: оператор" in listing[-1] and ("администратор" in listing[-1])
    removed = await me.send("/staff remove 7777")
    assert "citizen" not in removed[-1] and "7777" in removed[-1]
    record(f"admin: /staff add, list, remove ({lang})", me)


async def test_journey_resident_language_neither_ky_nor_ru(app: App, lang: str) -> None:
    me = Walker(app, 6601, "en")
    greeting = await me.send("/start")
    assert "Кеңеш" in greeting[0] and "Кенеш" in greeting[0]  # asked in both languages, no English
    me.lang = lang
    chosen = await me.click("🇰🇬" if lang == "ky" else "🇷🇺")
    assert len(chosen) == 1 and len(chosen[0]) <= FIRST_SCREEN
    answer = await me.send(QUESTION[lang])
    assert answer
    record(f"resident: /start in English Telegram, language chosen, a question ({lang})", me)


async def test_journey_resident_back_and_unsubscribe(app: App, lang: str) -> None:
    me = Walker(app, 6701, lang)
    await me.send("/complaint")
    await me.click("Чуй|Чүй")
    back = await me.click("⬅️")  # another oblast: the list of oblasts again, as a new message
    assert back and "Бишкек" in " ".join(keyboard_rows(app.client.last(me.chat_id).reply_markup)[0])
    await me.click("^🏙 Бишкек$")
    await me.click("⬅️")  # from the categories back to the addressee
    await me.click("^🏙 Ош$")
    await me.click("Мусор|Таштанды")
    await me.send(COMPLAINT[lang])
    await me.click("Добавить имя|Атымды")
    await me.send("Бакыт Асанов")
    asked = await me.send("0555 12 34 56")
    assert "+996555123456" in " ".join(asked)
    await me.click("Да|Ооба")
    done = await me.click(SEND)
    assert NUMBER.search(done[-1])
    record(f"resident: complaint with Back twice, name and phone ({lang})", me)
    me = Walker(app, 6702, lang)
    await me.send("/subscribe")
    await me.click("Чуй|Чүй")
    await me.click("⬅️")  # not this oblast after all: the regions again
    await me.click("Чуй|Чүй")
    await me.click("Аламүдүн|Аламудун")
    stop = await me.send("/unsubscribe")
    assert stop
    record(f"resident: /subscribe to a rayon (with Back), /unsubscribe ({lang})", me)
