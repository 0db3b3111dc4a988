"""Which knowledge-base entry a resident's question is about — or that it is about none of them.

How a question is scored (everything on folded, transliterated words, see qa.normalize):
1. Filler (greetings, pronouns, particles) is dropped. A message of only greetings or thanks is
   kind 'greeting' / 'thanks'.
2. Each remaining word is looked up in an inverted index built from the entries' example
   questions, titles and keywords, under several keys, best first: the word itself, its stem
   (qa.stem), its first five letters, and — for words the index has never seen — the closest
   indexed words by edit distance (rapidfuzz) or by prefix. Each hit counts the key's IDF (over
   entries) times how exact the key is. A number counts a third (a population is the question's
   own data) unless it is a year or a keyword of an entry ("8651" deputies, Law "123").
3. Entry score = weighted share of the question's words the entry knows ("coverage"), blended
   with the best single example question's similarity, so words that co-occur in one example
   ("мэр" + "шайлайт") beat words scattered across an entry, and with the share found in the
   entry's keywords and title. A statement's own example questions count for its entry, at half
   the weight of an entry example as the best example. Only the top candidates by coverage
   are re-scored, which keeps a 100× larger base fast. A year the question names as a document's
   ("2021-жылкы конституция") lowers the candidates dated by another year; a year of another time
   lowers the topics about a document the question does not name (the 2010 Constitution for "в 2019
   году кто избирал главу айыл окмоту"), and a year before 2021 reads as "раньше". A body the
   question names (айыл окмоту, мэрия, кенеш, аким, полпред, квартком) lowers the topics whose
   titles name another body, and a question that asks what one of them is ("аким это кто, чем
   отличается от главы айыл окмоту") lowers the topics about the others. A question that asks
   "how long" and not "when" (or the reverse) lowers the topics whose titles ask the other; one that
   asks what X is ("МСУ деген эмне") lowers the topics other than those whose titles define X.
4. Decline when too little of the question is covered, when it is about the national parliament
   or another country, or built around an everyday off-topic word; clarify when the two best
   entries are nearly tied. A story of several sentences that is declined as a whole is matched
   again on the sentences where its question is (the last ones, or the first with the last).
"""

from __future__ import annotations

import gc
import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import add, and_, itemgetter

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from qa import lexicon
from qa.lang import detect_language
from qa.model import Entry
from qa.normalize import COLLOQUIAL, cleaned_words, match_tokens, piece_words, text_pieces, word_tokens
from qa.stem import stem, strip_kyrgyz

# How much a hit under each key is worth, relative to an exact word hit.
_EXACT, _STEM, _PREFIX5, _FUZZY = 1.0, 0.95, 0.8, 0.75
_SWAP_SCORE = 0.84  # a word one swap, slip or missing letter away counts as a fair typo
# Russian spelt as it sounds: an unstressed о is heard as а, е and я as и ("кинеш", "закан", "срак",
# "мэрие"): a word that differs from an indexed one only so is that word, nearly as good as its stem.
# (Folded text: э, ё, ы are е and и already.)
_VOWEL_CLASSES = str.maketrans({"о": "а", "е": "и", "я": "и", "ю": "у"})
_VOWEL_SLIP = 0.85
_SLIP_STEM = 5  # letters of sound a slip with another ending must share with the word meant
_FUZZY_CUTOFF = 84.0  # rapidfuzz ratio, 0..100 (80 lets гороскоп meet городской)
_OOV_WEIGHT = 1.2  # IDF-like weight of a word the index has never seen (counts against coverage)
_MAX_OOV_COUNTED = 3  # a long story around a question should not drown it
_FUNCTION_FACTOR = 0.5  # question words (ким, канча, сколько…) weigh this much of their IDF
_DIGIT_FACTOR = 0.3  # other numbers than years (2010 vs 2021 matter; populations do not)
# A place named in a story ("Здравствуйте, живу в Джалал-Абаде, то есть теперь в Манасе. …") is where
# the resident writes from, rarely what is asked: it weighs this much, so a topic whose examples name
# the same town (renamed places, a city's deputies) does not win on it. In a short question the place
# is as often the point ("Исфананы качан Раззаков деп атай башташты") and keeps its full weight.
PLACE_FACTOR = 0.5
_STORY_WORDS = 15
YEAR_AS_TIME_FACTOR = 0.6  # a year named as a time ("2018-жылы"): it selects the period more than the topic
_CANDIDATES = 8
# the words of a phrase typed without its space: "аил" (айыл) + "окмоту"; the second word at
# least four letters, as "каракол" (a town) is not "кара" + "кол"
_MIN_GLUED_PART = 3
_MIN_GLUED_TAIL = 4
# ... and a phrase of the base's terms, found in a few entries, not two words that met once; or two
# long words ("кайра" + "чакыруу")
_MIN_GLUED_PHRASE_ENTRIES = 3
_LONG_GLUED_PART = 5

# Decision thresholds, tuned on tests/eval (see bench/qa_bench.py).
DECLINE_BELOW = 0.4
LONG_MATCHED_WEIGHT = 5.0
LONG_DECLINE_BELOW = 0.2
_SHORT_MESSAGE = 6  # content words
CLARIFY_MARGIN = 0.005
# coverage, best example, second-best example, keywords+title
SCORE_WEIGHTS = (0.35, 0.35, 0.1, 0.2)
BIGRAM_FACTOR = 0.25
OFF_TOPIC_DECLINE_BELOW = 0.8
# A message without any word of local self-government (lexicon.LSG_ROOTS) is answered only from
# this confidence up: below it, the topic was reached through everyday words alone.
UNANCHORED_DECLINE_BELOW = 0.7
# A statement's own example question ("кто выдвигает кандидатов") names one fact of the topic: it
# counts for the topic's coverage like any example, but as the best single example it weighs this
# much of an entry example, so that a fact other topics also speak of (the number of aiyl okmotus,
# a statement of aiyl-okmotu-role) does not pull those questions away from the topic about it.
STATEMENT_QUESTION_FACTOR = 0.5
# A year the question names that belongs to one entry's own document ("2021-жылкы конституция") and
# not to another's (constitution-2010): the other entry's score is multiplied by this.
YEAR_CONFLICT_FACTOR = 0.8
# A question that names a body (айыл окмоту, мэрия, кенеш, аким, полпред) and an entry whose titles
# both name another body and not this one ("what does the aiyl okmotu do" vs "what does the mayoralty
# do"): the body named in a question is most often the one it is about, and it is the word that
# most entries share, so its IDF alone cannot tell them apart. The entry's score is multiplied by this.
BODY_CONFLICT_FACTOR = 0.75
# A message of several sentences that is declined as a whole is matched again on its last sentences,
# where a resident's story puts the question.
_STORY_SENTENCES = 2  # a message of at least this many sentences is a story
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
# An entry whose titles both name a document ("Конституция 2010 года и МСУ") is about what that
# document says: a question that names another year and not the document ("в 2019 году кто избирал
# главу айыл окмоту") asks about the rule of that time, which the topic about that rule answers.
# The entry's score is multiplied by this.
DOCUMENT_UNNAMED_FACTOR = 0.85
# A question that asks "how long" ("канча жыл", "сколько лет", "срок") and not "when", or "when" and
# not "how long", and an entry whose titles both ask the other ("Когда следующие местные выборы?" for
# "кенеш скока лет работает до следующих выборов"): the titles say which question an entry answers,
# and the question word is what tells these neighbours apart. The entry's score is multiplied by this.
ASKED_KIND_FACTOR = 0.85
# "на сколько избирают главу", "кеңеш канча жылга шайланат": a question that asks the term of an
# office, when a candidate's titles ask how long: the candidates whose titles do not are multiplied by
# this (who elects the head shares every word with the question but its question word).
TERM_ASKED_FACTOR = 0.8
# "кайда арыздансам болот", "куда жаловаться дальше", "кимге даттанам": a question that asks where
# (or to whom) to take a complaint, when a candidate's titles ask where ("Куда жаловаться на айыл
# окмоту и мэрию?"): the candidates whose titles do not are multiplied by this. The rest of such a
# question is the story of the grievance (a refused reception, no answer to an appeal), whose words
# belong to the topics about fines and deadlines.
WHERE_ASKED_FACTOR = 0.8
# A story matched below this share is matched again by its question sentences, and one of them
# decides when it matches a topic better by this much.
STORY_RECHECK_BELOW = 0.3
STORY_PART_MARGIN = 0.15
# "МСУ деген эмне", "что такое мэрия": when a candidate's title asks what a thing is and its titles or
# keywords name the thing the question asks to define, the other candidates are multiplied by this.
DEFINITION_FACTOR = 0.85
# ... and such a candidate, when it comes first, is declined only below this: the question names the
# very thing its title defines, however many other words ("и зачем оно нужно") it has around it.
DEFINED_DECLINE_BELOW = 0.3


@dataclass(frozen=True)
class Match:
    kind: str  # 'topic' | 'clarify' | 'decline' | 'greeting' | 'thanks'
    topic: str | None  # entry id for 'topic'
    confidence: float  # 0..1
    alternatives: tuple[str, ...]  # candidate entry ids for 'clarify' (2–3), else runner-ups or ()
    lang: str | None  # detect_language(text)
    runner_up_score: float = 0.0  # the second-best entry's score, to tell a contested match


@lru_cache(maxsize=200_000)
def _keys(word: str) -> tuple[tuple[str, float], ...]:
    """Index keys of one folded word with the worth of a hit under each."""
    keys = [("w:" + word, _EXACT)]
    if not word.isdigit():
        word_stem = stem(word)
        if len(word_stem) >= 4 and word_stem != word:  # shorter stems join unrelated words
            keys.append(("s:" + word_stem, _STEM))
        if len(word) >= 6:
            keys.append(("p:" + word[:5], _PREFIX5))
    return tuple(keys)


_FUNCTION_STEMS = frozenset(stem(w) for w in lexicon.GENERIC_VERBS | lexicon.FUNCTION_WORDS)


@lru_cache(maxsize=50_000)
def _is_function_word(word: str) -> bool:
    # (so is a question word with a case ending the list does not spell out: "качанга", "кимдерге")
    return word in lexicon.FUNCTION_WORDS or stem(word) in _FUNCTION_STEMS or strip_kyrgyz(word) in lexicon.FUNCTION_WORDS


# (folded: -ын/-ин, -ун/-үн)
_POSSESSIVE_ACCUSATIVE = ("син", "сун", "ин", "ун")
_UNPREFIXED = 0.8  # a hit on a word without its verb prefix
# Russian verb prefixes (folded), longest first; what remains must be a word of its own length
_VERB_PREFIXES = ("пере", "раз", "рас", "пре", "при", "про", "за", "вы", "об", "от")
_MIN_UNPREFIXED = 6


@lru_cache(maxsize=50_000)
def _unprefixed(word: str) -> str:
    for prefix in _VERB_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_UNPREFIXED:
            return word[len(prefix) :]
    return word


class _no_gc:
    """Within: the cyclic garbage collector off (restored after), for building a look-up table over
    a large base's vocabulary (see Matcher.__init__)."""

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *_exc) -> None:
        if self._was_enabled:
            gc.enable()


# Russian endings of two letters (folded) that tell the forms of one word apart: "нашим"/"нашем",
# "мэрие"/"мэрии" are forms, not slips.
_RU_ENDINGS = frozenset(("им", "ем", "ом", "ам", "ои", "еи", "ии", "аи", "ая", "ое", "ее", "ие", "ия", "ую", "юю", "ою",
                         "ею", "ов", "ев", "ах", "ях", "ех", "их", "ми"))


