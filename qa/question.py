"""What a question says besides its words: the article and law it names, the years and the period it
asks about, and what it negates.

- `find_article_ref`: "что говорит статья 47 закона 123", "101-мыйзамдын 23-беренеси", "ст. 42
  Закона №101", "2010-жылкы Конституциянын 112-беренеси" → (source ids, article, part).
- `find_period`: a year ("2010", "2007-жылкы"), "до 2021 года", "раньше", "мурда" → which period
  the question asks about, so the former rule can lead.
- `without_negated_places`: "город на 150 000, не Бишкек и не Ош" → the text with the negated
  cities blanked, so the computed rules do not take them for the city asked about.
- `without_excepted`: "что решают депутаты, кроме заседаний" → the text without the thing
  set aside, which names what the question is NOT about.
- `without_advice_phrase`: "кеңеш бериңизчи" means "give me advice", not a council.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from qa.model import KnowledgeBase, Source

_WORD = r"[\w№]+"

# Article words; the number is next to it, before (Kyrgyz "23-берене", Russian "47-я статья") or after.
_ARTICLE_AFTER = re.compile(
    r"(?<!\w)(?:стать?[яиеюей]\w*|ст\.?|берене\w*|article|art\.?|statya\w*|berene\w*)\s*(?:№\s*)?(\d{1,3})"
    r"(?:\s*[-.]?\s*(?:часть|част[иья]\w*|ч\.?|пункт\w*|п\.?|бөлүг\w*|болуг\w*)\s*(\d{1,2}))?",
    re.IGNORECASE,
)
_ARTICLE_BEFORE = re.compile(
    r"(\d{1,3})\s*-?\s*(?:я|ая|ой|ую|чи|чы|чү|чу|инчи|ынчы|үнчү|унчу)?\s*(?:стать?[яиеюей]\w*|берене\w*|statya\w*|berene\w*)",
    re.IGNORECASE,
)
_PART_BEFORE = re.compile(r"(?<!\d)(\d{1,2})\s*-?\s*(?:бөлүг\w*|болуг\w*|бөлүк\w*|часть|части)", re.IGNORECASE)
_PART_AFTER = re.compile(r"(?:часть|част[иью]|ч\.)\s*(\d{1,2})(?!\d)", re.IGNORECASE)
_IS_PART = re.compile(r"\s*-?\s*(?:бөлүг|болуг|бөлүк|болук)", re.IGNORECASE)
_LAW_WORD = re.compile(r"закон\w*|мыйзам\w*|miyzam\w*|myizam\w*|zakon\w*|law\b", re.IGNORECASE)
_CONSTITUTION_WORD = re.compile(r"конституц\w*|konstitut\w*|constitution", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\d.,])(?:№\s*)?(\d{1,4})(?![\d])")
_HAS_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class ArticleRef:
    sources: tuple[str, ...]  # source ids the question names; empty: any source with that article
    article: str  # "47"
    part: str | None  # "1"


def article_number(article: str | None) -> tuple[str | None, str | None]:
    """'47(1)' → ('47', '1'); '112' → ('112', None); '70(5)' → ('70', '5')."""
    if not article:
        return None, None
    m = re.match(r"\s*(\d+)\s*(?:\((\d+)\))?", str(article))
    if not m:
        return str(article), None
    return m.group(1), m.group(2)


def _source_years(source: Source) -> set[int]:
    years = set()
    for d in (source.adopted, source.in_force_from):
        if d is not None:
            years.add(d.year)
    return years


def find_article_ref(text: str, kb: KnowledgeBase) -> ArticleRef | None:
    """The article (and the law) a question names, or None when it names no article."""
    if not _HAS_DIGIT.search(text):
        return None  # an article is always named by its number; most questions have none
    article = part = span = None
    before = _ARTICLE_BEFORE.search(text)
    after = next((m for m in _ARTICLE_AFTER.finditer(text) if not _IS_PART.match(text, m.end(1))), None)
    # Kyrgyz puts the number first ("112-берене 2-бөлүк"); Russian mostly after ("статья 47")
    if before and (re.search(r"берене|berene", before.group(0), re.IGNORECASE) or after is None):
        article, span = before.group(1), before.span()
    elif after:
        article, part, span = after.group(1), after.group(2), after.span()
    if article is None:
        return None
    if part is None:
        pm = _PART_BEFORE.search(text) or _PART_AFTER.search(text)
        if pm:
            part = pm.group(1)
    rest = text[: span[0]] + " " + text[span[1] :]
    numbers = {n for n in _NUMBER.findall(rest)}
    # a part number is not a law number
    if part:
        numbers.discard(part)
    years = {int(y) for y in _YEAR.findall(rest)}
    sources: list[str] = []
    is_constitution = bool(_CONSTITUTION_WORD.search(text))
    for source in kb.sources.values():
        if is_constitution:
            if source.kind != "constitution":
                continue
            if years and not (_source_years(source) & years):
                continue
            sources.append(source.id)
        elif source.number and source.number in numbers:
            sources.append(source.id)
    if is_constitution and not years:
        # "статья 110 Конституции" without a year: today's Constitution first, then the former ones
        sources.sort(key=lambda sid: kb.sources[sid].in_force_until is not None)
    if not sources and years and _LAW_WORD.search(text):
        # "закон 2011 года, статья 23": the law of that year
        sources = [
            s.id for s in kb.sources.values() if s.kind == "law" and s.adopted is not None and s.adopted.year in years
        ]
    return ArticleRef(tuple(sources), article, part)


# ---- period -----------------------------------------------------------------------------------

# Words that ask about the former rule ("раньше", "мурда", "мурдагы мыйзам", "эски мыйзамда") or about
# today ("сейчас", "азыр").
_FORMER_CUES = re.compile(
    r"\b(?:раньше|ранее|прежде|прежн\w*|бывш\w*|старо\w*|стар(?:ый|ом)|до\s+(?:19|20)\d\d|"
    r"мурда\w*|мурун\w*|мурунку|илгери|буга\s+чейин|(?:19|20)\d\d\s*-?\s*ж\w*\s+чейин|эски\w*|"
    r"ranshe|murda|murun|"
    # Law No. 101 (2011), repealed on 21 Oct 2021, named by its number
    r"(?:закон\w*|мыйзам\w*|zakon\w*)\s+(?:№\s*)?101|(?:№\s*)?101\s*-?\s*(?:мыйзам|закон)\w*)\b",
    re.IGNORECASE,
)
# The past asked in the verb itself: Kyrgyz "…беле" (was it?), "керек эле" (was needed), "болчу" (used
# to be); Russian "нужно было", "требовалось": what the rule was, not what it is. Only without a year:
# "2010-жылкы Конституция боюнча … шайланчу беле" asks about the 2010 text, not about before 2010.
_PAST_VERB_CUES = re.compile(
    r"\b(?:бел+е+|bele|керек\s+эл+е|kerek\s+ele|болчу\w*|bolchu|"
    r"(?:нужн\w*|надо)\s+был\w*|был\w*\s+(?:нужн\w*|надо)|(?:nado|nuzhno)\s+bylo|требовал\w*|trebovalo\w*)\b",
    re.IGNORECASE,
)
_NOW_CUES = re.compile(r"\b(?:сейчас|теперь|сегодня|в\s+настоящее|азыр|учурда|азыркы|бүгүн|sejchas|azyr)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    years: tuple[int, ...]  # years named in the question
    former: bool  # the question asks about the former rule ("раньше", "до 2021 года")
    now: bool  # the question asks about today ("сейчас", "азыр")
    # the question asks what a law says ("по закону", "мыйзам боюнча"): a rule answers it, not a figure
    by_law: bool = False
    # the numbers of the laws the question names ("213 мыйзам", "закон №217"): what that law says leads
    laws: tuple[str, ...] = ()
    # the question tells or asks an age ("мне 20 лет", "20 жаштамын", "с какого возраста"): the
    # statement that states an age limit answers it first
    age: bool = False


# Words that ask what the rule prescribes ("сколько депутатов должно быть", "канча болушу керек"),
# as "по закону" does: a rule answers them, not how many there happened to be.
_PRESCRIBED = re.compile(
    r"\b(?:должн\w*|положен\w*|по\s+норм\w*|по\s+правил\w*|болушу\s+керек|болуш\s+керек|тийиш\w*)",
    re.IGNORECASE,
)


# A law named by its number: "закон №217", "закон о доступе к информации 213", "213 мыйзам",
# "213-мыйзамда", "№101" (not a year, which names a period, nor an article's number, which stands by
# its own word)
_LAW_NUMBER = re.compile(
    r"(?:(?:закон\w*|мыйзам\w*|zakon\w*|miyzam\w*|myizam\w*)(?:\s+[^\d\s]+){0,6}?\s+(?:№\s*)?|№\s*)(\d{2,4})(?!\d)"
    r"|(?<![\d.,])(\d{2,4})\s*-?\s*(?:чү|чы|чу|чи|-?)?\s*(?:закон\w*|мыйзам\w*|zakon\w*|miyzam\w*|myizam\w*)",
    re.IGNORECASE,
)


# An age told or asked: "мне 20 лет", "ему 22 года", "20-летний", "возраст", "со скольки лет"; Kyrgyz
# "20 жаштамын", "жашым", "канча жаштан" (not "жашайм", to live, nor "жаштар", the young).
_AGE = re.compile(
    r"возраст\w*|\b(?:мне|ему|ей|сыну|дочери|дочке)\s+(?:уже\s+)?\d{2}\b|\d{2}\s*-?\s*летн\w*|\bс\s*о?\s*скольк\w*\s+лет|"
    r"\d{2}\s*-?\s*жаш(?:та|ка|тан|\b)\w*|\bжаш(?:ым|ыңыз|ыныз|ы)\b|канча\s+жаш(?:тан|ка|та)?\b",
    re.IGNORECASE,
)


_ARTICLE_NUMBER_FIRST = re.compile(
    r"\d{1,3}\s*-?\s*(?:чи|чы|чү|чу|инчи|ынчы|үнчү|унчу)?\s*(?:берене\w*|berene\w*)"
    r"|\d{1,3}\s*-\s*(?:я|ая|ой|ую)\s*(?:стать\w*|statya\w*)",
    re.IGNORECASE,
)


def _law_numbers(text: str) -> tuple[str, ...]:
    # an article's number is the article's ("статья 47 закона 123" names law 123)
    # (the Kyrgyz order first: in "47-берене 123-мыйзамда" the article word is not before 123; but
    # in "закон 123 статья 47" the number before "статья" is the law's)
    rest = _ARTICLE_AFTER.sub(" ", _ARTICLE_NUMBER_FIRST.sub(" ", text))
    found = (m.group(1) or m.group(2) for m in _LAW_NUMBER.finditer(rest))
    return tuple(dict.fromkeys(n for n in found if n and not _YEAR.fullmatch(n)))


def find_period(text: str) -> Period:
    years = tuple(int(y) for y in _YEAR.findall(text))
    former = bool(_FORMER_CUES.search(text)) or (not years and bool(_PAST_VERB_CUES.search(text)))
    laws = _law_numbers(text) if _HAS_DIGIT.search(text) else ()
    return Period(years=years, former=former, now=bool(_NOW_CUES.search(text)),
                  by_law=bool(_LAW_WORD.search(text) or _PRESCRIBED.search(text)), laws=laws,
                  age=bool(_AGE.search(text)))  # fmt: skip


# ---- negation ----------------------------------------------------------------------------------

_NEGATED_BEFORE = re.compile(r"\b(?:не|ни|not|кроме|за\s+исключением)\s+(\w+)", re.IGNORECASE)
# Kyrgyz negates after the noun: "Бишкек эмес", "Бишкек да, Ош да эмес", "Бишкектен башка".
_NEGATED_AFTER = re.compile(
    r"(\w+)(?:\s+(?:да|же|дагы))?(?:\s*,?\s*(\w+)(?:\s+(?:да|же|дагы))?)?\s+(?:эмес|emes)\b", re.IGNORECASE
)
_EXCEPT_AFTER = re.compile(r"(\w+?)(?:дан|ден|тан|тен|нан|нен|дон|тон)\s+(?:башка|bashka)\b", re.IGNORECASE)


def negated_words(text: str) -> list[str]:
    """Words the question negates: "не Бишкек и не Ош" → ["Бишкек", "Ош"]; "Бишкек эмес" → ["Бишкек"]."""
    found = [m.group(1) for m in _NEGATED_BEFORE.finditer(text)]
    # the Kyrgyz patterns try a match at every word; look for their closing word first
    folded = text.casefold()
    if "эмес" in folded or "emes" in folded:
        for m in _NEGATED_AFTER.finditer(text):
            found.extend(w for w in (m.group(1), m.group(2)) if w)
    if "башка" in folded or "bashka" in folded:
        found.extend(m.group(1) for m in _EXCEPT_AFTER.finditer(text))
    return found


def without_negated_places(text: str, is_place) -> str:
    """The text with every negated word that `is_place(word)` accepts blanked out."""
    out = text
    for word in negated_words(text):
        if is_place(word):
            out = re.sub(rf"(?<!\w){re.escape(word)}\w*", " ", out, count=1)
    return out


# ---- "кеңеш бериңиз" (advice) ----------------------------------------------------------------

_ADVICE = re.compile(
    r"\b(?:кеңеш|кенеш|kenesh|keңesh)\s+(?:бериң\w*|берин\w*|берсең\w*|берсен\w*|бергил\w*|берип\s+кой\w*|berin\w*|керек\b|kerek\b|сурайм\w*|алсам\b|алгым\s+келет)",
    re.IGNORECASE,
)


# Russian "совет" is both advice and a council: "дайте совет", "посоветуйте", "нужен совет".
_ADVICE_RU = re.compile(
    r"\b(?:(?:дайте|дай|дадите|нужен|нужна|прошу|жду|какой|ваш)\s+(?:пожалуйста\s+)?совет\w*|"
    r"совет\s+(?:нужен|нужна|прошу)|посоветуй\w*|посоветовать)\b",
    re.IGNORECASE,
)


def without_advice_phrase(text: str) -> str:
    """'кеңеш бериңизчи', 'дайте совет' (give me advice) blanked: politeness, not a council."""
    return _ADVICE_RU.sub(" ", _ADVICE.sub(" ", text))


def today_or(today: date | None) -> date:
    return today or date.today()


# ---- "кроме заседаний" (besides sessions) -----------------------------------------------------

# What the question sets aside is not what it asks: "за что отвечают депутаты кроме заседаний" asks
# about their powers, not the sessions; "кроме того, что сидят на сессиях" likewise. The word after
# "кроме", "помимо" or "за исключением" (and the next one too when it ends the clause: before a comma, a
# full stop or "и"), or the clause after "кроме того(,) что"; "кроме того," alone is "moreover" and sets
# nothing aside. Kyrgyz puts it after the ablative: "сессиядан башка", "сессиядан тышкары".
_EXCEPT_RU = re.compile(
    r"(?<!\w)(?:кроме|помимо|за\s+исключением|krome|pomimo)\s+(?:того\s*,?\s*что\s+[^,.;!?]*|(?!того\b)[^\W\d]+"
    r"(?:\s+(?!(?:и|а|но|или)\b)[^\W\d]+(?=\s*[,.;!?]|\s*$|\s+(?:и|а|но|или)\b))?)",
    re.IGNORECASE,
)
_EXCEPT_KY = re.compile(
    r"\b\w+?(?:дан|ден|тан|тен|нан|нен|дон|тон|дөн|төн|нөн)\s+(?:башка|тышкары|bashka|tyshkary)\b",
    re.IGNORECASE,
)


def without_excepted(text: str) -> str:
    """The words a question sets aside ("кроме заседаний", "помимо налогов", "сессиядан башка") blanked,
    with the word that sets them aside: they are not what is asked. The text unchanged when that
    would leave nothing."""
    folded = text.casefold()
    out = text
    if any(w in folded for w in ("кроме", "помимо", "исключением", "krome", "pomimo")):
        out = _EXCEPT_RU.sub(" ", out)
    if any(w in folded for w in ("башка", "тышкары", "bashka", "tyshkary")):
        out = _EXCEPT_KY.sub(" ", out)
    return out if re.search(r"\w", out) else text
