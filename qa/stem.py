"""Light stemming of folded words (see qa.normalize.fold) for both languages at once.

A question may be Kyrgyz, Russian or both, and without ң ө ү a Kyrgyz word often cannot be told
from a Russian one, so every word goes through the same two steps:
1. strip Kyrgyz suffixes from the end (plural, case, possessive, question particle, common verb
   endings): кенештерге → кенеш, депутаттары → депутат, өкмөтүнүн → окмот;
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
    # possessive 3rd person / 1st plural
    ("сининн", "сиси", "лари", "лери", "си", "су", "ибиз", "имиз", "и", "у"),
    # plural
    ("лар", "лер", "лор", "дар", "дер", "дор", "тар", "тер", "тор"),
    # verb forms frequent in questions: шайлайт, дайындалат, шайланган, шайлоочу, берилет
    ("аит", "еит", "оит", "уит", "алат", "елет", "илет", "улат", "ган", "ген", "гон", "кан", "кен",
     "кон", "оочу", "уучу", "ат", "ет", "от"),
)
_MIN_STEM = 3


def strip_kyrgyz(word: str) -> str:
    for layer in _KY_LAYERS:
        if not word.endswith(layer):  # one test in C for the layers that cannot apply (most of them)
            continue
        for suffix in layer:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                word = word[: -len(suffix)]
                break
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if word.isdigit() or len(word) <= 3:
        return word
    stripped = strip_kyrgyz(word)
    if stripped != word:
        return stripped
    # Snowball expects Russian; on a Kyrgyz word it may eat the root (аиил → а), so keep only
    # results that leave a real stem.
    russian = _RUSSIAN.stemWord(word)
    return russian if len(russian) >= min(4, len(word) - 1) else word