# Question words and filler: "зачим" is "зачем" whatever its last letters (they have no endings that
# tell forms apart, as "нашим"/"нашем" do).
_UNINFLECTED = lexicon.FILLER | lexicon.FUNCTION_WORDS | lexicon.GENERIC_VERBS


def _not_an_ending_only(word: str, other: str) -> bool:
    """Two words of one length differ otherwise than as two Russian endings: "кинеш"/"кенеш",
    "закан"/"закон" are one word spelt as it sounds, "нашим"/"нашем" two forms of one."""
    if any(a != b for a, b in zip(word[:-2], other[:-2])):
        return True
    if {word[-2:], other[-2:]} == {"ие", "ия"}:
        return True  # "мэрие": no noun in "-ия" has a form in "-ие"
    return not (word[-2:] in _RU_ENDINGS and other[-2:] in _RU_ENDINGS)


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and word[:2] in ("19", "20")


# the words for "year" after a year, by their sorted letters: a slip that swaps or doubles a letter
# ("огда", "гдоа", "годаа" after folding) still has them
_YEAR_WORDS_BY_LETTERS = {"".join(sorted(w)): w for w in ("года", "году", "жили", "жилы")}


def _year_word_slips(all_words: list[str]) -> dict[str, str]:
    """The misspelt words for "year" right after a year, each to the word meant."""
    slips: dict[str, str] = {}
    for a, b in zip(all_words, all_words[1:]):
        if _is_year(a) and len(b) == 4 and b not in _DATE_WORDS:
            meant = _YEAR_WORDS_BY_LETTERS.get("".join(sorted(b)))
            if meant is not None and meant != b:
                slips[b] = meant
    return slips


@lru_cache(maxsize=200_000)
def _stem5(word: str) -> str:
    return stem(word)[:5]


@lru_cache(maxsize=200_000)
def _key_names(word: str) -> tuple[str, ...]:
    return tuple(k for k, _ in _keys(word))


def _bigram_keys(words: list[str]) -> list[str]:
    """Adjacent word pairs ("айыл өкмөтү" + "отчет"), by stem, so phrases count beyond their words."""
    stems = [_stem5(w) for w in words if not w.isdigit()]
    return [f"b:{a}_{b}" for a, b in zip(stems, stems[1:])]


def _content_words(text: str) -> list[str]:
    return [w for w in match_tokens(text) if w not in lexicon.FILLER and (len(w) > 1 or w.isdigit())]


@lru_cache(maxsize=200_000)
def _word_info(word: str) -> tuple[tuple[str, ...], str | None] | None:
    """A folded word's index keys and bigram stem (None for a number); None for filler."""
    if word in lexicon.FILLER or (len(word) <= 1 and not word.isdigit()):
        return None
    return _key_names(word), None if word.isdigit() else _stem5(word)


@lru_cache(maxsize=200_000)
def _cleaned_word_info(cleaned: str) -> tuple[tuple[str, tuple[str, ...], str | None], ...]:
    """Per token of one cleaned word (qa.normalize.word_tokens) that is not filler: the token, its
    index keys and its bigram stem."""
    return tuple((word, *info) for word in word_tokens(cleaned) if (info := _word_info(word)) is not None)


def _words_index(
    infos: tuple[tuple[str, tuple[str, ...], str | None], ...],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Of consecutive words' infos (_cleaned_word_info): the words, all their keys, and the bigram
    stems of those that are not numbers."""
    return (
        tuple(word for word, _, _ in infos),
        tuple(chain.from_iterable(names for _, names, _ in infos)),
        tuple(stem5 for _, _, stem5 in infos if stem5 is not None),
    )


# The pieces of an entry's texts are read in one stream (_StreamIndexer), one text after another with
# this piece between them: no text read piece by piece holds it (text_pieces reads such a text whole),
# and its bigram stem is no word's, so no bigram spans two texts.
_TEXT_BREAK = "<"
_BREAK_INDEX: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] = ((), (), (_TEXT_BREAK,))


@lru_cache(maxsize=200_000)
def _piece_index(piece: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
    """_words_index of one whitespace piece of a text (qa.normalize.text_pieces); None when its
    words depend on the next piece (a number). Cached: the pieces of a large base repeat."""
    if piece == _TEXT_BREAK:
        return _BREAK_INDEX
    words = piece_words(piece)
    if words is None:
        return None
    return _words_index(tuple(chain.from_iterable(map(_cleaned_word_info, words))))


def _question_index(text: str) -> tuple[tuple[str, ...], list[str]]:
    """An example question's content words and its keys (its words' and its bigrams'; a key may
    repeat), in one pass over its pieces from the per-piece caches."""
    pieces = text_pieces(text)
    indexed = None if pieces is None else list(map(_piece_index, pieces))
    if indexed is None or None in indexed:  # an entity, a tag or a number: the text is read whole
        indexed = [_words_index(tuple(chain.from_iterable(map(_cleaned_word_info, cleaned_words(text)))))]
    if not indexed:
        return (), []
    words, names, stems = zip(*indexed)
    keys = list(chain.from_iterable(names))
    # adjacent pairs of the words that are not numbers, as _bigram_keys makes them
    stems = list(chain.from_iterable(stems))
    keys.extend(map("b:{}_{}".format, stems, stems[1:]))
    return tuple(chain.from_iterable(words)), keys


@lru_cache(maxsize=50_000)
def _run_index(run: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """_words_index of the pieces around a number (see _with_number_runs), read together as a text
    with a number is (qa.normalize.cleaned_words): "15 000", "5 тысяч", "150к" are one word."""
    return _words_index(tuple(chain.from_iterable(map(_cleaned_word_info, cleaned_words(run)))))


def _with_number_runs(
    pieces: list[str], indexed: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None]
) -> list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """The pieces' indexes with each number (a piece _piece_index leaves as None) read together with
    the pieces it may take in: the next pieces of digits ("15 000") or of nothing once cleaned ("15 —
    000"), and the first piece after them (a multiplier: "5 тысяч"). A number never reaches back into
    the piece before it (that one has no digit), nor past the word after it, so the words are those
    of the whole text read at once."""
    result: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = []
    start = 0
    while True:
        try:
            number = indexed.index(None, start)
        except ValueError:
            result.extend(indexed[start:])  # type: ignore[arg-type]
            return result
        result.extend(indexed[start:number])  # type: ignore[arg-type]
        end = number + 1
        while end < len(pieces) and pieces[end] != _TEXT_BREAK and (indexed[end] is None or not piece_words(pieces[end])):
            end += 1
        if end < len(pieces) and pieces[end] != _TEXT_BREAK:
            end += 1
        result.append(_run_index(" ".join(pieces[number:end])))
        start = end


class _PieceIndexes(dict):
    """piece -> _piece_index(piece), for one index build: a lookup of a plain dict costs less than
    one of the lru_cache, and a large base looks up a million and a half pieces."""

    def __missing__(self, piece: str):
        indexed = self[piece] = _piece_index(piece)
        return indexed


class _BigramPrefixes(dict):
    """bigram stem -> the start of the keys of its bigrams ("b:стем_"): a bigram key is then one
    concatenation, not a format."""

    def __missing__(self, stem5: str) -> str:
        prefix = self[stem5] = f"b:{stem5}_"
        return prefix


class _StreamIndexer:
    """What _question_index gives for each of an entry's texts, united for all of them at once (one pass
    over their pieces in C: a large base has a few hundred thousand example texts, too many for a
    Python call each). Holds the caches of one index build; `for_build=False` for a few texts, where
    the pieces come from _piece_index's own cache."""

    def __init__(self, for_build: bool = True) -> None:
        self._piece_index = _PieceIndexes().__getitem__ if for_build else _piece_index
        self._prefixes = _BigramPrefixes()

    def keys(self, texts: list[str]) -> set[str]:
        """The union of the texts' keys: their words' and their bigrams'."""
        indexed = self._indexed(texts)
        if not indexed:
            return set()
        _, names, stems = zip(*indexed)
        keys = set(chain.from_iterable(names))
        # adjacent pairs of the words that are not numbers, as _bigram_keys makes them, within a text
        flat = list(chain.from_iterable(stems))
        in_text = list(map(_TEXT_BREAK.__ne__, flat))
        bigrams = map(add, map(self._prefixes.__getitem__, flat), flat[1:])
        keys.update(compress(bigrams, map(and_, in_text, in_text[1:])))
        return keys

    def word_keys(self, texts: list[str]) -> frozenset[str]:
        """The union of the keys of the texts' words (no bigrams)."""
        return frozenset(chain.from_iterable(map(itemgetter(1), self._indexed(texts))))

    def _indexed(self, texts: list[str]) -> list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
        """_words_index of the texts' pieces in order, with a break between two texts."""
        whole: list[str] = []
        if "&" in (joined := " ".join(texts)) or _TEXT_BREAK in joined:  # an entity or a tag: read whole
            whole = [t for t in texts if text_pieces(t) is None]
            texts = [t for t in texts if text_pieces(t) is not None]
        pieces = f" {_TEXT_BREAK} ".join(texts).split()
        indexed = list(map(self._piece_index, pieces))
        if None in indexed:
            indexed = _with_number_runs(pieces, indexed)
        for text in whole:
            indexed.append(_BREAK_INDEX)
            indexed.append(_words_index(tuple(chain.from_iterable(map(_cleaned_word_info, cleaned_words(text))))))
        return indexed  # type: ignore[return-value]


def words_keys(texts: list[str]) -> frozenset[str]:
    """The keys of the content words of the texts (_key_names of each, united), read in one stream."""
    return _StreamIndexer(for_build=False).word_keys(texts)


def _example_texts(entry: Entry) -> list[tuple[str, float]]:
    """The texts an entry is found by, with what each weighs as the best single example: its example
    questions and titles, and its statements' own example questions (one fact of the topic each)."""
    texts: list[tuple[str, float]] = []
    for lang in ("ky", "ru"):
        texts.extend(zip(entry.questions.get(lang, ()), repeat(1.0)))
        if entry.title.get(lang):
            texts.append((entry.title[lang], 1.0))
    for statement in entry.statements:
        for qs in (getattr(statement, "questions", None) or {}).values():
            texts.extend(zip(map(str, qs or ()), repeat(STATEMENT_QUESTION_FACTOR)))
    return texts


@dataclass(frozen=True)
class _Examples:
    """An entry's example texts as scoring the entry uses them (the texts without any key left out)."""

    postings: dict[str, tuple[int, ...]]  # key -> the examples that have it
    weights: list[float]  # per example: the sum of its words' weights
    factors: list[float]  # per example: what it weighs as the best single example


