"""Ranking the statements of an entry: the fact the question asks about comes first.

An entry (a topic) holds several statements: today's rule, a figure, the former rule, a definition
from a document. A question usually asks about one of them ("кто выдвигает кандидатов", "квота для
женщин"). Each statement is indexed under its entry by the words of its text and of its own example
questions (the optional `questions: {ky: [...], ru: [...]}` of a statement), with the same keys as
the matcher (qa.matcher: word, stem, five-letter prefix), weighted by how rare a key is among all
statements. The period the question names (a year, "раньше", "до 2021 года") moves the statements
of that period forward.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from datetime import date

from qa.matcher import _FUNCTION_FACTOR, _STEM, _content_words, _is_function_word, _keys, words_keys
from qa.model import Entry, KnowledgeBase, Statement
from qa.question import Period

# A statement must beat the editors' first statement by this much (in IDF units) to lead: the
# editors put the main answer first, and a word or two in common is no reason to change that.
LEAD_MARGIN = 1.2
# An older figure than the first one (a 2018 count beside the 2024 one) must also beat it by this
# factor, and background of an earlier time (what a 2010 brochure said) by INFO_LEAD_RATIO: a few words in
# common do not make them the answer to a question about today. No statement overturns the
# editors' order on less than LEAD_FLOOR.
OLDER_FIGURE_LEAD_RATIO = 1.5
INFO_LEAD_RATIO = 2.0
LEAD_FLOOR = 3.0
# A statement's own example question that the message matches this well names the fact outright.
QUESTION_BONUS = 1.5
PERIOD_BONUS = 4.0
# How much less a question word weighs for each further statement of the entry that holds it.
SHARED_WORD_DISCOUNT = 0.25
PRESENT = ("current", "unconfirmed", "statistic", "info")
RULES = ("current", "unconfirmed")


def statement_questions(statement: Statement) -> dict[str, tuple[str, ...]]:
    """The optional per-statement example questions (added by the knowledge editors), read defensively."""
    questions = getattr(statement, "questions", None) or {}
    if not isinstance(questions, dict):
        return {}
    return {lang: tuple(str(q) for q in qs or ()) for lang, qs in questions.items()}


def _statement_keys(statement: Statement) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    questions = tuple(q for qs in statement_questions(statement).values() for q in qs)
    return _keys_of(tuple(statement.text.values()), questions)


@lru_cache(maxsize=50_000)
def _keys_of(texts: tuple[str, ...], questions: tuple[str, ...]) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    # (the texts' pieces are read in one stream from the matcher's cache: a large base has a few
    # hundred thousand statement words)
    text_keys = set(words_keys(list(texts)))
    per_question = []
    for q in questions:
        keys = words_keys([q])
        if keys:
            per_question.append(keys)
            text_keys.update(keys)
    return frozenset(text_keys), tuple(per_question)


@dataclass(frozen=True)
class Ranked:
    statement: Statement
    index: int  # position in the entry
    score: float  # words in common with the question, plus the period bonus
    period: float = 0.0  # the period bonus alone: how well the statement's time fits the question
    historical: bool = False  # background of another time ("what the 2010 brochure said")
    named_law: bool = False  # from a law the question names by its number ("213 мыйзам")


class StatementIndex:
    def __init__(self, kb: KnowledgeBase, today: date | None = None):
        self.kb = kb
        self._keys: dict[str, list[tuple[frozenset[str], tuple[frozenset[str], ...]]]] = {}
        df: Counter[str] = Counter()
        n = 0
        for entry in kb.entries:
            per_entry = [_statement_keys(s) for s in entry.statements]
            self._keys[entry.id] = per_entry
            n += len(per_entry)
            # counted in C: a large base has a million statement keys
            df.update(chain.from_iterable(keys for keys, _ in per_entry))
        n = max(n, 1)
        self._idf = {k: math.log(1 + n / c) for k, c in df.items()}

    def _question_keys(self, text: str) -> list[tuple[tuple[str, float], ...]]:
        # question words ("куда", "если", "канча") tell little about which fact is asked: they weigh
        # what they weigh in topic choice (qa.matcher)
        return [
            tuple((k, worth * _FUNCTION_FACTOR) for k, worth in self._word_keys(w)) if _is_function_word(w)
            else self._word_keys(w)
            for w in dict.fromkeys(_content_words(text))
        ]

    def _word_keys(self, word: str) -> tuple[tuple[str, float], ...]:
        """A question word's keys. A word no statement holds as such also looks for the other form
        of it: a bare word without a stem key ("күрөө") for the forms that have it as their stem (the
        statement says "күрөөсү", indexed under s:куро), an inflected one ("каттоого") for its bare
        stem (the statement says "каттоо", indexed under w:като only)."""
        keys = _keys(word)
        if len(word) < 4 or word.isdigit() or "w:" + word in self._idf:
            return keys
        stems = [k[2:] for k, _ in keys if k.startswith("s:")]
        if not stems:
            keys = (*keys, ("s:" + word, _STEM))
        elif "w:" + stems[0] in self._idf:
            # and the other way: "каттоого" where the statement says "каттоо" (a bare word has no stem key)
            keys = (*keys, ("w:" + stems[0], _STEM))
        return keys

    def score(self, entry: Entry, text: str, within_entry: bool = True) -> list[float]:
        """How well each statement of the entry answers the question (same order as the statements).

        `within_entry`: the scores only rank the entry's own statements, so the words most of them
        share weigh less; False when they are compared with other entries' statements."""
        words = self._question_keys(text)
        per_statement = self._keys.get(entry.id, ())
        matched = []
        for keys, _ in per_statement:
            row = []
            for word_keys in words:
                best = 0.0
                for key, worth in word_keys:
                    if key in keys:
                        best = max(best, self._idf.get(key, 0.0) * worth)
                row.append(best)
            matched.append(row)
        # a word most statements of the topic share ("кенеш", "кандидат" in the election topic) tells
        # less about which of them is asked than one only a single statement holds ("залог")
        holders = [sum(1 for row in matched if row[i] > 0) if within_entry else 1 for i in range(len(words))]
        scores = []
        for (keys, questions), row in zip(per_statement, matched):
            total = sum(best * _shared_factor(holders[i]) for i, best in enumerate(row) if best)
            if questions and words:
                # share of the message's words one of the statement's own questions holds
                best_share = max(
                    sum(1 for word_keys in words if any(k in q for k, _ in word_keys)) / len(words) for q in questions
                )
                if best_share >= 0.6:
                    total += QUESTION_BONUS * best_share * len(words)
            scores.append(total)
        return scores

    def rank(self, entry: Entry, text: str, period: Period | None = None, within_entry: bool = True) -> list[Ranked]:
        """The entry's statements, best answer first; the editors' order breaks ties."""
        scores = self.score(entry, text, within_entry)
        ranked = []
        for i, (statement, score) in enumerate(zip(entry.statements, scores)):
            bonus = self._period_bonus(statement, period)
            ranked.append(Ranked(statement, i, score + bonus, bonus, _historical(statement),
                                 self._from_named_law(statement, period)))  # fmt: skip
        return ranked

    def _from_named_law(self, statement: Statement, period: Period | None) -> bool:
        if period is None or not period.laws:
            return False
        source = self.kb.sources.get(statement.source)
        return source is not None and source.kind == "law" and source.number in period.laws

    def period_fit(self, statement: Statement, period: Period | None) -> float:
        """How well a statement's time fits the period the question asks about (0: not at all)."""
        return self._period_bonus(statement, period)

    def _period_bonus(self, statement: Statement, period: Period | None) -> float:
        if period is None:
            return 0.0
        source = self.kb.sources.get(statement.source)
        bonus = 0.0
        if period.former and statement.status == "former":
            bonus += PERIOD_BONUS
        if period.age and _STATES_AGE.search(statement.text.get("ru", "")):
            # "мне 20 лет, могу ли я…": the age limit is the answer
            bonus += PERIOD_BONUS
        if period.laws and source is not None and source.number in period.laws:
            # "по закону 213 обязаны дать?": what the law named says, whichever period it is of
            bonus += PERIOD_BONUS
        if period.years and source is not None:
            start = statement.valid_from or source.in_force_from or source.adopted
            end = statement.valid_until or source.in_force_until
            # (a figure is of the year it is as of: "в 2024 году" names the 2024 count)
            named = {d.year for d in (source.adopted, source.in_force_from, statement.as_of) if d is not None}
            for year in period.years:
                # "до 2021 года" / "2021-жылга чейин" asks about the time before that year: a rule
                # that began that year (Law 123 of 2021) is not what was asked.
                began_then = period.former and start is not None and start.year >= year
                if year in named and not began_then:
                    bonus += PERIOD_BONUS
                    break
                if statement.status == "former" and not began_then and (start is None or start.year <= year) and (
                    end is not None and (year < end.year or (period.former and year == end.year))
                ):
                    bonus += PERIOD_BONUS * 0.75
                    break
                if (
                    not period.former and year >= _CURRENT_RULES_SINCE and statement.status in RULES
                    and start is not None and start.year <= year and end is None
                ):
                    # "2024-жылы партиялык тизме менен шайлашканбы": a year of today's rules asks
                    # about the rule in force then, not only about what a 2024 act or count says
                    bonus += PERIOD_BONUS
                    break
        if period.now and statement.status in PRESENT:
            bonus += 0.5
        return bonus


