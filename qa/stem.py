"""Light stemming of folded words (see qa.normalize.fold) for both languages at once.

A question may be Kyrgyz, Russian or both, and without ң ө ү a Kyrgyz word often cannot be told
from a Russian one, so every word goes through the same two steps:
1. strip Kyrgyz suffixes from the end (plural, case, possessive, question particle, common verb
   endings and the negative before them): кенештерге → кенеш, мэриясын → мэрия,
   шайланбайт → шайлан (as шайланат);
2. when no Kyrgyz suffix came off, the Snowball Russian stemmer: депутатов → депутат.
Both sides of the match (the index and the question) use the same function, so what matters is
that forms of one word meet, not that the stem is a linguistic root.
"""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

_RUSSIAN = snowballstemmer.stemmer("russian")

# Folded spellings (ы→и, ө→о, ү→у, й→и), longest first within each layer. Stripped from the right,
# layer after layer, as long as a stem of at least `_MIN_STEM` letters remains.
_KY_LAYERS: tuple[tuple[str, ...], ...] = (
    # question particle, emphatic
    ("би", "бу", "пи", "пу", "чи"),
    # case endings
    ("нин", "дин", "тин", "нун", "дун", "тун",            # genitive
     "нан", "нен", "нон", "дан", "ден", "дон", "тан", "тен", "тон",   # ablative
     "нда", "нде", "ндо", "да", "де", "до", "та", "те", "то",        # locative
     "на", "не", "но", "га", "ге", "го", "ка", "ке", "ко",           # dative
     "ни", "ну", "ди", "ду", "ти", "ту"),                           # accusative
    # possessive 3rd person (with the accusative -н after it: мэриясын) / 1st plural
    ("сининн", "сиси", "лари", "лери", "син", "сун", "си", "су", "ибиз", "имиз", "и", "у"),
    # plural
    ("лар", "лер", "лор", "дар", "дер", "дор", "тар", "тер", "тор"),
    # verb forms frequent in questions: шайлайт, дайындалат, шайланган, шайлоочу, берилет; the
    # negative with them (шайланбайт, шайланбаган, бербес, бербесе) or alone (киргизбей)
    ("баит", "беит", "боит", "паит", "пеит", "поит", "баган", "беген", "богон", "паган", "пеген", "погон",
     "баса", "бесе", "босо", "паса", "песе", "посо", "бас", "бес", "бос", "пас", "пес", "пос",
     "баи", "беи", "бои", "паи", "пеи", "пои",
     "аит", "еит", "оит", "уит", "алат", "елет", "илет", "улат", "ган", "ген", "гон", "кан", "кен",
     "кон", "оочу", "уучу", "ат", "ет", "от"),
)
_MIN_STEM = 3

# "-чы/-чи" is the emphatic particle only after the polite "-ңыз" (айтыңызчы, бериңизчи); on a noun
# it makes the doer (башчы, жетекчи, кеңешчи: an adviser is not a council), which keeps it, and an
# "-ы/-и/-у" after "ч" is that suffix's vowel, not a possessive.
_EMPHATIC = "чи"
_POLITE_BEFORE_EMPHATIC = "з"
_DOER_CONSONANT = "ч"
_POSSESSIVE_VOWEL = frozenset(("и", "у"))
_DOER_ENDINGS = ("чи", "чу")
# The н- forms of the dative, locative and ablative follow a possessive (-ы/-и/-у/-ү, folded и, у):
# шаарына, шаарында, кеңешинен. After another vowel the н belongs to the word: шайланганда is
# шайланган + да (not шайланга + нда), районнан folds to раионан (район + ан), Russian законе.
_N_CASES = frozenset(("нан", "нен", "нон", "нда", "нде", "ндо", "на", "не", "но"))
# After a vowel the genitive, accusative and plural take н- and л- forms (мэриянын, мэрияны,
# мэриялар), never д- ones: a д there is the word's own (doubled by the suffix, then collapsed by
# folding). And the possessive is "-сы/-си/-су" after a vowel: a bare и or у there is no possessive
# (Russian мэрии, мэрию; the й of шайлай folds to и).
_D_FORMS = frozenset(("дин", "дун", "ди", "ду", "дар", "дер", "дор"))
_VOWELS = frozenset("аеиоуяю")
_POSSESSIVE_END = frozenset("иу")


def strip_kyrgyz(word: str) -> str:
    for layer in _KY_LAYERS:
        if not word.endswith(layer):  # one test in C for the layers that cannot apply (most of them)
            continue
        for suffix in layer:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                before = word[-len(suffix) - 1]
                if suffix == _EMPHATIC and before != _POLITE_BEFORE_EMPHATIC:
                    continue
                if suffix in _POSSESSIVE_VOWEL and before == _DOER_CONSONANT:
                    continue
                if before in _VOWELS:
                    if suffix in _POSSESSIVE_VOWEL:
                        continue
                    if suffix in _D_FORMS or (suffix in _N_CASES and before not in _POSSESSIVE_END):
                        suffix = suffix[1:]
                word = word[: -len(suffix)]
                if suffix in _POSSESSIVE_VOWEL and word[-1] == "г" and word[-2] in _VOWELS:
                    # к between vowels is voiced: салыгы is салык + ы, депутаттыгы депутаттык + ы
                    word = word[:-1] + "к"
                break
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if word.isdigit() or len(word) <= 3:
        return word
    stripped = strip_kyrgyz(word)
    if stripped != word:
        if stripped.endswith(_DOER_ENDINGS) and len(stripped) >= 5:
            # башчысы → башчы → "башч", as the bare башчы is stemmed (by Snowball, below)
            return stripped[:-1]
        return stripped
    # Snowball expects Russian; on a Kyrgyz word it may eat the root (аиил → а), so keep only
    # results that leave a real stem.
    russian = _RUSSIAN.stemWord(word)
    return russian if len(russian) >= min(4, len(word) - 1) else word
