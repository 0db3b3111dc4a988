"""Word lists the matcher needs besides the knowledge base: filler, greetings, thanks, and cues
of questions that are not the bot's business. Written as people spell them and folded at import
(qa.normalize.match_text), so the lists stay readable.
"""

from __future__ import annotations

from qa.normalize import match_text


def _folded(words: str) -> frozenset[str]:
    return frozenset(match_text(words).split())


# Words that carry no topic: politeness, filler, pronouns, particles, hearsay and "is it true"
# (угдум, туурабы, слышал: a rumour checked, as "… деп угдум, туурабы"). They are dropped before
# matching so that a long message with a greeting and a story does not match an example question
# that happens to have the same greeting.
FILLER = _folded("""
салам саламатсызбы саламатсыздарбы ассалому алейкум ассаламу алейкум здравствуйте здраствуйте привет
добрый день вечер утро доброе
рахмат чоң спасибо большое пожалуйста пж плиз
подскажите скажите объясните расскажите узнать знать хотел хотела хочу интересует вопрос вопросик
понять понял поняла разобраться
айтып бериңизчи бериңиз бериңизчи айтыңызчи айтыңыз түшүндүрүп билгим билейин келет кызыкчылык суроо
суроом сурайын сурасам билсем жардам берип кечиресиз извините простите
мен биз сиз сен алар ал мага бизге сизге менин биздин сиздин мени бизди
аны анын ага андан аларды алардын аларга
я мы вы ты он она они мне нам вам меня нас вас мой моя наш наша ваш
мое моё мои моего моей моих свой свою свое своё своего своей чтобы чтоб того
них ним ними уже
их им ими
и а но или же ли бы то это этот эта эти тот та вот ну так там тут
в во на с со к ко по о об про от до из у за для при над под без
жана же менен үчүн дагы да деле эле го ошол ушул бул ал бар
эже байке агай ака брат братан сестра уважаемые уважаемый
простыми словами кратко коротко вкратце
тоже также типа чё че вообще вобще ваще короче просто реально блин кстати ведь разве экен
угдум уктум уккам укту туурабы чынбы слышал слышала слыхал
өзү өзүм өзүбүз өзүбүздүн өзүңүз
хочет хотят хотим хотите только
ни разу
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
мэрди мэрге мэрлер мэрлерди мэрлерин мэри мэра мэру мэром мэры мэров мэрии мэрию мэрией
акимди акимге акимдер акимдерди акима акиму акимом акимы акимов акимият акимияты акимиат акимата
""")

# Topics in which the national parliament has a part: a question that names one of them beside the
# Jogorku Kenesh ("референдумду ким дайындайт, президентпи же Жогорку Кеңешпи") is about the topic.
NATIONAL_PARLIAMENT_TOPIC_ROOTS = tuple(match_text("референдум").split())

# Question words and other very common words: they help tell "who appoints" from "how many", but
# alone they are no evidence that a message is about local self-government, so they weigh less.
FUNCTION_WORDS = _folded("""
ким кимге кимди кимдин канча канчага кандай кандайча эмне эмнеге эмнени эмнеси барбы бар жок керек
керекпи жөнүндө деген кайда кайдан качан кантип болот болобу болсо болгон эмес азыр мурун мурда
кайсы кайсыл кайсынысы канчоо нече
кто что как сколько скока какой какая какие каких какую где когда почему зачем можно нужно надо
должно должен должна должны
есть был была было были будет сейчас теперь раньше всего правда это ли чем кого кому
куда откуда если эгер
время времени убакыт убакытта
нерсе нерсеби нерсени
вид вида виды видов түрү түрлөрү түрлөрүн
""")

# Everyday verbs (compared by stem, qa.stem): "алам", "кылат", "получить" say nothing about the topic.
GENERIC_VERBS = _folded("""
алам алат алабы алса алсам алууга берет береби берем берсе кылат кылам кылса кылабы кылыш жасайт жасаш
жасоо болот болду болобу турат чыгат барат барса келет айтат айтылат дейт деп билем билбейм иштейт
иштебей калды керек сураш жакшы жаман
делать делает сделать может могу можно получить получать работает работают стоит быть нужен
хороший хорошо плохо
дается даётся дают дали дать сдал сдала сдали сдать
бывает бывают бывал бывали бывало
""")


def _roots(words: str) -> tuple[str, ...]:
    return tuple(match_text(words).split())


# Foreign countries and their bodies (matched as word beginnings, so Россияда, Германии… count):
# questions about their law are out of scope.
FOREIGN_ROOTS = _roots("""
росси россия казахстан казакстан узбекистан узбекстан таджикистан тажикстан туркмен турци турция
германи герман сша америк кытай китай европ госдум маслихат украин беларус корея корей япони франци
англи британ швейцар астана астаны ташкент алматы москв шымкент душанбе самарканд брексит brexit
евросоюз хоким лондон париж вашингтон берлин пекин стамбул анкара дубай сеул токио киев минск
польш итали испани канад иран афганистан пакистан израил грузия грузии армения армении азербайджан
монголи индия индии
""")

# Citizenship (matched as word beginnings): a foreign country named beside it and a local office or
# body ("Россиянын жараны депутат боло алабы") asks who may stand here, not about that country.
CITIZENSHIP_ROOTS = _roots("жаран граждан")

# Whole words only (as beginnings they would catch курсовую, эсеп…; "займ" would catch "заимается",
# "занимается" with a letter left out, once й is folded to и).
OFF_TOPIC_WORDS = _folded("курс курса курсу займ займа займы займов займу займом заём заем микрозайм микрозаймы")

