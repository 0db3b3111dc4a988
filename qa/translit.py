"""Latin → Cyrillic for Kyrgyz and Russian typed in Latin letters (`merdi kim shailait`, `skolko deputatov`).

Residents without a Cyrillic keyboard write by ear, so there is no single standard to invert. The
table below follows the common habits: digraphs sh/ch/zh/kh/ts/yo/yu/ya/ye, `ng` for ң, `j` for ж
(Kyrgyz `jer`, `jogorku`), Turkish-style letters (ş ç ö ü ı ñ), and `o'`/`u'`/`o`` for ө/ү.
The result only has to meet the matcher's folded key (qa.normalize.fold), where й=и, ы=и, ө=о,
ү=у, ң=н and э=е, so ambiguous choices between those letters do not matter.
"""

from __future__ import annotations

import re

# Longest first: the scanner tries 4, 3, 2, then 1 letters at each position.
_MULTI: dict[str, str] = {
    "sch": "щ",
    # English spelling of a loanword ("budget"): d+g before e is дж; Russian has no "дге"
    "dge": "дже",
    "sh": "ш",
    "ch": "ч",
    "zh": "ж",
    "kh": "х",
    "ts": "ц",
    "yo": "ё",
    "yu": "ю",
    "ya": "я",
    "ye": "е",
    "ng": "ң",
    "o'": "ө",
    "u'": "ү",
    "o`": "ө",
    "u`": "ү",
    # "oe" is not ө: Russian endings (takoe, mestnoe) and Kyrgyz "koet" (коёт) are far more common
    # than a German-style ө; "ue" for ү stays (Russian has few such words)
    "ue": "ү",
}

_SINGLE: dict[str, str] = {
    "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х",
    "i": "и", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "q": "к", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "кс",
    "y": "ы", "z": "з",
    # Turkish / Kazakh-Latin / Uzbek-Latin letters people sometimes use for Kyrgyz
    "ş": "ш", "ç": "ч", "ö": "ө", "ü": "ү", "ı": "ы", "ñ": "ң", "ň": "ң", "ğ": "г",
    "ä": "ә", "é": "е", "ž": "ж", "š": "ш", "č": "ч",
}

_VOWELS = set("aeiouyöüı")
# what follows `ng` at the end of a word when it is н + the participle -ган/-ген/-гон/-гөн
_PARTICIPLE_AFTER_N = frozenset(("an", "en", "on", "ön", "o'n"))
_LATIN_RUN = re.compile(r"[a-zşçöüıñňğäéžšč'`]+")


def _word_to_cyrillic(word: str) -> str:
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        for size in (4, 3, 2):
            chunk = word[i : i + size]
            if len(chunk) == size and chunk in _MULTI:
                # `ue` only as ү inside a word, not at its start
                if chunk == "ue" and i == 0:
                    continue
                # `ng` is ң (`kengesh`, `mening`); the rare н+г words (`tenge`) fold close enough.
                # Not at a word's end before the past participle's vowel and н (`alyngan`,
                # `shailangan`, `salyngan`: алынган): a stem in н and the suffix -ган/-ген/-гон
                if chunk == "ng" and word[i + 2 :] in _PARTICIPLE_AFTER_N:
                    out.append("н")
                    i += 1
                    break
                out.append(_MULTI[chunk])
                i += size
                break
        else:
            ch = word[i]
            if ch in ("'", "`"):
                i += 1  # a stray apostrophe (soft sign, or ө/ү marker already consumed)
                continue
            if ch == "y" and i + 1 < n and word[i + 1] in "aeiou":
                out.append("й")  # `y` before a vowel that was not a digraph (`yi`): a consonant
            elif ch in "yi" and i > 0 and word[i - 1] in "aeou" and (i + 1 == n or word[i + 1] not in _VOWELS):
                out.append("й")  # `kanday`, `shailait`: й after a vowel, before a consonant or the end
            else:
                out.append(_SINGLE.get(ch, ch))
            i += 1
    return "".join(out)


def latin_to_cyrillic(text: str) -> str:
    """Transliterate every run of Latin letters in `text` (already lower-cased) to Cyrillic.

    Cyrillic, digits and everything else pass through unchanged, so mixed messages keep their
    Cyrillic words.
    """
    return _LATIN_RUN.sub(lambda m: _word_to_cyrillic(m.group(0)), text)


def has_latin(text: str) -> bool:
    return any("a" <= ch <= "z" for ch in text.lower())