_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# A statement that states an age limit (its Russian text: "не моложе 21 года", "возраст", "старше")
_STATES_AGE = re.compile(r"моложе|старше|возраст", re.IGNORECASE)
# Today's Law No. 123 and Constitution date from 2021.
_CURRENT_RULES_SINCE = 2021


def _shared_factor(holders: int) -> float:
    """The weight of a question word found in `holders` statements of one entry."""
    return 1.0 if holders <= 1 else 1.0 / (1.0 + SHARED_WORD_DISCOUNT * (holders - 1))


def _historical(statement: Statement) -> bool:
    """Background that says it is of an earlier time: an "info" statement whose years are all before
    today's rules ("Как отмечала брошюра 2010 года…")."""
    if statement.status != "info":
        return False
    years = [int(y) for y in _YEAR_IN_TEXT.findall(statement.text.get("ru", ""))]
    return bool(years) and max(years) < _CURRENT_RULES_SINCE


def _older_figure(candidate: Ranked, default: Ranked) -> bool:
    a, b = candidate.statement, default.statement
    return (
        a.status == "statistic" and b.status == "statistic" and a.as_of is not None and b.as_of is not None
        and a.as_of < b.as_of
    )


def choose_lead(ranked: list[Ranked], period: Period | None) -> Ranked:
    """The statement that answers first.

    Without a period in the question: among today's statements, the editors' first one, unless
    another clearly answers the question better. With one ("раньше", "до 2021 года", "2010"): among
    the statements that fit that period best, the one that answers the question best."""
    if not ranked:
        raise ValueError("an entry without statements")
    named = [r for r in ranked if r.named_law]
    if named and len(named) < len(ranked):
        # "маалымат алуу укугу жөнүндө 213 мыйзам барбы": what the law named by its number says, of
        # the statements from it, leads (of the period asked, when one is)
        ranked = named
    if period is not None and (period.former or period.years or period.laws or period.age):
        best_fit = max(r.period for r in ranked)
        if best_fit > 0:
            pool = [r for r in ranked if r.period == best_fit]
            return max(pool, key=lambda r: (r.score, -r.index))
    pool = [r for r in ranked if r.statement.status in PRESENT] or ranked
    if period is not None and period.by_law:
        # "сколько депутатов должно быть по закону": what the law says, not how many there were
        pool = [r for r in pool if r.statement.status in RULES] or pool
    default = pool[0]
    if default.statement.status == "statistic":
        # for today: the newest figure, when the editors' first one is an older figure
        dated = [r for r in pool if r.statement.status == "statistic" and r.statement.as_of is not None]
        if dated and default.statement.as_of is not None:
            newest = max(dated, key=lambda r: (r.statement.as_of, -r.index))
            if newest.statement.as_of > default.statement.as_of and newest.score >= default.score - LEAD_MARGIN:
                default = newest
    if period is not None and period.now:
        # "азыр", "сейчас": background of an earlier time does not answer
        pool = [r for r in pool if not r.historical or r is default]
    best = max(pool, key=lambda r: (r.score, -r.index))
    ratio = 1.0
    if best.historical or (best.statement.status == "info" and default.statement.status in RULES):
        # background (a bill in first reading, a report) leads a rule only when clearly what is asked
        ratio = INFO_LEAD_RATIO
    elif _older_figure(best, default):
        ratio = OLDER_FIGURE_LEAD_RATIO
    if best is not default and best.score >= max(default.score + LEAD_MARGIN, default.score * ratio, LEAD_FLOOR):
        return best
    return default