class Matcher:
    def __init__(self, entries: Sequence[Entry]):
        # Building allocates millions of small objects: the cyclic garbage collector would walk
        # them again and again for nothing (none of them form cycles), a third of the build time.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(entries)
        finally:
            if enabled:
                gc.enable()
        # folded text -> the words of it that name a place (qa.regions.PlaceWords), when the base
        # has its regions; see PLACE_FACTOR
        self.place_words: Callable[[str], frozenset[str]] | None = None

    def _build(self, entries: Sequence[Entry]) -> None:
        self._ids: list[str] = [e.id for e in entries]
        self._groups: list[str] = [e.group for e in entries]
        self._entries: tuple[Entry, ...] = tuple(entries)
        # key -> the entries that have it, in entry order
        postings: dict[str, list[int]] = {}
        self._own_years: list[frozenset[str]] = []
        self._title_bodies: list[frozenset[str]] = []
        self._title_documents: list[frozenset[str]] = []
        self._title_kinds: list[frozenset[str]] = []
        self._title_defines: list[bool] = []
        topic_keys: list[frozenset[str]] = []
        indexer = _StreamIndexer()
        for i, entry in enumerate(self._entries):
            # Only the union of the example texts' keys is kept: each text's own keys are needed
            # when the entry is scored (_entry_examples), and most entries of a large base never
            # are. Keeping a set per text would hold a few hundred thousand sets the garbage
            # collector walks through.
            entry_keys = indexer.keys(list(map(itemgetter(0), _example_texts(entry))))
            # keywords and the titles are the editors' own choice of what the entry is about: their
            # word keys (a title is an example text too: its bigrams are in already)
            own = indexer.word_keys(
                [k for lang in ("ky", "ru") for k in (*entry.keywords.get(lang, ()), entry.title.get(lang, ""))]
            )
            topic_keys.append(own)
            entry_keys |= own
            self._own_years.append(_own_years(entry))
            self._title_bodies.append(_title_bodies(entry))
            self._title_documents.append(_title_documents(entry))
            self._title_kinds.append(_title_kinds(entry))
            self._title_defines.append(any(_defined_terms(match_tokens(t)) for t in entry.title.values() if t))
            # each key once per entry, so a list is enough; the loop runs in C (a few million
            # appends on a 100x base): list.append returns None, so any() consumes every one. The
            # new keys get their lists first: a plain dict's look-up costs less than a defaultdict's.
            new_keys = entry_keys.difference(postings)
            if new_keys:
                postings.update(zip(new_keys, map(list, repeat((), len(new_keys)))))
            any(map(list.append, map(postings.__getitem__, entry_keys), repeat(i)))
        n = max(len(entries), 1)
        # one logarithm per distinct entry count, not per key (most keys are in one or a few entries)
        idf_by_count = {c: math.log(1 + (n - c + 0.5) / (c + 0.5)) for c in set(map(len, postings.values()))}
        self._idf: dict[str, float] = {k: idf_by_count[len(p)] for k, p in postings.items()}
        # per entry, built when the entry is first scored (most entries of a large base never are)
        self._examples: list[_Examples | None] = [None] * len(self._entries)
        self._postings: dict[str, list[int]] = postings  # a plain dict: a lookup adds no key
        self._topic_keys: list[frozenset[str]] = topic_keys
        self._keyword_keys: frozenset[str] = frozenset().union(*self._topic_keys)
        # key -> the entries whose title asks what a thing is and whose titles or keywords have the key:
        # "мсу это что" names a word every entry has, so coverage alone may leave the one defining it
        # out of the candidates
        self._definers_by_key: dict[str, list[int]] = defaultdict(list)
        for i, defines in enumerate(self._title_defines):
            if defines:
                for k in self._topic_keys[i]:
                    self._definers_by_key[k].append(i)
        # every word of the texts has its own key ("w:" + word, see _keys): the words are those keys'
        self._vocab: list[str] = sorted(k[2:] for k in postings if k.startswith("w:") and not k[2:].isdigit())
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for w in self._vocab:
            self._by_prefix[w[:3]].append(w)
        self._near_cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._glued_cache: dict[str, tuple[str, str] | tuple[()]] = {}
        self._vowel_index: dict[str, tuple[str, ...]] | None = None
        self._vowel_stem_index: dict[str, tuple[str, ...]] | None = None

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """Every word of the entries' questions, titles and keywords, as indexed."""
        return tuple(self._vocab)

    def _entry_examples(self, i: int) -> _Examples:
        """Entry i's example texts for scoring: per key, the examples that have it; per example, the
        weight of its words (sum of their IDFs, for precision) and its factor. Built once, on the
        entry's first scoring."""
        examples = self._examples[i]
        if examples is not None:
            return examples
        by_key: dict[str, list[int]] = defaultdict(list)
        weights: list[float] = []
        factors: list[float] = []
        for text, factor in _example_texts(self._entries[i]):
            qwords, qkeys = _question_index(text)
            if not qkeys:
                continue
            q = len(weights)
            for k in dict.fromkeys(qkeys):
                by_key[k].append(q)
            weights.append(sum(self._word_weight(w) for w in dict.fromkeys(qwords)))
            factors.append(factor)
        examples = self._examples[i] = _Examples({k: tuple(v) for k, v in by_key.items()}, weights, factors)
        return examples

    # ---- lookup -------------------------------------------------------------------------------

    def _word_weight(self, word: str) -> float:
        weight = self._idf.get("w:" + word, 0.0)
        if _is_function_word(word):
            weight *= _FUNCTION_FACTOR
        elif word.isdigit() and not _is_year(word):
            weight *= _DIGIT_FACTOR
        return weight

    def _near_words(self, word: str) -> tuple[tuple[str, float], ...]:
        """Indexed words close to an unseen word: same start (inflection) or small edit distance (typo)."""
        cached = self._near_cache.get(word)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        if len(word) >= 4:
            # an unstressed vowel written as it sounds ("кинеш", "закан", "срак", "в силе", "мэрие"):
            # the indexed words with the same letters but for о/а, е/и/я, у/ю
            for cand in self._by_vowels().get(word.translate(_VOWEL_CLASSES), ()):
                if _not_an_ending_only(word, cand):
                    found[cand] = _VOWEL_SLIP
            for cand in self._by_prefix.get(word[:3], ()):
                shorter, longer = sorted((cand, word), key=len)
                if len(shorter) >= 4 and longer.startswith(shorter):
                    found[cand] = _PREFIX5
            cutoff = _FUZZY_CUTOFF if len(word) >= 5 else 88.0
            for cand, score, _ in process.extract(
                word, self._vocab, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3
            ):
                found[cand] = max(found.get(cand, 0.0), _FUZZY * score / 100)
            if not found:
                # Thumbs on a phone swap two letters ("акми", "эмрии"): one edit for Damerau's
                # distance, two for the ratio above, which then misses a short word entirely.
                for cand, _, _ in process.extract(
                    word, self._vocab, scorer=OSA.distance, score_cutoff=1, limit=3
                ):
                    found[cand] = _FUZZY * _SWAP_SCORE
        elif len(word) == 3:
            # a short word typed with two letters swapped ("жлы" for "жыл"): too short for the
            # distances above, which would take any word one letter away; only a swap counts
            for j in range(2):
                swapped = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
                if swapped != word and "w:" + swapped in self._postings:
                    found[swapped] = _FUZZY * _SWAP_SCORE
        result = tuple(sorted(found.items(), key=lambda kv: -kv[1])[:3])
        if len(self._near_cache) < 50_000:
            self._near_cache[word] = result
        return result

    def respelt(self, text: str) -> str | None:
        """The text's folded words with the vowel slips the matcher reads through put right
        ("выбары призидинта" → "выбори президента"), or None when there are none: what else looks at
        the words (the table of common needs) reads what the matcher read."""
        if detect_language(text) == "ky":
            return None
        words = match_tokens(text)
        spelt = self._vowel_spellings(_content_words(text))
        return " ".join(spelt.get(w, w) for w in words) if spelt else None

    def _vowel_spellings(self, words: list[str]) -> dict[str, str]:
        """Unseen words (neither they nor their stems are indexed) that differ from exactly one
        indexed word only in vowels that sound alike: the indexed word, by the unseen one."""
        spelt: dict[str, str] = {}
        postings = self._postings
        for w in words:
            if len(w) < 4 or w.isdigit() or w in spelt:
                continue
            keys = _keys(w)
            if any(k in postings for k, _ in keys if not k.startswith("p:")):
                continue
            sounds = w.translate(_VOWEL_CLASSES)
            found = self._by_vowels().get(sounds, ())
            if not found and len(w) >= _SLIP_STEM + 2:
                # a slip and another ending ("посилковые" beside "поселковая"): the indexed words that
                # sound the same but for their last two letters
                found = tuple(
                    f for f in self._by_vowel_stem().get(sounds[:_SLIP_STEM], ())
                    if abs(len(f) - len(w)) <= 1 and f.translate(_VOWEL_CLASSES)[:-2] == sounds[: len(f) - 2]
                    and f[: len(f) - 2] != w[: len(f) - 2]
                )
                if found:
                    stems = {f[:-2] for f in found if len(f) == len(w)} or {found[0][:-2]}
                    nearest_stem = min(stems, key=lambda st: (sum(a != b for a, b in zip(w, st)), st))
                    spelt[w] = next(f for f in found if f.startswith(nearest_stem))
                continue
            if not found:
                continue
            # the indexed word with the fewest letters changed; of forms of one word ("местная",
            # "местное") the one with the same ending; two different words as near: no telling
            slips = {f: sum(a != b for a, b in zip(w, f)) for f in found}
            fewest = min(slips.values())
            nearest = [f for f in found if slips[f] == fewest]
            if len({f[:-2] for f in nearest}) > 1:
                continue
            meant = next((f for f in nearest if f[-2:] == w[-2:]), nearest[0])
            if _not_an_ending_only(w, meant) or meant in _UNINFLECTED:
                spelt[w] = meant
        return spelt

    def _by_vowel_stem(self) -> dict[str, tuple[str, ...]]:
        """The indexed words of at least _SLIP_STEM + 2 letters by the first _SLIP_STEM letters of
        their sound (see _by_vowels)."""
        if self._vowel_stem_index is None:
            with _no_gc():  # (a large base's heap: the collector would walk it for nothing, as in _build)
                by_stem: dict[str, list[str]] = defaultdict(list)
                for w in self._vocab:
                    if len(w) >= _SLIP_STEM + 2:
                        by_stem[w.translate(_VOWEL_CLASSES)[:_SLIP_STEM]].append(w)
                self._vowel_stem_index = {k: tuple(v) for k, v in by_stem.items()}
        return self._vowel_stem_index

    def _by_vowels(self) -> dict[str, tuple[str, ...]]:
        """The indexed words by their letters with the vowels that sound alike made one (built on the
        first unseen word, not with the index: most questions have none)."""
        if self._vowel_index is None:
            with _no_gc():
                self._vowel_index = self._vowel_index_built()
        return self._vowel_index

    def _vowel_index_built(self) -> dict[str, tuple[str, ...]]:
        by_vowels: dict[str, list[str]] = defaultdict(list)
        # and the words the matcher knows without indexing them: "кагда", "зачим" are question words
        known = sorted(_UNINFLECTED)
        for w in chain(self._vocab, (k for k in known if "w:" + k not in self._postings)):
            if len(w) >= 4:
                by_vowels[w.translate(_VOWEL_CLASSES)].append(w)
        # chat spellings by what they stand for: "скака" as "скока", which is "сколько"
        for typed, meant in COLLOQUIAL.items():
            if len(typed) >= 4 and meant not in by_vowels[typed.translate(_VOWEL_CLASSES)]:
                by_vowels[typed.translate(_VOWEL_CLASSES)].append(meant)
        return {k: tuple(v[:3]) for k, v in by_vowels.items()}

    def _add_hits(self, key: str, worth: float, hits: dict[int, float], keys_hit: set[str]) -> float:
        """Raise each entry holding `key` to idf × worth in `hits`; return the key's idf (0 if unknown)."""
        postings = self._postings.get(key)
        if not postings:
            return 0.0
        idf = self._idf[key]
        keys_hit.add(key)
        value = idf * worth
        for i in postings:
            if value > hits.get(i, 0.0):
                hits[i] = value
        return idf

    def _word_hits(self, word: str) -> tuple[dict[int, float], float, frozenset[str]]:
        """For one question word: entry index -> best hit weight, the word's own weight, keys hit."""
        hits: dict[int, float] = {}
        keys_hit: set[str] = set()
        weight = 0.0
        for key, worth in _keys(word):
            weight = max(weight, self._add_hits(key, worth, hits, keys_hit))
        own_hit = any(k in keys_hit for k, _ in _keys(word) if not k.startswith("p:"))
        word_stem = strip_kyrgyz(word) if not own_hit and not word.isdigit() else word
        if word_stem == word and not own_hit and word.endswith(_POSSESSIVE_ACCUSATIVE):
            # the accusative "-н" after a possessive ("төрагасын", "председателин", "бюджетин"):
            # without it the possessive comes off as usual
            word_stem = strip_kyrgyz(word[:-1])
        if word_stem != word and len(word_stem) >= 5:
            # a suffix on a word the base has only bare ("президентпи", "президентке" beside
            # "Президент"): the bare word is indexed under its own key, not under a stem key, so
            # neither the word nor its stem was found (only, perhaps, its first five letters)
            weight = max(weight, self._add_hits("w:" + word_stem, _STEM, hits, keys_hit))
        if not hits and not word.isdigit():
            for near, worth in self._near_words(word):
                for key, key_worth in _keys(near):
                    weight = max(weight, self._add_hits(key, worth * key_worth, hits, keys_hit))
        if not hits and not word.isdigit():
            # a Russian verb with a prefix the base does not use ("зарегистрировать" beside
            # "регистрируют", "переизбрать" beside "избрать"): the word without it
            rest = _unprefixed(word)
            for key, worth in _keys(rest) if rest != word else ():
                weight = max(weight, self._add_hits(key, worth * _UNPREFIXED, hits, keys_hit))
        if not hits:
            weight = 0.0 if word.isdigit() else _OOV_WEIGHT
        return hits, weight, frozenset(keys_hit)

    def _unglued(self, words: list[str]) -> list[str]:
        """The words with a phrase of the base typed without its space ("аилокмоту", "кайрачакыруу",
        "жергиликтуукенеш") read as its two words: a word that splits into two known words which
        stand side by side in more of the base's entries (their bigram) than the word itself does.
        A few set look-ups per letter, and only for words no more common than a phrase can be."""
        result: list[str] = []
        for w in words:
            result.extend(self._glued_parts(w) or (w,))
        return result

    def _entries_with(self, word: str) -> int:
        return max((len(self._postings.get(k, ())) for k, _ in _keys(word) if not k.startswith("p:")), default=0)

    def _glued_parts(self, word: str) -> tuple[str, str] | None:
        if len(word) < _MIN_GLUED_PART + _MIN_GLUED_TAIL or word.isdigit():
            return None
        cached = self._glued_cache.get(word)
        if cached is not None:
            return cached or None
        found: tuple[str, str] | tuple[()] = ()
        own = self._entries_with(word)
        for cut in range(_MIN_GLUED_PART, len(word) - _MIN_GLUED_TAIL + 1):
            head, tail = word[:cut], word[cut:]
            if "w:" + head not in self._postings or not self._entries_with(tail):
                continue
            phrase = self._postings.get(f"b:{_stem5(head)}_{_stem5(tail)}", ())
            rare_ok = min(len(head), len(tail)) >= _LONG_GLUED_PART  # long words do not meet by chance
            if len(phrase) > own and (rare_ok or len(phrase) >= _MIN_GLUED_PHRASE_ENTRIES):
                found = (head, tail)
                break
        if len(self._glued_cache) < 50_000:
            self._glued_cache[word] = found
        return found or None

    # ---- decision -----------------------------------------------------------------------------

    def match(self, text: str) -> Match:
        text = _without_where_followup(text)
        found = self._match(text)
        if found.kind == "topic" and found.confidence < STORY_RECHECK_BELOW:
            # a story that matched one topic weakly on its words ("сосед говорит, что они бюджет
            # утверждают… Так что же решает кенеш?"): its question, matched on its own, may name
            # another topic clearly (one more match only: its narrowest part that still holds the
            # question, see _recheck_part)
            for part in _recheck_part(text):
                from_part = self._match(part)
                if from_part.kind == "topic" and from_part.confidence >= found.confidence + STORY_PART_MARGIN:
                    return Match(from_part.kind, from_part.topic, from_part.confidence, from_part.alternatives,
                                 found.lang, from_part.runner_up_score)  # fmt: skip
            return found
        if found.kind == "clarify":
            # two questions in one message tied between their topics ("кенеш утверждает бюджет? какие у
            # кенеша полномочия"): the last one, which sums the message up, chooses among the tied topics
            for part in _recheck_part(text):
                from_part = self._match(part)
                if from_part.kind == "topic" and from_part.topic in found.alternatives:
                    return Match(from_part.kind, from_part.topic, from_part.confidence, from_part.alternatives,
                                 found.lang, from_part.runner_up_score)  # fmt: skip
            return found
        if found.kind != "decline":
            return found
        # a story around the question ("Я живу в Токмоке… Кто у нас решает, кто будет мэром?"): the
        # question is mostly in its last sentences, which the story's words drown; they are matched
        # on their own, with the same thresholds
        for part in _story_parts(text):
            from_part = self._match(part)
            if from_part.kind == "topic":
                return Match(from_part.kind, from_part.topic, from_part.confidence, from_part.alternatives, found.lang,
                             from_part.runner_up_score)  # fmt: skip
        return found

    def _match(self, text: str) -> Match:
        lang = detect_language(text)
        all_words = self._unglued(match_tokens(text))
        words = self._unglued(_content_words(text))
        spelt = self._vowel_spellings(words) if lang != "ky" else {}
        if spelt:
            # "айылный кинеш", "закан 2021 гада": the word meant, for every rule below (the body
            # named, a year as a time, the law named), not only for the look-up
            all_words = [spelt.get(w, w) for w in all_words]
            words = [spelt.get(w, w) for w in words if spelt.get(w, w) not in lexicon.FILLER]
        slips = _year_word_slips(all_words)
        if slips:
            # "2010 огда", "2010 гдоа": the word after a year is "года" with its letters slipped
            all_words = [slips.get(w, w) for w in all_words]
            words = [slips.get(w, w) for w in words]
        if (
            _names_only_past_years(all_words)
            and not any(w in lexicon.FORMER_WORDS or w in lexicon.NOW_WORDS for w in all_words)
            and not _documents_named(words)
        ):
            # "в 2014 году как выбирали мэра": a year before today's law asks about the former rule,
            # as "раньше" / "мурда" would (a year the base does not know counts for nothing); not
            # "2010-жылкы конституция" (a document's name) nor "в 2018 было…, а сейчас"
            words.append("мурда" if lang == "ky" else "раньше")
        words = _without_law_of_a_period(words, all_words)
        words = _without_yes_no_tag(words, all_words)
        words = _without_which_article(words, all_words)
        words = _without_told_figures(words, all_words)
        guessed = _guessed_answer(text)
        if guessed:
            # the answer the resident guesses is checked by answering the question, not matched
            words = [w for w in words if w not in guessed] or words
        if _body_kind_asked(all_words):
            # "мэрия это орган МСУ или государства": the kinds offered are the question's options, and
            # the long name of self-government would pull it to the system's topics; what is asked
            # is what the body is
            words = [w for w in words if not _is_kind_word(w)] or words
        cue = _purpose_cue_words(all_words)
        if cue:
            # "айыл окмоту зачем нужен": the cue asks what the thing is; its words ("зачем", "нужен")
            # are the question's form, and as rare words they would pull it to any topic that has them
            words = [w for w in words if w not in cue] or words
        small_talk = lexicon.GREETINGS | lexicon.THANKS | lexicon.FUNCTION_WORDS
        if not words or all(w in small_talk for w in words):  # "привет, как дела?"
            if any(w in lexicon.THANKS_CORE for w in all_words):
                return Match("thanks", None, 1.0, (), lang)
            if any(w in lexicon.GREETINGS for w in all_words):
                return Match("greeting", None, 1.0, (), lang)
            return Match("decline", None, 0.0, (), lang)
        if self._is_national_parliament(all_words) or (
            _starts_with_any(words, lexicon.FOREIGN_ROOTS) and not _foreign_citizen_standing_here(words)
        ):
            return Match("decline", None, 0.0, (), lang)

        total = 0.0
        oov_counted = 0
        content_matched = False
        per_word: list[tuple[dict[int, float], float, frozenset[str]]] = []
        coverage: dict[int, float] = defaultdict(float)
        years_as_time = _years_as_time(all_words)
        places = (
            self.place_words(" ".join(all_words))
            if self.place_words is not None and _is_story_message(text, words)
            else frozenset()
        )
        for w in dict.fromkeys(words):  # a repeated word counts once
            hits, weight, keys_hit = self._word_hits(w)
            if not hits:
                if weight == 0.0 or oov_counted >= _MAX_OOV_COUNTED:
                    continue
                oov_counted += 1
            factor = 1.0
            if _is_function_word(w):
                factor = _FUNCTION_FACTOR
            elif w.isdigit():
                # a year, or a figure the editors made a keyword ("8651" deputies in 2018): the number
                # names what is asked; other numbers (a population) are the question's own data
                factor = 1.0 if _is_year(w) or "w:" + w in self._keyword_keys else _DIGIT_FACTOR
                if _is_year(w) and w in years_as_time:
                    factor = YEAR_AS_TIME_FACTOR
            elif hits and (keys_hit & {k for k, _ in _keys(w)} or len(w) >= 6):
                # evidence: the word itself (or its stem) is indexed, or a long word is a near miss;
                # a short word that only resembles an indexed one is not
                content_matched = True
            if w in places and factor == 1.0:
                factor = PLACE_FACTOR
            if factor != 1.0:
                weight *= factor
                hits = {i: v * factor for i, v in hits.items()}
            total += weight
            per_word.append((hits, weight, keys_hit))
            for i, value in hits.items():
                coverage[i] += value
        for key in dict.fromkeys(_bigram_keys(words)):
            postings = self._postings.get(key)
            if postings:  # a known phrase adds weight; an unknown one costs nothing
                value = self._idf[key] * BIGRAM_FACTOR
                total += value
                hits = {i: value for i in postings}
                per_word.append((hits, value, frozenset((key,))))
                for i in postings:
                    coverage[i] += value
        if not coverage or total <= 0 or not content_matched:
            return Match("decline", None, 0.0, (), lang)

        candidates = sorted(coverage, key=coverage.__getitem__, reverse=True)[:_CANDIDATES]
        defined = _defined_terms(all_words)
        for key in (k for w in defined for k in _key_names(w)):
            candidates.extend(i for i in self._definers_by_key.get(key, ()) if i in coverage and i not in candidates)
        scored = sorted(
            ((self._score(i, coverage[i], total, per_word), i) for i in candidates), reverse=True
        )
        asked_years = _document_years(all_words)
        if not asked_years and any(w in lexicon.CURRENT_WORDS for w in all_words):
            # "жаңы Конституция", "действующий закон": the latest of the dated candidates of the same
            # group as the best dated one (constitution-2021 over constitution-2010, not a 2029 election)
            first = next((i for _, i in scored if self._own_years[i]), None)
            if first is not None:
                dated = {y for _, i in scored if self._groups[i] == self._groups[first] for y in self._own_years[i]}
                asked_years = {max(dated)} if len(dated) > 1 else set()
        if asked_years:
            scored = self._prefer_named_years(scored, asked_years)
        asked_bodies = _bodies_named(words)
        if asked_bodies:
            scored = self._prefer_named_bodies(scored, asked_bodies)
        asked_kinds = _asked_kinds(all_words)
        if len(asked_kinds) == 1:
            scored = self._prefer_asked_kind(scored, asked_kinds)
        if _asks_term(all_words):
            scored = self._prefer_term_topics(scored)
        if _asks_where_to_complain(all_words):
            scored = self._prefer_where_topics(scored)
        definers = self._definers(scored, defined)
        if definers:
            scored = sorted(((s if i in definers else s * DEFINITION_FACTOR, i) for s, i in scored), reverse=True)
        subject = _defined_body(all_words)
        if subject:
            # "аким это кто и чем он отличается от главы айыл окмоту": of the bodies named, the one
            # the question defines is what it is about
            scored = self._prefer_named_bodies(scored, subject)
        scored = self._lower_unnamed_documents(scored, _documents_named(words), _document_years(all_words))
        if _names_current_law(all_words) and not _documents_named(all_words):
            # "азыркы мыйзам кайсы", "жаңы закон качан кабыл алынган": today's law, not the Constitution
            # that the words for "current" would otherwise prefer (above)
            scored = self._lower_documents(scored)
        best_score, best = scored[0]
        runner_ups = tuple(self._ids[i] for _, i in scored[1:3])
        # an everyday word decides only in a short message; a long story may mention the internet
        everyday = _without_idioms(words, all_words)
        off_topic = len(words) <= _SHORT_MESSAGE and (
            any(w in lexicon.OFF_TOPIC_WORDS for w in everyday)
            or _starts_with_any(everyday, lexicon.OFF_TOPIC_ROOTS)
            or (
                _starts_with_any(everyday, lexicon.OFF_TOPIC_UNLESS_LOCAL_ROOTS)
                and not _starts_with_any(words, lexicon.LOCAL_BODY_ROOTS)
            )
        )
        # a long message that matches many words of one entry is about it even if the story
        # around it keeps the share low
        well_covered = coverage[best] >= LONG_MATCHED_WEIGHT and best_score >= LONG_DECLINE_BELOW
        # a misspelt word ("регеонов") anchors through the indexed word it was matched to
        unanchored = not _starts_with_any(words, lexicon.LSG_ROOTS) and not any(
            key[2:].startswith(lexicon.LSG_ROOTS) for _, _, keys in per_word for key in keys
        )
        if (
            (best_score < (DEFINED_DECLINE_BELOW if best in definers else DECLINE_BELOW) and not well_covered)
            or (off_topic and best_score < OFF_TOPIC_DECLINE_BELOW)
            or (unanchored and best_score < UNANCHORED_DECLINE_BELOW)
        ):
            return Match("decline", None, round(best_score, 3), (self._ids[best],) + runner_ups, lang)
        if len(scored) > 1 and best_score - scored[1][0] < CLARIFY_MARGIN:
            tied = [(s, i) for s, i in scored[:3] if best_score - s < CLARIFY_MARGIN]
            counter = self._the_count_asked(tied, all_words)
            if counter is not None:
                # "сколько городов и айыльных аймаков после реформы": of the topics tied, the one
                # whose titles ask "how many" answers a question that asks how many
                rest = tuple(self._ids[i] for _, i in scored[:3] if i != counter)
                return Match("topic", self._ids[counter], round(min(best_score, 1.0), 3), rest, lang,
                             round(scored[1][0], 3))  # fmt: skip
            return Match("clarify", None, round(best_score, 3), tuple(self._ids[i] for _, i in tied), lang)
        second = scored[1][0] if len(scored) > 1 else 0.0
        return Match("topic", self._ids[best], round(min(best_score, 1.0), 3), runner_ups, lang, round(second, 3))

    def _score(
        self,
        i: int,
        entry_coverage: float,
        total: float,
        per_word: list[tuple[dict[int, float], float, frozenset[str]]],
    ) -> float:
        cover = entry_coverage / total
        # the best single example questions: share of the question's weight found in each; the
        # second best breaks ties between entries that both have one good example
        examples = self._entry_examples(i)
        question_postings = examples.postings
        got: dict[int, float] = defaultdict(float)
        on_topic = 0.0
        topic_keys = self._topic_keys[i]
        for hits, _weight, keys_hit in per_word:
            value = hits.get(i)
            if value is None:
                continue
            in_questions: set[int] = set()
            for key in keys_hit:
                in_questions.update(question_postings.get(key, ()))
            for q in in_questions:
                got[q] += value
            if not keys_hit.isdisjoint(topic_keys):
                on_topic += value
        best_q = second_q = 0.0
        weights = examples.weights
        for q, matched in got.items():
            # mostly: how much of the message this example explains; a little: how much of the
            # example the message explains (a tighter example wins a tie)
            precision = min(1.0, matched / weights[q]) if weights[q] else 0.0
            share = matched / total * (0.85 + 0.15 * precision) * examples.factors[q]
            if share > best_q:
                best_q, second_q = share, best_q
            elif share > second_q:
                second_q = share
        wc, wq, ws, wt = SCORE_WEIGHTS
        return wc * cover + wq * best_q + ws * second_q + wt * on_topic / total

    def _the_count_asked(self, tied: list[tuple[float, int]], all_words: list[str]) -> int | None:
        """Of nearly tied candidates, the only one whose titles ask "how many" (not how long, not
        when), when the question asks how many; otherwise None."""
        if not any(w in _COUNT_WORDS for w in all_words) or _asked_kinds(all_words) & _BOTH_KINDS:
            return None
        counters = [i for _, i in tied if _titles_ask_count(tuple(t for t in self._entries[i].title.values() if t))]
        return counters[0] if len(counters) == 1 else None

    def _prefer_named_years(self, scored: list[tuple[float, int]], asked: set[str]) -> list[tuple[float, int]]:
        """Among candidates about a dated document (constitution-2010, constitution-2021), the one of the
        year the question names wins over the others: their scores are lowered."""
        if not any(self._own_years[i] & asked for _, i in scored):
            return scored
        return sorted(
            (
                (s * YEAR_CONFLICT_FACTOR if self._own_years[i] and not self._own_years[i] & asked else s, i)
                for s, i in scored
            ),
            reverse=True,
        )

    def _prefer_named_bodies(self, scored: list[tuple[float, int]], asked: frozenset[str]) -> list[tuple[float, int]]:
        """Candidates whose titles are about another body than the one(s) the question names are lowered."""
        return sorted(
            (
                (s * BODY_CONFLICT_FACTOR if self._title_bodies[i] and not self._title_bodies[i] & asked else s, i)
                for s, i in scored
            ),
            reverse=True,
        )

    def _prefer_asked_kind(self, scored: list[tuple[float, int]], asked: frozenset[str]) -> list[tuple[float, int]]:
        """Candidates whose titles ask another kind of question ("when" for "how long") are lowered."""
        return sorted(
            (
                (s * ASKED_KIND_FACTOR if self._title_kinds[i] and not self._title_kinds[i] & asked else s, i)
                for s, i in scored
            ),
            reverse=True,
        )

    def _prefer_term_topics(self, scored: list[tuple[float, int]]) -> list[tuple[float, int]]:
        """For "на сколько избирают", "канча жылга шайланат": when a candidate's titles ask how long,
        the candidates whose titles ask nothing of the kind are lowered (the term of an office is the
        question, not who fills it)."""
        if not any("duration" in self._title_kinds[i] for _, i in scored[:_CANDIDATES]):
            return scored
        return sorted(
            ((s if "duration" in self._title_kinds[i] else s * TERM_ASKED_FACTOR, i) for s, i in scored), reverse=True
        )

    def _prefer_where_topics(self, scored: list[tuple[float, int]]) -> list[tuple[float, int]]:
        """For "кайда арыздансам болот", "куда жаловаться": when a candidate's titles ask where, the
        candidates whose titles do not are lowered."""
        where = [titles_ask_where(self._entries[i]) for _, i in scored]
        if not any(where[:_CANDIDATES]):
            return scored
        return sorted(
            ((s if asks else s * WHERE_ASKED_FACTOR, i) for (s, i), asks in zip(scored, where)), reverse=True
        )

    def _definers(self, scored: list[tuple[float, int]], terms: tuple[str, ...]) -> set[int]:
        """The candidates whose title asks what a thing is and whose titles or keywords name the term
        the question asks to define."""
        if not terms:
            return set()
        term_keys = {k for w in terms for k in _key_names(w)}
        return {i for _, i in scored if self._title_defines[i] and not term_keys.isdisjoint(self._topic_keys[i])}

    def _lower_unnamed_documents(
        self, scored: list[tuple[float, int]], named: frozenset[str], years: set[str]
    ) -> list[tuple[float, int]]:
        """Candidates about a document the question does not name are lowered when it names a year of
        another time than theirs."""
        if not years or not any(self._title_documents[i] for _, i in scored):
            return scored
        return sorted(
            (
                (
                    s * DOCUMENT_UNNAMED_FACTOR
                    if self._title_documents[i] and not self._title_documents[i] & named and not self._own_years[i] & years
                    else s,
                    i,
                )
                for s, i in scored
            ),
            reverse=True,
        )

    def _lower_documents(self, scored: list[tuple[float, int]]) -> list[tuple[float, int]]:
        """Candidates whose titles name a kind of document (the Constitution) are lowered."""
        if not any(self._title_documents[i] for _, i in scored):
            return scored
        return sorted(
            ((s * DOCUMENT_UNNAMED_FACTOR if self._title_documents[i] else s, i) for s, i in scored), reverse=True
        )

    @staticmethod
    def _is_national_parliament(words: list[str]) -> bool:
        """About Jogorku Kenesh (and not also about a local kenesh, mayor, aiyl okmotu…)."""
        national = False
        rest: list[str] = []
        skip = False
        for j, w in enumerate(words):
            if skip:
                skip = False
                continue
            if _is_jogorku(w) and j + 1 < len(words) and _is_kenesh(words[j + 1]):
                national, skip = True, True
            elif w == "жк" or w.startswith("парламент") or _is_parliament_slip(w):
                national = True
            else:
                rest.append(w)
        return (
            national
            and not any(w in lexicon.LOCAL_LEVEL for w in rest)
            and not _starts_with_any(rest, lexicon.NATIONAL_PARLIAMENT_TOPIC_ROOTS)
        )