# Everyday topics that are not local self-government (matched as word beginnings). A message
# built around one of these is declined unless it also matches a topic strongly.
OFF_TOPIC_ROOTS = _roots("""
погод ырай жамгыр доллар евро рубл валют баасы цена цены стоит футбол матч спорт
хоккей бокс чемпионат кредит насыя ипотек банк анекдот тамаша шутк рецепт плов
бешбармак кино фильм музык ырлар песн билет самолет поезд автобус такси виза визу паспорт
загранпаспорт гороскоп любов сүйүү айфон iphone вайфай бензин доставк дары таблетк
эпос лекарств похуд машина машину пансионат отдых курорт подарит снег температур градус жаайбы жаайт
ресторан кафе ветеринар армия армияга аскерге
""")

# Everyday words that a topic also has ("the aiyl okmotu's phone", "the head's salary", its website):
# off-topic only in a message that names no local body.
OFF_TOPIC_UNLESS_LOCAL_ROOTS = _roots("телефон айлыгы айлыгым айлык зарплат интернет")

# An off-topic word that, followed by the second word, is an idiom and says nothing about prices:
# "стоит ли идти на сессию" (is it worth going), not "сколько стоит" (what it costs).
OFF_TOPIC_IDIOMS = frozenset({("стоит", "ли")})
# Words that name a local body or its office (matched as word beginnings). "Санарип аймак", the
# aiyl okmotus' own digital service, counts as one: registering in it by phone is not a question
# about phones.
LOCAL_BODY_ROOTS = _roots("""
өкмөт кенеш кеңеш аким депутат башчы глав төрага председател мэрия мэрии мэрдин мэрге мэрди мэри
санарип
""")

# Words that say a message is about local self-government at all (matched as word beginnings): a
# body, an office, an election, a law, an appeal, a budget, a place. A message with none of them
# that matches a topic only through everyday words ("качан башталат", "кантип бөлүшөт", "работа")
# is about something else; it is answered only when it matches a topic confidently (qa.matcher).
LSG_ROOTS = _roots("""
айыл аил ayil aiyl өкмөт окмот okmot кеңеш кенеш kenesh мэр mer мэрия аким akim депутат deputat
жергиликтүү жергиликтуу местн самоуправ мсу жөб жоб zhob алдынча
шайлоо шайла шайлан выбор избира избран референдум конституц конститутц мыйзам закон статья статьи статье статью статей берене
арыз жалоб жалова даттан обращен обраш заявлен кайрыл жооп ответ тил язык айып штраф
бюджет буджет дотац грант трансферт салык салыг налог жыйым сбор
район раен раён облус облуст област регион шаар город управ
жыйын сход курултай устав тос квартал көчө комитет полпред өкүл агентств гамсумо санарип реформ
ыйгарым полномоч башчы глав төрага председател сессия сессии сессию сессией отчет отчит бот бириктир объедин аймак
переименов аталыш айтматов манас исфана раззаков кара-буура
кылмыш уголовн сунуш рекоменд көйгөй проблем квот гендер
атр жарлык указ токтом постановлен президент чиновник муниципал бийлик власт
село села селе селу селом сельск посел кыштак горкенеш горсовет горуправ квартком
талапкер кандидат мандат брошюр добуш голосован слушан собрани чогулуш демилге инициатив
административ обжалов каржы финансир госполномоч мкк этнос жалал-абад
конститук констиуц омбудсмен акыйкатчы тикет заявк complaint комплаинт жамаат программ өнүктүрүү угуу
""")

# Words of a complaint or an appeal (matched as word beginnings, folded): with "where" or "to whom"
# they ask where to take one (qa.matcher).
COMPLAINT_ROOTS = _roots("""
даттан арыз арызд жалоб жалов пожалов жалуй кайрыл кайрыйм обращ обратит пожаловат заявлен
""")

# Words that ask about the document in force now ("жаңы Конституция", "действующий закон"): among
# candidates about dated documents, the latest wins (qa.matcher).
CURRENT_WORDS = _folded("""
жаңы жаны азыркы учурдагы күчүндөгү колдонуудагы новая новой новую новый нового новом действующая
действующий действующей действующего нынешняя нынешний нынешней текущая текущий
""")

# Kinds of local body, by the beginnings of the words that name them (folded): a question about one
# of them is not about another one's topic (qa.matcher). "депутат" is a kenesh's member.
BODY_ROOTS = {
    "aiyl-okmotu": _roots("окмот өкмөт"),
    "city": _roots("мэр mer мэрия"),
    "kenesh": _roots("кенеш кеңеш горкенеш горсовет депутат"),
    "akim": _roots("аким акимият акимиат"),
    "polpred": _roots("полпред өкүл представител"),
    "community": _roots("квартал квартком домком тос"),
    # not a body, but what the topic of filing through this bot is about: "куда пожаловаться на айыл
    # окмоту" names the aiyl okmotu and not the bot, and is about where to complain
    "bot": _roots("бот телеграм"),
}
# Words that begin like a body's name and are not one (forms of "мера", a measure; "мэры" and "меры"
# fold alike and stay mayors).
NOT_BODY_WORDS = _folded("мерами мерах мерой")

# Kinds of document an entry can be about by name (matched as word beginnings, typos included).
DOCUMENT_ROOTS = {
    "constitution": _roots("консти konsti канститу kanstitu"),  # (and a common misspelling, "канституция")
}

# Words that ask about the former rule (folded): a past year in a question without one of them is
# read as if it had one (qa.matcher).
FORMER_WORDS = _folded("раньше ранее прежде мурда мурун мурунку илгери")
NOW_WORDS = _folded("сейчас теперь сегодня азыр учурда азыркы")
