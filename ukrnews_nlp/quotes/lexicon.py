"""Speech cues, speaker nouns and name contexts for Ukrainian quote attribution.

Verbs are listed by lemma, both aspects of a pair where they exist; the component matches any analysis of a
word form (pipeline lemma or pymorphy3), so "сказав", "сказала", "кажуть", "зазначено", "заявивши" all hit.
"""
from __future__ import annotations

#: Verbs of saying and writing (perfective / imperfective pairs). They introduce direct and indirect speech.
SPEECH_VERBS: frozenset[str] = frozenset("""
сказати казати заявити заявляти зазначити зазначати наголосити наголошувати додати додавати
повідомити повідомляти підкреслити підкреслювати пояснити пояснювати розповісти розповідати
розказати розказувати написати писати відповісти відповідати визнати визнавати запевнити запевняти
заперечити заперечувати зауважити зауважувати уточнити уточнювати констатувати стверджувати твердити
говорити проговорити промовити вимовити вигукнути вигукувати спитати питати запитати запитувати
поцікавитися цікавитися нагадати нагадувати оголосити оголошувати попередити попереджати закликати
резюмувати підсумувати підсумовувати коментувати прокоментувати відзначити відзначати відмітити
відмічати висловитися висловлюватися процитувати цитувати переконувати переконати наполягти
наполягати звернутися звертатися поскаржитися скаржитися зізнатися зізнаватися повторити повторювати
пообіцяти обіцяти поділитися ділитися пригадати пригадувати згадати згадувати озвучити озвучувати
вказати вказувати завважити завважувати продовжити продовжувати пожартувати жартувати
проінформувати інформувати анонсувати відписати звітувати відзвітувати погодитися погоджуватися
посилатися пославшись заявлятися повідомлятися наголошуватися зазначатися пояснюватися вказуватися
йтися мовитися говоритися казатися відрапортувати рапортувати твітнути дописати прокричати кричати
порадити радити попросити просити вимагати зажадати обурюватися обуритися дивуватися здивуватися
бідкатися нарікати ремствувати мовити наголошено
ітися аргументувати заговорити записати записувати оприлюднити оприлюднювати
заспокоїти заспокоювати висловити висловлювати зазначено
""".split())

#: Verbs and predicatives that introduce a direct quote but are not indirect-speech cues (cognition).
OPINION_CUES: frozenset[str] = frozenset("""
вважати переконаний упевнений впевнений певен думати припускати припустити сподіватися
розмірковувати міркувати вирішити вирішувати
""".split())

#: Verbs of naming: two or more lower-case words in quotation marks after them, in the instrumental, are the
#: subject's words ("назвав рішення суду «політичним замовленням»"); one word is rather a label («сепаратистами»).
#: They introduce such a quote only, never indirect speech, and only as verbs ("назви" is rather the noun).
NAMING_VERBS: frozenset[str] = frozenset("назвати називати".split())

#: Cues that, in the present tense with a medium as subject, relay someone else's words ("передає Sky News").
RELAY_VERBS: frozenset[str] = frozenset("передавати повідомляти цитувати інформувати писати".split())

#: Verbs whose direct object is the speaker ("цитує Лук'янченка агенція ...").
CITE_VERBS: frozenset[str] = frozenset("цитувати процитувати".split())

#: Nominal cue phrases (lower-case, space separated) and whether the noun phrase after them names the speaker.
NOUN_CUES: tuple[str, ...] = (
    "за словами", "за його словами", "за її словами", "за їхніми словами", "за їх словами",
    "на думку", "на його думку", "на її думку", "з посиланням на", "згідно з", "згідно із", "як зазначив",
    "як зазначила", "як зазначили", "як повідомив", "як повідомила", "як повідомили", "як заявив",
    "як заявила", "як заявили", "як сказав", "як сказала", "як каже", "як пише", "як пояснив",
    "як пояснила", "як розповів", "як розповіла", "словами",
)