# The national parliament's name typed with one slip of the thumb ("Жогроку", "Жгоорку", "Жогрку
# Кенш", "парлменттин"): one edit (a swap counts as one) from the folded word, and only before a word
# that is "кеңеш" with at most one slip, so "жогорку билим" stays higher education.
@lru_cache(maxsize=50_000)
def _is_jogorku(word: str) -> bool:
    return word == "жогорку" or (len(word) >= 6 and OSA.distance(word, "жогорку", score_cutoff=1) <= 1)


@lru_cache(maxsize=50_000)
def _is_kenesh(word: str) -> bool:
    return word.startswith("кене") or any(OSA.distance(word[:n], "кенеш", score_cutoff=1) <= 1 for n in (4, 5, 6))


@lru_cache(maxsize=50_000)
def _is_parliament_slip(word: str) -> bool:
    return len(word) >= 8 and any(OSA.distance(word[:n], "парламент", score_cutoff=1) <= 1 for n in (8, 9, 10))


_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


_BOUND_BEFORE = frozenset(("до", "после", "с", "со", "от", "since", "before", "after"))
_BOUND_AFTER = frozenset(("чеин", "кин", "тартип", "баштап"))  # folded чейин, кийин, тартып, баштап


# "2018-жылы", "в 2018 году", "2018 жылда": when something was, not a dated document ("2010-жылкы
# Конституция", "Конституция 2010 года")
_TIME_AFTER_YEAR = frozenset(("жили", "жилда", "году"))


