"""Word lists the matcher needs besides the knowledge base: filler, greetings, thanks, and cues
of questions that are not the bot's business. Written as people spell them and folded at import
(qa.normalize.match_text), so the lists stay readable.
"""

from __future__ import annotations

from qa.normalize import match_text


def _folded(words: str) -> frozenset[str]:
    return frozenset(match_text(words).split())


# Words that carry no topic: politeness, filler, pronouns, particles. They are dropped before
# matching so that a long message with a greeting and a story does not match an example question
# that happens to have the same greeting.
FILLER = _folded("""
салам саламатсызбы саламатсыздарбы ассалому алейкум ассаламу алейкум здравствуйте здраствуйте привет
добрый день вечер утро доброе
рахмат чоң спасибо большое пожалуйста пж плиз
подскажите скажите объясните расскажите узнать знать хотел хотела хочу интересует вопрос вопросик
айтып бериңизчи бериңиз бериңизчи айтыңызчи айтыңыз түшүндүрүп билгим билейин келет кызыкчылык суроо
суроом сурайын сурасам билсем жардам берип кечиресиз извините простите
мен биз сиз сен алар ал мага бизге сизге менин биздин сиздин мени бизди
я мы вы ты он она они мне нам вам меня нас вас мой моя наш наша ваш
и а но или же ли бы то это этот эта эти тот та вот ну так там тут
в во на с со к ко по о об про от до из у за для при над под без
жана же менен үчүн дагы да деле эле го ошол ушул бул ал бар
эже байке агай ака брат братан сестра уважаемые уважаемый
""")

GREETINGS = _folded("""
салам саламатсызбы саламатсыздарбы ассалому ассаламу алейкум здравствуйте здраствуйте привет
добрый день вечер утро доброе хай hi hello кандайсыз кандай как дела жакшы
""")

THANKS = _folded("""
рахмат рахмаат чоң көп спасибо благодарю большое огромное сизге вам баракелде thanks thank you сагбол
""")
# words that make a message "thanks" rather than a greeting, even with other polite words around
THANKS_CORE = _folded("рахмат рахмаат спасибо благодарю баракелде thanks thank сагбол")

# The national parliament ("жогорку кеңеш", "жк", "парламент", see qa.matcher) is declined only
# when none of these local-level words is present: "депутат" and "кеңеш" occur in both.
LOCAL_LEVEL = _folded("""
жергиликтүү айылдык шаардык айыл шаар аймак мэр мэрия мэрдин аким акимдин өкмөтү өкмөт өкмөтүнүн
местный местного местные местном местных айыльный айыльного городской городского городских
аиылдык жөб мсу самоуправление самоуправления өз алдынча
""")

# Foreign countries and their bodies: questions about their law are out of scope.
FOREIGN = _folded("""
россия россии россиядагы казахстан казахстане казакстан казакстанда узбекистан узбекстан таджикистан
тажикстан турция турцияда германия германии сша америка американский америкада кытай китай китае
европа европе госдума маслихат маслихата украина беларусь
""")

# Everyday topics that are not local self-government. A question built around one of these is
# declined unless it also matches a topic strongly.
OFF_TOPIC = _folded("""
погода погоду аба ырайы жамгыр кар доллар курс евро рубль валюта баасы баа цена цены стоит
футбол матч спорт хоккей бокс чемпионат кредит кредиты насыя займ ипотека банк банке процент
анекдот тамаша шутка шутку рецепт тамак плов бешбармак кино фильм музыка ырлар песня
билет самолет поезд автобус такси виза паспорт загранпаспорт гороскоп любовь
телефон айфон интернет вайфай wifi бензин бензина доставка
""")
