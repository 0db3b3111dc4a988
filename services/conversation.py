"""A conversation, not a search box: what a free-text message is, read in the light of the last answer.

`Conversation.read` turns a message into a `Turn`: small talk (greeting, thanks, acknowledgement),
a rude message, a problem told (→ the complaint form), a bare "почему?" with nothing before it,
or a question — with a short follow-up ("а в городе?") re-asked as the previous question with the
new qualifier. It also keeps, for 24 hours, what each answer was about under a short reference, so
the 👍/👎 and "send to staff" buttons need not carry the question in their callback data.

Both memories live in this process only, are bounded, and forget by age: losing them on a restart
costs a resident nothing more than asking again.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Generic, TypeVar

from aiogram.utils.i18n import gettext as _

from qa import smalltalk
from qa.lang import detect_language
from qa.service import Answer

FOLLOW_UP_SECONDS = 5 * 60  # a follow-up is read against an answer at most this old
REFERENCE_SECONDS = 24 * 3600  # 👍/👎 and "send to staff" work this long after the answer
MAX_USERS = 10_000  # recent questions kept (the least recently used are forgotten first)
# The answers whose buttons still work: about 0.5 KB each, 15 MB in all; an older one's button says
# "out of date, ask again" (a bound on memory for a national audience, not a day's answers in a quiet one).
MAX_REFERENCES = 30_000
# A question sent to staff is shown in full on the consent screen, which must fit one message.
QUESTION_KEPT_CHARS = 1500
# Below this matcher confidence an answer is "unsure": kept for the editors and offered to staff.
# On tests/eval, 0.5 flags 10% of the right answers and 3 of the 14 wrong ones.
UNSURE_BELOW = 0.5
# A short message that opens like a follow-up ("а кто назначает акима?") but is a whole question
# by itself is taken as it is when the matcher is at least this sure of it.
OWN_QUESTION_ABOVE = 0.6
# Answers about complaining, which carry the "file a complaint" button.
COMPLAINT_TOPICS = frozenset({"where-to-complain", "how-to-file-bot", "appeals-law", "appeals-fine"})
WHERE_TO_COMPLAIN = "where-to-complain"
# A problem told is met with the one-line complaint offer when what it asks is only where to turn.
WHERE_TO_TURN_TOPICS = frozenset({WHERE_TO_COMPLAIN, "how-to-file-bot"})

K = TypeVar("K")
V = TypeVar("V")


class ExpiringCache(Generic[K, V]):
    """At most `size` items, each forgotten `ttl` seconds after it was put (or at once when full)."""

    def __init__(self, size: int, ttl: float, clock: Callable[[], float]):
        self.size, self.ttl, self.clock = size, ttl, clock
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def put(self, key: K, value: V) -> None:
        self._items.pop(key, None)
        self._items[key] = (self.clock(), value)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def get(self, key: K) -> V | None:
        item = self._items.get(key)
        if item is None:
            return None
        if self.clock() - item[0] > self.ttl:
            del self._items[key]
            return None
        return item[1]

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True, slots=True)  # kept per user: no __dict__ each
class Recent:
    """The last question a user got an answer to: the whole question, and the follow-up asked on it."""

    question: str
    topic: str | None
    qualifier: str = ""


@dataclass(frozen=True, slots=True)  # up to 50 000 kept: no __dict__ each
class AnswerRecord:
    """What one reply was about, under its reference (in memory only: this is where the user id is)."""

    user_id: int
    question: str
    lang: str
    topic: str | None
    confidence: float
    vote: str | None = None  # liked | disliked, once voted
    sent_to_staff: bool = False


@dataclass(frozen=True)
class Turn:
    kind: str  # greeting | thanks | ack | rude | problem | why_prompt | question
    lang: str
    answer: Answer | None = None  # for a question
    question: str = ""  # the question as asked of the knowledge base (a follow-up with its context)
    problem: bool = False  # a question asked together with a problem: add the complaint button


def outcome_of(answer: Answer) -> str | None:
    """How the reply went, for question_log: declined, unsure, or None (a confident answer)."""
    if answer.kind == "decline":
        return "declined"
    if answer.kind == "answer":
        return "unsure" if answer.confidence < UNSURE_BELOW else None
    if answer.kind in ("greeting", "thanks"):
        return None
    return "unsure"  # clarify, and whatever the answer path calls "not sure" (e.g. unknown)


def offers_staff(answer: Answer, question: str) -> bool:
    """Unsure answers, and declines of questions that still look like the bot's field."""
    outcome = outcome_of(answer)
    if outcome == "unsure":
        return True
    return outcome == "declined" and smalltalk.looks_in_domain(question)


def offers_complaint(answer: Answer) -> bool:
    return answer.kind == "answer" and answer.topic in COMPLAINT_TOPICS


