"""The retention limit of question_log: rows older than `settings.question_log_days` are deleted at
start and then once a day, so the editors' list never keeps a question longer than the setting says."""

from __future__ import annotations

import asyncio
import logging

from config import Settings
from services.background import BackgroundTask
from storage.question_log import QuestionLog

log = logging.getLogger("kenesh.question_log")
PURGE_EVERY_SECONDS = 24 * 3600


class QuestionLogRetention:
    """The daily purge; started by the dispatcher's startup and stopped by its shutdown."""

    def __init__(self) -> None:
        self._background = BackgroundTask("question-log-retention")

    async def start(self, question_log: QuestionLog, settings: Settings) -> None:
        await self.purge(question_log, settings)  # at once: a bot stopped for a while catches up
        self._background.start(lambda: self._run(question_log, settings))

    async def stop(self) -> None:
        await self._background.stop()

    @staticmethod
    async def purge(question_log: QuestionLog, settings: Settings) -> int:
        deleted = await question_log.purge(settings.question_log_days)
        if deleted:
            log.info("deleted %s question(s) older than %s days", deleted, settings.question_log_days)
        return deleted

    async def _run(self, question_log: QuestionLog, settings: Settings) -> None:
        while True:
            await asyncio.sleep(PURGE_EVERY_SECONDS)
            try:
                await self.purge(question_log, settings)
            except Exception:  # retried the next day
                log.exception("question_log purge failed")


async def start_question_retention(question_log: QuestionLog, settings: Settings,
                                   question_retention: QuestionLogRetention) -> None:
    await question_retention.start(question_log, settings)


async def stop_question_retention(question_retention: QuestionLogRetention) -> None:
    await question_retention.stop()
