"""What a message is when it is not (only) a question: small talk, a rude outburst, a problem told,
or a short follow-up to the previous answer. Pure functions on text, no Telegram and no gettext.

Everything is compared on `qa.normalize.match_text` words, so "түшүндүм", "тушундум" and
"tushundum" are one word, and typed words within a small edit distance of a listed word count too
("рахмет", "спасиба", "здраствуйте"). The lists are written as people spell them and folded at import.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from qa.normalize import match_text


@lru_cache(maxsize=256)
def _fold(text: str) -> str:
    # Each message is looked at by several of the functions below: fold it once.
    return match_text(text)


def _folded(words: str) -> frozenset[str]:
    return frozenset(match_text(words).split())


def _roots(words: str) -> tuple[str, ...]:
    return tuple(match_text(words).split())


GREETING_WORDS = _folded("""
салам саламатсызбы саламатсыздарбы ассалому ассаламу ассалам алейкум алайкум уалейкум ваалейкум
здравствуйте здраствуйте здрасте здрасьте привет приветствую хай hi hello
добрый доброе доброго день вечер утро утра кайырлуу кутман таң кеч кун күн
кандайсыз кандайсың кандай как дела ишиңиз иштериңиз жакшыбы
""")
THANKS_WORDS = _folded("""
рахмат рахмет рахмаат чоң көп спасибо спасиба спс пасиб пасибо благодарю благодарим баракелде сагбол
thanks thank you мерси большое огромное
""")
ACK_WORDS = _folded("""
макул ок окей ok okay жакшы түшүндүм түшүнүктүү түшүндүк понятно понял поняла ясно хорошо ладно
норм нормально отлично супер класс ага угу ооба да бопту болду туура правильно ясненько круто
до свидания пока сау болуңуз болуңуз көрүшкөнчө калыңыз
""")
# Words that may stand around small talk without making it a question.
POLITE_WORDS = _folded("""
сизге сага вам тебе очень абдан эң бот бота боту и а ну же дагы да эми уважаемый уважаемые
эже байке агай ака брат за ответ ответы помощь информацию жооп жообуңуз үчүн жардамыңыз жардам маалымат
""")
# A message that is small talk only if it has one of these (an emoji alone counts as well).
_THANKS_EMOJI = frozenset("🙏❤💐🌹🤝👏")
_ACK_EMOJI = frozenset("👍👌✅🙂😊☺🆗💯")

# Insults and swearing (word beginnings), Russian and Kyrgyz, as typed (Latin folds to these too).
RUDE_ROOTS = _roots("""
хуй хуе хуё пизд ебан ебат ебал ебу ёбан ебл бляд блят бля сука суки сучк мудак мудил дебил идиот
тупой тупая тупое тупиц дурак дура урод козел козёл гандон говн чмо шлюх заткнись придур отстой
бесполезн лох лохи ублюд тварь сволоч
акмак келесоо жинди шерменде наадан мээсиз акылсыз оңбогон сасык иттин
fuck shit
""")
_RUDE_EXACT = _folded("лох бок ит")

# A problem told, not a question asked: something broken or missing, or a body that does nothing.
_PROBLEM_THINGS = _roots("""
вода воды воду свет света электричеств газа дорог дороги мусор канализац отоплен школ больниц
мост арык сугат ичүүчү жолубуз жолдор жарык таштанды мектеп оорукана көпүрө
""")
# Short words (суу → су, жол, газ) count whole or with a short ending only: суу/сууну/суубуз, not суроо or суд.
_PROBLEM_SHORT = re.compile(r"^(су|жол|газ)(у|да|га|бу|буз|ну|ун|дан|ду|дар|лор|дор)?$")
_BROKEN_WORDS = _folded("нет жок")
_BROKEN_ROOTS = _roots("сломал сломан разбит разрушен испорчен отключ бузул иштебей иштебе өчүп өчүрүл")
_NOT_WORKING = re.compile(r"\bне (работает|работают|горит|идет|течет)")
# A body that ignores people: "ничего не делает", "көңүл бурбайт", "жооп бербейт".
_INACTION = (
    re.compile(r"\bничего не (делает|делают|сделал|сделали|предпринима)"),
    re.compile(r"\bне (реагиру|отвечают|отвечает|принима|помогают|помогает)"),
    re.compile(r"\bигнориру"),
    re.compile(r"\bконул бурбаи"),
    re.compile(r"\bеч нерсе (кил|жаса)"),
    re.compile(r"\bжоп бербеи"),  # жооп, folded
    re.compile(r"\bкабил албаи"),
    re.compile(r"\bжардам бербеи"),
)
_SINCE = re.compile(r"\b\d+ (недел|месяц|дн|ден|дня|жума|ай|кун)|\bуже (неделю|месяц|год)|\bкоптон бери|\bкопкон бери")
_CONDITIONAL = _folded("если эгер эгерде")

_WHY = _folded("почему зачем отчего эмнеге эмне үчүн неге эмнеден")
_FOLLOW_UP_OPENERS = _folded("а ал эми и еще ещё а если а что а как")
_FOLLOW_UP_MAX_WORDS = 6

# Settlement kinds: a follow-up naming one replaces the other in the previous question.
_CITY_ROOTS = _roots("город городск горсовет шаар шаардык шаарда мэри мэрия")
_VILLAGE_ROOTS = _roots("село селе сел айыл айылдык айыльн айылн деревн")
_YEAR = re.compile(r"^(19|20)\d\d$")
_TIME_WORDS = _folded("раньше прежде сейчас теперь ранее до после мурун мурда азыр буга чейин жылы году")

# Words that show a question is about the bot's field even when the matcher found no topic.
_DOMAIN_ROOTS = _roots("""
кеңеш кенеш депутат аким мэр мэрия айыл өкмөт окмот айыльн айылдык шаардык самоуправлен өз алдынча
муниципал жалоб даттан кайрылуу обращени закон мыйзам шайлоо выбор сессия бюджет староста
""")

# Words that say which language small talk is in (detect_language reads "ассалому" as Russian).
_KY_CUES = _folded("""
салам саламатсызбы саламатсыздарбы ассалому ассаламу кайырлуу кутман кандайсыз рахмат рахмет чоң көп
баракелде сагбол макул жакшы түшүндүм түшүнүктүү ооба бопту болду туура сизге сага сау көрүшкөнчө калыңыз
сен сени сенин сага
""")
_RU_CUES = _folded("""
здравствуйте здраствуйте здрасте привет приветствую добрый доброе день вечер утро как дела спасибо
спасиба спс благодарю большое понятно понял поняла ясно хорошо ладно отлично правильно вам тебе
свидания пока ты тебя тебе
""")
# Words that are no question by themselves: an insult with only these around it is only an insult.
_NO_QUESTION_WORDS = _folded("""
ты вы сен сиз сенин сиздин тебя тебе вас мен я это бул ушул такой такая какой ничего не знаешь
билбейсиң билбейт эч нерсе жок просто вообще совсем
""")

_FUZZY_MIN_LEN = 5
_FUZZY_CUTOFF = 80.0


@lru_cache(maxsize=1)
def _small_talk_vocab() -> dict[str, str]:
    vocab: dict[str, str] = {}
    for kind, words in (("greeting", GREETING_WORDS), ("ack", ACK_WORDS), ("thanks", THANKS_WORDS),
                        ("polite", POLITE_WORDS)):
        for w in words:
            vocab[w] = kind  # a word in two lists (жакшы) takes the later: thanks beats ack beats greeting
    return vocab


def _closest_word(word: str) -> str | None:
    """The small-talk word this one is, allowing for typos and transliteration ("саламацизби")."""
    vocab = _small_talk_vocab()
    if word in vocab:
        return word
    if len(word) >= _FUZZY_MIN_LEN:
        found = process.extractOne(word, vocab.keys(), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        if found is not None:
            return found[0]
    return None


def _kind_of_word(word: str) -> str | None:
    closest = _closest_word(word)
    return None if closest is None else _small_talk_vocab()[closest]


def language(text: str) -> str | None:
    """The language of a small-talk message by its words, or None ("ок", "👍")."""
    words = [_closest_word(w) or w for w in _fold(text).split()]
    ky = sum(w in _KY_CUES for w in words)
    ru = sum(w in _RU_CUES for w in words)
    if ky != ru:
        return "ky" if ky > ru else "ru"
    return None


def is_rude_word(word: str) -> bool:
    return word in _RUDE_EXACT or word.startswith(RUDE_ROOTS)


def rude_words(text: str) -> list[str]:
    return [w for w in _fold(text).split() if is_rude_word(w)]


def without_rude_words(text: str) -> str:
    """The message with its insults taken out, or "" when no question is left beside them."""
    kept = [w for w in text.split() if not any(is_rude_word(x) for x in match_text(w).split())]
    content = [w for w in match_text(" ".join(kept)).split()
               if w not in POLITE_WORDS and w not in _NO_QUESTION_WORDS and _kind_of_word(w) is None]
    return " ".join(kept) if len(content) >= 2 else ""


# A crowd sends the same few messages: what a text is, read once (at most this many texts kept).
READINGS_KEPT = 1024


@lru_cache(maxsize=READINGS_KEPT)
def classify(text: str) -> str | None:
    """'greeting' | 'thanks' | 'ack' | 'rude' when the message is only that, else None (a question).

    'rude' means the message has an insult; whether a question stands beside it is for the caller
    to find out (`without_rude_words`).
    """
    words = _fold(text).split()
    if any(is_rude_word(w) for w in words):
        return "rude"
    emoji = {ch for ch in text if ch in _THANKS_EMOJI or ch in _ACK_EMOJI}
    if not words:  # emoji only (a sticker-like "👍"), or nothing readable
        if not emoji:
            return None
        return "thanks" if emoji & _THANKS_EMOJI else "ack"
    kinds = set()
    for w in words:
        kind = _kind_of_word(w)
        if kind is None:
            return None
        kinds.add(kind)
    if emoji & _THANKS_EMOJI:
        kinds.add("thanks")
    for kind in ("thanks", "ack", "greeting"):
        if kind in kinds:
            return kind
    return None  # polite words only ("бот", "уважаемые"): let the matcher say what it makes of it


@lru_cache(maxsize=READINGS_KEPT)
def is_problem(text: str) -> bool:
    """A resident telling what is wrong ("3 недели нет воды, айыл окмоту ничего не делает"),
    not asking how a rule works ("если айыл окмоту не отвечает, куда жаловаться?")."""
    folded = _fold(text)
    words = folded.split()
    if any(w in _CONDITIONAL for w in words):
        return False
    inaction = any(p.search(folded) for p in _INACTION)
    thing = any(w.startswith(_PROBLEM_THINGS) or _PROBLEM_SHORT.match(w) for w in words)
    broken = bool(_NOT_WORKING.search(folded)) or any(
        w in _BROKEN_WORDS or w.startswith(_BROKEN_ROOTS) for w in words
    )
    since = bool(_SINCE.search(folded))
    return inaction or (thing and broken) or (since and (thing or broken))


def is_bare_why(text: str) -> bool:
    """"почему?", "эмне үчүн?", "а зачем?" — a why with nothing to say what about."""
    words = _fold(text).split()
    return bool(words) and any(w in _WHY for w in words) and all(
        w in _WHY or w in _FOLLOW_UP_OPENERS or w in ("так", "ето", "же", "ну") for w in words
    )


def looks_like_follow_up(text: str) -> bool:
    """Short, and opens like a continuation ("а в городе?", "а шаарда канча?", "а 2010-жылы?"), or is
    a bare why, or only a qualifier ("в Оше?", "шаарда канча?", "2010-жылы?")."""
    words = _fold(text).split()
    if is_bare_why(text) or is_bare_qualifier(text):
        return True
    if len(words) < 2 or len(words) > _FOLLOW_UP_MAX_WORDS:
        return False  # "ааа" alone is no follow-up
    return words[0] in ("а", "ал", "и", "еще")


# Cities people name in a follow-up ("а в Оше?"): the republic's and the oblasts' centres.
_PLACE_ROOTS = _roots("бишкек жалал абад каракол нарын талас баткен токмок балыкчы өзгөн узген")
# "Ош" whole or with its endings only (ошол, ошондо are "that", "then").
_OSH = _folded("ош оше оша ошу ошем ошто оште оштун оштон ошко")
_QUESTION_WORDS = _folded("канча сколько кто ким как кандай качан когда где кайда был была было болчу")


def is_bare_qualifier(text: str) -> bool:
    """Only a place, a settlement kind or a time, with at most a question word: "в Оше?", "2010-жылы?"."""
    words = [w for w in _fold(text).split()
             if w not in _PREPOSITIONS and w not in _QUESTION_WORDS and w not in _FOLLOW_UP_OPENERS]
    if not words or len(words) > 3:
        return False
    return all(_YEAR.match(w) or w in _TIME_WORDS or _settlement(w) or w.startswith(_PLACE_ROOTS) or w in _OSH
               for w in words)


_PREPOSITIONS = _folded("в во на у по при до после с для")


def is_whole_question(text: str) -> bool:
    """A follow-up opener with a whole question after it ("а кто назначает главу айыл окмоту?"),
    not a qualifier alone ("а в городе?", "а шаарда канча?", "а 2010-жылы?")."""
    words = [w for w in _fold(text).split() if w not in _PREPOSITIONS]
    if words and words[0] in _FOLLOW_UP_OPENERS:
        words = words[1:]
    if words and words[0] == "еми":  # "ал эми"
        words = words[1:]
    return len(words) >= 3


def looks_in_domain(text: str) -> bool:
    words = _fold(text).split()
    return any(w.startswith(_DOMAIN_ROOTS) for w in words)


def _settlement(word: str) -> str | None:
    if word.startswith(_CITY_ROOTS):
        return "city"
    if word.startswith(_VILLAGE_ROOTS):
        return "village"
    return None


def qualifier_kind(follow_up: str) -> str:
    """'time' ("а раньше?", "а 2010-жылы?"), 'place' ("а в Оше?", "а шаарда?"), 'why' or 'other'.

    A follow-up replaces the previous follow-up of its kind and adds to one of another kind:
    "а в Оше?" then "а в Бишкеке?" asks about Bishkek; "а в Оше?" then "а раньше?" about Osh before.
    """
    words = _fold(follow_up).split()
    if is_bare_why(follow_up):
        return "why"
    if any(_YEAR.match(w) or w in _TIME_WORDS for w in words):
        return "time"
    if any(_settlement(w) for w in words) or len(words) <= 3:
        return "place"
    return "other"


def with_follow_up(previous: str, follow_up: str) -> str:
    """The previous question re-asked with the follow-up's qualifier.

    A settlement kind or a year in the follow-up replaces the one in the previous question
    ("сколько депутатов в айыльном кенеше" + "а в городе?" → "сколько депутатов в кенеше в городе?").
    """
    follow_words = _fold(follow_up).split()
    kinds = {k for w in follow_words if (k := _settlement(w))}
    has_year = any(_YEAR.match(w) for w in follow_words)
    kept = []
    for raw in previous.split():
        folded = match_text(raw).split()
        if kinds and any((k := _settlement(w)) and k not in kinds for w in folded):
            continue
        if has_year and any(_YEAR.match(w) for w in folded):
            continue
        kept.append(raw)
    rest = follow_up.strip()
    first = rest.split(maxsplit=1)
    if first and match_text(first[0]) in ("а", "и", "ал"):
        rest = first[1] if len(first) > 1 else ""
        if match_text(rest.split(maxsplit=1)[0] if rest else "") == "еми":  # "ал эми"
            rest = rest.split(maxsplit=1)[1] if len(rest.split(maxsplit=1)) > 1 else ""
    return (" ".join(kept).rstrip(" ?!.") + " " + rest).strip()
