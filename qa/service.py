"""Question answering: from a resident's text to a structured, sourced answer.

`QuestionAnswerer.ask` matches the question to a topic (qa.matcher), evaluates the topic's
computed rule when the question carries its inputs (qa.rules), and returns an `Answer` with the
statements in order (today's rule first). Rendering to text is done by the caller
(services/answers.py), so this package stays free of Telegram and of gettext.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from qa import rules
from qa.lang import detect_language
from qa.loader import load_knowledge
from qa.matcher import Matcher
from qa.model import LANGS, Entry, KnowledgeBase, Source, Statement

# Matching looks at the start of very long messages only; a question is never that long,
# and this keeps a 4 096-character message as cheap as a short one.
MAX_QUESTION_CHARS = 600


@dataclass(frozen=True)
class Citation:
    """Where a statement comes from, with the period it applies to."""

    source: Source
    article: str | None
    status: str
    valid_from: date | None
    valid_until: date | None
    as_of: date | None


@dataclass(frozen=True)
class Answer:
    question: str
    kind: str  # answer | decline | clarify | greeting | thanks
    lang: str  # the language to reply in
    question_lang: str | None  # the language of the question, None when unclear
    topic: str | None = None
    confidence: float = 0.0
    alternatives: tuple[str, ...] = ()
    entry: Entry | None = None
    statements: tuple[Statement, ...] = ()
    citations: tuple[Citation, ...] = field(default=())

    @property
    def answered(self) -> bool:
        return self.kind == "answer"

    @property
    def has_unconfirmed(self) -> bool:
        return any(s.status == "unconfirmed" for s in self.statements)


class QuestionAnswerer:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.matcher = Matcher(kb.entries)

    @classmethod
    def load(cls, knowledge_dir: Path) -> QuestionAnswerer:
        return cls(load_knowledge(knowledge_dir))

    def ask(self, question: str, user_lang: str, today: date | None = None) -> Answer:
        text = question[:MAX_QUESTION_CHARS]
        match = self.matcher.match(text)
        question_lang = match.lang if match.lang in LANGS else detect_language(text)
        lang = question_lang or user_lang
        if match.kind != "topic" or match.topic is None:
            return Answer(
                question=question,
                kind=match.kind,
                lang=lang,
                question_lang=question_lang,
                confidence=match.confidence,
                alternatives=tuple(a for a in match.alternatives if self.kb.entry(a)),
            )
        entry = self.kb.entry(match.topic)
        assert entry is not None, match.topic
        computed = rules.evaluate(entry.rule, self.kb, text, today or date.today()) if entry.rule else None
        return self._compose(
            question, entry, lang, question_lang, match.confidence, match.alternatives, computed or ()
        )

    def topic(self, topic_id: str, lang: str) -> Answer | None:
        """The answer of one topic, as the menu shows it."""
        entry = self.kb.entry(topic_id)
        if entry is None:
            return None
        return self._compose(entry.title[lang], entry, lang, lang, 1.0, (), ())

    def _compose(
        self,
        question: str,
        entry: Entry,
        lang: str,
        question_lang: str | None,
        confidence: float,
        alternatives: tuple[str, ...],
        computed: tuple[Statement, ...] | list[Statement],
    ) -> Answer:
        # A computed answer ("15 000 people → 31 deputies") replaces the general text, which
        # stays one tap away behind "More".
        statements = tuple(computed) or entry.statements
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
            citations=tuple(_dedupe(self._cite(s) for s in statements)),
        )

    def _cite(self, statement: Statement) -> Citation:
        source = self.kb.sources[statement.source]
        return Citation(
            source=source,
            article=statement.article,
            status=statement.status,
            valid_from=statement.valid_from or source.in_force_from,
            valid_until=statement.valid_until or source.in_force_until,
            as_of=statement.as_of,
        )


def _dedupe(citations) -> list[Citation]:
    seen, unique = set(), []
    for c in citations:
        key = (c.source.id, c.article, c.valid_from, c.valid_until, c.as_of)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique
