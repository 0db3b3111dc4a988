"""Shared fixtures: the real Dispatcher from bot.py's factory on a temporary SQLite file."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import services.lazy_telegram_types  # noqa: F401  (as bot.py does, before aiogram)
from aiogram import Bot, Dispatcher
from aiogram.utils.i18n import I18n

from bot import build_bot, build_dispatcher
from config import ROOT, Settings
from qa.service import QuestionAnswerer
from services.answers import answer_json
from services.i18n import build_i18n
from storage.db import Database
from tests.helpers import BOT_TOKEN, RecordingSession, TgClient

ADMIN_ID = 900
OPERATOR_ID = 901
ANNOUNCER_ID = 902
STAFF_CHAT_ID = -1001


@pytest.fixture(scope="session")
def qa_service() -> QuestionAnswerer:
    return QuestionAnswerer.load(ROOT / "knowledge")


@pytest.fixture(scope="session")
def i18n() -> I18n:
    return build_i18n(ROOT / "locales", "ru")


@pytest.fixture(scope="session")
def ask(qa_service: QuestionAnswerer, i18n: I18n) -> Callable[..., dict]:
    """`ask(question, user_lang="ru")` → the JSON object of `python bot.py ask --json`."""

    def ask(question: str, user_lang: str = "ru") -> dict:
        with i18n.context():
            answer = qa_service.ask(question, user_lang=user_lang)
            titles = {a: qa_service.kb.entry(a).title[answer.lang] for a in answer.alternatives}
            return answer_json(answer, titles, cite=qa_service.cite)

    return ask


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        bot_token=BOT_TOKEN,
        database_path=tmp_path / "kenesh.db",
        admin_ids=frozenset({ADMIN_ID}),
        staff_ids=frozenset({OPERATOR_ID}),
        staff_chat_id=STAFF_CHAT_ID,
    )


@dataclass
class App:
    settings: Settings
    db: Database
    dp: Dispatcher
    bot: Bot
    session: RecordingSession
    client: TgClient


async def open_test_app(settings: Settings, qa: QuestionAnswerer, i18n: I18n) -> App:
    """Build the app the way bot.py does (same factory), on the settings' database file."""
    db = await Database.connect(settings.database_path)
    dp = build_dispatcher(settings, db, qa, i18n)
    # Tests feed one user's updates faster than anyone types; tests/test_flood.py turns it on.
    dp["flood_gate"].enabled = False
    session = RecordingSession()
    bot = build_bot(settings, session=session)
    return App(settings, db, dp, bot, session, TgClient(dp, bot, session))


async def close_test_app(app: App) -> None:
    await app.dp.emit_shutdown(bot=app.bot, **app.dp.workflow_data)
    await app.db.close()


@pytest.fixture
async def app(settings: Settings, qa_service: QuestionAnswerer, i18n: I18n) -> AsyncIterator[App]:
    app = await open_test_app(settings, qa_service, i18n)
    await app.dp.emit_startup(bot=app.bot, **app.dp.workflow_data)
    app.session.clear()
    yield app
    await close_test_app(app)


@pytest.fixture(autouse=True)
def no_handler_errors(caplog: pytest.LogCaptureFixture):
    """Fail any test during which the errors router had to catch an exception."""
    with caplog.at_level(logging.ERROR, logger="kenesh.errors"):
        yield
    failures = [r for r in caplog.records if r.name == "kenesh.errors" and r.levelno >= logging.ERROR]
    if failures and not getattr(caplog, "errors_expected", False):
        pytest.fail("a handler failed: " + "; ".join(r.getMessage() for r in failures))
