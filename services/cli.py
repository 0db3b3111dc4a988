"""`python bot.py ask`: the question path without Telegram, for people, tests and benchmarks."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from aiogram.types import InlineKeyboardMarkup

from config import Settings
from qa.service import QuestionAnswerer
from services.answers import answer_json, render_reply
from services.i18n import build_i18n


def ask_lines(settings: Settings, questions: Iterable[str], *, as_json: bool, user_lang: str,
              keyboard: Callable[..., InlineKeyboardMarkup]) -> Iterator[str]:
    """`keyboard(kb, answer)` builds the buttons the bot would send (handlers.keyboards.reply_keyboard:
    passed in by bot.py, so services never import handlers)."""
    qa = QuestionAnswerer.load(settings.knowledge_dir)
    i18n = build_i18n(settings.locales_dir, settings.default_locale)
    with i18n.context():
        for raw in questions:
            question = raw.rstrip("\r\n")
            answer = qa.ask(question, user_lang=user_lang)
            titles = {a: qa.kb.entry(a).title[answer.lang] for a in answer.alternatives}
            if as_json:
                yield json.dumps(answer_json(answer, titles), ensure_ascii=False)
                continue
            markup = keyboard(qa.kb, answer)
            yield render_reply(answer, html=False, titles=titles) + "\n" + buttons_line(markup) + "\n"


def buttons_line(markup: InlineKeyboardMarkup) -> str:
    return " ".join(f"[{button.text}]" for row in markup.inline_keyboard for button in row)