def _years_as_time(all_words: list[str]) -> frozenset[str]:
    """The years a question names only as a time (each of their mentions followed by "жылы", "году")."""
    as_time = {w for w, n in zip(all_words, all_words[1:]) if _is_year(w) and n in _TIME_AFTER_YEAR}
    other = {w for j, w in enumerate(all_words) if _is_year(w) and (j + 1 == len(all_words) or all_words[j + 1] not in _TIME_AFTER_YEAR)}
    return frozenset(as_time - other)


def _document_years(all_words: list[str]) -> set[str]:
    """Years the question names as a document's or an event's ("2021-жылкы конституция"), not as a
    bound of a period ("до 2021 года", "2021-жылга чейин", "после 2024"): those ask about another time."""
    years = set()
    for j, w in enumerate(all_words):
        if not _is_year(w):
            continue
        if j > 0 and all_words[j - 1] in _BOUND_BEFORE:
            continue
        if any(n in _BOUND_AFTER for n in all_words[j + 1 : j + 3]):
            continue
        years.add(w)
    return years


def _own_years(entry: Entry) -> frozenset[str]:
    """The years an entry is about by name: in its id, titles or keywords (constitution-2010)."""
    texts = [entry.id, *entry.title.values(), *(k for ks in entry.keywords.values() for k in ks)]
    # one search over the texts joined by spaces finds the same years (a year is digits only)
    return frozenset(_YEAR_IN_TEXT.findall(" ".join(map(str, texts))))


