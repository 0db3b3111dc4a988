"""`python bot.py ask`: the question path without Telegram, for people, tests and benchmarks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from collections.abc import Callable, Iterable, Iterator

from aiogram.types import InlineKeyboardMarkup

from config import Settings
from qa.service import QuestionAnswerer
from qa.rules import answer_due_date
from services.answers import answer_json, render_reply
from services.complaints import local_date
from services.conversation import Conversation, problem_text, small_talk_text
from services.i18n import build_i18n


def ask_lines(settings: Settings, questions: Iterable[str], *, as_json: bool, user_lang: str,
              keyboard: Callable[..., InlineKeyboardMarkup],
              turn_keyboard: Callable[[str, str], InlineKeyboardMarkup]) -> Iterator[str]:
    """Each line as the bot reads a message: small talk and problems first (services.conversation),
    then the knowledge base. Lines are independent (no follow-ups between them).

    `keyboard(kb, answer)` and `turn_keyboard(kind, lang)` build the buttons the bot would send; bot.py
    passes handlers' builders in, so services never import handlers."""
    qa = QuestionAnswerer.load(settings.knowledge_dir)
    i18n = build_i18n(settings.locales_dir, settings.default_locale)
    with i18n.context():
        for raw in questions:
            question = raw.rstrip("\r\n")
            turn = Conversation().read(0, question, user_lang, lambda text: qa.ask(text, user_lang=user_lang))
            if turn.kind != "question":
                text = turn_text(turn.kind, turn.lang, settings.complaint_answer_days)
                if as_json:
                    yield json.dumps({"question": question, "answered": False, "lang": turn.lang, "topic": None,
                                      "answer": text, "sources": [], "confidence": 1.0, "alternatives": []},
                                     ensure_ascii=False)
                else:
                    yield text + "\n" + buttons_line(turn_keyboard(turn.kind, turn.lang)) + "\n"
                continue
            answer = turn.answer
            titles = {a: qa.kb.entry(a).title[answer.lang] for a in answer.alternatives}
            if as_json:
                yield json.dumps(answer_json(answer, titles), ensure_ascii=False)
                continue
            markup = keyboard(qa.kb, answer)
            yield render_reply(answer, html=False, titles=titles) + "\n" + buttons_line(markup) + "\n"


def turn_text(kind: str, lang: str, days: int) -> str:
    """The reply to a message that is not a question (the same words the bot sends)."""
    if kind == "problem":
        return problem_text(lang, answer_due_date(local_date(datetime.now(UTC)), days=days), days)
    return small_talk_text(kind, lang)


def buttons_line(markup: InlineKeyboardMarkup) -> str:
    return " ".join(f"[{button.text}]" for row in markup.inline_keyboard for button in row)
