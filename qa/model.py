"""The knowledge base as Python objects: sources, topic groups, entries and their statements.

Plain frozen dataclasses, filled by `qa.loader` from the YAML files in `knowledge/`.
Nothing here knows about Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LANGS = ("ky", "ru")

# How a statement relates to the law in force today.
#   current      the rule in force today, confirmed (confidence H in law-facts.md)
#   unconfirmed  the rule in force today as far as known (confidence M): shown with a caveat
#                pointing to the official database or the agency
#   former       a rule that no longer applies; its text names its period
#   statistic    a figure; `as_of` is the date it describes
#   info         background that is neither a rule nor a figure (a recommendation, a definition
#                from a document), cited to its source
STATUSES = ("current", "unconfirmed", "former", "statistic", "info")


@dataclass(frozen=True)
class Source:
    id: str
    kind: str  # law | constitution | code | decree | resolution | bill | statistic | publication
    number: str | None
    title: dict[str, str]  # lang -> full title
    short: dict[str, str]  # lang -> short name used in citations
    adopted: date | None
    in_force_from: date | None
    in_force_until: date | None
    url: str | None  # the act's own page in the official database (cbd.minjust.gov.kg), or a publication page
    confidence: str  # H | M
    note: str = ""


@dataclass(frozen=True)
class Statement:
    text: dict[str, str]  # lang -> text
    source: str  # Source.id
    article: str | None
    status: str  # one of STATUSES
    valid_from: date | None  # None: the source's in_force_from
    valid_until: date | None  # None: the source's in_force_until
    as_of: date | None = None  # required for statistics
    part: str | None = None  # the part of the article ("1" of article "47"), when known
    # How residents ask for THIS fact ("кто выдвигает кандидатов?"), lang -> example questions;
    # the answer path ranks the statements of a topic with them.
    questions: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    id: str
    title: dict[str, str]


@dataclass(frozen=True)
class Entry:
    id: str
    group: str
    title: dict[str, str]  # short, fits a button
    questions: dict[str, tuple[str, ...]]  # lang -> example questions
    keywords: dict[str, tuple[str, ...]]  # lang -> keywords
    statements: tuple[Statement, ...]
    more: dict[str, str] = field(default_factory=dict)  # lang -> longer text behind "More"
    related: tuple[str, ...] = ()
    rule: str | None = None  # id of a computed rule in qa.rules


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: keyboards are cached per knowledge base
class KnowledgeBase:
    sources: dict[str, Source]
    groups: tuple[Group, ...]
    entries: tuple[Entry, ...]
    rules: dict  # raw rule data from knowledge/rules.yaml, evaluated by qa.rules
    regions: dict  # raw reference data from knowledge/regions.yaml

    def entry(self, entry_id: str) -> Entry | None:
        return self._by_id().get(entry_id)

    def entries_in(self, group_id: str) -> list[Entry]:
        return [e for e in self.entries if e.group == group_id]

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def _by_id(self) -> dict[str, Entry]:
        cached = self.__dict__.get("_index")
        if cached is None:
            cached = {e.id: e for e in self.entries}
            object.__setattr__(self, "_index", cached)
        return cached