#: Possessive pronouns inside a noun cue ("за його словами") and the gender they stand for.
POSSESSIVE_PRONOUNS: dict[str, str] = {"його": "masc", "її": "femn", "їхніми": "plur", "їх": "plur",
                                       "їхньою": "plur"}

#: Nouns that name a speaker by role ("міністр сказав"); resolved to a named person or organisation.
ROLE_NOUNS: frozenset[str] = frozenset("""
міністр президент прем'єр прем'єр-міністр речник речниця спікер голова керівник керівниця директор
директорка заступник заступниця начальник начальниця експерт експертка аналітик джерело представник
представниця співрозмовник співрозмовниця журналіст журналістка кореспондент автор авторка депутат
депутатка нардеп посол мер губернатор очільник очільниця лідер генерал командир командувач прокурор
суддя слідчий адвокат юрист політик політолог економіст науковець учений вчений дослідник історик
лікар професор доцент викладач вчитель учитель співак співачка артист актор письменник письменниця
поет поетеса тенор священик митрополит патріарх активіст волонтер військовий солдат боєць
полковник підполковник майор капітан сержант лейтенант посадовець чиновник чиновниця прокурорка
засновник засновниця власник власниця менеджер фахівець спеціаліст інженер свідок мешканець
мешканка житель жителька пенсіонер пенсіонерка студент студентка учасник учасниця організатор
організаторка гість гостя друг друзі подруга мати батько син донька дружина чоловік жінка хлопець
дівчина дівчинка хлопчик пан пані мама тато бабуся дідусь глава секретар секретарка прессекретар
прес-секретар омбудсман уповноважений ректор декан архітектор автори дорожники залізничники
захисник захисниця правозахисник правозахисниця міністерка президентка губернаторка адвокатка лідерка
економістка аналітикиня політологиня дослідниця лікарка професорка викладачка вчителька активістка
волонтерка фахівчиня спеціалістка акторка артистка прем'єрка керманич
генсек генсекретар держсекретар генпрокурор віцепрем'єр віце-прем'єр віцепрезидент віце-президент канцлер
сенатор конгресмен дипломат оглядач режисер режисерка продюсер продюсерка тренер тренерка футболіст футболістка
спортсмен спортсменка композитор художник художниця фотограф блогер блогерка медик рятувальник прикордонник
розвідник комбриг омбудсманка посадовиця наставник наставниця науковиця палеонтолог нардепка фермер фермерка
аграрій понтифік головлікар староста єпископ архієпископ пастор настоятель
""".split())

#: Nouns that stand for an organisation as a source ("у прес-службі", "в прокуратурі", "суд нагадав"); with
#: the media nouns below, :data:`ORG_ROLE_NOUNS`.
_ORG_SOURCE_NOUNS: frozenset[str] = frozenset("""
прес-служба пресслужба служба відомство міністерство прокуратура суд корпорація компанія банк
управління департамент адміністрація уряд кабмін рада комітет комісія агентство інформагентство
видавництво редакція поліція міліція штаб мерія партія фонд асоціація організація об'єднання
ЗМІ сайт
""".split())

#: Organisation nouns for the media: with no name of their own they stand for the outlet named last ("– пише
#: видання" after "журнал The Economist"), which may be a name in Latin letters the entity model does not tag.
MEDIA_NOUNS: frozenset[str] = frozenset("видання газета журнал тижневик телеканал агентство інформагентство".split())
ORG_ROLE_NOUNS: frozenset[str] = _ORG_SOURCE_NOUNS | MEDIA_NOUNS

#: Written sources ("йдеться в обґрунтуванні", "у заяві"): they stand for their author.
DOCUMENT_NOUNS: frozenset[str] = frozenset("""
заява повідомлення обґрунтування документ лист розклад звернення постанова рішення ухвала допис
пост публікація релиз реліз коментар відповідь звіт доповідь указ закон наказ роз'яснення анотація
інтерв'ю припис позиція твіт
""".split())

