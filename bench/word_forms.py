"""Do the forms of the base's words meet? Prints the words whose forms the matcher keeps apart.

For every Kyrgyz noun of the knowledge base (its example questions, titles and keywords) it builds
the common forms a resident types — plural, possessive, the six cases, both together, the question
particle — spelled with ң ө ү and without them, and for every Russian noun its case forms; each
form is matched as the matcher does (qa.matcher: the word, its stem, its first five letters) against
every other form of the same word, the way a question's word meets a word of the index. A pair
"meets" when they share the word or stem key (or the question word's Kyrgyz suffix comes off to the
indexed word itself); "prefix" when only the first five letters meet (a weaker hit, that also joins
unrelated words); "apart" when nothing does.

    python bench/word_forms.py [-v] [word ...]

prints the share of pairs that meet, then the words with pairs that do not (-v: every pair).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa.loader import DEFAULT_KNOWLEDGE_DIR, load_knowledge  # noqa: E402
from qa.matcher import _keys  # noqa: E402
from qa.normalize import cleaned_words, fold  # noqa: E402
from qa.stem import stem, strip_kyrgyz  # noqa: E402

BACK = "аыоуя"
FRONT = "еиөүэю"
VOWELS = BACK + FRONT + "ё"
VOICELESS = "кпстфхцчшщ"
NASAL = "мнң"
STRIP = str.maketrans("ңөүҢӨҮ", "ноуНОУ")


def _last_vowel(word: str) -> str:
    for ch in reversed(word):
        if ch in VOWELS:
            return ch
    return "а"


def _harmony(word: str, kind: str) -> str:
    """The vowel of a suffix after `word`: kind 'a' (а/е/о/ө) or 'y' (ы/и/у/ү)."""
    v = _last_vowel(word)
    if v in "аыя":
        return "а" if kind == "a" else "ы"
    if v in "еиэ":
        return "е" if kind == "a" else "и"
    if v in "оуё":
        return "о" if kind == "a" else "у"
    return "ө" if kind == "a" else "ү"  # ө ү ю


def _soften(word: str) -> str:
    """Final к/п voice before a vowel: депутаттык → депутаттыгы, китеп → китеби."""
    if len(word) > 3 and word[-1] == "к" and word[-2] in VOWELS:
        return word[:-1] + ("г" if word[-2] in BACK else "г")
    if len(word) > 3 and word[-1] == "п" and word[-2] in VOWELS:
        return word[:-1] + "б"
    return word


def kyrgyz_forms(root: str) -> list[str]:
    last = root[-1]
    vowel_end = last in VOWELS
    voiceless = last in VOICELESS
    a, y = _harmony(root, "a"), _harmony(root, "y")
    forms = [root]
    # plural
    pl_c = "л" if vowel_end or last in "рй" else ("т" if voiceless else "д")
    plural = root + pl_c + a + "р"
    forms.append(plural)
    # cases of the bare word
    d = "т" if voiceless else "д"
    g = "к" if voiceless else "г"
    forms += [
        root + ("н" if vowel_end else d) + y + "н",  # genitive
        root + g + a,  # dative
        root + ("н" if vowel_end else d) + y,  # accusative
        root + d + a,  # locative
        root + ("н" if last in NASAL else d) + a + "н",  # ablative
        root + ("п" if voiceless else "б") + y,  # question particle
    ]
    # possessive 3rd person and the cases after it
    poss = root + "с" + y if vowel_end else _soften(root) + y
    pa, py = _harmony(poss, "a"), _harmony(poss, "y")
    forms += [poss, poss + "н", poss + "н" + py + "н", poss + "н" + pa, poss + "нд" + pa, poss + "н" + pa + "н"]
    # plural + possessive + case
    pa2, py2 = _harmony(plural, "a"), _harmony(plural, "y")
    pl_poss = plural + py2
    forms += [pl_poss, pl_poss + "н" + py2 + "н", plural + "г" + pa2, plural + "д" + py2 + "н"]
    return forms


def russian_forms(word: str) -> list[str]:
    """Case forms of a Russian noun in the nominative (masculine on a consonant, -а/-я, -ия)."""
    if word.endswith("ия"):
        b = word[:-1]
        return [word, b + "и", b + "ю", b + "ей", b + "ям", b + "ях"]
    if word.endswith(("а", "я")):
        b, v = word[:-1], word[-1]
        hard = v == "а" and b[-1] not in "гкхжшчщ"
        return [word, b + ("ы" if hard else "и"), b + ("у" if v == "а" else "ю"), b + "е",
                b + ("ой" if v == "а" else "ей"), b + ("ам" if v == "а" else "ям")]
    if word[-1] in VOICELESS + "бвгджзлмнр":
        return [word, word + "а", word + "у", word + "ом", word + "е", word + "ы", word + "ов",
                word + "ам", word + "ами", word + "ах"]
    return [word]


def _russian_noun(word: str) -> bool:
    """Roughly: a Russian noun in the nominative singular (not a verb, adjective or other case)."""
    if any(c in word for c in "ңөү"):
        return False
    if word.endswith(("ть", "ся", "ет", "ют", "ит", "ят", "ут", "ат", "ый", "ий", "ой", "ая", "ое", "ые",
                      "ов", "ей", "ом", "ам", "ах", "ми", "ем")):
        return False
    return word.endswith(("ия", "а", "я")) or word[-1] in VOICELESS + "бвгджзлмнр"


def strong_keys(word: str) -> set[str]:
    return {k for k, _ in _keys(word) if not k.startswith("p:")}


def meets(query: str, indexed: str) -> str:
    """How a folded question word meets a folded indexed word: 'meets', 'prefix' or 'apart'."""
    if strong_keys(query) & strong_keys(indexed):
        return "meets"
    bare = strip_kyrgyz(query)
    if len(bare) >= 5 and bare == indexed:  # the matcher's own fallback for a bare indexed word
        return "meets"
    prefix = {k for k, _ in _keys(query) if k.startswith("p:")}
    if prefix & {k for k, _ in _keys(indexed) if k.startswith("p:")}:
        return "prefix"
    return "apart"


def base_words(lang: str) -> Counter[str]:
    kb = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    words: Counter[str] = Counter()
    for e in kb.entries:
        texts = [*e.questions.get(lang, ()), *e.keywords.get(lang, ()), e.title.get(lang, "")]
        for text in texts:
            words.update(w for w in cleaned_words(text) if w.isalpha() and len(w) >= 4)
    return words


def report(roots: list[tuple[str, list[str]]], verbose: bool) -> tuple[int, int, int]:
    total = met = by_prefix = 0
    for root, forms in roots:
        folded = list(dict.fromkeys(fold(f) for f in forms))
        bad = []
        for q in folded:
            for i in folded:
                if q == i:
                    continue
                total += 1
                how = meets(q, i)
                met += how == "meets"
                by_prefix += how == "prefix"
                if how != "meets":
                    bad.append(f"{q}→{i}:{how}")
        if bad:
            stems = " ".join(sorted({stem(f) for f in folded}))
            print(f"{root}: {len(bad)} pairs apart; stems {stems}")
            if verbose:
                print("   ", " ".join(bad[:40]))
    return total, met, by_prefix


def kyrgyz_roots(words: Counter[str]) -> list[str]:
    """Words of the base that also stand in it with a suffix (кеңеш beside кеңештин): bare forms."""
    ordered = sorted(words)
    roots = []
    for n, w in enumerate(ordered):
        nxt = ordered[n + 1] if n + 1 < len(ordered) else ""
        if nxt.startswith(w) and len(nxt) > len(w) + 1:
            roots.append(w)
    return roots


# Roots the issue names, whether or not the base writes them bare.
NAMED = ("өкмөт", "шайлоо", "кеңеш", "мэрия", "депутат", "бюджет", "салык", "арыз", "даттануу",
         "референдум", "аким", "башчы", "депутаттык", "төрага", "айыл", "шаар", "тургун", "мыйзам",
         "бийлик", "милдет", "укук", "кызмат", "чечим", "жыйын", "отчет", "мөөнөт", "кандидат")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    if args:
        ky, ru = args, args
    else:
        ky = list(dict.fromkeys([*NAMED, *kyrgyz_roots(base_words("ky"))]))
        ru = [w for w, n in base_words("ru").most_common() if n >= 3 and _russian_noun(w)]
    ky_roots = [(w, kyrgyz_forms(w) + [f.translate(STRIP) for f in kyrgyz_forms(w)]) for w in ky]
    ru_roots = [(w + " (ru)", russian_forms(w)) for w in ru if len(russian_forms(w)) > 1]
    for name, roots in (("Kyrgyz", ky_roots), ("Russian", ru_roots)):
        total, met, by_prefix = report(roots, verbose)
        print(f"{name}: {len(roots)} words, {total} pairs of forms: {met} meet ({met / max(1, total):.1%}), "
              f"{by_prefix} only by the first five letters, {total - met - by_prefix} apart")


if __name__ == "__main__":
    main()
