"""Answers to questions asked before: a crowd asks the same few things, and each costs one matching.

`QuestionAnswerer.ask` (matching, the out-of-scope table, the rules, ranking the statements) is most
of the bot's own work per question, and its answer depends only on the question's text, the
language it is answered in when the text does not tell, the day (rules and "in force" read the
date) and the knowledge base, which is loaded once. So an answer is kept under exactly those:

- the text exactly as asked of the knowledge base, not a folded form: a follow-up ("а в Оше?")
  reaches the answer path with its context already in the text, and the `Answer` carries that
  text, so a kept answer is only ever given for the very same words — never one user's words to
  another who asked differently;
- the user's language, the date, and the QuestionAnswerer itself (a different one asks afresh).

Long texts are not kept (nobody sends the same long message twice, and they would weigh most).
One per Dispatcher, in memory: a restart only starts it empty.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from qa.service import Answer, QuestionAnswerer
from storage.lru import LRUCache

ANSWERS_KEPT = 2048  # the questions asked most recently; a few MB at most
KEPT_CHARS = 300  # longer questions are answered afresh every time


class AnswerCache:
    def __init__(self, size: int = ANSWERS_KEPT, today: Callable[[], date] = date.today):
        self.today = today
        self._answers: LRUCache[tuple[str, str, date], tuple[QuestionAnswerer, Answer]] = LRUCache(size)

    def ask(self, qa: QuestionAnswerer, question: str, user_lang: str) -> Answer:
        if len(question) > KEPT_CHARS:
            return qa.ask(question, user_lang=user_lang)
        key = (question, user_lang, self.today())
        kept = self._answers.get(key)
        if kept is not None and kept[0] is qa:
            return kept[1]
        answer = qa.ask(question, user_lang=user_lang)
        self._answers[key] = (qa, answer)
        return answer

    def __len__(self) -> int:
        return len(self._answers)
