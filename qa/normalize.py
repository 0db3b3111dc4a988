"""Text clean-up shared by language detection and matching.

Two levels:
- `clean(text)` keeps the letters as typed (ң ө ү stay, so language detection can see them) but
  drops markup, emoji, zero-width and direction marks, casefolds and collapses spaces;
- `match_tokens(text)` is what the matcher indexes and looks up: Latin transliterated to
  Cyrillic, letters folded so typed and proper spellings meet (ң→н ө→о ү→у ё→е э→е й→и ы→и, soft
  and hard signs dropped), numbers written `15 000`, `15000`, `15 миң`, `5 тысяч`, `150к` turned
  into one digit token each.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from itertools import chain

from qa.translit import latin_to_cyrillic

_TAG = re.compile(r"<[^<>]{0,200}>")
# Zero-width, bidi controls, BOM, soft hyphen, variation selectors.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufe00-\ufe0f]")
_SPACES = re.compile(r"\s+")

# Latin letters that look like Cyrillic ones, for words typed with a mixed keyboard ("кенeш").
_LOOKALIKE = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х",
                            "y": "у", "k": "к", "m": "м", "t": "т", "h": "н", "b": "в"})
_LOOKALIKE_BACK = str.maketrans({"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x",
                                 "у": "y", "к": "k", "м": "m", "т": "t"})
_CYR = re.compile(r"[а-яёңөү]")
_LAT = re.compile(r"[a-z]")
_WORDISH = re.compile(r"[\w'`]+")

_FOLD = str.maketrans({"ң": "н", "ө": "о", "ү": "у", "ё": "е", "э": "е", "й": "и", "ы": "и",
                       "ь": None, "ъ": None, "'": None, "`": None, "’": None})

# Multipliers written after a number: `15 миң`, `5 тысяч`, `150к`, `2 млн`.
_MULTIPLIER = {
    "миң": 1000, "мин": 1000, "тысяч": 1000, "тысячи": 1000, "тысяча": 1000, "тыс": 1000,
    "к": 1000, "k": 1000, "млн": 1_000_000, "миллион": 1_000_000, "миллиона": 1_000_000,
}
_NUMBER = re.compile(
    r"(?<![\w])(\d{1,3}(?:[ \u00a0\u202f.,](?=\d{3}(?!\d))\d{3})+|\d+(?:[.,]\d+)?)"
    r"(?:\s*(миң|мин|тысячи|тысяча|тысяч|тыс|млн|миллиона|миллион|к|k)(?![\w]))?"
)


# Everything but letters, digits and the joiners ' ` - becomes a space. \w is letters and digits
# (str.isalnum) plus the underscore, which is removed separately.
_NOT_WORDISH = re.compile(r"[^\w'`\-]+|_+")


# A capitalised abbreviation with a Russian case ending typed onto it ("ТОСы", "ЦИКа", "МСУшки"):
# the abbreviation is the word the base knows.
_ABBREVIATION_ENDING = re.compile(r"(?<![\w])([А-ЯЁӨҮҢ]{2,7})(?:ы|а|у|е|ом|ов|ам|ами|ах|ой|шки|шка|шку|шке)(?![\w])")


def clean(text: str) -> str:
    """Casefolded text without markup, emoji or invisible marks; punctuation becomes spaces."""
    # (each step only when it can change something: a big base cleans a few hundred thousand texts)
    text = text or ""
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        text = _INVISIBLE.sub("", text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if not text.islower():
        text = _ABBREVIATION_ENDING.sub(r"\1", text)
    text = text.casefold()
    if "’" in text or "ʼ" in text:
        text = text.replace("’", "'").replace("ʼ", "'")
    text = _NOT_WORDISH.sub(" ", text)
    # a hyphen joins (`2010-жылкы`, `Жалал-Абад`) but we match word by word
    return " ".join(text.replace("-", " ").split())


def _fix_lookalikes(text: str) -> str:
    if not (_LAT.search(text) and _CYR.search(text)):  # one script only: nothing to fix
        return text

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        cyr, lat = len(_CYR.findall(word)), len(_LAT.findall(word))
        if cyr and lat:
            # the script of most letters wins: "кенeш" is Cyrillic, "zhalоba" is Latin
            return word.translate(_LOOKALIKE) if cyr >= lat else word.translate(_LOOKALIKE_BACK)
        return word

    return _WORDISH.sub(fix, text)


def _canonical_numbers(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        digits, unit = m.group(1), m.group(2)
        raw = re.sub(r"[ \u00a0\u202f]", "", digits)
        if unit is None and re.fullmatch(r"\d{1,3}([.,]\d{3})+", raw):
            raw = re.sub(r"[.,]", "", raw)  # 15.000 / 15,000 as thousands
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            return m.group(0)
        if unit:
            value *= _MULTIPLIER[unit]
        return f" {int(value) if value == int(value) else value} "

    return _NUMBER.sub(repl, text)


_REPEAT = re.compile(r"(\D)\1+")


def fold(word: str) -> str:
    """The matching key of a Cyrillic word: typed-without-Kyrgyz-letters and proper spellings meet.

    Doubled letters collapse (депутаттары/депутатары, шайлоо/шайло, дайын → даиин → даин), a
    frequent typo and the by-product of folding й and ы to и.
    """
    return _REPEAT.sub(r"\1", word.translate(_FOLD))


_DIGIT = re.compile(r"\d")

# Russian as it is typed in chats, folded, to the word it stands for (folded): "скока лет" is
# "сколько лет", "скольки" is "сколько", "щас" is "сейчас". Only spellings that are no other word of
# either language. (Read by the matcher too: a slip in a chat spelling, "скака", is that spelling.)
COLLOQUIAL = {
    "скока": "сколко", "скоко": "сколко", "сколка": "сколко", "сколки": "сколко", "скоки": "сколко",
    "када": "когда", "щас": "сеичас", "щя": "сеичас", "седня": "сегодня",
    "ваще": "вобще", "вапще": "вобще", "чо": "что", "шо": "что", "че": "что",
    "нада": "надо", "ниче": "ничего", "чиво": "чего", "пачему": "почему", "патамушта": "потому",
}


# Everyday words for a thing the base names otherwise, by the folded beginning of every form
# ("сельсовета", "заседаниесине"): the word is read as the base's own term, in questions and in the
# base alike. "Сельсовет" is what many still call the aiyl okmotu; a kenesh "заседание" is its session.
# (Not "бед" alone: "бедный", "бедность" are poverty.)
_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("селсовет", "айыл өкмөтү"),
    ("селсавет", "айыл өкмөтү"),
    ("заседани", "сессия"),
    # "беда", "беды" (troubles) is how many ask about the problems of local self-government
    ("беда", "проблема"),
    ("беди", "проблемы"),
    # "келерки", "келээрки" (the coming one), as "кийинки" (the next): "келерки шайлоо качан"
    ("келерк", "кийинки"),
)


# Abbreviations residents type for a body, whole words only: "глава АО" is the head of the aiyl
# okmotu (in the news and in chats alike); as a company's "АО" it comes with the company's own name,
# which no topic has.
_ABBREVIATIONS = {"ао": "айыл өкмөтү"}

# A Russian reflexive verb typed with "тса" for "тся"/"ться" ("занимаютса", "выбираетса"): the
# endings after е, и, ю, я, у only, as Kyrgyz conditionals end in "-тса" after а, ы or й (айтса,
# жатса, чыкса).
_TSA_TYPO = re.compile(r"(?<=[еиюяу])тса$")
# and "-ется" typed as it sounds, "-еца" ("выбираеца", "называеца"), folded; only after a vowel, as
# nouns end in "-ица", "-ца" (улица, отца)
_TSA_AS_TSA = re.compile(r"(?<=[аяуи]е)ца$")


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> str:
    """One cleaned word as the matcher compares it: transliterated if Latin, folded. Cached: the
    same words come again and again, in questions and in the knowledge base."""
    if _LAT.search(word):
        word = latin_to_cyrillic(word)
    key = fold(word)
    for beginning, term in _SYNONYMS:
        if key.startswith(beginning):
            return " ".join(map(fold, term.split()))
    if key in _ABBREVIATIONS:
        return " ".join(map(fold, _ABBREVIATIONS[key].split()))
    if key.endswith("тса") and _TSA_TYPO.search(word):  # (before folding: "айтса" is not "аится")
        key = key[:-1] + "я"
    elif key.endswith("еца") and _TSA_AS_TSA.search(key):
        key = key[:-2] + "тся"
    return COLLOQUIAL.get(key, key)


@lru_cache(maxsize=200_000)
def _cleaned_piece(piece: str) -> str:
    """clean() and the look-alike fix of one whitespace-separated piece of a text. Cached: a large
    base cleans a few hundred thousand example questions made of far fewer different words."""
    return _fix_lookalikes(clean(piece))


def text_pieces(text: str) -> list[str] | None:
    """The whitespace-separated pieces of a text that cleaned_words cleans one at a time, or None
    when it cleans the text whole: an entity or a tag may span a space.

    Every other step of clean() and of the look-alike fix changes a piece without looking beyond
    the whitespace around it (whitespace is a boundary for NFKC too, and becomes a space either
    way), so cleaning piece by piece gives the same words."""
    text = text or ""
    return None if "&" in text or "<" in text else text.split()


@lru_cache(maxsize=200_000)
def piece_words(piece: str) -> tuple[str, ...] | None:
    """The cleaned words of one piece (see text_pieces), or None when it holds a digit: a number
    may go on in the next piece ("15 000", "5 тысяч"), so the text's numbers are read whole."""
    cleaned = _cleaned_piece(piece)
    return None if _DIGIT.search(cleaned) else tuple(cleaned.split())


