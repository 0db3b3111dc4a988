"""Which language a question is in: Kyrgyz, Russian, or unclear.

Kyrgyz letters (ң ө ү) settle it. Otherwise we count cues in the folded, transliterated words
(so `kancha`, `канча` and `kанча` look the same): Kyrgyz question words and suffixes against
Russian function words and endings ("же" is both the Russian particle and the Kyrgyz "or": no cue).
Mixed messages ("кенештин срок полномочий канча жыл") are Kyrgyz sentences with Russian terms, so
Kyrgyz grammar cues weigh as much as Russian words.
"""

from __future__ import annotations

import re

from qa.normalize import clean, match_text

_KY_LETTERS = re.compile(r"[ңөүҥ]")

# Folded forms (see qa.normalize.fold): й→и, ы→и, ө→о, ү→у, ң→н, э→е.
_KY_WORDS = frozenset("""
ким кимге кимди кимдин канча канчага кандаи кандаича емне емнеге емнени емнеси барби бар жок керек
керекпи жонундо деген каида каидан качан кантип болот болобу болсо болгон жана менен учун мен биз сиз
сизде менин бизде бизге бул ошол ушул деп емес дагиби дагы кайсил кайсиси канчалик неге нече салам
саламатсизби саламатсиздарби рахмат чон коп айтип бериниз бериниздерчи айтипбериниз билгим билсем
келет келген шаилаит шаилаиби шаилайт даиндаит даиндаиби шаилоо шаилайт иштеит иштеиби берет
бериниз болуп жатат жатабиз жатасиз турган кантсе аиткиласи кимдер канчоо кандаи кечиресиз
миизам шаилоо ариз даттануу жергиликтуу моонот шаар шаардик аиилдик башчи башчиси жил жилдин азир
мурун мурда бериле аткаруу бирок анткени ошондо качантан
боюнча беле белем эле болчу екен жилки жилдагы жили жилга
""".split())

_RU_WORDS = frozenset("""
кто что как сколко какои какая какие каких где когда почему зачем ли можно нужно надо есть ето
в на и или не по для за о об про от до из у с со к бы был была были будет буду
подскажите пожалуиста скажите здравствуите привет спасибо добрии день вечер утро хочу знать
могу меня мне нас нам вас вам ваш наш мои моя если чем кого кому кем чего где-то такое тоже уже
лет год года году выбирает назначает сколко кого какои которие которая которыи
срок срока закон закона жалоба жалобу выбори выборах глава главу главой городскои аиилнии местнии
самоуправление полномочия сеичас раньше теперь
""".split())

_KY_SUFFIX = re.compile(
    r"(нин|дин|тин|нун|дун|тун|лар|лер|лор|дар|дер|дор|тар|тер|тор|дан|ден|дон|тан|тен|тон|нан|нен"
    r"|ган|ген|гон|кан|кен|кон|аит|еит|оит|уит|иби|ибу|би|бу|пи|пу|сиз|чи|низ|биз)$"
)
_RU_ENDING = re.compile(
    r"(ого|его|ому|ему|ими|ами|ями|ость|ение|ения|ании|ает|ают|яет|яют|ется|ются|ится|атся|ятся|ует"
    r"|уют|ии|ие|ия|ов|ев|ых|ую|юю|ая|ое|ее)$"
)


def _scores(words: list[str]) -> tuple[float, float]:
    ky = ru = 0.0
    for w in words:
        if w.isdigit():
            continue
        if w in _KY_WORDS:
            ky += 2
        elif w in _RU_WORDS:
            ru += 2
        else:
            k = len(w) >= 5 and bool(_KY_SUFFIX.search(w))
            r = len(w) >= 5 and bool(_RU_ENDING.search(w))
            if k and not r:
                ky += 1
            elif r and not k:
                ru += 1
    return ky, ru


def detect_language(text: str) -> str | None:
    """'ky', 'ru', or None when the text gives no clear cue (Latin without cue words, numbers only)."""
    cleaned = clean(text)
    if not cleaned:
        return None
    if _KY_LETTERS.search(cleaned):
        return "ky"
    ky, ru = _scores(match_text(cleaned).split())
    if ky == ru:
        return None
    if ky > ru:
        return "ky"
    return "ru"
