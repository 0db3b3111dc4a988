"""Chaos bench: kill -9 the real bot at random moments while citizens file complaints and staff reply.

    python bench/chaos_bench.py [--citizens 24] [--kills 8] [--seed 1]

The bot runs as a subprocess (`python bot.py`, long polling) against the loopback fake Bot API,
which keeps every update until a getUpdates with a greater offset confirms it, like Telegram.
Simulated citizens go through the complaint form (the short way of issue 11.2: city, category,
text, send); for each confirmed ticket an operator presses "Reply" under the staff-chat post and
types the answer. Meanwhile the bot is killed (SIGKILL) `--kills` times and restarted at once.

Printed at the end (the target is 0 for each):
- lost tickets: a citizen was told a ticket number that is not in the database, or sent the form
  and neither got a number nor has a ticket;
- duplicate tickets: one citizen's text stored twice;
- lost / doubled staff replies: the citizen received the operator's answer 0 / 2+ times;
- stalled conversations: a step (message or button) that got no reaction at all, a button that never
  came, or a form sent whose ticket number never came (a number that comes after a restart, from
  the outbox, is no stall).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402

from tests.fake_api import Call, FakeBotAPI  # noqa: E402

TOKEN = "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp"
STAFF_CHAT = -1001
OPERATORS = [901, 902, 903]
REACTION_TIMEOUT = 120.0  # a step waits this long for a reaction (a restart included)
NUMBER = re.compile(r"KG-\d{4}-\d{6}")


@dataclass
class Tally:
    confirmed: dict[int, str] = field(default_factory=dict)  # citizen -> ticket number told
    sent_form: set[int] = field(default_factory=set)
    stalled: list[str] = field(default_factory=list)
    replies_sent: dict[str, str] = field(default_factory=dict)  # number -> reply token


class BotProcess:
    def __init__(self, env: dict[str, str], workdir: Path):
        self.env, self.workdir = env, workdir
        self.process: asyncio.subprocess.Process | None = None
        self.log = open(workdir / "bot.log", "ab")

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "bot.py"), cwd=self.workdir, env=self.env,
            stdout=self.log, stderr=asyncio.subprocess.STDOUT,
        )

    async def kill(self) -> None:
        self.process.kill()
        await self.process.wait()

    async def stop(self) -> int:
        self.process.terminate()
        try:
            return await asyncio.wait_for(self.process.wait(), 20)
        except TimeoutError:
            self.process.kill()
            return -9


def to_chat(call: Call, chat_id: int) -> bool:
    return call.method in ("sendMessage", "editMessageText", "sendPhoto", "sendDocument") and call.chat_id == chat_id


class Citizen:
    def __init__(self, api: FakeBotAPI, user_id: int, tally: Tally, rng: random.Random):
        self.api, self.id, self.tally, self.rng = api, user_id, tally, rng
        self.text = f"Жалоба жителя {user_id}: третий месяц нет воды, метка {rng.getrandbits(48):x}."

    def _seen(self) -> int:
        return sum(1 for c in self.api.calls if to_chat(c, self.id))

    async def _step(self, what: str, act) -> Call | None:
        before = self._seen()
        act()
        try:
            await self.api.wait_until(lambda: self._seen() > before, REACTION_TIMEOUT)
        except AssertionError:
            self.tally.stalled.append(f"citizen {self.id}: {what}")
            return None
        await asyncio.sleep(self.rng.uniform(0.05, 0.6))  # reading, typing
        return [c for c in self.api.calls if to_chat(c, self.id)][-1]

    async def say(self, text: str) -> Call | None:
        return await self._step(text[:20], lambda: self.api.push_message(self.id, text))

    def _button(self, pattern: re.Pattern) -> tuple[Call, dict] | None:
        for call in reversed([c for c in self.api.calls if to_chat(c, self.id)]):
            markup = json.loads(call.params.get("reply_markup") or "{}")
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if pattern.search(button["text"]) and "callback_data" in button:
                        return call, button
        return None

    async def press(self, label: str, on_press=lambda: None) -> Call | None:
        """Press the button, waiting for it as a person would (after a restart, a message a kill delayed
        or repeated may come before the one that carries it)."""
        pattern = re.compile(label)
        try:
            await self.api.wait_until(lambda: self._button(pattern) is not None, REACTION_TIMEOUT)
        except AssertionError:
            seen = [c.params.get("text", "")[:60].replace("\n", " ") for c in self.api.calls
                    if to_chat(c, self.id)][-3:]
            self.tally.stalled.append(f"citizen {self.id}: no button {label!r}; the last messages: {seen}")
            return None
        call, button = self._button(pattern)
        message_id = int(call.params.get("message_id") or 0) or self._message_id(call)

        def act() -> None:
            on_press()
            self.api.push_callback(self.id, button["callback_data"], message_id)

        return await self._step(label, act)

    def _message_id(self, call: Call) -> int:
        return call.params.get("_message_id", 1)

    async def file_complaint(self) -> None:
        steps = [("say", "/complaint"), ("press", "^🏙 Бишкек$"), ("press", "^Земля$"), ("say", self.text)]
        for kind, arg in steps:
            if (await (self.say(arg) if kind == "say" else self.press(arg))) is None:
                return
        reply = await self.press("Отправить", on_press=lambda: self.tally.sent_form.add(self.id))
        if reply is None:
            return

        def numbers() -> list[str]:
            texts = [c.params.get("text", "") for c in self.api.calls if to_chat(c, self.id)]
            return [m.group() for t in texts if (m := NUMBER.search(t))]

        # The confirmation may come after a restart (from the outbox): that is no stall; never is.
        try:
            await self.api.wait_until(lambda: bool(numbers()), REACTION_TIMEOUT)
        except AssertionError:
            self.tally.stalled.append(f"citizen {self.id}: no ticket number after Send")
            return
        self.tally.confirmed[self.id] = numbers()[-1]


async def operator_replies(api: FakeBotAPI, operator: int, tickets: asyncio.Queue, tally: Tally,
                           rng: random.Random) -> None:
    while True:
        number = await tickets.get()
        if number is None:
            return
        try:
            await api.wait_until(lambda: _staff_post(api, number) is not None, REACTION_TIMEOUT)
        except AssertionError:
            tally.stalled.append(f"staff chat: no post for {number}")
            continue
        post = _staff_post(api, number)
        button = next((b for row in json.loads(post.params["reply_markup"])["inline_keyboard"] for b in row
                       if "Ответить" in b["text"]), None)
        before = sum(1 for c in api.calls if to_chat(c, operator))
        api.push_callback(operator, button["callback_data"], post.params.get("_message_id", 1))
        try:
            await api.wait_until(lambda: sum(1 for c in api.calls if to_chat(c, operator)) > before, REACTION_TIMEOUT)
        except AssertionError:
            tally.stalled.append(f"operator {operator}: Reply on {number}")
            continue
        await asyncio.sleep(rng.uniform(0.1, 0.5))
        token = f"ответ-{rng.getrandbits(40):x}"
        tally.replies_sent[number] = token
        before = sum(1 for c in api.calls if to_chat(c, operator))
        api.push_message(operator, f"Воду дадут в пятницу ({token}).")
        try:
            await api.wait_until(lambda: sum(1 for c in api.calls if to_chat(c, operator)) > before, REACTION_TIMEOUT)
        except AssertionError:
            tally.stalled.append(f"operator {operator}: typed reply on {number}")


def _staff_post(api: FakeBotAPI, number: str) -> Call | None:
    for call in api.calls:
        if call.method == "sendMessage" and call.chat_id == STAFF_CHAT and number in call.params.get("text", "") \
                and "Ответить" in json.dumps(json.loads(call.params.get("reply_markup") or "{}"), ensure_ascii=False):
            return call
    return None


async def killer(bot: BotProcess, kills: int, rng: random.Random, done: asyncio.Event, polling: asyncio.Event) -> int:
    """Each kill comes 1-6 s after the bot is polling again, so it hits a working bot."""
    count = 0
    while count < kills and not done.is_set():
        polling.clear()
        await polling.wait()
        try:
            await asyncio.wait_for(done.wait(), rng.uniform(1.0, 6.0))
            break
        except TimeoutError:
            pass
        await bot.kill()
        count += 1
        await bot.start()
    return count


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--citizens", type=int, default=24)
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gap", type=float, default=3.0, help="seconds between two citizens' arrivals")
    parser.add_argument("--send-delay", type=float, default=0.0,
                        help="seconds a sendMessage takes before it reaches the fake Telegram (widens the window "
                             "between a commit and its message, where the outbox matters)")
    parser.add_argument("--ack-delay", type=float, default=0.0,
                        help="seconds the fake Telegram takes to answer a sendMessage it has already delivered "
                             "(widens the window in which a kill makes the outbox send a message twice)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    workdir = Path(tempfile.mkdtemp(prefix="kenesh-chaos-"))
    api = FakeBotAPI(TOKEN)
    _remember_message_ids(api)
    _slow_sends(api, args.send_delay, args.ack_delay)
    polling = asyncio.Event()
    original_poll = api._get_updates

    async def poll(params):
        polling.set()
        return await original_poll(params)

    api._get_updates = poll
    base = await api.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "WEBHOOK_", "WEBAPP_", "TELEGRAM_"))}
    env.update({"BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": base, "DATABASE_PATH": str(workdir / "bot.db"),
                "STAFF_IDS": ",".join(map(str, OPERATORS)), "STAFF_CHAT_ID": str(STAFF_CHAT),
                "COMPLAINT_DAILY_LIMIT": "1000", "COMPLAINT_REMINDER_MINUTES": "0", "PYTHONUNBUFFERED": "1",
                "WEB_PORT": ""})  # no staff web console: its port may be taken by another run
    bot = BotProcess(env, workdir)
    await bot.start()
    tally = Tally()
    started = time.monotonic()

    citizens = [Citizen(api, 10_000 + i, tally, random.Random(rng.random())) for i in range(args.citizens)]
    queues = [asyncio.Queue() for _ in OPERATORS]
    operators = [asyncio.create_task(operator_replies(api, op, q, tally, random.Random(rng.random())))
                 for op, q in zip(OPERATORS, queues)]
    done = asyncio.Event()
    kill_task = asyncio.create_task(killer(bot, args.kills, random.Random(rng.random()), done, polling))

    async def citizen_then_staff(index: int, citizen: Citizen) -> None:
        await asyncio.sleep(index * args.gap)  # arrivals spread over time, so the kills find work
        await citizen.file_complaint()
        if citizen.id in tally.confirmed:
            await queues[index % len(queues)].put(tally.confirmed[citizen.id])

    await asyncio.gather(*(citizen_then_staff(i, c) for i, c in enumerate(citizens)))
    for q in queues:
        await q.put(None)
    await asyncio.gather(*operators)
    # let the last relays arrive
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(
        not _relayed(api, tally, n, c) for c, n in tally.confirmed.items() if n in tally.replies_sent
    ):
        await asyncio.sleep(0.5)
    done.set()
    kills = await kill_task
    await bot.stop()
    await api.stop()

    db = sqlite3.connect(workdir / "bot.db")
    rows = db.execute("SELECT citizen_id, number, text FROM tickets").fetchall()
    by_citizen: dict[int, list[str]] = {}
    for citizen_id, number, _ in rows:
        by_citizen.setdefault(citizen_id, []).append(number)
    reply_events = dict(db.execute(
        "SELECT t.number, COUNT(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id"
        " WHERE e.kind = 'reply' GROUP BY t.number").fetchall())
    db.close()

    lost = [c.id for c in citizens if (c.id in tally.confirmed and tally.confirmed[c.id] not in by_citizen.get(c.id, []))
            or (c.id in tally.sent_form and not by_citizen.get(c.id))]
    duplicates = sum(len(v) - 1 for v in by_citizen.values() if len(v) > 1)
    confirmations = {c: _confirmation_count(api, c, n) for c, n in tally.confirmed.items()}
    relays = {n: _relay_count(api, tally, n) for n in tally.replies_sent}
    lost_replies = sum(1 for n, k in relays.items() if k == 0)
    doubled_replies = sum(1 for n, k in relays.items() if k > 1) + sum(1 for k in reply_events.values() if k > 1)

    print(f"citizens {len(citizens)}, kill -9 ×{kills}, {time.monotonic() - started:.0f} s; "
          f"tickets confirmed {len(tally.confirmed)}, in the database {len(rows)}, staff replies typed {len(relays)}")
    print(f"lost tickets:           {len(lost)}")
    print(f"duplicate tickets:      {duplicates}")
    print(f"lost staff replies:     {lost_replies}")
    print(f"doubled staff replies:  {doubled_replies}")
    print(f"stalled conversations:  {len(tally.stalled)}")
    print(f"confirmations received twice (at-least-once delivery): "
          f"{sum(1 for k in confirmations.values() if k > 1)}")
    restarts = (workdir / "bot.log").read_text(errors="replace")
    print(f"restarts that sent messages left in the outbox: {restarts.count('left by the last run')}, "
          f"that replayed updates: {restarts.count('left unhandled by the last run')}")
    for line in tally.stalled[:10]:
        print("   ", line)
    print(f"(bot log: {workdir / 'bot.log'})")


def _relay_count(api: FakeBotAPI, tally: Tally, number: str) -> int:
    token = tally.replies_sent[number]
    citizen = next(c for c, n in tally.confirmed.items() if n == number)
    return sum(1 for c in api.calls if c.method == "sendMessage" and c.chat_id == citizen
               and token in c.params.get("text", "") and number in c.params.get("text", ""))


def _confirmation_count(api: FakeBotAPI, citizen: int, number: str) -> int:
    return sum(1 for c in api.calls if c.method == "sendMessage" and c.chat_id == citizen
               and number in c.params.get("text", "") and "зарегистрировано" in c.params.get("text", ""))


def _slow_sends(api: FakeBotAPI, before: float, after: float) -> None:
    """sendMessage takes `before` seconds to reach the fake Telegram, and its answer `after` more."""
    if not before and not after:
        return
    original = api._handle

    async def handle(request):
        slow = request.match_info["method"] == "sendMessage"
        if slow and before:
            await request.read()  # kept by aiohttp for the handler
            await asyncio.sleep(before)
            if request.transport is None or request.transport.is_closing():
                return web.Response(status=499)  # the bot died before its message arrived: never delivered
        response = await original(request)
        if slow and after:
            await asyncio.sleep(after)
        return response

    api._handle = handle


def _relayed(api: FakeBotAPI, tally: Tally, number: str, citizen: int) -> bool:
    return _relay_count(api, tally, number) > 0


def _remember_message_ids(api: FakeBotAPI) -> None:
    """Keep the message id the fake API gave each sent message, so buttons are pressed on it."""
    original = api._result

    def result(call: Call):
        value = original(call)
        if isinstance(value, dict) and "message_id" in value:
            call.params["_message_id"] = value["message_id"]
        return value

    api._result = result


if __name__ == "__main__":
    asyncio.run(main())
