"""Question answering: from a resident's text to a structured, sourced answer.

`QuestionAnswerer.ask`:
1. reads what the question says besides its words (qa.question): an article it names, the period
   it asks about, places it negates, "кеңеш бериңиз" (advice, not a council);
2. a question that names an article of a law the base cites ("статья 47 закона 123") is answered
   with the statements of that article, for each period;
3. otherwise matches it to a topic (qa.matcher); a weak or contested match is not answered with
   full confidence: kind "unsure" offers the closest topics (and, later, sending the question to
   staff); a question about a common need that is not local self-government (a passport, a loan…)
   is declined with where to go instead (qa.out_of_scope), and so is one that reached a topic only
   through a word such a need shares with it ("суд", "школа") without naming a local body;
4. evaluates the topic's computed rule when the question carries its inputs (qa.rules), and ranks
   the topic's statements so that the fact asked about leads (qa.facts).
Rendering to text is done by the caller (services/answers.py), so this package stays free of
Telegram and of gettext.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from qa import out_of_scope as oos
from qa import rules
from qa.facts import PRESENT, Ranked, StatementIndex, choose_lead
from qa.lang import detect_language
from qa.loader import load_knowledge
from qa.matcher import Matcher, asks_where_to_complain, titles_ask_where
from qa.model import LANGS, Entry, KnowledgeBase, Source, Statement
from qa.question import (
    ArticleRef,
    Period,
    article_number,
    find_article_ref,
    find_period,
    without_advice_phrase,
    without_excepted,
    without_negated_places,
)
from qa.regions import PlaceWords

# Matching looks at the start of very long messages only; a question is never that long,
# and this keeps a 4 096-character message as cheap as a short one.
MAX_QUESTION_CHARS = 600

# A match below this confidence, with a runner-up within UNSURE_MARGIN, is contested: the bot
# offers the closest topics instead of answering one of them with full confidence.
UNSURE_BELOW = 0.45
UNSURE_MARGIN = 0.015

# A story (a message of several sentences, or a long one) that names a local body and that the
# matcher declines is still about local self-government: its many words of the resident's own life
# drown the topic's, they do not make it another matter. From this confidence of its closest topic
# up, it gets the closest topics to choose from (and the offer to ask staff), not a decline; and a
# word a common need shares with a topic ("школу" in a story about a deputy candidate) is a word of
# the story, not where to send the resident.
STORY_UNSURE_FROM = 0.12
STORY_MIN_WORDS = 15
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def _is_story(text: str) -> bool:
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    return len(sentences) >= 2 or len(text.split()) >= STORY_MIN_WORDS


def _names_document(entry: Entry, source_id: str, kb: KnowledgeBase) -> bool:
    """Both titles of the entry name the constitution the source is, with its year."""
    source = kb.sources.get(source_id)
    if source is None or source.adopted is None:
        return False
    year = str(source.adopted.year)
    titles = [t for t in entry.title.values() if t]
    return bool(titles) and all(_CONSTITUTION_WORD_IN_TITLE.search(t) and year in t for t in titles)


_CONSTITUTION_WORD_IN_TITLE = re.compile(r"конституц", re.IGNORECASE)
# A title that begins by naming a constitution, with its year before or after the word.
_DOCUMENT_TITLE = re.compile(r"(?:\d{4}\S*\s+)?конституц", re.IGNORECASE)

@dataclass(frozen=True)
class Citation:
    """Where a statement comes from, with the period it applies to."""

    source: Source
    article: str | None
    status: str
    valid_from: date | None
    valid_until: date | None
    as_of: date | None
    part: str | None = None


@dataclass(frozen=True)
class Answer:
    question: str
    kind: str  # answer | decline | clarify | unsure | greeting | thanks
    lang: str  # the language to reply in
    question_lang: str | None  # the language of the question, None when unclear
    topic: str | None = None
    confidence: float = 0.0
    alternatives: tuple[str, ...] = ()
    entry: Entry | None = None
    # in the order they should be read: the statement that answers the question first, then the
    # former rule it replaced (if any), then the rest; the renderer puts what fits one screen in
    # the first message and the rest behind "More"
    statements: tuple[Statement, ...] = ()
    citations: tuple[Citation, ...] = field(default=())
    # how well each statement answers the question (parallel to `statements`; all 0.0 when there was
    # no question to rank by, e.g. a topic opened from the menu)
    relevance: tuple[float, ...] = ()
    computed: bool = False  # the statements were computed from the question's numbers (qa.rules)
    need: oos.Need | None = None  # for a decline: the common need it is about, with where to go
    # the need was named in words of its own (a bank, the police, a pension), not in a word a local
    # body shares ("свет", "мектеп"): a problem told about it is not the local body's to take
    clear_need: bool = False

    @property
    def answered(self) -> bool:
        return self.kind == "answer"

    @property
    def has_unconfirmed(self) -> bool:
        return any(s.status == "unconfirmed" for s in self.statements)

    def entry_index(self, statement: Statement) -> int | None:
        """The position of a statement in its entry (for "More"), None for a computed one."""
        if self.entry is None:
            return None
        for i, s in enumerate(self.entry.statements):
            if s is statement:
                return i
        return None


def _is_city(word: str) -> bool:
    finder = getattr(rules, "find_special_city", None)
    if finder is not None:
        try:
            return finder(word) is not None
        except Exception:  # noqa: BLE001 - the rules module may change its data; fall back
            pass
    return re.fullmatch(r"(?:бишкек|ош|bishkek|osh)\w*", word.casefold()) is not None


class QuestionAnswerer:
    def __init__(self, kb: KnowledgeBase, out_of_scope: oos.OutOfScope | None = None):
        self.kb = kb
        # Both indexes allocate many small objects and no cycles: the cyclic garbage collector
        # would only walk them again and again (see Matcher.__init__).
        enabled = gc.isenabled()
        gc.disable()
        try:
            self.matcher = Matcher(kb.entries)
            self.matcher.place_words = PlaceWords(kb.regions or {})
            self.facts = StatementIndex(kb)
        finally:
            if enabled:
                gc.enable()
        self.out_of_scope = (out_of_scope or oos.OutOfScope(())).knowing(self.matcher.vocabulary)

    @classmethod
    def load(cls, knowledge_dir: Path) -> QuestionAnswerer:
        return cls(load_knowledge(knowledge_dir), oos.load(knowledge_dir))

    def ask(self, question: str, user_lang: str, today: date | None = None) -> Answer:
        text = question[:MAX_QUESTION_CHARS]
        today = today or date.today()
        period = find_period(text)
        ref = find_article_ref(text, self.kb)
        if ref is not None and self.out_of_scope.find(text, strong_only=True) is None:
            answer = self._article_answer(question, text, ref, period, user_lang)
            if answer is not None:
                return answer
        match_text = without_excepted(without_advice_phrase(text))
        match = self.matcher.match(match_text)
        question_lang = match.lang if match.lang in LANGS else detect_language(text)
        lang = question_lang or user_lang
        alternatives = tuple(a for a in match.alternatives if self.kb.entry(a))

        def refuse(kind: str, need: oos.Need | None = None, alts: tuple[str, ...] = (), clear: bool = False) -> Answer:
            return Answer(question=question, kind=kind, lang=lang, question_lang=question_lang,
                          confidence=match.confidence, alternatives=alts, need=need, clear_need=clear)  # fmt: skip

        if match.kind in ("greeting", "thanks"):
            return refuse(match.kind)
        # the table of common needs reads the words the matcher read: "выбары призидинта" as spelt right
        respell = getattr(self.matcher, "respelt", None)
        respelt = respell(match_text) if respell is not None else None
        need = self.out_of_scope.find(match_text, strong_only=True)
        if need is None and respelt is not None:
            need = self.out_of_scope.find(respelt, strong_only=True)
        if need is not None:
            return refuse("decline", need, clear=True)
        if match.kind == "decline" and self._asks_where_to_complain_about_a_body(match_text, alternatives):
            # "айыл окмотуна жалоба кайда берем": where to complain about a local body is the bot's own
            # business however weakly the other words match; the closest topic that says where answers
            match = replace(match, kind="topic", topic=alternatives[0])
        if match.kind == "decline":
            if _is_story(match_text) and oos.names_local_body(match_text):
                if match.alternatives and match.confidence >= STORY_UNSURE_FROM:
                    return refuse("unsure", alts=alternatives[:3])
                return refuse("decline")
            found = self.out_of_scope.find(match_text)
            if found is None and respelt is not None:
                found = self.out_of_scope.find(respelt)
            return refuse("decline", found)
        if match.kind == "clarify":
            return refuse("clarify", alts=alternatives)
        # a word of a common need ("суд", "школа", "свет") in a question that names no local body:
        # the topic was reached through that shared word alone
        shared_word_need = self.out_of_scope.find_unanchored(match_text)
        if shared_word_need is None and respelt is not None:
            shared_word_need = self.out_of_scope.find_unanchored(respelt)
        if shared_word_need is not None:
            return refuse("decline", shared_word_need)
        entry = self.kb.entry(match.topic)
        assert entry is not None, match.topic
        if match.confidence < UNSURE_BELOW and alternatives:
            if match.confidence - match.runner_up_score < UNSURE_MARGIN:
                return refuse("unsure", alts=(entry.id, *alternatives[:2]))
        rule_text = without_negated_places(text, _is_city)
        computed = rules.evaluate(entry.rule, self.kb, rule_text, today) if entry.rule else None
        if computed:
            return self._compose(question, entry, lang, question_lang, match.confidence, alternatives,
                                 self._by_period(computed, period), computed=True)  # fmt: skip
        ordered = self._order(entry, self.facts.rank(entry, text, period), period)
        return self._compose(question, entry, lang, question_lang, match.confidence, alternatives, ordered)

    def _asks_where_to_complain_about_a_body(self, text: str, alternatives: tuple[str, ...]) -> bool:
        if not alternatives or not asks_where_to_complain(text) or not oos.names_local_body(text):
            return False
        closest = self.kb.entry(alternatives[0])
        return closest is not None and titles_ask_where(closest)

    def _by_period(self, computed: list[Statement], period: Period) -> tuple[Statement, ...]:
        """A computed answer led by the statement whose time the question asks about ("в 2016 году,
        при 5 000 жителей" → the 2011 rule first); otherwise in the order the rule gives."""
        fits = [self.facts.period_fit(s, period) for s in computed]
        if not (period.former or period.years or period.laws or period.age) or max(fits, default=0.0) <= 0.0:
            return tuple(computed)
        lead = fits.index(max(fits))
        return (computed[lead], *computed[:lead], *computed[lead + 1 :])

    def topic(self, topic_id: str, lang: str) -> Answer | None:
        """The answer of one topic, as the menu shows it: the editors' order."""
        entry = self.kb.entry(topic_id)
        if entry is None:
            return None
        ranked = [Ranked(s, i, 0.0) for i, s in enumerate(entry.statements)]
        return self._compose(entry.title[lang], entry, lang, lang, 1.0, (), self._order(entry, ranked, None))

    # ---- statements in reading order --------------------------------------------------------

    @staticmethod
    def _order(entry: Entry, ranked: list[Ranked], period: Period | None) -> list[Ranked]:
        if not ranked:
            return []
        lead = choose_lead(ranked, period)
        rest = sorted((r for r in ranked if r is not lead), key=lambda r: (-r.score, r.index))
        ordered = [lead]
        if lead.statement.status in PRESENT:
            # the former rule right after today's, when the rule changed
            partner = next((r for r in rest if r.statement.status == "former"), None)
        else:
            # asked about the former rule: today's rule right after it
            partner = next((r for r in rest if r.statement.status in PRESENT), None)
        if partner is not None:
            ordered.append(partner)
        ordered.extend(r for r in rest if r is not partner)
        return ordered

    # ---- "что говорит статья 47 закона 123" ---------------------------------------------------

    def _article_answer(
        self, question: str, text: str, ref: ArticleRef, period: Period, user_lang: str
    ) -> Answer | None:
        found: list[tuple[Entry, Statement]] = []
        for entry in self.kb.entries:
            for s in entry.statements:
                if ref.sources and s.source not in ref.sources:
                    continue
                number, part = article_number(s.article)
                part = getattr(s, "part", None) or part
                if number != ref.article:
                    continue
                if ref.part and part and str(part) != ref.part:
                    continue
                found.append((entry, s))
        if not found:
            return None
        source_order = {sid: i for i, sid in enumerate(ref.sources)}
        scored = [
            (self.facts.rank(entry, text, period, within_entry=False)[entry.statements.index(s)].score, entry, s)
            for entry, s in found
        ]
        # the statement closest to the question's other words leads; then the same article in the
        # other periods, in the order the question names the sources (today's first otherwise)
        _best, entry, lead = max(scored, key=lambda t: (t[0], -source_order.get(t[2].source, 99)))
        rest = sorted(
            (t for t in scored if t[2] is not lead),
            key=lambda t: (source_order.get(t[2].source, 99), t[2].status not in PRESENT, -t[0]),
        )
        statements: list[Statement] = [lead]
        seen_texts = {lead.text.get("ru")}
        for _score, _entry, s in rest:
            if s.text.get("ru") not in seen_texts:
                seen_texts.add(s.text.get("ru"))
                statements.append(s)
        question_lang = detect_language(text)
        lang = question_lang or user_lang
        # "статья 111 Конституции 2010 года": the article is answered from whichever topic holds it,
        # but the question is about that document, so its topic frames the answer ("More", buttons)
        # (a topic that itself names the document, "Выборность глав МСУ: Конституция 2010", keeps it)
        if not _names_document(entry, lead.source, self.kb):
            entry = self._document_entry(lead.source) or entry
        return self._compose(question, entry, lang, question_lang, 1.0, (), tuple(statements))

    def _document_entry(self, source_id: str) -> Entry | None:
        """The entry about a document by name: both its titles begin by naming it with its year
        ("Конституция 2010 года и МСУ", "2010-жылкы Конституция жана ЖӨБ"), not a topic that only
        cites it ("Выборность глав МСУ: Конституция 2010")."""
        source = self.kb.sources.get(source_id)
        if source is None or source.kind != "constitution" or source.adopted is None:
            return None
        year = str(source.adopted.year)
        return next(
            (
                e for e in self.kb.entries
                if e.title.get("ky") and e.title.get("ru")
                and all(_DOCUMENT_TITLE.match(t) and year in t[:25] for t in (e.title["ky"], e.title["ru"]))
            ),
            None,
        )  # fmt: skip

    # ---- assembling ---------------------------------------------------------------------------

    def _compose(
        self,
        question: str,
        entry: Entry,
        lang: str,
        question_lang: str | None,
        confidence: float,
        alternatives: tuple[str, ...],
        statements: tuple[Statement, ...] | list[Ranked],
        computed: bool = False,
    ) -> Answer:
        if statements and isinstance(statements[0], Ranked):
            relevance = tuple(r.score for r in statements)
            statements = tuple(r.statement for r in statements)
        else:
            relevance = (0.0,) * len(statements)
        return Answer(
            question=question,
            kind="answer",
            lang=lang,
            question_lang=question_lang,
            topic=entry.id,
            confidence=confidence,
            alternatives=tuple(a for a in alternatives if a != entry.id),
            entry=entry,
            statements=statements,
            citations=tuple(_dedupe(self.cite(s) for s in statements)),
            relevance=relevance,
            computed=computed,
        )

    def cite(self, statement: Statement) -> Citation:
        source = self.kb.sources[statement.source]
        number, part = article_number(statement.article)
        explicit_part = getattr(statement, "part", None)
        return Citation(
            source=source,
            article=statement.article,
            status=statement.status,
            valid_from=statement.valid_from or source.in_force_from,
            valid_until=statement.valid_until or source.in_force_until,
            as_of=statement.as_of,
            part=str(explicit_part) if explicit_part else part,
        )


def _dedupe(citations) -> list[Citation]:
    seen, unique = set(), []
    for c in citations:
        key = (c.source.id, c.article, c.part, c.valid_from, c.valid_until, c.as_of)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique
