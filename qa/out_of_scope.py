"""The table of common needs that are not local self-government (knowledge/out_of_scope.yaml).

A question about a passport, a loan, a pension, a court, the police or a tariff is declined in a few
words that say where to go instead. The table is data, dated row by row, and validated at load:
a bad row stops the bot like any other error in the knowledge base.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

from qa import lexicon
from qa.loader import KnowledgeError, safe_load_yaml
from qa.model import LANGS
from qa.normalize import match_text, match_tokens

FILE_NAME = "out_of_scope.yaml"

# Words that name a local body or local self-government itself (matched as word beginnings). A
# question with a word of a row that is not strong ("суд", "мектеп", "свет") is declined when it
# names none of them: "сотко арыз жазып бериңиз" is a court case, "айыл өкмөтүн сотко берсе болобу"
# is a topic. Folded like questions (ө → о, э → е).
_LOCAL_ROOTS = lexicon.LOCAL_BODY_ROOTS + tuple(
    match_text(
        "айыл аил aiyl ayil аймак aimak okmot kenesh akim mer мэр мэрия мэрлер шаардык айылдык "
        "жергиликтүү жергиликтуу местн самоуправ мсу жөб алдынча муниципал сход жыйын курултай "
        "комитет квартал жамаат"
    ).split()
)
_LSG_ROOTS = tuple(r for r in lexicon.LSG_ROOTS if len(r) >= 4)
_LOCAL_WORDS = frozenset(match_text("мэр mer мэрге мэрди мэрдин мэри тос тоc").split())
_VILLAGE_WORDS = frozenset(match_text("айыл аил aiyl ayil").split())

# A row's word is also found with one slip of the thumb in it ("Казахтсан", "ффамилия", "Ткомок"):
# only words of at least this many letters, as "сот" or "газ" are one letter from too many others.
_TYPO_MIN_ROOT = 6
_TYPO_MIN_SUBSTITUTED = 8  # a word this long with one letter mistyped is still itself
_TYPO_MIN_INDEL = 7  # a word this long is still itself with one letter put in or left out
_TYPO_MAX_ENDING = 4  # letters after the row's word: a case ending, not another word
_TYPO_CACHE_SIZE = 20_000


@lru_cache(maxsize=1024)
def _words(text: str) -> tuple[str, ...]:
    # a question is looked up two or three times on its way (strong terms, anchors, weak terms)
    return tuple(match_tokens(text))


# "айыл" before one of these is not a village but part of a compound word: "айыл чарба" is
# agriculture ("айыл чарба жерин сатып алса болобу" names no local body)
_NOT_A_VILLAGE_AFTER = tuple(match_text("чарба").split())
# "жыйынтык" (a result, "ОРТ жыйынтыгы") folds to begin like "жыйын" (a gathering)
_NOT_A_GATHERING = tuple(match_text("жыйынтык жыйынтыг").split())
# Postpositions and prepositions of place around a body's name. Not "алдында" alone: "кеңештин
# алдында отчет берет" is to report to the kenesh.
_LANDMARK_AFTER = tuple(match_text("жанында жанындагы жанынан алдындагы алдына каршысында каршысындагы").split())
_LANDMARK_BEFORE = frozenset(match_text("возле около рядом напротив").split())
# A body's name that is also a street's, and the words for a street in its nominative (an address),
# not "улицы"/"көчөнү" ("кенеш улицы не ремонтирует" is about the kenesh)
_STREET_NAMES = frozenset(match_text("кенеш кеңеш kenesh").split())
_STREET_WORDS = frozenset(match_text("улица ул көчө көчөсү кочосу проспект проспекти бульвар").split())


# The names of bodies long enough to be told with a slip in them ("мэиря", "кенеш" typed "кеенш"): two
# letters swapped, or in a long name one letter put in or left out (see _plausible_slip), folded.
_SLIP_BODY_ROOTS = tuple(match_text("мэрия мэрии мэрию кенеш өкмөт акимият акимиат депутат").split())


@lru_cache(maxsize=4096)
def _body_with_slip(word: str) -> bool:
    if len(word) < len(min(_SLIP_BODY_ROOTS, key=len)) - 1 or word.startswith(_LOCAL_ROOTS):
        return False
    for root in _SLIP_BODY_ROOTS:
        # a letter more or less only in a long name, as for a row's word ("кене…" begins "кенен", wide)
        lengths = (len(root), len(root) + 1, len(root) - 1) if len(root) >= _TYPO_MIN_INDEL else (len(root),)
        for head_length in lengths:
            head = word[:head_length]
            if (
                len(head) == head_length
                and len(word) - head_length <= _TYPO_MAX_ENDING
                and OSA.distance(head, root, score_cutoff=1) == 1
                and _plausible_slip(head, root)
            ):
                return True
    return False


def names_local_body(text: str) -> bool:
    """Whether the text names a local body or local self-government (айыл өкмөтү, мэрия, кеңеш…),
    its name typed right or with one slip."""
    words = _words(text)
    return any(
        (w in _LOCAL_WORDS or w.startswith(_LOCAL_ROOTS) or _body_with_slip(w)) and not _in_compound(words, i)
        for i, w in enumerate(words)
    )


def _in_compound(words: tuple[str, ...], i: int) -> bool:
    if words[i].startswith(_NOT_A_GATHERING):
        return True
    if words[i] in _VILLAGE_WORDS and i + 1 < len(words) and words[i + 1].startswith(_NOT_A_VILLAGE_AFTER):
        return True
    # "Кенеш" as the name of a street ("улица Кенеш", "кенеш улица", "Кеңеш көчөсү") is an address
    if words[i] in _STREET_NAMES and (
        (i + 1 < len(words) and words[i + 1] in _STREET_WORDS) or (i > 0 and words[i - 1] in _STREET_WORDS)
    ):
        return True
    # a body named as a landmark ("акимияттын жанындагы аптека", "рынок возле мэрии") is where a
    # thing stands, not what the question is about; a name of two words ("айыл өкмөтүнүн жанындагы
    # бекет", "шаардык кеңештин каршысындагы") is the landmark as a whole
    after = i + 1
    if after < len(words) and words[after].startswith(_LOCAL_ROOTS) and not words[after].startswith(_LANDMARK_AFTER):
        after += 1
    return (after < len(words) and words[after].startswith(_LANDMARK_AFTER)) or (
        i > 0 and words[i - 1] in _LANDMARK_BEFORE
    )


def _plausible_slip(typed: str, root: str) -> bool:
    """A swap or a doubled letter is a slip; one letter for another in a short word is as often
    another word ("исфана" is not "испан…")."""
    return len(typed) != len(root) or sorted(typed) == sorted(root) or len(root) >= _TYPO_MIN_SUBSTITUTED


@dataclass(frozen=True)
class Need:
    id: str
    checked: date
    strong: bool  # decline even when the question shares a word with a topic
    # folded word beginnings, one tuple per term ("жогорку кенеш" → 2; "президент + шайла": parts
    # joined by TOGETHER, found anywhere in the question)
    terms: tuple[tuple[str, ...], ...]
    text: dict[str, str]  # lang -> where to go
    # terms that decline even when the row is not strong: a phrase precise enough ("ата-энелер
    # кеңеши", "тариф") in a row whose single words ("свет", "мектеп") also occur in topics
    strong_terms: tuple[tuple[str, ...], ...] = ()
    # terms that keep the row from applying: "кто сейчас мэр" is a name, "кто сейчас мэра назначает"
    # is a topic
    unless: tuple[tuple[str, ...], ...] = ()

    def excluded_by(self, words: tuple[str, ...]) -> bool:
        return any(_term_matches_at(t, words, i) for t in self.unless for i in range(len(words)))


# Joins the parts of a term whose words need not stand together ("президент + шайла": the
# President and an election anywhere in the question, as in "президенти ким, канча жылга
# шайланат"); a phrase would need every wording of the question spelt out.
TOGETHER = "+"


def _term_matches_at(term: tuple[str, ...], words: tuple[str, ...], start: int) -> bool:
    if TOGETHER in term:
        first, *others = _parts(term)
        return _term_matches_at(first, words, start) and all(
            any(_term_matches_at(part, words, i) for i in range(len(words))) for part in others
        )
    n = len(term)
    if start + n > len(words):
        return False
    return all(_word_matches(t, words[start + j], last=j == n - 1) for j, t in enumerate(term))


def _parts(term: tuple[str, ...]) -> list[tuple[str, ...]]:
    parts: list[list[str]] = [[]]
    for word in term:
        if word == TOGETHER:
            parts.append([])
        else:
            parts[-1].append(word)
    return [tuple(p) for p in parts]


def _term(text: str) -> tuple[str, ...]:
    """A term of the table as matched: folded words, its parts joined by TOGETHER."""
    parts = [tuple(match_tokens(part)) for part in str(text).split(TOGETHER)]
    joined: list[str] = []
    for part in (p for p in parts if p):
        if joined:
            joined.append(TOGETHER)
        joined.extend(part)
    return tuple(joined)


# Folded vowels. An abbreviation typed with a doubled letter folds to two or three consonants ("ПДД"
# → "пд", "ККС" → "кс"): it takes a case ending that begins with a consonant ("ПДДнын", "ККСти"),
# while a vowel after them begins another word ("пдоать", a slip of "подать").
_VOWELS = frozenset(match_text("а е и о у э ю я ё ы ө ү"))
_ABBREVIATION_MAX = 3


def _word_matches(root: str, word: str, last: bool) -> bool:
    if root.isdigit() or not last:
        return word == root or (not root.isdigit() and word.startswith(root) and len(word) <= len(root) + 2)
    if not word.startswith(root):
        return False
    if len(word) > len(root) and len(root) <= _ABBREVIATION_MAX and _VOWELS.isdisjoint(root):
        return word[len(root)] not in _VOWELS and len(word) <= len(root) + 3
    # a short root ("сот", "суд", "газ") takes case endings, not other words ("сотрудник")
    return len(root) >= 5 or len(word) <= len(root) + 3


@dataclass(frozen=True)
class OutOfScope:
    needs: tuple[Need, ...]
    # first word of a term -> (row position, term, is a strong term): every word of a term must
    # begin the question's word, so a question is checked only against the terms its words can
    # start; scanning the whole table for every question cost more than the rest of an answer
    _by_first_word: dict[str, list[tuple[int, tuple[str, ...], bool]]] = field(
        init=False, repr=False, compare=False
    )

    # words of the knowledge base's questions: never taken for a row's word with a typo ("кенеш" is
    # not a slip of anything), folded like questions
    known_words: frozenset[str] = frozenset()
    # row words long enough to be found with a typo, by length
    _typo_roots: dict[int, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _typo_root_sets: dict[int, frozenset[str]] = field(init=False, repr=False, compare=False)
    _typo_cache: dict[str, str | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}
        for position, need in enumerate(self.needs):
            for term in need.terms:
                index.setdefault(term[0], []).append((position, term, False))
            for term in need.strong_terms:
                index.setdefault(term[0], []).append((position, term, True))
        object.__setattr__(self, "_by_first_word", index)
        roots: dict[int, set[str]] = {}
        for need in self.needs:
            # an `unless` word typed with a slip still keeps its row away ("полномочный
            # предстаитель Президента" is the President's envoy, a topic's)
            for term in need.terms + need.strong_terms + need.unless:
                for root in term:
                    if len(root) >= _TYPO_MIN_ROOT and not root.isdigit() and root != TOGETHER:
                        roots.setdefault(len(root), set()).add(root)
        # sorted, so that a tie between two row words is settled the same way in every process
        object.__setattr__(self, "_typo_roots", {n: tuple(sorted(r)) for n, r in roots.items()})
        object.__setattr__(self, "_typo_root_sets", {n: frozenset(r) for n, r in roots.items()})
        object.__setattr__(self, "_typo_cache", {})

    def find(self, text: str, *, strong_only: bool = False) -> Need | None:
        """The first row of the table (in file order) with a term in the text, typed right or with
        one slip in a long word."""
        words = _words(text)
        corrected = tuple(self._corrected(w) or w for w in words)
        # a row's `unless` word is looked for in the words as put right too
        unless_in = (words,) if corrected == words else (words, corrected)
        need = self._find_in(words, strong_only, unless_in)
        if need is None and corrected != words:
            need = self._find_in(corrected, strong_only, unless_in)
        return need

    def _corrected(self, word: str) -> str | None:
        """The word with its beginning put right when it is one edit (two letters swapped, one
        mistyped or doubled) from a row's word; None when it is not. Cached per word."""
        if word not in self._typo_cache:
            result = self._slip_of_row_word(word)
            if len(self._typo_cache) >= _TYPO_CACHE_SIZE:
                return result
            self._typo_cache[word] = result
        return self._typo_cache[word]

    def _slip_of_row_word(self, word: str) -> str | None:
        # a word that begins with a word of local self-government ("кайрылган", "шайлоодо") is one
        # of its forms typed right, not a slip of a row's word one letter away ("кайрылман")
        if (
            len(word) < _TYPO_MIN_ROOT
            or word.isdigit()
            or word in self.known_words
            or word.startswith(_LSG_ROOTS)
        ):
            return None
        # a word that begins with a row's word is right as typed up to there: only a longer row
        # word can be what was meant ("министрлре" is "министрлер"; "кабинетинин" is itself)
        typed_right = max((n for n, roots in self._typo_root_sets.items() if word[:n] in roots), default=0)
        # the longest row words first: "министрлре" is "министрлер", not "министр" with an ending
        for length, roots in sorted(self._typo_roots.items(), reverse=True):
            if length <= typed_right:
                return None
            # the head as long as the row's word (two letters swapped, one mistyped) or, for a long
            # word, one letter longer (one put in) or shorter (one left out: "Швецария",
            # "презденти"); a short word with a letter more or less is as often another word
            # ("алмаштыруу", to replace, is not "Алматы")
            head_lengths = (length, length + 1, length - 1) if length >= _TYPO_MIN_INDEL else (length,)
            for head_length in head_lengths:
                if head_length > len(word) or len(word) - head_length > _TYPO_MAX_ENDING:
                    continue
                head = word[:head_length]
                for root, distance, _ in process.extract(head, roots, scorer=OSA.distance, score_cutoff=1, limit=3):
                    # a word that already begins with the row's word is right as typed
                    if distance == 1 and not word.startswith(root) and _plausible_slip(head, root):
                        return root + word[head_length:]
        return None

    def _find_in(
        self, words: tuple[str, ...], strong_only: bool, unless_in: tuple[tuple[str, ...], ...]
    ) -> Need | None:
        found: set[int] = set()
        for start, word in enumerate(words):
            for end in range(1, len(word) + 1):
                for position, term, is_strong_term in self._by_first_word.get(word[:end], ()):
                    if position in found:
                        continue
                    if strong_only and not (is_strong_term or self.needs[position].strong):
                        continue
                    if _term_matches_at(term, words, start):
                        found.add(position)
        for position in sorted(found):
            if not any(self.needs[position].excluded_by(w) for w in unless_in):
                return self.needs[position]
        return None

    def knowing(self, vocabulary: Iterable[str]) -> OutOfScope:
        """The same table, told the words the knowledge base uses (see `known_words`): the matcher's
        vocabulary, whose words are folded as `match_tokens` folds a question's (a test holds it)."""
        return OutOfScope(self.needs, known_words=frozenset(vocabulary))

    def find_unanchored(self, text: str) -> Need | None:
        """A row with a term in a text that names no local body ("сотко арыз жазып бериңиз"): a
        topic reached through that shared word alone is not the question's."""
        return None if names_local_body(text) else self.find(text)


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def parse(data, name: str = FILE_NAME, today: date | None = None) -> tuple[OutOfScope, list[str]]:
    """The table and the errors found in it (`file: message`)."""
    errors: list[str] = []
    needs: list[Need] = []
    rows = (data or {}).get("needs") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        return OutOfScope(()), [f"{name}: a non-empty list `needs` is required"]
    seen: set[str] = set()
    for index, row in enumerate(rows, 1):
        where = f"{name}: need #{index}"
        if not isinstance(row, dict):
            errors.append(f"{where}: must be a mapping")
            continue
        need_id = str(row.get("id") or "")
        if not need_id:
            errors.append(f"{where}: `id` is missing")
        elif need_id in seen:
            errors.append(f"{where}: duplicate id {need_id!r}")
        seen.add(need_id)
        checked = _date(row.get("checked"))
        if checked is None:
            errors.append(f"{where} ({need_id}): `checked` must be a date (YYYY-MM-DD)")
        elif checked > (today or date.today()):
            errors.append(f"{where} ({need_id}): `checked` {checked} is in the future")
        terms = tuple(t for t in (_term(str(m)) for m in row.get("match") or ()) if t)
        strong_match = row.get("strong_match") or ()
        if not isinstance(strong_match, list | tuple):
            errors.append(f"{where} ({need_id}): `strong_match` must be a list")
            strong_match = ()
        strong_terms = tuple(t for t in (_term(str(m)) for m in strong_match) if t)
        unless = row.get("unless") or ()
        if not isinstance(unless, list | tuple):
            errors.append(f"{where} ({need_id}): `unless` must be a list")
            unless = ()
        unless_terms = tuple(t for t in (_term(str(m)) for m in unless) if t)
        if not terms:
            errors.append(f"{where} ({need_id}): `match` needs at least one word")
        text = row.get("text") or {}
        if not isinstance(text, dict) or any(not str(text.get(lang) or "").strip() for lang in LANGS):
            errors.append(f"{where} ({need_id}): `text` needs both ky and ru")
            text = {}
        if not isinstance(row.get("strong", False), bool):
            errors.append(f"{where} ({need_id}): `strong` must be true or false")
        needs.append(
            Need(
                id=need_id,
                checked=checked or date.min,
                strong=row.get("strong") is True,
                terms=terms,
                strong_terms=strong_terms,
                unless=unless_terms,
                text={lang: str(text.get(lang, "")).strip() for lang in LANGS},
            )
        )
    return OutOfScope(tuple(needs)), errors


def load(knowledge_dir: Path, today: date | None = None) -> OutOfScope:
    """Read and validate knowledge/out_of_scope.yaml; an absent file is an empty table."""
    path = Path(knowledge_dir) / FILE_NAME
    if not path.exists():
        return OutOfScope(())
    try:
        data = safe_load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KnowledgeError([f"knowledge/{FILE_NAME}: YAML syntax error: {exc}"]) from exc
    table, errors = parse(data, f"knowledge/{FILE_NAME}", today)
    if errors:
        raise KnowledgeError(errors)
    return table