@lru_cache(maxsize=200_000)
def _word_bodies(word: str) -> frozenset[str]:
    if word in lexicon.NOT_BODY_WORDS:
        return frozenset()
    return frozenset(body for body, roots in lexicon.BODY_ROOTS.items() if word.startswith(roots))


# "главу айыл окмоту кто назначает, аким района?": a short last clause after the question, naming a
# body, is the answer the resident guesses (or the choice offered: "…, аким или кенеш?"), not what the
# question is about (the head of the aiyl okmotu, not the akim). A dash counts only with a space before
# it: "айыл-окмоту?" is one name.
_GUESS_CLAUSE = re.compile(r"(?:,|\s[—–-])\s*([^,?—–]+)\?\s*$")
_WHO_WORDS = frozenset(("кто", "ким", "кем", "кимдер"))
_MAX_GUESS_WORDS = 3


# ... and so is a date closing a when-question ("когда были последние выборы, в ноябре 2024?")
_WHEN_WORDS = frozenset(("когда", "качан"))
_MONTH_ROOTS = ("январ", "феврал", "март", "апрел", "мая", "маи", "июн", "июл", "август", "сентябр", "октябр",
                "ноябр", "декабр")  # fmt: skip


# the words a date is written with besides its numbers and month (folded): "в 2021 году", "2028-жылы", "2028де"
_DATE_WORDS = frozenset(("год", "года", "году", "г", "жил", "жили", "жилда", "жилга", "де", "да", "те", "та"))


def _is_date_word(word: str) -> bool:
    return _is_year(word) or word in _DATE_WORDS or word.startswith(_MONTH_ROOTS) or (word.isdigit() and int(word) <= 31)


def _guessed_answer(text: str) -> frozenset[str]:
    """The folded words of a guessed answer closing a who- or when-question, or nothing."""
    found = _GUESS_CLAUSE.search(text)
    if found is None:
        return frozenset()
    clause = match_tokens(found.group(1))
    if not clause or len(clause) > _MAX_GUESS_WORDS:
        return frozenset()
    # the question is the sentence the clause closes ("Эч ким таштанды чыгарбайт. …, мэрия угабы?" asks
    # no who-question), and "эч ким" / "никто" is nobody, not who
    sentences = [p for p in _SENTENCE_END.split(text[: found.start()].strip()) if p.strip()]
    before = match_tokens(sentences[-1]) if sentences else []
    before = [w for j, w in enumerate(before) if not (j and before[j - 1] in ("еч", "ни"))]
    if _bodies_named(clause) and any(w in _WHO_WORDS for w in before):
        return frozenset(clause)
    dated = [w for w in clause if w not in lexicon.FILLER]
    if dated and all(map(_is_date_word, dated)) and any(w in _WHEN_WORDS for w in before):
        return frozenset(clause)
    return frozenset()


def _bodies_named(words) -> frozenset[str]:
    """The kinds of body (lexicon.BODY_ROOTS) that folded words name."""
    return frozenset().union(*map(_word_bodies, words))


# "аким это кто", "кто такой аким", "мэрия деген эмне", "что такое айыл окмоту": a question that asks
# what a body is, folded; the body is the word before "это"/"деген" or the words after the cue.
_DEFINING_AFTER = frozenset(("ето", "деген"))  # "аким это кто", "мэрия деген эмне"
_DEFINING_ASKS = frozenset(("кто", "что", "ким", "емне", "такои", "такая", "такое", "такие"))
_DEFINING_BEFORE = (("кто", "такои"), ("кто", "такая"), ("кто", "такие"), ("что", "такое"))


def _defined_terms(all_words: list[str]) -> tuple[str, ...]:
    """The word a definitional question asks to define, next to its cue ("мсу" in "МСУ деген эмне",
    "мерия" in "что такое мэрия"; the head of a phrase, not its modifiers: "став" of "что такое став
    местного сообщества"), or nothing."""
    def content(words: list[str]) -> tuple[str, ...]:
        return tuple(t for t in words if t not in lexicon.FILLER and not _is_function_word(t))[:1]

    for j, w in enumerate(all_words):
        after = all_words[j + 1 : j + 3]
        # "аким деген ким", "кто такой полпред": an office is defined by who holds it
        if j > 0 and (
            (w == "деген" and ("емне" in after or after[:1] == ["ким"]))
            or (w == "ето" and ("что" in after or "такое" in after))
        ):
            return content(all_words[max(0, j - 2) : j][::-1])
        if (w, *after[:1]) in (("что", "такое"), ("кто", "такои"), ("кто", "такая"), ("что", "значит"),
                               ("что", "означает")):
            return content(all_words[j + 2 : j + 4])
        purpose = _purpose_cue(all_words, j)
        if purpose:
            # "айыл окмоту зачем нужен", "для чего нужен кенеш", "аким эмне үчүн керек": what a thing
            # is for is what it is; the thing is named before the cue or right after it
            return content(all_words[max(0, j - 2) : j][::-1]) or content(all_words[j + purpose : j + purpose + 3])
    body_word = _body_kind_asked(all_words)
    return (body_word,) if body_word else ()


# "what is it for" (folded): зачем нужен / для чего нужен / эмне үчүн керек / эмнеге керек / кереги эмне
_NEED_WORDS = frozenset(("нужен", "нужна", "нужно", "нужни", "керек"))
_PURPOSE_CUES = (("зачем",), ("для", "чего"), ("емне", "учун"), ("емнеге",))


def _purpose_cue(all_words: list[str], j: int) -> int:
    """The length of a "what is it for" cue starting at word j, need word included, or 0."""
    if all_words[j] == "кереги" and all_words[j + 1 : j + 2] == ["емне"]:
        return 2
    for cue in _PURPOSE_CUES:
        n = len(cue)
        if tuple(all_words[j : j + n]) == cue and all_words[j + n : j + n + 1] and all_words[j + n] in _NEED_WORDS:
            return n + 1
    return 0


def _purpose_cue_words(all_words: list[str]) -> frozenset[str]:
    """The words of the first "what is it for" cue of a question (see _purpose_cue), or nothing."""
    for j in range(len(all_words)):
        n = _purpose_cue(all_words, j)
        if n:
            return frozenset(all_words[j : j + n])
    return frozenset()


# "айыл өкмөтү мамлекеттик органбы же ЖӨБ органыбы", "мэрия это госорган или самоуправление", "кеңеш
# орган государства или МСУ": a question that asks what kind of body a body is (of the state or of
# local self-government) asks what that body is, whatever the long name of self-government around it
# adds. Folded words: the state's word and, within two words of it, "орган" asked as a question or named
# as the body's kind; not "мамлекеттик органдарга отчет берет" (to the state bodies) nor "перед
# госорганами".
_STATE_ROOTS = ("мамлекет", "государств", "гос")
_ORGAN_ASKED = frozenset(("орган", "органом", "органби", "органиби", "органбу", "органпи", "органпу", "органи",
                          "биликпи", "биликби"))  # "мамлекеттик бийликпи": state power?
_STATE_BODY_WORDS = frozenset(("госорган", "госорганом", "госорганби", "госорганпи", "мамлекетикпи", "мамлекетикби"))


# the words that name the kinds offered: the state, a body, self-government by its long or short name, or
# "local power" ("жергиликтүү бийлик": "бийлик" folds to "билик")
_KIND_WORD_ROOTS = ("мамлекет", "государств", "госорган", "орган", "самоуправлен", "жергиликт", "алдинча",
                    "башкару", "мсу", "жоб", "местн", "власт", "бииликт", "бииликпи", "билик")  # fmt: skip


# "органбы?", "органпы?", "органыбы?" (folded): "is it a body…", asked of the body the question names
_ORGAN_QUESTION = frozenset(("органби", "органпи", "органиби", "органипи", "органбу", "органпу"))
# a council offered as the other kind ("кеңешпи же аткаруу органыбы", "совет или орган"): a kind, not a
# second body the question is about
_COUNCIL_KIND = frozenset(("кенешпи", "кенешби", "кенешпу", "советпи", "совет", "советом"))
_OR = frozenset(("или", "же", "либо"))


def _is_kind_word(word: str) -> bool:
    return word.startswith(_KIND_WORD_ROOTS) or word in ("оз", "гос") or word in _COUNCIL_KIND


def _body_kind_asked(all_words: list[str]) -> str | None:
    """The word naming the body whose kind (state or self-government, a council or an executive body)
    the question asks, or None."""
    asked = any(w in _STATE_BODY_WORDS or w in _ORGAN_QUESTION for w in all_words) or any(
        (w.startswith(_STATE_ROOTS) and (any(n in _ORGAN_ASKED for n in all_words[max(0, j - 2) : j + 3])
                                         or (j > 0 and all_words[j - 1] == "или" and w.startswith("государств"))))
        # "это совет или исполнительный орган": one kind of body offered after "or" (not "одно и то
        # же или разные органы", which compares the bodies named)
        or (w in ("орган", "органом") and any(n in _OR for n in all_words[max(0, j - 3) : j]))
        for j, w in enumerate(all_words)
    )  # fmt: skip
    if not asked:
        return None
    return next((w for w in all_words if _word_bodies(w) and w not in _COUNCIL_KIND), None)