class Conversation:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.recent: ExpiringCache[int, Recent] = ExpiringCache(MAX_USERS, FOLLOW_UP_SECONDS, self._now)
        self.references: ExpiringCache[str, AnswerRecord] = ExpiringCache(
            MAX_REFERENCES, REFERENCE_SECONDS, self._now
        )

    def _now(self) -> float:
        # through the attribute, so a test can move the clock of a running conversation
        return self.clock()

    # --- reading a message ---------------------------------------------------------------------

    def read(self, user_id: int, text: str, user_lang: str, ask: Callable[[str], Answer]) -> Turn:
        """What the message is; `ask(question)` asks the knowledge base (the answer path's own call)."""
        kind = smalltalk.classify(text)
        if kind in ("greeting", "thanks", "ack"):
            return Turn(kind, smalltalk.language(text) or user_lang)
        if kind == "rude":
            rest = smalltalk.without_rude_words(text)  # "" when nothing but the insult is there
            answer = ask(rest) if rest else None
            if answer is not None and answer.answered and answer.confidence >= UNSURE_BELOW:
                return self._answered(user_id, rest, answer)
            return Turn("rude", smalltalk.language(text) or detect_language(text) or user_lang)
        if smalltalk.is_problem(text):
            answer = ask(text)
            if answer.kind == "decline" and answer.clear_need:
                # a problem with the police, a bank or a pension: where to go, not a complaint form
                # addressed to a local body
                return self._answered(user_id, text, answer)
            asks_more = "?" in text or answer.confidence >= UNSURE_BELOW
            if answer.answered and answer.topic not in WHERE_TO_TURN_TOPICS and asks_more:
                # a problem told around a precise question ("…есть ли за это штраф?"): answer it,
                # with the complaint button
                return replace(self._answered(user_id, text, answer), problem=True)
            return Turn("problem", detect_language(text) or user_lang)
        if smalltalk.looks_like_follow_up(text):
            recent = self.recent.get(user_id)
            if recent is None:
                if smalltalk.is_bare_why(text):
                    return Turn("why_prompt", smalltalk.language(text) or detect_language(text) or user_lang)
            else:
                if smalltalk.is_whole_question(text):
                    own = ask(text)
                    if own.answered and own.confidence >= OWN_QUESTION_ABOVE:
                        return self._answered(user_id, text, own)
                return self._follow_up(user_id, recent, text, ask)
        return self._answered(user_id, text, ask(text))

    def _follow_up(self, user_id: int, recent: Recent, text: str, ask: Callable[[str], Answer]) -> Turn:
        base = recent.question
        kind = smalltalk.qualifier_kind(text)
        if recent.qualifier and smalltalk.qualifier_kind(recent.qualifier) != kind:
            base = smalltalk.with_follow_up(base, recent.qualifier)
        question = smalltalk.with_follow_up(base, text)
        answer = ask(question)
        if answer.answered and kind != "why":
            self.recent.put(user_id, Recent(base, answer.topic, qualifier=text))
        return Turn("question", answer.lang, answer=answer, question=question)

    def _answered(self, user_id: int, question: str, answer: Answer) -> Turn:
        if answer.answered:
            self.recent.put(user_id, Recent(question, answer.topic))
        return Turn("question", answer.lang, answer=answer, question=question)

    # --- references for the buttons under a reply ----------------------------------------------

    def keep(self, user_id: int, question: str, answer: Answer) -> str:
        """A short reference (8 characters) to this reply, valid for 24 hours."""
        ref = secrets.token_urlsafe(6)
        record = AnswerRecord(user_id, question.strip()[:QUESTION_KEPT_CHARS], answer.lang, answer.topic,
                              answer.confidence)
        self.references.put(ref, record)
        return ref

    def record(self, ref: str, user_id: int) -> AnswerRecord | None:
        """The reply behind a reference, only for the user it was sent to."""
        record = self.references.get(ref)
        return record if record is not None and record.user_id == user_id else None

    def update(self, ref: str, record: AnswerRecord) -> None:
        self.references.put(ref, record)


# --- texts ---------------------------------------------------------------------------------------


def small_talk_text(kind: str, lang: str) -> str:
    if kind == "greeting":
        return _("Hello! Ask your question about local self-government in your own words, or open the topics.",
                 locale=lang)
    if kind == "thanks":
        # NOTE: ky "Арзыбайт!", not the calque "Эч нерсе эмес!"
        return _("You are welcome! If you have another question, just write it.", locale=lang)
    if kind == "ack":
        return _("Good! If you have more questions, write them or open /menu.", locale=lang)
    if kind == "rude":
        return _("I understand that you may be upset. I am here to help: write what happened or what you "
                 "want to know, and I will answer or help you file a complaint.", locale=lang)
    # why_prompt
    return _("Please write the whole question, for example: \u201cWho appoints the head of the aiyl okmotu?\u201d",
             locale=lang)


def problem_text(lang: str, due: date, days: int) -> str:
    return _("I can take your complaint about the aiyl okmotu or mayor's office right here: you get a number, "
             "and they must answer within {days} days, by {due}.", locale=lang).format(
        days=days, due=due.strftime("%d.%m.%Y"))