#: Personal pronouns that can be a speaker mention, with the gender/number they carry.
PRONOUNS: dict[str, str | None] = {"він": "masc", "вона": "femn", "воно": "neut", "вони": "plur",
                                   "я": None, "ми": "plur", "який": "masc", "яка": "femn", "які": "plur",
                                   "ньому": None, "ній": None}

#: Nouns before a quoted span that make it a name or title, not a quote ("ТОВ «…»", "фільм «…»").
NAME_CONTEXT_NOUNS: frozenset[str] = frozenset("""
тов тзов пат прат ват зат дп кп пп фоп ат оп нгo нго го спд гк кс ск фк
компанія корпорація концерн холдинг група банк фірма підприємство завод фабрика комбінат
газета журнал видання агентство інформагентство телеканал канал радіо радіостанція сайт портал
фільм кінофільм серіал книга книжка роман повість збірка вірш пісня альбом вистава спектакль
програма проект проєкт операція акція кампанія конкурс фестиваль форум премія нагорода орден
партія блок рух фракція об'єднання організація асоціація спілка фонд центр інститут університет
академія школа ліцей гімназія коледж клуб команда товариство кооператив магазин мережа
ресторан кафе готель комплекс кінотеатр театр музей бібліотека станція аеропорт порт вокзал
гурт колектив ансамбль хор оркестр бренд марка торгова знак проспект вулиця площа бульвар
закон законопроєкт законопроект кодекс постанова указ рішення договір угода меморандум стратегія концепція
держава союз коаліція альянс платформа застосунок додаток сервіс назва назвою назву назві
слово слова словом поняття термін гасло девіз рубрика розділ стаття статті статтю журналу газети
ролик проморолик відеоролик заповідь лозунг вислів приказка прислів'я напис процедура запитання питання
стіл семінар конференція тренінг виставка ярмарок турнір чемпіонат марафон шоу номінація категорія
""".split())

#: Prepositions and words after which a quoted short span is a name ("в рамках «…»", "під назвою «…»").
NAME_CONTEXT_WORDS: frozenset[str] = frozenset("назвою назвою назві так званий так звана так зване так звані".split())


def is_speech_lemma(lemma: str) -> bool:
    return lemma in SPEECH_VERBS


def is_naming_verb(info) -> bool:
    """Whether a word's analysis (``morph.WordInfo``) is a verb of naming and nothing else ("назвав", not "назви")."""
    return bool(info.verb_lemmas & NAMING_VERBS) and "NOUN" not in info.pos


def any_speech_lemma(lemmas) -> bool:
    return any(lemma in SPEECH_VERBS for lemma in lemmas)


#: Head nouns of organisation names ("Вищий господарський суд України", "Головне управління …"). A capitalised
#: nominative phrase holding one of them, as the subject of a sentence or after a speech verb, is an
#: organisation a document or an unnamed spokesperson can stand for.
ORG_HEAD_NOUNS: frozenset[str] = _ORG_SOURCE_NOUNS | frozenset("""
університет інститут академія центр служба інспекція палата спілка товариство колектив заповідник
музей театр лікарня школа облдержадміністрація держадміністрація адміністрація міськрада облрада
господарство підприємство завод компанія холдинг концерн група фонд агентство інформагентство залізниця
укравтодор мінюст міністерство управління департамент установа філія представництво посольство офіс
""".split())

#: Organisation-type abbreviations written before a quoted name ("ТОВ «…»", "КП «…»").
ORG_ABBREVIATIONS: frozenset[str] = frozenset("""
тов тзов пат прат ват зат дп кп пп ат нгo нго го дтго ук дуп кзп фг сг ооо зао оао
""".split())

#: Words that stand for a speaker who is a press service or spokes-body: the organisation is the speaker.
PRESS_SERVICE_NOUNS: frozenset[str] = frozenset("прес-служба пресслужба служба речник речниця".split())

#: Conventional names of laws as sources ("згідно з Конституцією", "в Основному Законі").
LAW_ALIASES: dict[str, str] = {"конституція": "Конституція України", "конституція україни": "Конституція України",
                               "основний закон": "Конституція України"}

#: The narrator's first person outside any quote ("– запитав я") stands for the author of the text.
NARRATOR_NAME = "автор статті"