def _defined_body(all_words: list[str]) -> frozenset[str]:
    """The kind of body (lexicon.BODY_ROOTS) a definitional question asks about, or nothing."""
    for j, w in enumerate(all_words):
        if w in _DEFINING_AFTER and j > 0 and any(n in _DEFINING_ASKS for n in all_words[j + 1 : j + 3]):
            # "айыл окмоту это что": the body may be named by its last word or the one before
            found = _word_bodies(all_words[j - 1]) or (_word_bodies(all_words[j - 2]) if j > 1 else frozenset())
            if found:
                return found
        if tuple(all_words[j : j + 2]) in _DEFINING_BEFORE:
            found = frozenset().union(*map(_word_bodies, all_words[j + 2 : j + 4]))
            if found:
                return found
        purpose = _purpose_cue(all_words, j)
        if purpose:
            # "айыл окмоту зачем нужен", "для чего нужен айыльный кенеш"
            found = frozenset().union(*map(_word_bodies, all_words[max(0, j - 2) : j])) or frozenset().union(
                *map(_word_bodies, all_words[j + purpose : j + purpose + 3])
            )
            if found:
                return found
    body_word = _body_kind_asked(all_words)
    return _word_bodies(body_word) if body_word else frozenset()


# Kinds of question by their folded question words: "how long" (a term in years) and "when" (a date,
# a year). A term or a deadline ("срок", "мөөнөт", "канча күндө") answers both: "когда ответят" is
# asked of a deadline in days.
_BOTH_KINDS = frozenset(("duration", "when"))
# срок, сроки…; мөөнөт, мөөнөтү… (folded), and мөөнтү, мөнөтү as they are typed
_KIND_ROOTS = (("срок", _BOTH_KINDS), ("монот", _BOTH_KINDS), ("монту", _BOTH_KINDS))
_HOW = "how"
_KIND_WORDS = {"когда": frozenset(("when",)), "качан": frozenset(("when",)),
               # "how" (a procedure): "как проводятся выборы" asks no date, so it lowers the topics whose
               # titles ask when or how long; it counts only alone ("как долго" asks how long), and a
               # title asking "how" is no reason to lower it ("сколько лет кандидату", "Как избирают…")
               "кантип": frozenset((_HOW,)), "как": frozenset((_HOW,))}
# a word followed (within two words) by one of the words after it
_KIND_PAIRS = {
    "сколко": (("лет", "год", "года", "месяцев"), frozenset(("duration",))),
    "канча": (("жил", "жилга", "аи", "жли", "жилдик"), frozenset(("duration",))),  # "жлы": a slip
    # "на сколько избирают": the term, whatever follows ("на сколько лет" is also caught by "сколко")
    "на": (("сколко",), frozenset(("duration",))),
    "как": (("долго",), frozenset(("duration",))),
    "каком": (("году",), frozenset(("when",))),
    "каиси": (("жили", "жилдан"), frozenset(("when",))),
}
_DAYS = frozenset(("днеи", "дня", "кун", "кунду", "кундо", "кунде"))


# "на сколько (лет) избирают", "канча жылга шайланат", "на какой срок": the term of an office. Not
# "сколько лет" alone, which as often asks an age or years of service.
_TERM_PAIRS = (("на", "сколко"), ("канча", "жилга"), ("на", "какои", "срок"), ("канча", "монотко"))


# "по старому закону", "при новом законе", "мурунку мыйзам боюнча", "жаңы мыйзамда": the law of a
# period (qa.question reads which period); its words are no evidence of the topic, and "закон" and
# "старый" would pull the question to the few topics whose examples happen to have them.
_PERIOD_ADJECTIVES = ("стар", "прежн", "бивш", "нов", "деиствующ", "нинешн", "мурун", "мурда", "ески", "жани",
                      "азирки", "учурдаги", "колдонуудаги")  # fmt: skip
_LAW_WORDS = ("закон", "мизам")
_BEFORE_A_LAW = frozenset(("по", "при", "в", "во", "согласно", "до", "после"))


# The two LSG laws by number: "по закону 101", "101-мыйзам боюнча", "№123 мыйзамда" name the law of a
# period as "по старому закону" does (folded "№101" is "но101")
_LAW_NUMBERS = frozenset(("101", "123", "но101", "но123"))
_FORMER_LAW_NAMES = frozenset(("101", "но101"))
_FORMER_ADJECTIVES = ("стар", "прежн", "бивш", "мурун", "мурда", "ески")


def _without_law_of_a_period(words: list[str], all_words: list[str]) -> list[str]:
    """The content words without the phrase that names the law of a period, when there is one."""
    dropped: set[str] = set()
    for j, law in enumerate(all_words):
        if not law.startswith(_LAW_WORDS):
            continue
        before = all_words[j - 1] if j > 0 else ""
        after = all_words[j + 1] if j + 1 < len(all_words) else ""
        if after in _LAW_NUMBERS and before in _BEFORE_A_LAW:
            dropped.update((law, after))
        elif before in _LAW_NUMBERS and (
            all_words[j + 1 : j + 2] == ["боюнча"] or law.endswith(("да", "де", "та", "те"))
        ):
            dropped.update((law, before, "боюнча"))  # "боюнча" would pull "Конституция боюнча" topics
    for j in range(1, len(all_words)):
        law, adjective = all_words[j], all_words[j - 1]
        if not (law.startswith(_LAW_WORDS) and adjective.startswith(_PERIOD_ADJECTIVES)):
            continue
        after = all_words[j + 1] if j + 1 < len(all_words) else ""
        by_preposition = j > 1 and all_words[j - 2] in _BEFORE_A_LAW
        by_kyrgyz_case = after == "боюнча" or law.endswith(("да", "де", "та", "те"))
        if by_preposition or by_kyrgyz_case:
            dropped.update((law, adjective, "боюнча") if after == "боюнча" else (law, adjective))
    if not dropped:
        return words
    kept = [w for w in words if w not in dropped]
    if any(w in _FORMER_LAW_NAMES or w.startswith(_FORMER_ADJECTIVES) for w in dropped) and not any(
        w in lexicon.FORMER_WORDS for w in kept
    ):
        # the former law was named: that is evidence of the former rule, as "мурда" / "раньше" is
        kept.append("мурда" if any(w.startswith("мизам") for w in dropped) else "раньше")
    return kept


# "кайсы берене", "какая статья", "по какой статье": which article sets a rule (folded)
_WHICH_ARTICLE_WHICH = frozenset(("каиси", "какои", "какая", "какую", "какои", "какие"))
_ARTICLE_ROOTS = ("берене", "стат")


def _without_which_article(words: list[str], all_words: list[str]) -> list[str]:
    """"мэрди 123-мыйзамдын кайсы беренеси менен дайындашат", "по какой статье закона назначают мэра":
    which article sets a topic's rule asks about that rule (its answer cites the article), not about
    the law as a whole. The phrase (which, article, the law and its number) is dropped when a topic's
    own words remain."""
    dropped: set[str] = set()
    for j in range(len(all_words) - 1):
        if all_words[j] in _WHICH_ARTICLE_WHICH and all_words[j + 1].startswith(_ARTICLE_ROOTS):
            dropped.add(all_words[j + 1])
            around = all_words[max(0, j - 2) : j] + all_words[j + 2 : j + 4]
            dropped.update(w for w in around if w.startswith(_LAW_WORDS) or w in _LAW_NUMBERS)
    if not dropped:
        return words
    kept = [w for w in words if w not in dropped]
    return kept if len(kept) >= 2 else words


_TRUE_ROOTS = ("туура", "чынб", "правд", "верно")  # "туурабы", "чынбы", "правда ли", "верно": is it true


def _checks_a_figure(word: str) -> bool:
    """"болдубу", "болуп калдыбы", "стало ли": the question checks the figure it tells (folded)."""
    return word == "ли" or (word.startswith(("бол", "калд")) and word.endswith(("би", "бу", "пи", "пу")))


def _without_told_figures(words: list[str], all_words: list[str]) -> list[str]:
    """"452 айыл аймагы 231 болуп калыптыр, бириккен айылдарга эмне өзгөрөт": figures the question tells
    (not years, not a law's number) are its premise when it asks no count and says no "is it true"; the
    topic is what it asks about them, not the figures topic that lists those numbers."""
    told = [w for w in words if w.isdigit() and len(w) == 3 and w not in _LAW_NUMBERS]
    if not told or any(w in _COUNT_WORDS or w.startswith(_TRUE_ROOTS) or _checks_a_figure(w) for w in all_words):
        return words
    kept = [w for w in words if w not in told]
    return kept if len(kept) >= 3 else words


# "where" and "to whom" (folded): кайда, куда, кимге, кому
_WHERE_WORDS = frozenset(("каида", "куда", "кимге", "кому"))


# "which body" asks where as well: кайсы органга, в какой орган, какая инстанция (folded)
_WHICH_WORDS = frozenset(("каиси", "какои", "какую", "какая"))
_BODY_NOUNS = ("орган", "мекеме", "инстанц")


def asks_where_to_complain(text: str) -> bool:
    """Whether a message asks where or to whom to complain (see _asks_where_to_complain)."""
    return _asks_where_to_complain(match_tokens(text))


def _asks_where_to_complain(words) -> bool:
    """The question asks where or to whom to complain or appeal ("кайда арыздансам болот", "андан ары
    кимге кайрылам", "куда жаловаться", "кайсы органга даттансам болот")."""
    asks_where = any(w in _WHERE_WORDS for w in words) or any(
        a in _WHICH_WORDS and b.startswith(_BODY_NOUNS) for a, b in zip(words, words[1:])
    ) or _asks_whether_to_go(words)
    return asks_where and (_starts_with_any(words, lexicon.COMPLAINT_ROOTS) or _asks_higher(words))


# "андан жогору кайсы мекемеге барам", "куда идти выше": where to go above a body is where to complain,
# though no word of complaining is said. Not "жогорку" (Жогорку Кеңеш is the parliament).
_HIGHER_WORDS = frozenset(match_tokens("жогору выше"))
_HIGHER_ROOTS = tuple(match_tokens("вышестоящ"))


def _asks_higher(words) -> bool:
    return any(w in _HIGHER_WORDS or w.startswith(_HIGHER_ROOTS) for w in words)


# "акимге барсамбы же прокуратурагабы", "кайрылайынбы", "идти к акиму или в прокуратуру": a question
# whether to go (or turn) to one place or another asks where to go, as "кайда" does. Folded: a form of
# бар- (go) or кайрыл- (turn to) with the question particle, not "барбы" (is there).
_GO_ROOTS = tuple(match_tokens("бар кайрыл"))
_ASKED_PARTICLES = ("би", "бу", "пи", "пу")
_GO_WORDS_RU = frozenset(match_tokens("идти пойти обратиться обращаться"))


def _asks_whether_to_go(words) -> bool:
    return any(len(w) >= 7 and w.startswith(_GO_ROOTS) and w.endswith(_ASKED_PARTICLES) for w in words) or (
        "или" in words and any(w in _GO_WORDS_RU for w in words)
    )


def titles_ask_where(entry: Entry) -> bool:
    """Both titles of the entry ask where or to whom ("Айыл өкмөтү же мэрия: кайда даттанам?")."""
    return _where_in_all(tuple(t for t in entry.title.values() if t))


@lru_cache(maxsize=50_000)
def _where_in_all(titles: tuple[str, ...]) -> bool:
    return bool(titles) and all(any(w in _WHERE_WORDS for w in match_tokens(t)) for t in titles)


# "выбирали на 4 года", "назначают на 5 лет?", "5 жылга шайланат": a term told with its number (often
# the former one, to be checked or compared) asks about the term as "на сколько" does.
_TERM_YEARS_RU = frozenset(("год", "года", "лет"))
_TERM_YEARS_KY = frozenset(("жилга",))
_MAX_TERM_YEARS = 10


def _is_term_number(word: str) -> bool:
    return word.isdigit() and 0 < int(word) <= _MAX_TERM_YEARS