def cleaned_words(text: str) -> list[str]:
    """Cleaned, numbers canonical: the words before transliteration and folding."""
    pieces = text_pieces(text)
    if pieces is None:
        text = _fix_lookalikes(clean(text))
    else:
        words = list(map(piece_words, pieces))
        if None not in words:  # no number: the pieces' words are the text's
            return list(chain.from_iterable(words))
        text = " ".join(filter(None, map(_cleaned_piece, pieces)))
    if _DIGIT.search(text):
        text = _canonical_numbers(text)
    return text.split()


def match_text(text: str) -> str:
    """Cleaned, numbers canonical, Latin transliterated, folded: the string the matcher compares."""
    keys = list(map(_word_key, cleaned_words(text)))
    return " ".join(keys) if "" not in keys else " ".join(k for k in keys if k)


@lru_cache(maxsize=200_000)
def word_tokens(word: str) -> tuple[str, ...]:
    """The tokens one cleaned word gives: one, none (folded away) or several (a transliteration
    with a space), exactly as splitting match_text's string would."""
    return tuple(_word_key(word).split())


def match_tokens(text: str) -> list[str]:
    """match_text(text).split(), without joining and splitting again (a large base tokenises a few
    hundred thousand example questions at start-up)."""
    return list(chain.from_iterable(map(word_tokens, cleaned_words(text))))