#: Light verbs that are speech cues with a noun after them ("зробив акцент", "висловив думку", "дав коментар").
LIGHT_VERB_CUES: dict[str, frozenset[str]] = {
    "зробити": frozenset("акцент наголос заяву заява зауваження".split()),
    "робити": frozenset("акцент наголос заяву заява зауваження".split()),
    "дати": frozenset("коментар коментарі оцінку оцінка".split()),
    "давати": frozenset("коментар коментарі оцінку оцінка".split()),
    "висловити": frozenset("думку думка позицію позиція".split()),
}

#: Nouns naming laws and acts: a quoted title after them is the act's name ("Закону України «Про …»").
LAW_NOUNS: frozenset[str] = frozenset("закон кодекс постанова указ розпорядження наказ конвенція".split())

#: First three letters of every form of a speech verb: the lemmas' own, plus stems that alternate
#: (каже, пише, йдеться, ішлося). A cheap filter before the morphological check of each word.
SPEECH_PREFIXES: frozenset[str] = frozenset({lemma[:3] for lemma in SPEECH_VERBS}
                                            | set("каж пиш йде йшл іде ішл".split()))

#: Role nouns for the writer of the text quoted ("– пише журналіст") and the texts whose author the document names
#: ("у матеріалі Оксани Коваленко"); verbs of writing whose named subject after them is such an author ("Про це
#: пише Сергій Щербина в «…»").
WRITER_ROLES: frozenset[str] = frozenset("журналіст журналістка кореспондент кореспондентка автор авторка".split())
REPORT_NOUNS: frozenset[str] = frozenset("""
матеріал стаття розслідування публікація колонка репортаж блог допис
""".split())
WRITING_VERBS: frozenset[str] = frozenset("писати написати".split())

#: Adverbs and particles the pymorphy3 dictionary lacks: capitalised at a sentence start they are no names.
UNLISTED_FUNCTION_WORDS: frozenset[str] = frozenset("ще вже теж".split())

#: Role nouns that name the same kind of position ("очільник області" after "голова ОДА Павло Жебрівський").
ROLE_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset("голова очільник очільниця керівник керівниця глава начальник начальниця".split()),
    frozenset("депутат депутатка нардеп".split()),
    frozenset("співак співачка тенор артист виконавець".split()),
    frozenset("журналіст журналістка кореспондент автор авторка".split()),
    frozenset("директор директорка гендиректор керівник".split()),
    frozenset("адвокат адвокатка захисник захисниця".split()),
    frozenset("прем'єр прем'єр-міністр".split()),
    frozenset("експерт експертка аналітик аналітикиня політолог політологиня оглядач фахівець фахівчиня".split()),
    frozenset("секретар генсек генсекретар".split()),
    frozenset("режисер режисерка".split()),
    frozenset("тренер тренерка наставник наставниця".split()),
    frozenset("науковець науковиця учений вчений дослідник дослідниця".split()),
    frozenset("мер очільник очільниця".split()),
    frozenset("папа понтифік".split()),
)

#: Role noun + genitive that name a position another role noun names ("глава держави" = the president).
ROLE_PHRASES: dict[tuple[str, str], str] = {
    ("глава", "держава"): "президент", ("очільник", "держава"): "президент", ("керманич", "держава"): "президент",
    ("глава", "уряд"): "прем'єр-міністр", ("голова", "уряд"): "прем'єр-міністр",
    ("очільник", "уряд"): "прем'єр-міністр", ("керівник", "уряд"): "прем'єр-міністр",
    ("очільник", "громада"): "мер", ("голова", "громада"): "мер", ("очільник", "місто"): "мер",
}

#: Adjective + role noun that name a position another role noun names ("міський голова" = the mayor).
ROLE_WITH_ADJECTIVE: dict[tuple[str, str], str] = {
    ("міський", "голова"): "мер", ("сільський", "голова"): "мер", ("селищний", "голова"): "мер",
    ("головний", "лікар"): "головлікар",
}