# "how many" (folded): сколько, скока (read as сколько), канча, нече
_COUNT_WORDS = frozenset(("сколко", "канча", "нече"))


@lru_cache(maxsize=50_000)
def _titles_ask_count(titles: tuple[str, ...]) -> bool:
    """Both titles ask how many ("Сколько айыльных аймаков и городов?"), not how long or when."""
    return bool(titles) and all(
        any(w in _COUNT_WORDS for w in words) and not _asked_kinds(words) & _BOTH_KINDS
        for words in map(match_tokens, titles)
    )


# "срок главы", "срок полномочий депутатов", "мэрдин мөөнөтү": a term word with an office or its
# powers within two words asks the term of that office (not "срок ответа", a deadline). Folded roots.
_TERM_WORDS = ("срок", "монот", "монту")
# "мөөнөтү бүтө электе", "до истечения срока": before the term ends (a dissolution), not how long it is
_TERM_END_ROOTS = tuple(match_tokens("бүт бут бит истеч оконч чейин электе"))
_OFFICE_ROOTS = tuple(match_tokens("глав мэр мер депутат кенеш кеңеш башчы полномоч ыйгарым аким төрага председател"))


# "до какого года они будут работать", "кенеш кайсы жылга чейин иштейт": until when a body elected or
# appointed sits is its term asked from its end (not "до какого года мэра избирали", the former rule: the
# verb must be a future or a present one)
_UNTIL_PHRASES = (("до", "какого", "года"), ("до", "каких", "пор"), ("до", "какого", "времени"),
                  ("качанга", "чеин"), ("каиси", "жилга", "чеин"), ("канчанчи", "жилга", "чеин"))  # fmt: skip
_FUTURE_RU = frozenset(("будут", "будет", "продлится", "продлятся", "останется", "останутся"))


def _asks_until_when(words) -> bool:
    for j in range(len(words)):
        for phrase in _UNTIL_PHRASES:
            if tuple(words[j : j + len(phrase)]) == phrase:
                after = words[j + len(phrase) : j + len(phrase) + 3]
                if any(w in _FUTURE_RU for w in words) or (phrase[-1] == "чеин" and after and after[0].endswith("т")):
                    return True
    return False


def _asks_term(words) -> bool:
    """The question asks for how long someone is elected or appointed."""
    if _asks_until_when(words):
        return True
    for j in range(len(words)):
        for pair in _TERM_PAIRS:
            if tuple(words[j : j + len(pair)]) == pair:
                return True
        if _is_term_number(words[j]):
            after = words[j + 1] if j + 1 < len(words) else ""
            if after in _TERM_YEARS_KY or (after in _TERM_YEARS_RU and j > 0 and words[j - 1] == "на"):
                return True
        if (
            words[j].startswith(_TERM_WORDS)
            and any(w.startswith(_OFFICE_ROOTS) for w in (*words[max(0, j - 2) : j], *words[j + 1 : j + 3]))
            and not (j > 0 and words[j - 1] == "до")
            and not any(w.startswith(_TERM_END_ROOTS) for w in words[j + 1 : j + 3])
        ):
            return True
    return False


def _asked_kinds(words) -> frozenset[str]:
    """The kinds of question ("duration", "when") folded words ask."""
    kinds: set[str] = set()
    for j, w in enumerate(words):
        for root, root_kinds in _KIND_ROOTS:
            if w.startswith(root):
                kinds |= root_kinds
        kinds |= _KIND_WORDS.get(w, frozenset())
        if w in ("сколко", "канча") and any(n in _DAYS for n in words[j + 1 : j + 3]):
            kinds |= _BOTH_KINDS  # "канча күндө": a deadline
        pair = _KIND_PAIRS.get(w)
        if pair and any(n in pair[0] for n in words[j + 1 : j + 3]):
            kinds |= pair[1]
    if len(kinds) > 1:
        kinds.discard(_HOW)
    return frozenset(kinds)


@lru_cache(maxsize=50_000)
def _kinds_in_all(titles: tuple[str, ...]) -> frozenset[str]:
    if not titles:
        return frozenset()
    return frozenset.intersection(*(_asked_kinds(match_tokens(t)) for t in titles)) - {_HOW}


def _title_kinds(entry: Entry) -> frozenset[str]:
    """The kinds of question both titles of an entry ask ("Кеңеш канча жылга шайланат?": duration)."""
    return _kinds_in_all(tuple(t for t in entry.title.values() if t))


def _title_bodies(entry: Entry) -> frozenset[str]:
    """The kinds of body an entry is about: those both its titles name ("Чем занимается мэрия?")."""
    return _named_in_all(tuple(t for t in entry.title.values() if t))[0]


@lru_cache(maxsize=50_000)
def _named_in_all(titles: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The kinds of body and of document every one of the titles names (titles repeat across a large base)."""
    if not titles:
        return frozenset(), frozenset()
    tokens = [match_tokens(t) for t in titles]
    bodies = frozenset.intersection(*(_bodies_named(ws) for ws in tokens))
    documents = frozenset.intersection(*(_documents_named(ws) for ws in tokens))
    return bodies, documents


# Today's Law No. 123 and Constitution date from 2021: a question about an earlier year asks about
# the former rule.
_CURRENT_RULES_SINCE = 2021


def _names_only_past_years(all_words: list[str]) -> bool:
    years = _document_years(all_words)
    return bool(years) and all(int(y) < _CURRENT_RULES_SINCE for y in years)


def _foreign_citizen_standing_here(words: list[str]) -> bool:
    """"Россиянын жараны депутат боло алабы": another country's citizen and a local office."""
    return _starts_with_any(words, lexicon.CITIZENSHIP_ROOTS) and _starts_with_any(words, lexicon.LOCAL_BODY_ROOTS)


def _story_parts(text: str) -> list[str]:
    """Where the question of a story is, most likely first: its last two sentences; its first
    sentence (what happened) with its last (what is asked); its last sentence alone when it names a
    local body ("Может ли айыл окмоту сам вводить такие сборы?"), as the story before it may drown
    it: a bare "Куда обращаться?" or "Это законно?" says nothing of whose business the story is.
    Nothing for a message of one sentence."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    if len(sentences) < _STORY_SENTENCES:
        return []
    if len(sentences) == 2:
        return [sentences[-1]]
    parts = [" ".join(sentences[-2:]), f"{sentences[0]} {sentences[-1]}"]
    if _starts_with_any(_content_words(sentences[-1]), lexicon.LOCAL_BODY_ROOTS):
        parts.append(sentences[-1])
    return parts


def _is_story_message(text: str, words: list[str]) -> bool:
    """A message of several sentences, or a long one: a story around its question."""
    if len(words) >= _STORY_WORDS:
        return True
    return len([p for p in _SENTENCE_END.split(text.strip()) if p.strip()]) >= _STORY_SENTENCES


# A last sentence with fewer content words than this, question words aside ("Куда мне обратиться?",
# "Что делать?"), is a bare follow-up: the question itself is in the sentence before it.
_BARE_SENTENCE_WORDS = 2


# "Хочу узнать, кто назначает главу айыл окмоту. Куда мне обратиться?": a resident who asks a
# question and then where to ask it wants the answer; the bare "where" sentence after it would
# pull the message to where to complain. A story that tells a problem ("Нет воды уже месяц. Куда
# обратиться?") asks no question before it and keeps it.
_WANTS_TO_KNOW = re.compile(r"узна|интересу|подскаж|скажите|объясн|билгим|билейин|кызыкт|айтып\s+бер", re.IGNORECASE)
_QUESTION_WORDS = frozenset(("кто", "что", "сколко", "какои", "какая", "какие", "каких", "какое", "где", "когда",
                             "почему", "ким", "емне", "канча", "кандаи", "качан", "кантип", "каиси", "емнеге"))


def _without_where_followup(text: str) -> str:
    """The message without a bare last sentence asking where to turn ("Куда мне обратиться?") when
    the sentence before it asks what the resident wants to know."""
    if "?" not in text:
        return text
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    if len(sentences) < 2:
        return text
    last = match_tokens(sentences[-1])
    if not any(w in _WHERE_WORDS for w in last) or (
        sum(1 for w in _content_words(sentences[-1]) if not _is_function_word(w)) >= _BARE_SENTENCE_WORDS
    ):
        return text
    before = sentences[-2]
    if not _WANTS_TO_KNOW.search(before) or not any(w in _QUESTION_WORDS for w in match_tokens(before)):
        return text
    return " ".join(sentences[:-1])


def _recheck_part(text: str) -> list[str]:
    """The narrowest part of a story that holds its question (_story_parts' last), or, when that is
    the first sentence with a bare last one ("Я живу в Тюпе. Хочу узнать, какой бюджет… Куда мне
    обратиться?"), the last two sentences: the first sentence and "куда обратиться" leave out what
    is asked."""
    parts = _story_parts(text)
    if len(parts) == 2:
        last = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()][-1]
        if sum(1 for w in _content_words(last) if not _is_function_word(w)) < _BARE_SENTENCE_WORDS:
            return parts[:1]
    return parts[-1:]


_LAW_ROOTS = ("мизам", "закон")


def _names_current_law(all_words: list[str]) -> bool:
    """The question asks about the law in force ("азыркы мыйзам", "новый закон") or which law it is
    ("кайсы мыйзам", "какой закон"): such a word right before a law (мыйзам, закон) in any form."""
    return any(
        w.startswith(_LAW_ROOTS) and j > 0 and (all_words[j - 1] in lexicon.CURRENT_WORDS or all_words[j - 1] in _WHICH)
        for j, w in enumerate(all_words)
    )


_WHICH = frozenset(("каиси", "какои", "какая", "какои", "каким"))  # "кайсы мыйзам", "какой закон": which law


def _documents_named(words: list[str]) -> frozenset[str]:
    """The kinds of document (lexicon.DOCUMENT_ROOTS) that folded words name."""
    return frozenset(doc for doc, roots in lexicon.DOCUMENT_ROOTS.items() if _starts_with_any(words, roots))


def _title_documents(entry: Entry) -> frozenset[str]:
    """The kinds of document both titles of an entry name ("2010-жылкы Конституция жана ЖӨБ")."""
    return _named_in_all(tuple(t for t in entry.title.values() if t))[1]


# "…, или нет?", "… же жокпу?": the tag that turns a statement into a yes/no question; its "нет" is not
# the "нет воды" of a problem told (a folded word, after "или" / "либо" / "же")
_YES_NO_TAGS = frozenset(("нет", "жокпу", "жокпи", "жокбу", "жокби"))


def _without_yes_no_tag(words: list[str], all_words: list[str]) -> list[str]:
    """The content words less the "нет" / "жокпу" of an "или нет?" / "же жокпу?" tag."""
    tags = {b for a, b in zip(all_words, all_words[1:]) if b in _YES_NO_TAGS and a in _OR}
    if not tags or any(w in tags for a, w in zip(all_words, all_words[1:]) if w in tags and a not in _OR):
        return words
    return [w for w in words if w not in tags] or words


def _without_idioms(words: list[str], all_words: list[str]) -> list[str]:
    """The content words less those that begin an idiom in the message ("стоит ли")."""
    idiomatic = {a for a, b in zip(all_words, all_words[1:]) if (a, b) in lexicon.OFF_TOPIC_IDIOMS}
    return [w for w in words if w not in idiomatic] if idiomatic else words


def _starts_with_any(words: list[str], roots: tuple[str, ...]) -> bool:
    return any(w.startswith(roots) for w in words)
