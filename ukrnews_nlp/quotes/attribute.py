"""Speakers and cues for detected quotes, indirect speech, and canonical speaker names.

The rules work on characters and regex words of the original text, so they run (degraded) on a blank pipeline.
When the pipeline has them, named entities split capitalised runs into names and label them, and the parser's
subject of the cue verb (``nsubj`` / ``nsubj:pass``) picks the speaker mention.

Order of evidence for a direct quote: the attribution inside a split quote (unless a named speaker before the
colon outranks a pronoun there), then the one after the closing mark (``», – сказав X``; a cue verb before a
colon wins over a retelling or relaying verb after the quote), then the one before the opening mark in the same
sentence (``X заявив: «``, ``за словами X``, ``згідно з X``, a bare colon or a speech noun before it), then an
earlier quote of the same sentence, then the context (a speaker set up in the same or the previous sentence —
the claimant, not the topic, of a "що" clause —, the source the next sentence names, or the last speaker).

Resolution, all within the document: pronouns and cue verbs with no subject go to the subject of the previous
sentence (a person, a plural noun, a group of names) or the most recent compatible speaker (the narrator's "я"
is the author; "у ньому / у ній" the organisation of the sentence before); role nouns go to the person
introduced with the same or a synonymous role ("глава держави" = the president; an unnamed "журналіст" is the
report's named author), to the person named in apposition, or else get a short description with their
adjectives and complement ("представник ВАТ «Оборонстрой»"); documents, press services and organisation nouns
stand for the organisation the text names (its author in the complement or after "від", the organisation in
the lead sentence, the fullest capitalised name with the same head, the full name an acronym abbreviates or a
clipped compound such as "Мін'юст" shortens); coordinated names after a plural cue are one comma-joined group;
short names link to the fullest form of the name in the document.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise

from ..entity_rules import LOWERCASE_STYLE_NAMES
from .detect import DASHES, WORD_RE, QuotedSpan, repeats_in_body
from .lexicon import (
    ACRONYM_HEADS,
    BODY_NOUNS,
    CITE_VERBS,
    COMPANY_NOUNS,
    DOCUMENT_NOUNS,
    KIN_NOUNS,
    LAW_ALIASES,
    LAW_NOUNS,
    LIGHT_VERB_CUES,
    MEDIA_NOUNS,
    NARRATOR_NAME,
    OPINION_CUES,
    ORG_ABBREVIATIONS,
    ORG_HEAD_NOUNS,
    ORG_ROLE_NOUNS,
    POSSESSIVE_PRONOUNS,
    PRESS_SERVICE_NOUNS,
    PRONOUNS,
    RELAY_VERBS,
    REPORT_NOUNS,
    ROLE_NOUNS,
    ROLE_PHRASES,
    ROLE_SYNONYMS,
    ROLE_WITH_ADJECTIVE,
    SOURCE_NOUNS,
    SPEECH_PREFIXES,
    SPEECH_VERBS,
    UNLISTED_FUNCTION_WORDS,
    WRITER_ROLES,
    WRITING_VERBS,
    is_naming_verb,
)
from .morph import (
    _looks_patronymic,
    entity_nominative,
    given_name_gender,
    inflects_surname,
    is_singular_nominative,
    is_speakers_aside,
    name_genitive,
    nominative,
    nominative_surname,
    person_name_nominative,
    word_info,
)

_NOT_NAMING_ADJECTIVES = frozenset("""перший другий третій четвертий п'ятий останній інший новий цей той такий
кожний кожен один весь увесь сам""".split())
_TIME_NOUNS = frozenset("""січень лютий березень квітень травень червень липень серпень вересень жовтень
листопад грудень рік день тиждень місяць година ранок вечір""".split())   # "15 червня Глущенко направила"
_NOUN_CUE_WORDS = frozenset("позиція слово відповідь коментар думка".split())
_PREPOSITIONS_LOC = frozenset("у в на".split())
_ALL_CASES = frozenset("nomn gent datv accs ablt loct".split())
_ADJECTIVE_ROLE_HEADS = frozenset(head for _adjective, head in ROLE_WITH_ADJECTIVE)
# A sentence ends at . ! ? … before a space and a word that does not start in lower case ("28 листопада 2025 р.
# графіки" goes on), at a line end, and at a period glued to the next sentence's capitalised word ("нападникам.Так").
_SENT_END = re.compile(r"[.!?…]+[»”“\"]?(?=[ \t]*\n|\s+[^a-zа-яіїєґ\s])|\n"
                       r"|(?<=[а-яіїєґ]{3})\.(?=[А-ЯІЇЄҐ][а-яіїєґ'’]+\b)")
_PRESS_SERVICE_FORMS = frozenset("прес-служба пресслужба прес-службу пресслужбу".split())
_NEXT_CAPITAL = re.compile(r"[ \t]+(?=[A-ZА-ЯІЇЄҐ])")
_ZA_SLOVAMY = re.compile(r"\b([Зз]а)\s+(?:(його|її|їхніми|їх)\s+)?словами\b")
_THAT = re.compile(r"\s*(?:,\s*)?(?:(?:про|тим)\s+(?:те|,)?\s*,?\s*)?що\b")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str               # name | pronoun | nominal | document
    label: str              # PER | ORG
    gender: str | None = None
    words: list[str] = field(default_factory=list)
    complement: bool = False   # right after another noun ("заступник голови"): rarely the subject
    case: str | None = None    # grammatical case the context requires, when it does
    members: list[Mention] = field(default_factory=list)   # the persons of a group ("Шевчук і Бондар")


@dataclass
class Attribution:
    cue: tuple[int, int] | None
    mention: Mention | None
    name: str | None
    label: str | None


@dataclass
class IndirectItem:
    start: int
    end: int
    cue: tuple[int, int]
    attribution: Attribution


@dataclass
class _Word:
    start: int
    end: int
    text: str

    @cached_property
    def info(self):
        return word_info(self.text)


_NOT_NEWLINE = re.compile(r"[^\n]")
#: A call sign as the text introduces it: "з позивним «Мольфар»", "на позивний «Ліса»".
_CALL_SIGN = re.compile(r"\b(?:з|із|зі|на|під)\s+позивн(?:им|ий)\s+[«\"“„]([^»\"”“]{2,30})[»\"”“]")


def _mask_quoted(text: str, spans: list[QuotedSpan]) -> str:
    """``text`` with every character inside a top-level quoted span, line breaks aside, replaced by ``x``."""
    pieces, done = [], 0
    for start, end in sorted((s.start, s.end) for s in spans if s.parent is None):
        start = max(start, done)
        if end > start:
            pieces += [text[done:start], _NOT_NEWLINE.sub("x", text[start:end])]
            done = end
    pieces.append(text[done:])
    return "".join(pieces)


#: Words an acronym's letters skip between the words it abbreviates.
_ACRONYM_SKIPPED = frozenset("і й та".split())


class DocIndex:
    """Per-document lookups shared by all attribution rules (built once, linear in the text)."""

    def __init__(self, text: str, spans: list[QuotedSpan], ents: list[tuple[int, int, str]] | None = None,
                 subjects: dict[int, tuple[int, int]] | None = None):
        self.text = text
        #: parser subjects: character start of a verb → (start, end) of its nsubj / nsubj:pass word
        self.subjects = subjects or {}
        self._subject_starts: set[int] | None = None
        self.spans = spans
        self.words = [_Word(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]
        self.word_starts = [w.start for w in self.words]
        self.ents = sorted(ents or [])
        self.ent_starts = [e[0] for e in self.ents]
        self._lower_names = self._lower_case_names()
        # Sentence starts on text whose quoted parts are masked, so quotes never split a sentence.
        self.masked = _mask_quoted(text, spans)
        starts = [0]
        for m in _SENT_END.finditer(self.masked):
            starts.append(m.end())
        for span in spans:
            # a quote that ends its sentence inside the marks (`запитала: "А ти?" Раніше …`): masked, its final
            # mark is hidden from the pattern above
            if span.is_quote and span.close is not None and span.depth == 0 \
                    and text[span.end - 1:span.end] in ("?", "!", ".", "…"):
                nxt = _NEXT_CAPITAL.match(text, span.close + 1)
                if nxt:
                    starts.append(nxt.end())
        self.sent_starts = sorted(set(starts))
        self.name_spans = [s for s in spans if not s.is_quote]
        self.history: list[tuple[int, str, str, str | None]] = []   # (pos, name, label, gender)
        self._persons = self._collect_persons()
        self.quote_ranges = [(s.open, s.after) for s in spans if s.is_quote]
        self.org_sources = self._collect_org_sources()
        self._acronyms: dict[str, str | None] = {}
        self._clipped: dict[str, tuple[str, str] | None] = {}
        self._named_orgs: dict[frozenset[str], str | None] = {}
        self.speech_verbs: list[int] | None = None   # word indices of speech verbs, filled on first use
        self.call_signs = self._collect_call_signs()

    def _collect_call_signs(self) -> dict[str, tuple[int, str | None]]:
        """Call signs the text gives (``з позивним «Ліса»``): call sign → (position, the person's canonical name
        where a name comes right before it, "Тетяна Гордієнко з позивним «Ліса»", else None)."""
        signs: dict[str, tuple[int, str | None]] = {}
        for m in _CALL_SIGN.finditer(self.text):
            person = next((p for p in reversed(self._persons)
                           if p.pos < m.start() and self.text[p.pos:m.start()].split() == list(p.words)), None)
            name = self.full_person_name(person.canon, person.pos, list(person.words)) if person else None
            if m.group(1) not in signs or (name and not signs[m.group(1)][1]):
                signs[m.group(1)] = (m.start(), name)   # the mention with a name wins over a headline's
        return signs

    def _lower_case_names(self) -> frozenset[int]:
        """Starts of the lower-case words of entities that are names all the same: the 2022+ news style writes some
        so (``путін``, ``дмитро пєсков``, ``у кремлі``), and they then count as name words wherever the rules look
        for capitals (:meth:`name_like`). Person entities' words the dictionary knows as names or not at all, and
        the russia-related names of that style (``кремль``, ``москва``, ``рф``) in any entity."""
        starts = set()
        for start, end, label in self.ents:
            if label not in ("PER", "PERS", "LOC", "ORG") or not self.text[start:start + 1].islower():
                continue
            a, b = self.word_range(start, end)
            for k in range(a, b):
                w = self.words[k]
                # (a known word after a given name is the surname: "володимир сальдо")
                if w.text[:1].islower() and (w.info.lemmas & LOWERCASE_STYLE_NAMES.keys() or (
                        label in ("PER", "PERS") and (w.info.is_name or not w.info.known
                                                      or (k == a + 1 == b - 1 and self.words[a].info.is_given)))):
                    starts.add(w.start)
        if starts:
            # the same name where the model tagged no entity ("«…»: захарова про …", a headline)
            forms = {w.text for w in self.words if w.start in starts}
            starts |= {w.start for w in self.words if w.text in forms}
        return frozenset(starts)

    @cached_property
    def honorific_names(self) -> frozenset[str]:
        """The names a thing is named after ("лікарні імені Мечникова", "університету ім. Шевченка"): no person of
        the story, wherever the text repeats them ("лікарка лікарні Мечникова" in the headline)."""
        found = set()
        for k, w in enumerate(self.words[:-1]):
            if w.text in ("імені", "ім") and (w.text == "імені" or self.text[w.end:w.end + 1] == "."):
                j = k + 1
                while j < len(self.words) and j - k <= 3 and self.words[j].text[:1].isupper():
                    found.add(self.words[j].text)
                    j += 1
        return frozenset(found)

    def name_like(self, w: _Word) -> bool:
        """Whether a word may be part of a name: capitalized (not a number), or a lower-case name word of a person
        entity."""
        return (w.text[:1].isupper() and not w.text.isdigit()) or w.start in self._lower_names

    def is_subject(self, start: int) -> bool:
        """Whether the word at ``start`` is some verb's subject in the parse."""
        if self._subject_starts is None:
            self._subject_starts = {a for a, _b in self.subjects.values()}
        return start in self._subject_starts

    def inside_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quote_ranges)

    # -- organisations named in the document -------------------------------------------------------------
    def _collect_org_sources(self) -> list[tuple[int, str]]:
        """Organisation names that act in the text: (position, name as written, nominative).

        A capitalised phrase headed by an organisation noun is taken where it is a subject: at the start of a
        sentence ("Вищий господарський суд України 25 вересня уклав …") or right after a speech verb
        ("…, повідомляє Державна служба України з надзвичайних ситуацій").
        """
        out = []
        seen = set()
        for s0 in self.sent_starts:
            k = bisect_left(self.word_starts, s0)
            if k < len(self.words) and k not in seen:
                seen.add(k)
                phrase = self.org_phrase(k)
                if phrase and self.words[k].info.lemmas & PRESS_SERVICE_NOUNS:
                    # "Прес-служба корпорації «МАКО Холдінг»" speaks for the corporation
                    names = re.findall(r"«([^«»]+)»", phrase)
                    phrase = names[-1] if names else None
                if phrase:
                    out.append((self.words[k].start, phrase))
        for k, w in enumerate(self.words[:-1]):
            nxt = self.words[k + 1]
            if self.text[w.end:nxt.start].strip() == "" and k + 1 not in seen \
                    and w.text[:3].lower() in SPEECH_PREFIXES \
                    and w.info.is_finite_verb and w.info.verb_lemmas & SPEECH_VERBS:   # (the cheap test first)
                if nxt.text[:1].isupper():
                    phrase = self.org_phrase(k + 1)
                elif nxt.text.lower() in _PRESS_SERVICE_FORMS:
                    phrase = self._press_service_org(k + 1)   # "…, повідомляє прес-служба ЦВК"
                else:
                    phrase = None
                if phrase:
                    out.append((nxt.start, phrase))
        out.sort()
        return out

    def _press_service_org(self, k: int) -> str | None:
        """The organisation, in the nominative, whose press service word ``k`` is: the named entity right after
        it ("прес-служба ЦВК", "пресслужба ТОВ «Лео»"), else a capitalised organisation name in the genitive
        ("прес-служба Донецької прокуратури" → "Донецька прокуратура")."""
        if k + 1 >= len(self.words):
            return None
        nxt = self.words[k + 1]
        if self.text[self.words[k].end:nxt.start].strip(" «\"") != "":
            return None
        ent = self.ent_at(nxt.start)
        if ent is not None:
            return entity_nominative(self.text[ent[0]:ent[1]], "ORG") if ent[2] == "ORG" else None
        phrase = self.org_phrase(k + 1, case="gent")
        return nominative(phrase) if phrase else None

    def org_phrase(self, k: int, case: str = "nomn") -> str | None:
        """The capitalised organisation name in ``case`` starting at word ``k`` (as written), or None.

        Shape: adjectives, a head noun of an organisation (or an abbreviation such as ТОВ before a quoted
        name), then genitive or prepositional complements and a quoted name, with at least one capitalised
        word after the first ("Управління МНС України в Житомирській області", "КП «…»").
        """
        words, text = self.words, self.text
        first = words[k]
        if not first.text[:1].isupper():
            return None
        low0 = first.text.lower()
        abbreviation = low0 in ORG_ABBREVIATIONS and text[first.end:first.end + 3].strip().startswith("«")
        if not abbreviation and not (first.info.pos & {"NOUN", "ADJF"} and case in first.info.cases
                                     and not ("ADVB" in first.info.pos and low0.endswith("ше"))):
            return None
        end = None
        head = abbreviation
        capital_inside = False
        j = k
        while j < len(words) and j - k < 14:
            w = words[j]
            info = w.info
            low = w.text.lower()
            if j > k:
                gap = text[words[j - 1].end:w.start]
                if gap.strip(" «»\"") != "" or "\n" in gap:
                    break
            if w.text[:1].isdigit() or (info.is_finite_verb and not info.pos & {"NOUN", "ADJF"}) \
                    or (j > k and (low in _OWN_WORDS or (low.startswith(_CHANNEL_PREFIXES)
                                                         and words[j - 1].text.lower() in ("у", "в", "на")))):
                break   # "Компанія «Енергоатом» у своєму Telegram-каналі": where it said it, not its name
            if not head:
                if "NOUN" in info.pos and case in info.cases and info.lemmas & ORG_HEAD_NOUNS:
                    head = True
                elif not ("ADJF" in info.pos and case in info.cases):
                    return None
            elif w.text[:1].islower() and info.known and not (info.cases & {"gent", "loct", "ablt"}
                                                               or low in ("з", "із", "у", "в", "при", "і", "та")):
                break
            if j > k and (w.text[:1].isupper() or self.in_name_span(w.start)):
                capital_inside = True
            if info.pos & {"NOUN", "ADJF"} or w.text[:1].isupper() or not info.known:
                end = w.end
            j += 1
        if not capital_inside and (not ("ADJF" in first.info.pos and first.info.pos <= {"ADJF", "NOUN"})
                                   or first.info.lemmas & _NOT_NAMING_ADJECTIVES):
            return None   # "Друга компанія"; but "Київський міський центр зайнятості" names an organisation
        if end is None or not head:
            return None
        span = self.in_name_span(end - 1)
        if span is not None and span.close is not None and span.open >= first.start:
            end = span.after   # keep the closing mark of a quoted name
        phrase = text[first.start:end]
        if phrase.count("«") != phrase.count("»"):
            return None
        return phrase

    def named_org(self, heads: set[str]) -> str | None:
        """The fullest capitalised organisation name in the document, in any case, whose head noun has one of the
        lemmas ``heads``, in the nominative ("обласна служба" → "Служби автомобільних доріг у Київській
        області" → "Служба автомобільних доріг у Київській області")."""
        key = frozenset(heads)
        if key in self._named_orgs:
            return self._named_orgs[key]
        found = None
        best: tuple[int, int] | None = None
        prefixes = {h[:3] for h in heads}
        for k, w in enumerate(self.words):
            if w.text[:3].lower() not in prefixes or "NOUN" not in w.info.pos or not w.info.lemmas & heads:
                continue   # cheap test first
            a = k
            while a > 0 and "ADJF" in self.words[a - 1].info.pos and self.words[a - 1].text[:1].isupper() \
                    and self.text[self.words[a - 1].end:self.words[a].start] == " ":
                a -= 1   # "Головне управління …"
            if not self.words[a].text[:1].isupper() or self.inside_quote(w.start):
                continue
            phrases = [self.org_phrase(a, case) for case in ("nomn", "gent", "datv", "accs", "ablt", "loct")
                       if case in w.info.cases]
            phrase = max((p for p in phrases if p), key=len, default=None)
            if phrase and (best is None or (len(phrase.split()), len(phrase)) > best):
                found, best = nominative(phrase), (len(phrase.split()), len(phrase))
        self._named_orgs[key] = found
        return found

    def _defined_acronym(self, acronym: str) -> str | None:
        """The name the text gives an acronym in brackets after it ("Інституту вивчення війни (ISW)" → "Інститут
        вивчення війни", "Православна церква України (ПЦУ)"): back from the bracket, at most six words and no
        preposition, conjunction or verb, to the earliest capitalised word."""
        m = re.search(r"\(" + re.escape(acronym) + r"\)", self.text)
        if m is None:
            return None
        j = bisect_left(self.word_starts, m.start()) - 1
        first = None
        for x in range(j, max(j - 8, -1), -1):
            w = self.words[x]
            if x < j and w.text.lower() in ("з", "із") and self.words[x + 1].text.islower():
                continue   # a remit inside the name: "Державна служба з надзвичайних ситуацій (ДСНС)"
            if x < j and self.text[w.end:self.words[x + 1].start] != " " \
                    or w.info.pos & {"PREP", "CONJ"} or (w.info.is_finite_verb and not w.info.pos & {"NOUN", "ADJF"}) \
                    or (w.info.is_animate and not w.info.is_name and w.info.pos == {"NOUN"}):
                break   # (people opening the sentence: "Аналітики американського Інституту вивчення війни (ISW)")
            if w.text[:1].isupper():
                first = x
        if first is None:
            return None
        return nominative(self.text[self.words[first].start:self.words[j].end])

    def expand_acronym(self, acronym: str) -> str | None:
        """The full name an acronym abbreviates, from its first spelled-out mention in the document.

        Initials of consecutive words (hyphen parts count apart) must spell the acronym; a following
        "України" is kept, and a quoted name keeps its quote marks and the abbreviation before them.
        """
        if acronym in self._acronyms:
            return self._acronyms[acronym]
        letters = acronym.lower()
        words, text = self.words, self.text
        found = None
        for a, w in enumerate(words):
            if not w.text[:1].isupper() or w.text.isupper() or w.text[:1].lower() != letters[0]:
                continue
            initials = ""
            b = a
            while b < len(words) and len(initials) < len(letters):
                if b > a and text[words[b - 1].end:words[b].start].strip(" «»") != "":
                    break
                if b > a and words[b].text in _ACRONYM_SKIPPED:
                    b += 1   # "МОН": "Міністерство освіти і науки", the conjunction has no letter
                    continue
                initials += "".join(part[:1].lower() for part in words[b].text.split("-") if part)
                b += 1
            if initials != letters or words[b - 1].text in _ACRONYM_SKIPPED:
                continue
            head = next((x for x in words[a:b] if "NOUN" in x.info.pos), None)
            if head is not None and head.info.is_animate and not head.info.lemmas & ORG_HEAD_NOUNS:
                continue   # "Міністр охорони здоров'я" is a person's title, not what "МОЗ" abbreviates
            start, end = w.start, words[b - 1].end
            if b < len(words) and words[b].text == "України" and text[end:words[b].start] == " ":
                end = words[b].end
            span = self.in_name_span(w.start)
            if span is not None and span.close is not None and span.start == w.start:
                start, end = span.open, span.after
                prev = words[a - 1] if a > 0 else None
                if prev is not None and prev.text.isupper() and text[prev.end:span.open].strip() == "":
                    start = prev.start   # "ДТГО «Південно-Західна залізниця»"
                found = text[start:end]
            else:
                found = nominative(text[start:end])
            break
        found = found or self._defined_acronym(acronym) or self._entity_with_initials(letters)
        self._acronyms[acronym] = found
        return found

    def _entity_with_initials(self, letters: str) -> str | None:
        """The one organisation entity whose words' initials spell ``letters``, after a place's adjective or not
        ("ОДА": "Житомирської обласної державної адміністрації", written in lower case, which
        :meth:`expand_acronym` does not read as a name), in the nominative."""
        found = set()
        for start, end, label in self.ents:
            if label != "ORG":
                continue
            a, b = self.word_range(start, end)
            initials = ""
            for c in range(a, b):   # the words up to the last initial (an entity may run on: "… та директора")
                w = self.words[c]
                if w.text in _ACRONYM_SKIPPED:
                    continue
                initials += w.text[:1].lower()
                if initials == letters or (initials[1:] == letters and self.words[a].text[:1].isupper()
                                           and "ADJF" in self.words[a].info.pos):
                    found.add(entity_nominative(self.text[start:w.end], "ORG"))
                    break
        return found.pop() if len(found) == 1 else None

    def expand_clipped(self, word: str) -> tuple[str, str] | None:
        """The spelled-out name a clipped compound stands for: (as written, nominative), or None.

        "Нацгвардії" → ("Національної гвардії України", "Національна гвардія України"), "Мін'юст" → the
        ministry of justice: the compound is the beginnings of two or more consecutive capitalised-name words
        (hyphen parts count apart), its last piece a beginning or another form of the last word. A following
        "України" is kept, as for acronyms.
        """
        if word in self._clipped:
            return self._clipped[word]
        key = _fold_apostrophes(word.lower())
        words, text = self.words, self.text
        found = None
        for a, w in enumerate(words):
            if not w.text[:1].isupper() or w.text[:1].lower() != key[0] or w.text == word or w.text.isupper():
                continue
            parts: list[tuple[str, int, bool]] = []   # (folded hyphen part, word index, last part of its word)
            for b in range(a, min(a + 5, len(words))):
                if b > a and text[words[b - 1].end:words[b].start] != " ":
                    break
                pieces = [x for x in words[b].text.split("-") if x]
                parts += [(_fold_apostrophes(x.lower()), b, i == len(pieces) - 1) for i, x in enumerate(pieces)]
            last = _clipped_match(key, parts, 0, 0)
            if last is None:
                continue
            end = words[last].end
            if last + 1 < len(words) and words[last + 1].text == "України" and text[end:words[last + 1].start] == " ":
                end = words[last + 1].end
            written = text[w.start:end]
            found = (written, nominative(written))
            break
        self._clipped[word] = found
        return found

    def org_source_before(self, pos: int, head_lemmas: set[str] | None = None) -> str | None:
        """The latest organisation named before ``pos`` (one whose words share ``head_lemmas`` when given)."""
        best = named = None
        for opos, phrase in self.org_sources:
            if opos >= pos:
                break
            if head_lemmas:
                lemmas = set().union(*(word_info(x).lemmas for x in WORD_RE.findall(phrase)))
                if not any(lem == h or h.endswith(lem) for lem in lemmas for h in head_lemmas):
                    continue
            best = phrase
            if "«" in phrase or any(x[:1].isupper() for x in phrase.split()[1:]):
                named = phrase   # a proper name beats a description ("Урядове інформагентство")
        return named or best

    # -- positions ---------------------------------------------------------------------------------------
    def sentence_start(self, pos: int) -> int:
        return self.sent_starts[bisect_right(self.sent_starts, pos) - 1]

    def previous_sentence_start(self, s0: int) -> int:
        """Start of the sentence before the one starting at ``s0`` (``s0`` itself at the text start)."""
        j = s0 - 1
        while j > 0 and (self.text[j].isspace() or self.text[j] in ".!?…"):
            j -= 1
        return self.sentence_start(j) if j > 0 else 0

    def sentence_end(self, pos: int) -> int:
        m = _SENT_END.search(self.masked, pos)
        return m.start() if m else len(self.text)

    def word_range(self, start: int, end: int) -> tuple[int, int]:
        return bisect_left(self.word_starts, start), bisect_left(self.word_starts, end)

    def opens_name_entity(self, pos: int) -> bool:
        """An organisation's entity starts at ``pos`` (a capitalised common word opening a sentence names it:
        ``Держдеп США заявив``, ``Сили оборони повідомили``; a person's span may hold a title before the name)."""
        ent = self.ent_at(pos)
        if ent is None or ent[0] != pos or ent[2] != "ORG":
            return False
        # not a title the recogniser took for one (``Топ-менеджер Нафтогазу``, ``Глава … відомства``)
        a, b = self.word_range(ent[0], ent[1])
        return not any(w.info.is_animate for w in self.words[a:b])

    def ent_at(self, pos: int) -> tuple[int, int, str] | None:
        """The named entity (start, end, label) that contains character ``pos``, if any."""
        i = bisect_right(self.ent_starts, pos) - 1
        if i >= 0 and self.ents[i][0] <= pos < self.ents[i][1]:
            return self.ents[i]
        return None

    def org_entity_before(self, pos: int, media: bool = False) -> str | None:
        """The organisation an organisation noun with no name of its own stands for: the last one, outside quotes,
        in the sentence of ``pos`` or the one before it, that the text shows speaking ("повідомили в пресслужбі
        Укренерго. «…», – йдеться в повідомленні компанії"; "У МЗС України назвали … «…», – йдеться в заяві
        відомства"), not one merely mentioned ("у поліції" stays the police). For a media noun (``media``: anywhere
        before) an outlet: a name after a media noun, a speech verb or "інтерв'ю", in Latin letters
        whether tagged or not ("журнал The Economist … – пише видання", "передає Bloomberg")."""
        # an outlet is named once, where the text first cites it: for a media noun, anywhere before
        s0 = 0 if media else self.previous_sentence_start(self.sentence_start(pos))
        k = bisect_left(self.word_starts, pos) - 1
        while k >= 0 and self.words[k].start >= s0:
            w = self.words[k]
            ent = self.ent_at(w.start)
            if self.inside_quote(w.start):
                k -= 1
                continue
            if ent is not None and ent[2] == "ORG":
                a, _ = self.word_range(ent[0], ent[1])
                if (media and a > 0 and _names_outlet(self.words[a - 1])) or self._speaks(a, k + 1, media):
                    return entity_nominative(self.text[ent[0]:ent[1]], "ORG")
                k = a - 1
                continue
            if media and _is_latin(w.text) and w.text[:1].isupper():
                a = k
                while a > 0 and _is_latin(self.words[a - 1].text) and self.words[a - 1].text[:1].isupper() \
                        and self.text[self.words[a - 1].end:self.words[a].start] == " ":
                    a -= 1
                if (a > 0 and (_names_outlet(self.words[a - 1]) or self.words[a - 1].info.pos == {"ADJF"})) or (
                        k + 1 < len(self.words) and self.words[k + 1].info.is_finite_verb
                        and self.text[w.end:self.words[k + 1].start] == " "
                        and all("ADJF" in x.info.pos for x in self.words[
                            bisect_left(self.word_starts, self.sentence_start(w.start)):a])):
                    # "Британська The Guardian присвятила …": an outlet that opens its sentence as the subject;
                    # "британський The Economist пише": after its adjective
                    return self.text[self.words[a].start:w.end]
                k = a
            elif media and w.text[:1].isupper() and k > 0 and self.words[k - 1].info.lemmas & MEDIA_NOUNS:
                named = _outlet_name_after(self, k - 1)   # "видання Коммерсантъ повідомило": after its kind
                if named:
                    return named
            k -= 1
        return None

    def _speaks(self, a: int, b: int, media: bool) -> bool:
        """Whether the organisation name of words [a, b) is shown speaking: after a press-service noun or a cue
        verb, in a locative "у/в" next to one ("У МЗС назвали", "повідомили в Генштабі"), right before one, or
        relayed "з посиланням на" it; for an organisation noun other than the media's (``media`` false), not an
        outlet that relays ("повідомляє ТАСС")."""
        words = self.words

        def speech(j: int) -> bool:
            return 0 <= j < len(words) and words[j].info.is_finite_verb and is_cue_word(words[j].text)

        def acts(j: int) -> bool:   # "У Міністерстві оборони України подякували партнерам": the body acting
            return 0 <= j < len(words) and _cue_gender(words[j].text) == "plur" and "NOUN" not in words[j].info.pos
        before = words[a - 1] if a > 0 else None
        if a > 1 and words[a - 2].text.lower() == "посиланням" or a > 2 and words[a - 3].text.lower() == "посиланням":
            return True   # "з посиланням на (дані) ФСБ": the source an outlet relays
        if not media and before is not None and before.info.is_present and before.info.verb_lemmas & RELAY_VERBS:
            return False   # "повідомляє ТАСС": an outlet, not what "служба" stands for
        if before is not None and (before.info.lemmas & PRESS_SERVICE_NOUNS or speech(a - 1)):
            return True
        if speech(b) or (before is not None and before.text.lower() in ("у", "в")
                         and (speech(a - 2) or any(speech(j) or acts(j) for j in range(b, b + 3)))):
            return True
        return False

    def word_starting_at(self, pos: int) -> _Word | None:
        """The word that starts exactly at ``pos``, if one does."""
        k = bisect_left(self.word_starts, pos)
        return self.words[k] if k < len(self.words) and self.words[k].start == pos else None

    def org_entities_before(self, pos: int):
        """The organisation entities that start before ``pos`` outside quotes, as (start, end), the last first."""
        for start, end, label in reversed(self.ents):
            if label == "ORG" and start < pos and not self.inside_quote(start):
                yield start, end

    def ent_label(self, start: int, end: int) -> str | None:
        i = bisect_right(self.ent_starts, end) - 1
        while i >= 0 and self.ents[i][1] > start:
            if self.ents[i][0] < end:
                return self.ents[i][2]
            i -= 1
        return None

    # -- names in the document ---------------------------------------------------------------------------
    def _collect_persons(self) -> list[_PersonRun]:
        """Person-name runs in order (their canonical names are computed on first use)."""
        persons = []
        for full_run in self._capitalised_runs(0, len(self.words)):
            if self.ents:
                # named entities split a capitalised run into its names ("Олександр Супрунюк" + "Нетішин")
                full_run = [w for w in full_run if (self.ent_at(w.start) or (0, 0, "PER"))[2] in ("PER", "PERS")]
                if not full_run:
                    continue
            while full_run:
                run = person_subrun(full_run)   # also trims what the entity took around the name
                if run is None:
                    break
                full_run = full_run[full_run.index(run[-1]) + 1:]   # "Віктора Ющенка Олексій Івченко": two
                words = [w.text for w in run]
                if len(words) == 1 and words[0].lower() in PRONOUNS:
                    continue   # "Вона …" opening a sentence: the pronoun, not the surname "Вона" of "Вон"
                if words[-1] in self.honorific_names and not any(x.info.is_given for x in run):
                    continue   # "лікарні імені Мечникова": whom the hospital is named after
                label = self.ent_label(run[0].start, run[-1].end)
                if label and label not in ("PER", "PERS"):
                    continue
                if len(run) == 1 and run[0].info.is_place and not label and self._after_place_preposition(run[0]):
                    continue   # "жив у Львові": the city, not the dative of "Лев"
                persons.append(_PersonRun(run[0].start, tuple(words)))
        return persons

    def _after_place_preposition(self, w: _Word) -> bool:
        before = self.text[max(0, w.start - 4):w.start].split()
        return bool(before) and before[-1].lower() in ("у", "в", "на")

    def _capitalised_runs(self, wi: int, wj: int) -> list[list[_Word]]:
        runs: list[list[_Word]] = []
        cur: list[_Word] = []
        for k in range(wi, wj):
            w = self.words[k]
            if self.name_like(w):
                gap = self.text[cur[-1].end:w.start] if cur else ""
                if cur and (gap.strip() not in ("", "-") or "\n" in gap
                            or _is_latin(cur[-1].text) != _is_latin(w.text)):
                    # a gap, a line break (a headline's last word and the body's first) or a change of script:
                    # "цитує Красюка Sky Sports" is two names
                    runs.append(cur)
                    cur = []
                cur.append(w)
            else:
                if cur:
                    runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        return runs

    def full_person_name(self, canon: str, pos: int, words: list[str], gender: str | None = None) -> str:
        """Link a partial name (surname, given name, given name + patronymic) to its fullest form."""
        parts = canon.split()
        if len(parts) >= 2:
            return canon
        key = parts[0].lower() if parts else ""
        has_patr = any(word_info(w).is_patronymic or _looks_patronymic(w) for w in words)
        best, best_dist = None, None
        for person in self._persons:
            if not any(w[:3].lower() == key[:3] for w in person.words):
                continue   # cheap test before normalising the name
            ppos, pcanon, _g = person.pos, person.canon, person.gender
            pparts = pcanon.split()
            if len(pparts) < 2:
                continue
            if key == pparts[-1].lower() or (key == pparts[0].lower() and (has_patr or len(words) == 1)) or (
                    len(words) == 1 and inflects_surname(words[0], pparts[-1])):
                dist = abs(pos - ppos) + (0 if ppos <= pos else 100_000)
                if not _compatible(gender, _g):
                    dist += 1_000_000
                if best_dist is None or dist < best_dist:
                    best, best_dist = pcanon, dist
        if best is None and len(words) == 2 and has_patr and not words[1].lower().endswith(("івна", "ївна")):
            # no fuller name in the document: "Роман Абрамович" is a surname after all ("Ганна Іванівна" is not)
            return " ".join(person_name_nominative(words[:1], gender)[0].split() + [nominative_surname(words[1])])
        return best or canon

    def last_person_before(self, pos: int, gender: str | None) -> tuple[str, str | None] | None:
        for person in reversed(self._persons):
            ppos, canon, g, words = person.pos, person.canon, person.gender, list(person.words)
            if ppos < pos and _compatible(gender, g) and not self.inside_quote(ppos):   # not named in a quote
                return self.full_person_name(canon, ppos, words), g
        return None

    def person_earlier_in_quote(self, pos: int, gender: str | None) -> str | None:
        """The last person named before ``pos`` inside the same quote, of a compatible sex: whom a pronoun inside a
        quote points back to ("«Коли Соломія Гнатів прочитала монолог, вона сказала: „…“»")."""
        quote = next(((a, b) for a, b in self.quote_ranges if a <= pos < b), None)
        if quote is None:
            return None
        for person in reversed(self._persons):
            if quote[0] <= person.pos < pos and _compatible(gender, person.gender):
                return self.full_person_name(person.canon, person.pos, list(person.words))
        return None

    def quote_speaker_at(self, pos: int) -> Attribution | None:
        """The person speaking the direct quote around ``pos``, as attributed so far ("«… Потім я сказала, що …» –
        каже Серена": the "я" of reported speech inside her words is hers), or None."""
        quote = next((a for a, b in self.quote_ranges if a <= pos < b), None)
        if quote is None:
            return None
        hit = next((h for h in self.history if h[0] == quote and h[2] == "PER"), None)
        return Attribution(None, None, hit[1], hit[2]) if hit else None

    def kin_earlier_in_quote(self, pos: int, gender: str | None) -> frozenset[str]:
        """The lemmas of the last family noun of sex ``gender`` before ``pos`` inside the same quote ("дзвінок
        мамі, – каже Максим. – Вона …"), or none."""
        quote = next(((a, b) for a, b in self.quote_ranges if a <= pos < b), None)
        if quote is None:
            return frozenset()
        for j in range(bisect_left(self.word_starts, pos) - 1, bisect_left(self.word_starts, quote[0]) - 1, -1):
            w = self.words[j]
            kin = {lemma for lemma in w.info.lemmas if KIN_NOUNS.get(lemma) == gender and "NOUN" in w.info.pos}
            if kin and _kin_alone(self, j):
                return frozenset(kin)
        return frozenset()

    def last_speaker_before(self, pos: int, gender: str | None, label: str | None = None,
                            window: int = 3000, named_only: bool = False) -> tuple[str, str] | None:
        for hpos, name, hlabel, g in reversed(self.history):
            if hpos >= pos:
                continue
            if named_only and not name[:1].isupper():
                continue   # a description ("іноземець") is no antecedent for another role noun
            if pos - hpos > window:
                break
            if label and hlabel != label:
                continue
            if _compatible(gender, g):
                return name, hlabel
        return None

    def in_name_span(self, pos: int) -> QuotedSpan | None:
        for s in self.name_spans:
            if s.open <= pos < s.after:
                return s
        return None


#: Words after an organisation's name that begin where it spoke, not more of the name.
_OWN_WORDS = frozenset("своєму своїй своїх свого своїм своєї".split())
_CHANNEL_PREFIXES = ("telegram", "телеграм", "facebook", "фейсбук", "twitter", "твіттер", "instagram", "інстаграм",
                     "youtube", "ютуб", "соцмереж")


def _name_extension(idx: DocIndex, ent: tuple[int, int, str], mention: Mention) -> bool:
    """Whether an organisation entity around a name mention only completes it: its other words are genitives
    ("Міністерстві охорони здоров'я", "Службі безпеки України"), a place in the locative ("ГУНП в Одеській області")
    or abbreviations ("КП
    «Київтеплоенерго»", "Державному департаменті США"), up to six words; not a phrase the recogniser ran on
    into ("Кардіо-фахівці після тестування"), and then its remit, which the recogniser took in ("Координаційному
    штабі з питань поводження з військовополоненими")."""
    a, b = idx.word_range(ent[0], ent[1])
    remit = next((k for k in range(a, b - 1) if idx.words[k].text.lower() in ("з", "із")
                  and idx.words[k + 1].text == "питань"), None)
    b = b if remit is None or remit == a else remit
    place = 0   # words of "в Одеській області" ("ГУНП в Одеській області"): where the body serves, in the locative
    for w in idx.words[a:b]:
        if mention.start <= w.start < mention.end:
            continue
        if w.start >= mention.end and w.text.lower() in ("у", "в") and not place:
            place = 1
            continue
        if place and "loct" in w.info.cases:
            place += 1
            continue
        if not (w.text.isupper() or ("gent" in w.info.cases and "PREP" not in w.info.pos
                                     and (w.text[:1].islower() or w.info.known))):
            return False
    return b - a - place <= 6   # the name itself up to six words


def _parent_acronym_end(idx: DocIndex, end: int) -> int:
    """The end of an acronym organisation right after an organisation's name ending at ``end`` ("Комітеті арбітрів"
    + "УАФ", "Центрі протидії дезінформації" + "при РНБО"), else ``end``."""
    gap = re.match(r" (?:при )?", idx.text[end:end + 5])
    nxt = idx.ent_at(end + gap.end()) if gap else None
    if nxt is not None and nxt[0] == end + gap.end() and nxt[2] == "ORG" and idx.text[nxt[0]:nxt[1]].isupper() \
            and 2 <= nxt[1] - nxt[0] <= 6:
        return nxt[1]
    return end


def _adjectives_and_head(idx: DocIndex, mention: Mention) -> str | None:
    """A name of capitalised and lower-case adjectives whose organisation noun follows it ("Державній податковій"
    + "службі"), in the nominative; None otherwise."""
    k = bisect_left(idx.word_starts, mention.start)
    words = idx.words[k:k + len(mention.words) + 1]
    if len(words) != len(mention.words) + 1 or not all("ADJF" in w.info.pos for w in words[:-1]):
        return None
    phrase = next((idx.org_phrase(k, case) for case in ("nomn", "gent", "datv", "accs", "ablt", "loct")
                   if case in words[0].info.cases and idx.org_phrase(k, case)), None)
    if phrase is None or len(phrase) <= len(mention.text):
        return None
    return nominative(phrase)


def _genitive_tail(idx: DocIndex, mention: Mention) -> int | None:
    """The end of an organisation's name that a capitalised head noun opens and lower-case genitives complete
    ("Офісі генпрокурора", "Службі безпеки"), up to three words and one capitalised genitive after them; None
    where no genitive follows."""
    if len(mention.words) != 1 or not mention.text[:1].isupper():
        return None
    k = bisect_left(idx.word_starts, mention.start)
    if not idx.words[k].info.lemmas & ORG_HEAD_NOUNS:
        return None
    end = None
    j = k + 1
    while j < len(idx.words) and j <= k + 4 and idx.text[idx.words[j - 1].end:idx.words[j].start] == " ":
        w = idx.words[j]
        if "gent" not in w.info.cases or w.info.pos & {"PREP", "CONJ"} or w.info.is_finite_verb:
            break
        end = w.end
        j += 1
        if w.text[:1].isupper():
            break   # "Службі безпеки України": a capitalised genitive ends the name
    return end


def _names_outlet(w: _Word) -> bool:
    """Whether a name after word ``w`` is an outlet's: after a media noun ("журнал The Economist"), a speech verb
    ("передає Bloomberg") or "інтерв'ю"; not a particle's or a product's ("частинки X17")."""
    return bool(w.info.lemmas & MEDIA_NOUNS or w.info.verb_lemmas & SPEECH_VERBS) \
        or _fold_apostrophes(w.text.lower()) == "інтервю"


#: People who, in the plural, speak for the organisation in their complement ("аналітики ISW").
_GROUP_NOUNS = frozenset("аналітик представник".split())


def _call_sign_after(idx: DocIndex, k: int) -> str | None:
    """The call sign a role noun at word ``k`` is given within its phrase ("Оператор ударних дронів з позивним
    «Мольфар»"): the person so introduced, else the call sign itself."""
    end = idx.words[min(k + 6, len(idx.words) - 1)].end
    for sign, (pos, name) in idx.call_signs.items():
        if idx.words[k].end <= pos <= end and not re.search(r"[,.;:!?–—]", idx.text[idx.words[k].end:pos]):
            return name or sign
    return None


def _org_after(idx: DocIndex, j: int) -> str | None:
    """The named organisation starting at word ``j`` after lower-case adjectives ("американського Інституту
    вивчення війни" → "Інститут вивчення війни"), in the nominative, or None."""
    while j < len(idx.words) and idx.words[j].text.islower() and "ADJF" in idx.words[j].info.pos:
        j += 1
    if j >= len(idx.words) or not idx.words[j].text[:1].isupper():
        return None
    ent = idx.ent_at(idx.words[j].start)
    if ent is None or ent[2] != "ORG":
        return None
    name = idx.text[idx.words[j].start:ent[1]].split("(")[0].strip()
    return entity_nominative(name, "ORG") if name else None


def _group_org(idx: DocIndex, groups: set[str], k: int) -> str | None:
    """The organisation a plural group noun ("аналітики") speaks for: its own complement's, else that of its
    first mention with one ("Аналітики американського Інституту вивчення війни … – пишуть аналітики")."""
    if not groups:
        return None
    for j in [k] + list(range(k)):
        w = idx.words[j]
        if w.info.lemmas & groups and "plur" in w.info.genders:
            org = _org_after(idx, j + 1)
            if org:
                return org
    return None


def _outlet_name_after(idx: DocIndex, k: int) -> str | None:
    """The name right after word ``k`` (-1: at the text's start): in Latin letters ("журнал Nature", "видання The
    Kyiv Independent"), or one capitalized word in another script ("видання Коммерсантъ"); else None."""
    words = idx.words
    first = k + 1
    if first >= len(words) or not words[first].text[:1].isupper() \
            or (k >= 0 and idx.text[words[k].end:words[first].start] != " "):
        return None
    last = first
    while last + 1 < len(words) and last - first < 4 and _is_latin(words[last + 1].text) \
            and idx.text[words[last].end:words[last + 1].start] == " ":
        last += 1
    if not _is_latin(words[first].text):
        if words[first].text.isupper():
            return None   # an acronym
        last = first
    return idx.text[words[first].start:words[last].end]


def _is_latin(word: str) -> bool:
    """The word is written in Latin letters (no Cyrillic one), other than a Roman numeral ("Єлизавета II")."""
    return bool(_LATIN_LETTER.search(word)) and not _CYRILLIC_LETTER.search(word) and not _ROMAN.fullmatch(word)


_LATIN_LETTER = re.compile(r"[A-Za-z]")
_ROMAN = re.compile(r"[IVXLCDM]+")
_CYRILLIC_LETTER = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")


def _fold_apostrophes(word: str) -> str:
    return word.replace("'", "").replace("’", "").replace("ʼ", "")


def _clipped_match(key: str, parts: list[tuple[str, int, bool]], i: int, j: int) -> int | None:
    """Word index of the last word when ``key[i:]`` is spelled by the beginnings of ``parts[j:]`` (at least two
    of them in all; see :meth:`DocIndex.expand_clipped`), else None."""
    if j >= len(parts):
        return None
    part, word_index, word_end = parts[j]
    rest = key[i:]
    if j > 0 and word_end:
        # the last piece: a beginning of the word ("юст" of "юстиції") or the word in another form
        # ("гвардія" / "гвардії"), sharing all but its ending
        common = 0
        while common < min(len(rest), len(part)) and rest[common] == part[common]:
            common += 1
        if common >= 3 and (common == len(rest) or common >= len(rest) - 2):
            return word_index
    for n in range(min(len(part), len(rest) - 2), 1, -1):
        if part[:n] == rest[:n]:
            hit = _clipped_match(key, parts, i + n, j + 1)
            if hit is not None:
                return hit
    return None


@lru_cache(maxsize=50_000)
def _person_canon(words: tuple[str, ...]) -> tuple[str, str | None]:
    return person_name_nominative(list(words))


@dataclass
class _PersonRun:
    """A person name written in the document; its canonical form is computed (and cached) on demand."""

    pos: int
    words: tuple[str, ...]

    @property
    def canon(self) -> str:
        return _person_canon(self.words)[0]

    @property
    def gender(self) -> str | None:
        return _person_canon(self.words)[1]


def _hpos(entry: tuple) -> int:
    return entry[0]


def person_subrun(run: list[_Word]) -> list[_Word] | None:
    """The person-name part of a capitalised run ("Білорусі Олександр Лукашенко" → "Олександр Лукашенко")."""
    best = _person_subrun(run)
    if best and len(best) >= 3:
        for i in range(1, len(best) - 1):
            nxt = best[i + 1]
            if best[i].info.is_given and not best[i].info.is_surname and not best[i - 1].info.is_given and not (
                    nxt.info.is_patronymic or _looks_patronymic(nxt.text)):   # "Рудь Петро Володимирович" stays
                if best[0].info.is_given:
                    return best[:i]   # "Віктора Ющенка Олексій Івченко": two names, the first one here
                return best[i:]   # "Центру Разумкова Володимир Сіденко": the name starts at the given name
    return best


def _person_subrun(run: list[_Word]) -> list[_Word] | None:
    best: list[_Word] = []
    cur: list[_Word] = []
    for i, w in enumerate(run + [None]):
        if w is not None and not cur and _acronym_before_name(w, run[i + 1] if i + 1 < len(run) else None):
            continue
        if w is not None and cur and len(cur) >= 2 and w.info.is_given and not w.info.is_surname \
                and not cur[-1].info.is_given:
            strengths = [x.info.name_strength for x in cur]
            if len(cur) > len(best):
                best = cur
            cur = []
        if w is not None and (w.info.name_strength > 0 or _after_given(cur, w)) and (
                not w.text.isupper() or w.info.is_name or _after_given(cur, w)) and len(w.text) > 1:
            cur.append(w)
            continue
        if cur:
            has_patr = any(x.info.is_patronymic for x in cur)
            while len(cur) > 1 and cur[0].info.name_strength < 2 and not has_patr:
                cur = cur[1:]  # "Білорусі Олександр Лукашенко": a weak leading word is not part of the name
            strengths = [x.info.name_strength for x in cur]
            if 2 in strengths or len(cur) >= 2:
                if len(cur) > len(best):
                    best = cur
        cur = []
    return best or None


def _acronym_before_name(w: _Word, nxt: _Word | None) -> bool:
    """An all-capitals word the dictionary also has as a given name, before a name in ordinary capitals, is an
    acronym ("генсек НАТО Єнс Столтенберг": "Нато" is a given name there), not the name's first word."""
    return (nxt is not None and len(w.text) > 1 and w.text.isupper() and not nxt.text.isupper()
            and w.info.is_given and not w.info.is_surname)


def _after_given(cur: list[_Word], w: _Word | None = None) -> bool:
    """A word right after a given name belongs to the name ("Ігор Западенко", "Віталій АВРАМЕНКО", "Ростислав
    Лужицький"), unless it is a known common noun ("Ради України": Рада is also a given name)."""
    if not (cur and cur[-1].info.is_given and len(cur) < 3):
        return False
    if w is None:
        return True
    info = w.info
    # lower-case words reach a run only as a person entity's ("володимир сальдо", a surname also a common noun)
    return info.is_name or not info.known or w.text.isupper() or "ADJF" in info.pos or info.is_animate \
        or (w.text[:1].islower() and cur[-1].text[:1].islower())


def _compatible(want: str | None, have: str | None) -> bool:
    if not want or not have:
        return True
    if want == "plur" or have == "plur":
        return want == have
    return want == have


def _cue_gender(word: str) -> str | None:
    low = word.lower()
    info = word_info(word)
    if not info.is_finite_verb:
        return None
    if low.endswith(("ли", "лись", "лися")):
        return "plur"
    if low.endswith(("ла", "лась", "лася")):
        return "femn"
    if low.endswith(("в", "вся", "всь")) and "masc" in info.genders:
        return "masc"
    if low.endswith(("ть", "ться")) and "plur" in info.genders:
        return "plur"
    return None


def _passive_impersonal(word: _Word) -> bool:
    """A speech verb's impersonal reflexive ("повідомляється", "зазначалося"): it has no subject, so a
    word before it outside a locative phrase (a caption's last word: "… доньку Раніше повідомлялося"; "Вибори в
    Раду: …") is not its speaker; a source in a locative phrase ("у заяві зазначається") or after it ("зазначалося в
    повідомленні NASA") is. ("йдеться" is left out: "він додав, що йдеться про …" continues his words.)"""
    low = word.text.lower()
    lemmas = word.info.verb_lemmas
    return word.info.is_finite_verb and low.endswith(("ться", "лося", "лось")) \
        and _cue_gender(word.text) != "plur" and bool(lemmas) \
        and all(lem.endswith("ся") and lem[:-2] in SPEECH_VERBS for lem in lemmas)


def _as_subject(mention: Mention | None) -> None:
    """Mark a name picked as its cue verb's subject nominative, where its words can be: "Денісова нагадує" is a
    woman's nominative, not the genitive of "Денісов" the dictionary reads first."""
    if mention is not None and mention.kind == "name" and mention.case is None and mention.words \
            and all("nomn" in word_info(w).cases and w.lower() not in PRONOUNS for w in mention.words):
        mention.case = "nomn"


def _impersonal_sources(cands: list, k: int) -> list:
    """The candidates that may be the source of the impersonal cue at word ``k``: in a locative phrase ("у заяві
    зазначається") or after it ("зазначалося в повідомленні NASA")."""
    # (a name's head may be its first word: "У Раді Європи наголошують")
    return [c for c in cands if (c[3] and ("loct" in c[2] or "loct" in word_info(c[0].words[0]).cases)) or c[1] > k]


def is_cue_word(word: str, *, allow_opinion: bool = True) -> bool:
    info = word_info(word)
    if info.is_infinitive and not info.is_finite_verb and "GRND" not in info.pos:
        return False
    if info.verb_lemmas & SPEECH_VERBS:
        return True
    return allow_opinion and (bool(info.lemmas & OPINION_CUES) or is_naming_verb(info))


# -- candidates --------------------------------------------------------------------------------------------
def _candidates(idx: DocIndex, wi: int, wj: int, skip: set[int]) -> list[tuple[Mention, int, set[str], bool]]:
    """Speaker candidates in words [wi, wj): (mention, word index, cases, after a preposition)."""
    out = []
    words = idx.words
    k = wi
    while k < wj:
        if k in skip:
            k += 1
            continue
        w = words[k]
        prev = words[k - 1] if k > 0 else None
        prep = None
        b = k - 1
        while b > max(wi, k - 3) and words[b].info.pos and words[b].info.pos <= {"ADJF", "NPRO"} \
                and "," not in idx.text[words[b - 1].end:words[b].start]:
            b -= 1   # "в нашому Основному Законі": determiners between the preposition and the noun
        # (a comma ends the prepositional phrase: "Одна з них, 81-річна Ніна Кравчук, каже")
        if b >= wi and "PREP" in words[b].info.pos and words[b].info.pos <= {"PREP", "PRCL", "CONJ"} \
                and "," not in idx.text[words[b].end:words[b + 1].start if b + 1 < len(words) else words[b].end]:
            prep = words[b].text.lower()
        name_span = idx.in_name_span(w.start)
        if name_span is not None and not idx.text[name_span.start:name_span.start + 1].isupper():
            name_span = None   # a quoted term («в одного учасника») names nobody
        if name_span is not None and name_span.open >= words[wi].start - 1:
            # a name in quote marks: «МАКО Холдінг», «Лізі антитрасту»
            last = bisect_left(idx.word_starts, name_span.after)
            text = idx.text[name_span.start:name_span.end]
            m = Mention(name_span.start, name_span.end, text, "name", "ORG", None,
                        [x.text for x in words[k:last]],
                        complement=prev is not None and "NOUN" in prev.info.pos and prev.text[:1].islower()
                        and idx.text[prev.end:name_span.open].strip() == "")
            out.append((m, k, set(words[k].info.cases) or {"nomn"}, prep is not None))
            k = max(last, k + 1)
            continue
        low = w.text.lower()
        sentence_initial = not any(ch.isalnum() for ch in idx.text[idx.sentence_start(w.start):w.start]) or idx.text[
            max(0, w.start - 2):w.start].strip() in (
            "–", "—", "-", "«", "\"")
        function_word = (bool(w.info.pos) and not w.info.pos & {"NOUN", "ADJF", "NUMR"} and w.info.known) \
            or low in UNLISTED_FUNCTION_WORDS \
            or (w.info.known and "ADVB" in w.info.pos and "NOUN" not in w.info.pos and not w.info.is_name)
        # the last: "… доньку Раніше повідомлялося": an adverb capitalised after an unpunctuated caption
        # a role noun opening a sentence is the role, even where it is a surname too ("Співак також повідомив",
        # "Староста села Петро Ярош заявив")
        opening_role = sentence_initial and not w.text.isupper() and "NOUN" in w.info.pos \
            and bool(w.info.lemmas & ROLE_NOUNS)
        inside = idx.ent_at(w.start) if idx.ents else None
        if inside is not None and inside[2] == "ORG" and inside[0] < w.start and k > wi and (
                ("PREP" in words[k - 1].info.pos and words[k - 1].start > inside[0])
                or (w.text[:1].islower() and idx.text[inside[0]:inside[0] + 1].isupper()
                    and w.info.lemmas & ROLE_NOUNS and not w.info.lemmas & ORG_ROLE_NOUNS
                    and "gent" in words[k - 1].info.cases and "nomn" not in words[k - 1].info.cases)):
            # "ГУНП в Одеській області": the place inside an organisation's name is no candidate of its own, nor is
            # a person's role noun in its genitives ("Міністерства соціальної політики України": not "політики",
            # politicians; but "Канадський музикант The Weeknd", taken for an organisation, is the musician)
            k += 1
            continue
        if idx.name_like(w) and not function_word and not opening_role and not (
                sentence_initial and w.info.known and not w.info.is_name and "Abbr" not in str(w.info.pos)
                and not w.text.isupper() and low not in PRONOUNS and not idx.opens_name_entity(w.start)):
            run = [w]
            j = k + 1
            while j < wj and j not in skip and idx.name_like(words[j]) \
                    and idx.text[run[-1].end:words[j].start].strip() in ("", "-") \
                    and _is_latin(run[-1].text) == _is_latin(words[j].text):
                run.append(words[j])
                j += 1
            label = None
            if idx.ents:
                # named entities from the pipeline split a capitalised run into its names
                # ("Центру Разумкова" ORG + "Володимир Сіденко" PER)
                first = idx.ent_at(run[0].start)
                if first is not None:
                    whole = run
                    run = [x for x in run if x.start < first[1]]
                    label = first[2]
                    inner = person_subrun(run) if label not in ("PER", "PERS") else None
                    if inner and len(inner) >= 2 and inner[0].info.is_given and inner[-1].info.name_strength:
                        label = None   # "Центру економічного розвитку Олександра Пасхавера" read as one ORG
                    if label in ("PER", "PERS") and len(run) == 1 and run[0].info.known \
                            and not run[0].info.is_name and not (
                                run[0].info.pos == {"ADJF"} and len(whole) == 1):   # "Загребельська" is one
                        label = None   # one dictionary word that is no name ("Ренесансу") is no person
                        # nor are the entity's bounds to be trusted: "Основному" (PER) + "Законі" is one
                        # name, up to the next entity
                        cut = next((i for i, x in enumerate(whole) if i and idx.ent_at(x.start) is not None),
                                   len(whole))
                        run = whole[:cut]
                else:
                    cut = next((i for i, x in enumerate(run) if idx.ent_at(x.start) is not None), len(run))
                    run = run[:max(cut, 1)]
                j = k + len(run)
            sub = person_subrun(run) if label in (None, "PER", "PERS") else None
            if sub and label in ("PER", "PERS") and sub[0] is not run[0] and sub[-1] is run[-1] \
                    and not any(x.info.known for x in run[:run.index(sub[0])]):
                sub = run   # "Кайдо Саар", one person entity: a given name the dictionary lacks stays in it
            elif sub and label in ("PER", "PERS") and sub[0] is run[0] and len(run) == len(sub) + 1 == 2 \
                    and sub[0].info.is_given and "nomn" in sub[0].info.cases and run[-1].text[:1].isupper() \
                    and not run[-1].text.isupper() \
                    and not any(lb == "ORG" and idx.text[a:b] == run[-1].text for a, b, lb in idx.ents):
                # "Ярема Костів", one person entity: a surname that is also a common word stays in it (not an
                # outlet the recogniser joined to a name: "цитує Кіма Укрінформ")
                sub = run
            if sub is None and label is None and prev is not None and prev.text.lower() in ("пан", "пані"):
                sub = run[:2]
            is_person = label in ("PER", "PERS") or sub is not None
            if is_person and len(run) == 1 and run[0].text in idx.honorific_names:
                k = j
                continue   # "лікарка лікарні Мечникова" after "лікарні імені Мечникова": no speaker
            if sub is not None and label in (None, "PER", "PERS"):
                if sub[0] is not run[0]:
                    # the words before the name form their own candidate ("президент США Джо Байден")
                    j = k + run.index(sub[0])
                    run = run[:run.index(sub[0])]
                    is_person = False
                else:
                    j = k + len(sub)
                    run = sub
            infos = [x.info for x in run]
            if len(run) == 1 and infos[0].pos & {"ADJF"} and run[0].text[:1].isupper():
                # "Верховний суд", "Національному антикорупційному бюро": lower-case adjectives up to the noun
                # (not after a lower-case name: "захарова про …")
                n = j
                while n < min(wj, j + 3) and n not in skip and words[n].text[:1].islower() \
                        and words[n].info.pos & {"ADJF"} and not words[n].info.pos & {"NOUN", "PREP", "CONJ"} \
                        and idx.text[words[n - 1].end:words[n].start] == " ":
                    n += 1
                if n + 1 < wj and words[n].info.lemmas & ROLE_NOUNS and words[n].text[:1].islower() \
                        and idx.ent_label(words[n + 1].start, words[n + 1].end) in ("PER", "PERS"):
                    k = j
                    continue   # "Міська голова Тетяна Климчук заявила": a title before the name, no organisation
                if n < wj and n not in skip and words[n].text[:1].islower() and "NOUN" in words[n].info.pos \
                        and label not in ("PER", "PERS") and not words[n].info.pos & {"PREP", "CONJ"} \
                        and not words[n].info.is_finite_verb and idx.text[words[n - 1].end:words[n].start] == " ":
                    run += words[j:n + 1]
                    infos += [x.info for x in words[j:n + 1]]
                    j = n + 1
                    is_person = False
                elif sentence_initial and infos[0].known and "ADJF" in infos[0].pos and label in (None, "PER", "PERS") \
                        and idx.text[w.end:w.end + 2] == " «" and idx.text[w.end + 2:w.end + 3].islower():
                    k = j
                    continue   # "Кримський «губернатор» сергій аксьонов": the adjective of a quoted title, no name
            if low in PRONOUNS and len(run) == 1:
                m = Mention(w.start, w.end, w.text, "pronoun", "PER", PRONOUNS[low], [w.text])
                out.append((m, k, {"nomn"}, prep is not None))
                k = j
                continue
            # the head's cases: the last word, or a first noun with genitives after it ("Нацполіції Львівщини")
            # (after a preposition, a first word that is a noun among other readings: "У Раді Європи", раді: glad)
            head = infos[0] if not is_person and len(infos) > 1 and (
                infos[0].pos == {"NOUN"} or (prep is not None and "NOUN" in infos[0].pos)) and all(
                "gent" in i.cases for i in infos[1:]) else infos[-1]
            cases = set(head.cases) if head.cases else {"nomn"}
            if cases <= {"voct"} or (prev is not None and prev.text.lower() in ("пан", "пані")):
                cases |= {"nomn"}
            if is_person:
                # the name words' cases; an adjectival surname ("Загребельської") has only its adjective's
                cases = set.union(*[set(i.cases) for i in infos if i.is_name]
                                  or [set(i.cases) for i in infos]) or {"nomn"}
                oblique_given = any(i.is_given and i.known and "nomn" not in i.cases for i in infos)
                if any(i.is_name and "Fixd" in str(i) for i in infos) or (
                        not all(i.known for i in infos) and not oblique_given):
                    cases |= {"nomn"}   # not after "з колегою Андрієм Сибігою": the given name tells the case
            elif not all(i.known for i in infos) or any(x.text.isupper() for x in run):
                cases |= {"nomn"}
                if len(run[-1].text) > 1 and run[-1].text.isupper():
                    cases |= _ALL_CASES   # an abbreviation does not inflect: "У САП наголошують" (САП: сап, a noun)
            m = Mention(run[0].start, run[-1].end, idx.text[run[0].start:run[-1].end], "name",
                        "PER" if is_person else "ORG", None, [x.text for x in run])
            complement = (prev is not None and k - 1 >= wi and prev.text[:1].islower() and "NOUN" in prev.info.pos
                          and "nomn" not in prev.info.cases and not prev.info.lemmas & ROLE_NOUNS
                          and not prev.info.lemmas & ORG_ROLE_NOUNS
                          and ("gent" in cases or not all(i.known for i in infos)))   # not a nominative name
            # a name right after a common noun is its complement ("прокуратури Львова", "компанії «…»"), except
            # a full person name after a role noun, which is in apposition ("міністр Сергій Марченко")
            m.complement = (prev is not None and k - 1 >= wi and "NOUN" in prev.info.pos
                            and (prev.text[:1].islower() or (prev.info.known and not prev.info.is_name
                                                             and not prev.text.isupper()
                                                             # a person after a place is none of its
                                                             # ("Пенсіонерка з Дніпра Валентина")
                                                             and not (is_person and idx.ent_label(
                                                                 prev.start, prev.end) == "LOC")))
                            and idx.text[prev.end:w.start] == " "
                            and ("gent" in cases or not all(i.known for i in infos))
                            and not prev.info.lemmas & _TIME_NOUNS
                            and (not is_person or (len(run) == 1 and not prev.info.lemmas & ROLE_NOUNS)))
            out.append((m, k, cases, prep is not None or (complement and not is_person)))
            k = j
            continue
        if low in PRONOUNS:
            # "у ньому / у ній повідомляється": a document or a website stands behind the words
            label = "ORG" if low in ("вони", "ми", "ньому", "ній") else "PER"
            m = Mention(w.start, w.end, w.text, "pronoun", label, PRONOUNS[low], [w.text])
            out.append((m, k, {"nomn"} if low not in ("ньому", "ній") else {"loct"}, prep is not None))
        else:
            lemmas = w.info.lemmas
            nxt = words[k + 1] if k + 1 < wj else None
            if ("ADJF" in w.info.pos and nxt is not None and idx.text[w.end:nxt.start] == " "
                    and "NOUN" in nxt.info.pos and (nxt.info.is_animate or nxt.info.lemmas & ROLE_NOUNS
                                                     or (w.info.cases & nxt.info.cases
                                                         and w.info.genders & nxt.info.genders))):
                k += 1
                continue   # "Місцеві журналісти", "старий будинок": the adjective goes with the noun after it
            after_noun = (prev is not None and k - 1 >= wi and "NOUN" in prev.info.pos
                          and (prev.text[:1].islower() or (prev.info.known and not prev.info.is_name))
                          and idx.text[prev.end:w.start] == " " and not prev.info.pos & {"PREP", "CONJ"}
                          and "gent" in w.info.cases)   # "концерту тенор": a nominative after a noun is no complement
            # an adjective used as a noun for a person ("За словами військової, …"), not before a noun
            substantive = w.info.pos == {"ADJF"} and bool(lemmas & ROLE_NOUNS) and not (
                nxt is not None and "NOUN" in nxt.info.pos and idx.text[w.end:nxt.start] == " ")
            if ("NOUN" in w.info.pos or substantive) and (
                    lemmas & ROLE_NOUNS or (w.info.is_animate and not w.info.is_name
                                            and not w.info.pos & {"CONJ", "PRCL", "NPRO"})):
                # an animate noun that is also a function word is the function word ("як", not the yak)
                m = Mention(w.start, w.end, w.text, "nominal", "PER", _noun_gender(w.text), [w.text],
                            complement=after_noun)
                out.append((m, k, set(w.info.cases), prep is not None))
            elif lemmas & ORG_ROLE_NOUNS and "NOUN" in w.info.pos:
                m = Mention(w.start, w.end, w.text, "nominal", "ORG", None, [w.text], complement=after_noun)
                out.append((m, k, set(w.info.cases), prep is not None))
            elif lemmas & DOCUMENT_NOUNS and "NOUN" in w.info.pos:
                m = Mention(w.start, w.end, w.text, "document", "ORG", None, [w.text], complement=after_noun)
                out.append((m, k, set(w.info.cases), prep is not None))
        k += 1
    return out


def _parser_subject(idx: DocIndex, verb_start: int, cands, fallback: Mention | None) -> Mention | None:
    """The candidate holding the parser's subject of the cue verb (nsubj / nsubj:pass), else ``fallback``.

    A role noun the parser takes as the subject yields to the name in apposition after it that the rules
    picked ("гендиректор ДТЕК Максим Тимченко").
    """
    subject = idx.subjects.get(verb_start)
    if subject is None:
        return fallback
    for m, _k, cases, _prep in cands:
        if m.start <= subject[0] < max(m.end, m.start + 1):
            if ("nomn" not in cases and m.kind != "pronoun") or (m.complement and m.kind == "name"
                                                                  and fallback is not None):
                # a subject outside the nominative, or a noun's complement ("запевнив кореспондента «ВЗ»"), is a
                # parse error ("в діях Загребельської")
                return fallback
            if (fallback is not None and m.kind == "nominal" and fallback.kind == "name" and fallback.label == "PER"
                    and fallback.start > m.end and _apposition_gap(idx, m.end, fallback.start, max_words=30)):
                # the rules' name agrees with the parser's role noun: a longer chain of titles may stand
                # between them ("депутат України, заступник голови Комітету … Віталій Курило")
                return fallback
            return _apposed_name(idx, m, cands)
    return fallback


def _apposed_name(idx: DocIndex, mention: Mention | None, cands) -> Mention | None:
    """A role noun with a person's name in apposition after it stands for that name ("учасник
    кримськотатарського руху Ескендер Куртумеров", "президента Центру економічного розвитку Олександра
    Пасхавера"); so does a media noun with the outlet's name right after it ("видання Коммерсантъ", "агентство
    Reuters"; a press service stays the mention: "Прес-служба МОЗ")."""
    if mention is not None and mention.kind == "nominal" and mention.label == "ORG" \
            and word_info(mention.text).lemmas & MEDIA_NOUNS:
        for m, _k, _cases, _prep in cands:
            if m.start > mention.end and m.kind == "name" and m.label == "ORG" \
                    and idx.text[mention.end:m.start].strip(" «\"") == "":
                return m
        return mention
    if mention is None or mention.kind != "nominal" or mention.label != "PER":
        return mention
    for m, _k, _cases, _prep in cands:
        if m.start <= mention.end or m.kind != "name" or m.label != "PER":
            continue
        if _apposition_gap(idx, mention.end, m.start):
            return m
        break
    return mention


def _apposition_gap(idx: DocIndex, start: int, end: int, max_words: int = 12) -> bool:
    """Text between a role noun and a name that keeps them one phrase: no clause punctuation, no finite verb
    ("учасник руху, політв'язень радянських часів, нині вже покійний Ескендер Куртумеров")."""
    between = idx.text[start:end]
    dash = re.match(r"\s+[—–]\s+", between)
    first = next(iter(WORD_RE.findall(between)), None)
    if dash and first is not None and word_info(first).lemmas & ROLE_NOUNS:
        # a second title after a dash: "Перша віцепрем’єр-міністерка — міністерка економіки Юлія Свириденко"
        start += dash.end()
        between = between[dash.end():]
    if re.search(r"[;:—–.!?()]", between) or len(between.split()) > max_words:
        return False
    wi, wj = idx.word_range(start, end)
    # ("при", a preposition, is an imperative too: "представниця США при ООН Лінда Томас-Грінфілд")
    return not any(idx.words[x].info.is_finite_verb and not idx.words[x].info.pos & {"NOUN", "ADJF", "PREP"}
                   for x in range(wi, wj))


def _bare_subject(idx: DocIndex, k: int) -> Mention | None:
    """A common noun in the nominative right before the cue verb when nothing else was found ("коли кремль
    заявив, що …"): an organisation-like speaker the lexicon does not list."""
    if k == 0:
        return None
    w = idx.words[k - 1]
    info = w.info
    if idx.text[w.end:idx.words[k].start] != " " or "NOUN" not in info.pos or "nomn" not in info.cases:
        return None
    if info.pos & {"PREP", "CONJ", "NPRO", "ADVB"} or info.is_name:
        return None
    ent = idx.ent_at(w.start) if idx.ents else None
    if ent is not None and ent[0] < w.start:
        return None   # the end of a name ("У Раді Європи наголошують"), no subject of its own
    return Mention(w.start, w.end, w.text, "nominal", "ORG", None, [w.text])


_RELATIVE = frozenset("який яка які".split())
_RELATIVE_GENDERS = {"який": "masc", "яка": "femn", "які": "plur"}


_COORDINATION = frozenset({",", "і", "й", "та", ", і", ", та", "а також", ", а також"})


def _name_group(idx: DocIndex, mention: Mention | None, cands) -> Mention | None:
    """The person names coordinated with ``mention`` ("Андрій Шевчук та Марія Бондар", "Шевчук, Бондар і
    Гнатюк") as one group mention, or None when it stands alone."""
    if mention is None or mention.kind != "name" or mention.label != "PER":
        return None
    members = [mention]
    for m, _k, _cases, _prep in cands:
        if m.start < members[-1].end:
            continue
        if m.kind != "name" or m.label != "PER" \
                or " ".join(idx.text[members[-1].end:m.start].split()) not in _COORDINATION:
            break
        members.append(m)
    if len(members) < 2:
        return None
    first, last = members[0], members[-1]
    return Mention(first.start, last.end, idx.text[first.start:last.end], "name", "PER", "plur",
                   [w for m in members for w in m.words], members=members)


def _own_candidates(idx: DocIndex, cands: list, cue: _Word) -> list:
    """``cands`` less those that cannot be the cue's subject: the relative pronoun of a clause closed before the cue
    that the cue does not agree with ("В одному з банків, який бере участь у програмі, підтвердили": "який" is the
    subject of "бере"; but "Одна з пасажирок, яка сиділа …, розповіла"), and the body a source works under ("У
    Центрі протидії дезінформації при РНБО наголосили")."""
    gender = _cue_gender(cue.text)
    under = {d[0].start for c, d in pairwise(cands) if idx.text[max(c[0].end, d[0].start - 5):d[0].start] == " при "}
    return [c for c in cands if not (c[0].kind == "pronoun" and c[0].text.lower() in _RELATIVE and gender
                                     and not _compatible(gender, _RELATIVE_GENDERS[c[0].text.lower()])
                                     and "," in idx.masked[c[0].end:cue.start]) and c[0].start not in under]


def _relative_subject(mention: Mention | None, cands, cue_k: int) -> Mention | None:
    """A relative pronoun between the named antecedent and the cue verb ("Ганді, який … написав")."""
    if mention is None or mention.kind != "name":
        return None
    for m, k, _cases, _prep in cands:
        if m.kind == "pronoun" and m.text.lower() in _RELATIVE and m.start > mention.end and k < cue_k:
            return m
    return None


def _light_verb_cue(idx: DocIndex, k: int, limit: int) -> bool:
    """A light verb with its speech noun within three words ("на цьому зробив акцент …")."""
    info = idx.words[k].info
    if not info.is_finite_verb:
        return False
    nouns = set().union(*(LIGHT_VERB_CUES.get(lemma, frozenset()) for lemma in info.verb_lemmas))
    if not nouns:
        return False
    return any(idx.words[j].text.lower() in nouns or idx.words[j].info.lemmas & nouns
               for j in range(max(0, k - 3), min(limit, k + 4)) if j != k)


def _author_of_document(idx: DocIndex, mention: Mention | None, cands) -> Mention | None:
    """A document with its author named right after it ("припис Конституції", "роз'яснення Конституційного Суду
    України") or in "від X" just before it ("від проукраїнського блогера з'явилося повідомлення"): the author is
    the speaker mention."""
    if mention is None or mention.kind != "document":
        return mention
    source = None
    for m, k, _cases, _prep in cands:
        if m.start > mention.end and m.complement and m.kind == "name":
            return m
        if m.start > mention.end:
            break
        if m.end <= mention.start and m.kind in ("name", "nominal") and _after_vid(idx, k) \
                and len(idx.text[m.end:mention.start].split()) <= 3 and not re.search(r"[,;:.!?]",
                                                                                    idx.text[m.end:mention.start]):
            source = m
    return source or mention


def _after_vid(idx: DocIndex, k: int) -> bool:
    """The noun at word ``k`` follows the preposition "від" (its adjectives between)."""
    j = k - 1
    while j >= 0 and "ADJF" in idx.words[j].info.pos and not idx.words[j].info.pos & {"PREP", "NPRO"}:
        j -= 1
    return j >= 0 and idx.words[j].text.lower() == "від"


def _plural_subject(word: str) -> bool:
    """A noun that, as a subject, is plural ("друзі"; "учасниці", whose singular forms are oblique cases)."""
    info = word_info(word)
    return info.genders == {"plur"} or info.plural_nominative


def _noun_gender(word: str) -> str | None:
    gs = word_info(word).genders & {"masc", "femn"}
    return next(iter(gs)) if len(gs) == 1 else None


_KIND_RANK = {"name": 0, "pronoun": 1, "nominal": 2, "document": 3}


def _pick(cands, cue_k: int | None, mode: str, gender: str | None, prefer_after: bool = False):
    if mode in ("subject", "genitive"):
        # a genitive complement ("заяві прокуратури Львова", "за словами співрозмовника «Forbes»") is not the
        # speaker while its head is a candidate
        heads = [c for c in cands if not c[0].complement]
        picked = _pick_from(heads, cue_k, mode, gender, prefer_after)
        if picked is not None:
            return picked
    return _pick_from(cands, cue_k, mode, gender, prefer_after)


def _pick_from(cands, cue_k: int | None, mode: str, gender: str | None, prefer_after: bool = False):
    best, best_key = None, None
    for m, k, cases, after_prep in cands:
        if mode == "subject":
            if after_prep:
                if not (m.kind in ("nominal", "document", "name", "pronoun") and m.label == "ORG" and "loct" in cases):
                    continue
            elif "nomn" not in cases:
                continue
        elif mode == "genitive":
            if after_prep or not cases & {"gent", "nomn"}:
                continue
        elif mode == "accusative":
            if after_prep or not cases & {"accs", "gent", "nomn"}:
                continue
        rank = _KIND_RANK[m.kind]
        if m.kind == "name" and m.label == "ORG":
            rank = 0.5
        elif m.kind == "name" and len(m.words) == 1:
            rank = 0.2   # a full name beats a lone word read as a name ("Ради України … Віталій Курило")
        if after_prep:
            rank += 2
        if not _compatible(gender, m.gender) and m.kind != "name":
            rank += 3
        dist = abs(k - cue_k) if cue_k is not None else 0
        if prefer_after and cue_k is not None and k < cue_k:
            dist += 50
        key = (rank, dist)
        if best_key is None or key < best_key:
            best, best_key = m, key
    return best


# -- resolution --------------------------------------------------------------------------------------------
def resolve(idx: DocIndex, mention: Mention | None, pos: int, gender: str | None,
            parent_speaker: Attribution | None = None) -> tuple[str | None, str | None]:
    """Canonical name and label for a mention (pronouns and roles resolve to earlier named speakers)."""
    if mention is None:
        return None, None
    if mention.members:
        # a group is its members, comma-joined ("Гомер Баєв, Роллан Кадиєв")
        return ", ".join(resolve(idx, m, pos, None, parent_speaker)[0] or m.text for m in mention.members), "PER"
    if mention.kind == "name":
        kin = _relative_of(idx, parent_speaker, word_info(mention.text.lower()).lemmas, mention.start) \
            if len(mention.words) == 1 else None
        if kin:
            return kin, "PER"   # "«… Мама тоді сказала мені: „…“»": a family noun opening a sentence
        bare = mention.text.strip("«»\"“”„")
        if bare in idx.call_signs:
            return idx.call_signs[bare][1] or bare, "PER"   # "– розповідає «Ліса»": the soldier
        if mention.words == ["The"]:
            outlet = _outlet_name_after(idx, bisect_left(idx.word_starts, mention.start) - 1)
            if outlet:
                return outlet, "ORG"   # "The" + "Economist", which the recogniser took apart
        kind = next((i for i, w in enumerate(mention.words[:3]) if word_info(w).lemmas & MEDIA_NOUNS), None)
        if mention.label != "PER" and kind is not None and all(
                "ADJF" in word_info(w).pos for w in mention.words[:kind]):
            # "Журнал The Economist", "Британський тижневик The Economist": the outlet's name, not its kind
            if len(mention.words) > kind + 1 and all(_is_latin(w) for w in mention.words[kind + 1:]):
                return " ".join(mention.words[kind + 1:]), "ORG"
            # the name after the kind noun closing the mention ("Британський тижневик" + "The Economist", which the
            # recogniser took for another entity)
            outlet = _outlet_name_after(idx, bisect_left(idx.word_starts, mention.start) + kind) \
                if kind == len(mention.words) - 1 else None
            if outlet:
                return outlet, "ORG"
        law = LAW_ALIASES.get(nominative(mention.text).lower()) if len(mention.words) <= 2 else None
        if law:
            return law, "ORG"   # "Конституцією", "Основним Законом"
        if mention.label == "PER":
            canon, g = person_name_nominative(mention.words, gender, mention.case)
            mention.gender = mention.gender or g or (gender if gender in ("masc", "femn") else None)
            return idx.full_person_name(canon, mention.start, mention.words, mention.gender), "PER"
        if len(mention.words) == 1 and not mention.text.isupper():
            canon, _g = person_name_nominative(mention.words, gender)
            full = idx.full_person_name(canon, mention.start, mention.words, gender)
            if len(full.split()) > 1:
                return full, "PER"
        act = re.search(r"(\w+)((?:\s+України)?)\s+«$", idx.text[max(0, mention.start - 40):mention.start])
        if act and word_info(act.group(1)).lemmas & LAW_NOUNS and act.group(1)[:1].isupper():
            # "Закону України «Про доступ до публічної інформації»": the act with its title
            return f"{nominative(act.group(1) + act.group(2))} «{mention.text}»", "ORG"
        ent = idx.ent_at(mention.start)
        if ent is not None and ent[2] == "ORG" and ent[1] >= mention.end and ent[1] - ent[0] > len(mention.text) \
                and _name_extension(idx, ent, mention):
            # the organisation's whole name where the capitalised words are only part of it ("У Міністерстві
            # охорони здоров'я пояснили", "У КП «Київтеплоенерго» пояснили"), with the acronym of the one it
            # belongs to after it ("У Комітеті арбітрів УАФ")
            return entity_nominative(idx.text[ent[0]:_parent_acronym_end(idx, ent[1])], "ORG"), "ORG"
        headed = _adjectives_and_head(idx, mention)
        if headed:
            return headed, "ORG"   # "У Державній податковій службі": the capitalised adjectives and their noun
        tail = _genitive_tail(idx, mention)
        if tail is not None:
            return nominative(idx.text[mention.start:tail]), "ORG"   # "В Офісі генпрокурора повідомили"
        text = mention.text.strip("_")   # markup debris around a name ("_сайті Укравтодору_")
        lower_entity = idx.ent_label(mention.start, mention.end) if text[:1].islower() else None
        if lower_entity in ("LOC", "ORG"):
            text = entity_nominative(text, lower_entity)   # the 2022+ style's "у кремлі" → "кремль"
        elif len(mention.words) <= 4:
            text = nominative(text)
        if text.lower() in LAW_ALIASES:
            return LAW_ALIASES[text.lower()], "ORG"
        if len(mention.words) == 1 and mention.text.isupper() and 2 <= len(mention.text) <= 6:
            expanded = idx.expand_acronym(mention.text)
            if expanded:
                return expanded, "ORG"   # "ПЗЗ" → "ДТГО «Південно-Західна залізниця»"
        if len(mention.words) == 2 and mention.words[0].isupper() and 2 <= len(mention.words[0]) <= 6 \
                and mention.words[1][:1].isupper() and not mention.words[1].isupper():
            expanded = idx.expand_acronym(mention.words[0])
            if expanded and not expanded.endswith(mention.words[1]):
                return f"{expanded} {mention.words[1]}", "ORG"   # "МЗС Польщі": "Міністерство … Польщі"
        if mention.words[1:] in ([], ["України"]) and not mention.words[0].isupper():
            clipped = idx.expand_clipped(mention.words[0])
            if clipped:
                return clipped[1], "ORG"   # "Мін'юст" → "Міністерство юстиції України"
        return text, "ORG"
    want = mention.gender or gender
    low = mention.text.lower()
    if mention.kind == "pronoun":
        if low in ("я", "ми") and parent_speaker is not None and parent_speaker.name:
            return parent_speaker.name, parent_speaker.label
        if low == "я" and not idx.inside_quote(mention.start):
            return NARRATOR_NAME, "PER"   # the narrator: "– запитав я"
        split = _SPLIT_ATTRIBUTION.search(idx.text, max(0, mention.start - 40), mention.start)
        if low in ("він", "вона") and not split:
            quoted = idx.person_earlier_in_quote(mention.start, want)
            if quoted:
                return quoted, "PER"   # a third person inside a quote, named earlier in it
            kin = _relative_of(idx, parent_speaker, idx.kin_earlier_in_quote(mention.start, want), mention.start)
            if kin:
                return kin, "PER"   # "«… мій брат був на позиціях. Він тоді сказав мені: „…“»"
        if low in ("ньому", "ній"):
            author = _previous_source(idx, mention)
            if author is not None:
                return resolve(idx, author, author.start, None, parent_speaker)
            hit = idx.last_speaker_before(pos, None, "ORG")
            lead = idx.org_sources[0][1] if idx.org_sources and idx.org_sources[0][0] < pos else None
            if hit or lead:
                return hit or (lead, "ORG")
        if low == "вони":
            subject = _recent_subject(idx, mention.start, "plur")
            if subject is not None:
                return resolve(idx, subject, subject.start, "plur", parent_speaker)
        if low in ("вони", "ми", "які"):
            hit = idx.last_speaker_before(pos, None, "ORG") or idx.last_speaker_before(pos, "plur")
            return hit if hit else (mention.text, "ORG")
        subject = _recent_subject(idx, mention.start, want)
        if subject is not None:
            return resolve(idx, subject, subject.start, want, parent_speaker)
        hit = idx.last_speaker_before(pos, want, "PER")
        if hit:
            return hit
        person = idx.last_person_before(pos, want)
        if person:
            return person[0], "PER"
        # a speaker the rules could not tell a person ("– заявила Ортегус. За її словами, …": an unknown surname)
        return idx.last_speaker_before(pos, want) or (mention.text, "PER")
    k = bisect_left(idx.word_starts, mention.start)
    lemmas = word_info(mention.text).lemmas
    if mention.kind == "nominal" and mention.label == "PER":
        kin = _relative_of(idx, parent_speaker, lemmas, mention.start)
        if kin:
            return kin, "PER"   # "«… і син дзвонить: „Тату, ти там живий?“» — каже фермер": the farmer's son
        role = lemmas & ROLE_NOUNS
        nxt = idx.words[k + 1] if k + 1 < len(idx.words) else None
        phrase = {ROLE_PHRASES.get((r, x)) for r in role for x in nxt.info.lemmas} - {None} if nxt else set()
        minister = _role_name_in_doc(idx, {"міністр", "міністерка"},
                                     len(idx.text) if 0 <= pos < idx.text.find("\n") else pos) \
            if nxt is not None and role & _HEAD_ROLES and _names_ministry(nxt.text) else None
        if minister:
            return minister, "PER"   # "очільник МВС", "глава Мінцифри": the minister the text names
        if phrase and idx.text[mention.end:nxt.start] == " ":
            role = phrase   # "глава держави" is the president the document names
        # "учасниці" (nominative plural, genitive singular): the subject of a cue is plural
        plural = gender == "plur" or (mention.case in (None, "nomn") and _plural_subject(mention.text)) \
            or (mention.case == "gent" and word_info(mention.text).genders == {"plur"})   # "За словами академіків"
        # a headline's role noun may name someone the body names ("Голова Зарічненської громади: «…»")
        reach = len(idx.text) if 0 <= pos < idx.text.find("\n") else pos
        # (whatever the verb's number: "джерело … стверджує, що …, але просять «…»")
        # (a genitive "джерела" is one source: "За словами джерела в Офісі президента")
        one = mention.case == "gent" or not _plural_subject(mention.text)
        source = _unnamed_source(idx, k, role, oblique=mention.case not in (None, "nomn")) \
            if role & SOURCE_NOUNS and one else None
        if source:
            return source, "PER"   # "джерело в Офісі президента", then "– сказав співрозмовник видання"
        named = None if plural else _national_leader(idx, k, reach) or _role_name_in_doc(idx, role, reach) \
            or _role_name_in_doc(idx, set().union(*(group for group in ROLE_SYNONYMS if group & role)) - role, reach)
        if named:
            return named, "PER"
        sign = None if plural else _call_sign_after(idx, k)
        if sign:
            return sign, "PER"   # "Оператор ударних дронів з позивним «Мольфар» додав": Мольфар
        group = _group_org(idx, lemmas & _GROUP_NOUNS, k) if plural else None
        if group:
            return group, "ORG"   # "Аналітики американського Інституту вивчення війни (ISW) вважають"
        lead = _body_lead_person(idx, want) if not plural and 0 <= pos < idx.text.find("\n") else None
        if lead:
            # "«Я досі ставлю йому тарілку»: мати зниклого морпіха про …", then "Оксана з Миколаєва не має звісток
            # …": a headline's role noun stands for the person the body's first sentence is about
            return lead, "PER"
        # a role noun takes its description from its first mention with a complement; a plain noun from its own
        described = (_described_role(idx, role, k, plural) if role
                     else _described_role(idx, lemmas, k, plural, first=k))
        if described:
            return described, "PER"   # "представник ВАТ «Оборонстрой»", "вчитель однієї з сільських шкіл"
        subject_gender = want if mention.case in (None, "nomn") else None
        if plural or not role:
            # "дорожники": a group, not one person; "іноземець": a plain noun describes the speaker
            return _head_description(idx, k, plural, subject_gender), "PER"
        author = _report_author(idx, pos) if role & WRITER_ROLES else None
        if author:
            return author, "PER"   # "– пише журналіст" after "у матеріалі Оксани Коваленко"
        subject = _recent_subject(idx, mention.start, want, parsed=True) if mention.case in (None, "nomn") else None
        if subject is not None and subject.kind == "name" and subject.label == "PER":
            # "Головний тренер Маріо Франчетті вже встиг прокоментувати. «…», – пояснив італійський фахівець": the
            # subject of the sentence before, not the last speaker
            return resolve(idx, subject, subject.start, want, parent_speaker)
        hit = idx.last_speaker_before(pos, want, "PER", named_only=True)
        if hit:
            return hit
        person = idx.last_person_before(pos, want)
        if person:
            return person[0], "PER"
        return _head_description(idx, k, plural, subject_gender), "PER"   # "місцевий волонтер"
    if mention.kind == "document":
        law = _law_name(idx, k)
        if law:
            return law, "ORG"
        nxt = idx.words[k + 1] if k + 1 < len(idx.words) else None
        if nxt is not None and _complement_end(idx, k) == nxt.end and nxt.text[:1].islower() \
                and nxt.info.lemmas & ORG_ROLE_NOUNS and "NOUN" in nxt.info.pos:
            # "у повідомленні відомства": the organisation noun is resolved in its turn
            return resolve(idx, Mention(nxt.start, nxt.end, nxt.text, "nominal", "ORG", None, [nxt.text]), pos,
                           None, parent_speaker)
        if nxt is not None and _complement_end(idx, k) == nxt.end and nxt.text[:1].islower() \
                and nxt.info.lemmas & ROLE_NOUNS and "NOUN" in nxt.info.pos and "gent" in nxt.info.cases:
            # "Відповідь мера була короткою: «…»": the person the role noun stands for
            return resolve(idx, Mention(nxt.start, nxt.end, nxt.text, "nominal", "PER", _noun_gender(nxt.text),
                                        [nxt.text], case="gent"), pos, None, parent_speaker)
        author = _complement_name(idx, k) or _earlier_document_author(idx, k)
        if author:
            return author, "ORG"   # "у заяві прокуратури Києва"
        lead = idx.org_sources[0][1] if idx.org_sources and idx.org_sources[0][0] < pos else None
        if lead:
            return lead, "ORG"     # "йдеться в обґрунтуванні" → the organisation the text is about
        earlier = idx.last_speaker_before(pos, None, "ORG")   # then the organisation quoted before (below)
        author = None if earlier else _subject_organisation(idx, pos) or _announcing_org(idx, mention.start)
        if author:
            # "ПА НАТО ухвалила резолюцію. «…», – йдеться в документі"; "Такі дані оприлюднила асоціація
            # автовиробників Укравтопром. … «…», – йдеться в повідомленні"
            return author, "ORG"
    # organisation roles stand for the organisation the document names with that role
    if mention.kind == "nominal":
        if mention.text[:1].isupper() and len(mention.words) == 1:
            clipped = idx.expand_clipped(mention.text)
            if clipped:
                return clipped[1], "ORG"   # a sentence-initial "Мінфін" the rules could not tell from a noun
        org_roles = lemmas & ORG_ROLE_NOUNS
        own = _complement_name(idx, k) if org_roles & PRESS_SERVICE_NOUNS else None
        if own and own[:1].isupper():
            return own, "ORG"   # "у пресслужбі «Укрзалізниці»", "пресслужба МОЗ": its own organisation first
        # "агентство" is an outlet or an agency: one the text names first ("МАГАТЕ", "Державне агентство …")
        agency = _org_entity_with_head(idx, {"агентство"}, mention.start) if "агентство" in org_roles else None
        if agency:
            return agency, "ORG"
        outlet = (_outlet_name_after(idx, k) or idx.org_entity_before(mention.start, media=True)) \
            if org_roles & MEDIA_NOUNS else None
        if outlet:
            # "Британський журнал Nature назвав": the outlet's name after its kind; "The Economist пише, що …
            # Видання зазначає, що …": the outlet quoted last
            return outlet, "ORG"
        # "суд" → "Херсонський міський суд Херсонської області" named as a subject before
        source = idx.org_source_before(mention.start, org_roles) if org_roles - PRESS_SERVICE_NOUNS else None
        heads = org_roles - {"прес-служба", "пресслужба"}
        complement_heads = _org_heads(idx, k, org_roles)
        # else the document's capitalised name with that head ("служба" → "Служба автомобільних доріг у …")
        named = source or (idx.named_org(heads) if heads else None) or _org_role_in_doc(idx, org_roles) \
            or _org_entity_with_head(idx, complement_heads, mention.start) \
            or (_quoted_company(idx, mention.start)   # "у пресслужбі компанії": the company named before
                if (complement_heads - org_roles) & COMPANY_NOUNS else None) or _complement_name(idx, k) \
            or (idx.org_entity_before(mention.start, media=bool(org_roles & MEDIA_NOUNS)) if org_roles else None) \
            or (_quoted_company(idx, mention.start) if org_roles & COMPANY_NOUNS else None) \
            or (_subject_organisation(idx, mention.start) if "відомство" in org_roles and not (
                gender == "plur" and "plur" in word_info(mention.text).genders and not (
                    k > 0 and "PREP" in idx.words[k - 1].info.pos)) else None)   # not "всі причетні відомства"
        if named:
            return named, "ORG"
    hit = idx.last_speaker_before(pos, None, "ORG")
    if hit:
        return hit
    near = _org_name_near(idx, mention.start)
    if near:
        return near, "ORG"
    return _lower_common(nominative(mention.text)), "ORG"


def _recent_subject(idx: DocIndex, pos: int, gender: str | None, parsed: bool = False) -> Mention | None:
    """The subject of the sentence before ``pos`` that a pronoun or an unsaid subject there points back to: an
    unnamed person ("виступив представник Нацгвардії. Свою присутність він пояснив …"), a named one ("Сам
    Гуменюк відмовився. Раніше він заявляв …"), or for a plural a group of names or a plural noun; with ``parsed``, a
    name only where the parse makes it or the role noun before it a subject."""
    s0 = idx.sentence_start(pos)
    j = s0 - 1
    while j > 0 and (idx.text[j].isspace() or idx.text[j] in ".!?…"):
        j -= 1
    if j <= 0 or idx.inside_quote(pos):
        return None
    p0 = idx.sentence_start(j)
    s0 = j + 1
    za = _ZA_SLOVAMY.match(idx.text, p0 + len(idx.text[p0:s0]) - len(idx.text[p0:s0].lstrip()))
    if za is not None and not za.group(2) and gender != "plur":
        # "За словами керівника служби Тараса Гребенюка, підрядник уже змонтував … «…», – пояснив він": the one
        # who said it, not the subject of what he said
        got = _za_slovamy(idx, p0, s0, p0, None)
        said = got[0].mention if got is not None else None
        if said is not None and said.label == "PER" and said.kind in ("name", "nominal") \
                and _compatible(gender, _name_gender(said, gender) if said.kind == "name" else said.gender):
            return said
    wi, wj = idx.word_range(p0, s0)
    found = None
    cands = _candidates(idx, wi, wj, set())
    for m, _k, cases, after_prep in cands:
        if idx.inside_quote(m.start) or after_prep or "nomn" not in cases or m.complement:
            continue
        if m.kind == "name" and m.label == "PER" and gender == "plur":
            group = _name_group(idx, m, cands)   # "Активісти Андрій Шевчук та Марія Бондар …. – заявили вони"
            if group is not None:
                return group
            continue
        if m.kind == "name" and m.label == "PER":
            # a named subject: "Сам Гуменюк від коментарів відмовився. Раніше він заявляв …", also after its role
            # noun ("Релігієзнавець Олег Марченко пояснив …")
            apposed = found is not None and found.end <= m.start and _apposition_gap(idx, found.end, m.start)
            agrees = _compatible(gender, _name_gender(m, gender))
            if parsed and idx.subjects and not (idx.is_subject(m.start) or (apposed and idx.is_subject(found.start))):
                return None   # with ``parsed``, only the parse's subject ("шлюб Петросяна і Степаненко розпався")
            return m if gender != "plur" and (found is None or apposed) and agrees else None
        if m.kind == "nominal" and m.label == "PER" and (
                _plural_subject(m.text) if gender == "plur"
                else _compatible(gender, m.gender) and m.gender in ("masc", "femn")) and (
                gender != "plur" or not idx.subjects or idx.is_subject(m.start)):
            # "Батьки учнів висловили занепокоєння. «…», – кажуть вони."; with a parse, a plural only as a subject
            # ("продавав генератори та спальники": the plural object names no one who speaks)
            found = m
    return found


#: The words before a pronoun that interrupt one pair of quotation marks to say who speaks ("„Ми хотіли, щоб Мавка
#: заговорила …, — пояснила вона. — …“"): the pronoun is the speaker's, not a person named in the quoted words.
_SPLIT_ATTRIBUTION = re.compile(r"[,.!?…]\s*[–—]\s*(?:\w+\s+)?$")


#: Role nouns of whoever heads a body; with a ministry's short name after them, its minister.
_HEAD_ROLES = frozenset("очільник очільниця голова глава керівник керівниця".split())
_MINISTRY_ACRONYMS = frozenset("МВС МЗС МОЗ МОН".split())


def _names_ministry(word: str) -> bool:
    """A ministry's short name: ``МВС``, ``МЗС``, ``Мінцифри``, ``Міноборони``, ``Мінфіну``."""
    return word in _MINISTRY_ACRONYMS or (word.startswith(("Мін", "МІН")) and len(word) > 4
                                          and not word.lower().startswith("мінськ")   # the city
                                          and word_info(word).pos != {"ADJF"} and not word_info(word).is_name)


def _coordinated_speaker(idx: DocIndex, wi: int, cue_start: int, gender: str | None) -> tuple[str, str] | None:
    """The speaker of the quote before in the same sentence, where the clause of words from ``wi`` opens with "і" /
    "й" / "та" and has no subject of its own: the coordinated verb shares it."""
    if wi >= len(idx.words) or idx.words[wi].text.lower() not in ("і", "й", "та"):
        return None
    s0 = idx.sentence_start(cue_start)
    for hpos, name, label, g in reversed(idx.history):
        if s0 <= hpos < cue_start and _compatible(gender, g):
            return name, label
    return None


def _relative_of(idx: DocIndex, parent: Attribution | None, lemmas: frozenset[str] | set[str], pos: int) -> str | None:
    """A family noun inside a quote names the quoted person's relative: "син Петра Гаврилюка" for "син" in Петро
    Гаврилюк's words (the guidelines' short description, with whose relative it is)."""
    kin = sorted(lemma for lemma in lemmas if lemma in KIN_NOUNS)
    if not kin or parent is None or parent.label != "PER" or not parent.name or parent.name == NARRATOR_NAME \
            or not idx.inside_quote(pos):
        return None
    k = bisect_left(idx.word_starts, pos)
    if idx.words[k].start == pos and idx.words[k].info.lemmas & KIN_NOUNS.keys() and not _kin_alone(idx, k):
        return None
    gender = _person_canon(tuple(parent.name.split()))[1]
    return f"{kin[0]} {name_genitive(parent.name, gender)}"


def _kin_alone(idx: DocIndex, k: int) -> bool:
    """The family noun at word ``k`` has no name, prepositional phrase or complement after it: "Бабуся з Ківшарівки
    сказала нам", "бабуся Катерина" are people of their own, not the speaker's relatives."""
    if k + 1 >= len(idx.words) or idx.text[idx.words[k].end:idx.words[k + 1].start] != " ":
        return True
    nxt = idx.words[k + 1]
    return not (nxt.text[:1].isupper() or "PREP" in nxt.info.pos or _complement_end(idx, k) is not None)


def _body_lead_person(idx: DocIndex, gender: str | None) -> str | None:
    """The person the body's first sentence is about: its first named person, where that name is the parse's
    subject, in the nominative and of ``gender``; None where the sentence names someone else first."""
    body = idx.text.find("\n")
    if body < 0 or not idx.subjects or gender not in ("masc", "femn"):
        return None
    first = bisect_left(idx.word_starts, body)
    if first >= len(idx.words):
        return None
    s0 = max(idx.sentence_start(idx.words[first].start), body)
    end = idx.text.find("\n", idx.words[first].start)
    wi, wj = idx.word_range(s0, min(idx.sentence_end(s0), end if end >= 0 else len(idx.text)))
    for m, k, cases, after_prep in _candidates(idx, wi, wj, set()):
        if m.kind != "name" or m.label != "PER" or idx.inside_quote(m.start):
            continue
        # the name without a role noun the entity took in ("Гідробіологиня Тетяна Шевчук")
        person = next((p for p in idx._persons if m.start <= p.pos < m.end), None)
        # the name or the role noun it follows is the subject ("Старша наукова співробітниця інституту Марія
        # Гордієнко показує …"), with no verb before the name
        before = idx.words[wi:bisect_left(idx.word_starts, m.end)]
        if person is None or after_prep or "nomn" not in cases or not _compatible(gender, person.gender) \
                or not any(idx.is_subject(w.start) for w in before) \
                or any(w.info.is_finite_verb for w in idx.words[wi:k]):
            return None
        return idx.full_person_name(person.canon, person.pos, list(person.words))
    return None


def _name_gender(mention: Mention, hint: str | None = None) -> str | None:
    """The sex of a named person: the given name's where it tells one ("Євгенія Литвин": a woman, though the
    dictionary reads the surname as a man's; "Петро Іваненко": a man), else what the words agree on, ``hint`` (a
    pronoun's or verb's) breaking a tie ("Вірджинія Джуффре", a given name the dictionary lacks)."""
    if mention.gender:
        return mention.gender
    told = given_name_gender(mention.words[0]) if mention.words else None
    return told or person_name_nominative(mention.words, hint)[1]


def _previous_source(idx: DocIndex, pronoun: Mention) -> Mention | None:
    """Who stands behind the document "у ньому / у ній" points back to, from the sentence before: its subject
    ("Управління … направило обґрунтування. У ньому повідомляється …"), else an organisation whose document or
    website that sentence names ("На сайті служби … остання новина … . У ній ідеться …")."""
    s0 = idx.sentence_start(pronoun.start)
    if s0 == 0:
        return None
    p0 = idx.previous_sentence_start(s0)
    wi, wj = idx.word_range(p0, s0)
    cands = [c for c in _candidates(idx, wi, wj, set()) if not idx.inside_quote(c[0].start)]
    verb = next((x for x in range(wi, wj) if idx.words[x].info.is_finite_verb and idx.words[x].text[:1].islower()
                 and not idx.words[x].info.pos & {"NOUN", "ADJF"}), wj)
    for m, k, cases, after_prep in cands:
        if k < verb and not after_prep and not m.complement and "nomn" in cases and m.kind in ("name", "nominal") \
                and m.label == "ORG" and idx.ent_label(m.start, m.end) not in ("LOC", "PER"):
            return m   # the subject before the verb
    for (m, k, _cases, after_prep), nxt in pairwise([*cands, None]):  # each with the next (none after the last)
        if after_prep and (m.kind == "document" or word_info(m.text).lemmas & {"сайт", "сторінка"}) \
                and nxt is not None and nxt[0].complement and nxt[0].kind in ("name", "nominal") \
                and nxt[0].label == "ORG" and nxt[1] == k + 1:
            return nxt[0]   # "на сайті служби", "у заяві прокуратури"
    return None


def _lower_common(text: str) -> str:
    """A description starts in lower case unless its first word is a name ("Дорожники …" → "дорожники …")."""
    first = WORD_RE.match(text)
    if first and first.start() == 0 and not first.group().isupper():
        info = word_info(first.group())
        if info.known and not info.is_name:
            return text[:1].lower() + text[1:]
    return text


#: Where an unnamed source is: "джерело в Офісі президента", "джерело з оточення міністра".
_SOURCE_PLACE_PREPOSITIONS = frozenset("в у з із серед".split())
#: Adjectives that describe an unnamed source after a comma: "джерело, близьке до фракції".
_SOURCE_ADJECTIVES = frozenset("близький наближений знайомий обізнаний поінформований".split())
#: "Інше джерело": a second source, not the one described before.
_ANOTHER = frozenset("інший ще один другий".split())


def _source_description(idx: DocIndex, j: int, oblique: bool = False) -> str | None:
    """The unnamed source at word ``j`` ("джерело") with where it is or what it is close to, as the text gives it:
    "джерело в Кабінеті міністрів", "джерело, близьке до фракції" (also set off by commas: "Інше джерело, в Офісі
    президента, стверджує" → "джерело в Офісі президента"); None when nothing follows the noun. ``oblique``: the
    noun is in another case than the nominative ("За словами джерела в …"), so it is named by its lemma."""
    words, text = idx.words, idx.text
    a = j + 1
    if a >= len(words):
        return None
    gap = text[words[j].end:words[a].start]
    comma = gap.strip() == ","
    if gap.strip() not in ("", ","):
        return None
    outlet = a   # the outlet it spoke to, before where it is: "Співрозмовник Bloomberg у турецькому уряді"
    while not comma and outlet < len(words) and outlet - a < 3 and _is_latin(words[outlet].text) \
            and text[words[outlet - 1].end:words[outlet].start] == " ":
        outlet += 1
    if outlet > a and outlet < len(words) and words[outlet].text.lower() in _SOURCE_PLACE_PREPOSITIONS \
            and text[words[outlet - 1].end:words[outlet].start] == " ":
        a = outlet
    first = words[a]
    if first.text.lower() in _SOURCE_PLACE_PREPOSITIONS or (comma and first.info.lemmas & _SOURCE_ADJECTIVES):
        end = a
        b = a + 1
        while b < len(words) and b - a <= 7 and text[words[b - 1].end:words[b].start] == " " \
                and not (words[b].info.is_finite_verb and "NOUN" not in words[b].info.pos) \
                and not (words[b].info.pos & {"PREP"} and first.text.lower() in _SOURCE_PLACE_PREPOSITIONS) \
                and (_joins_genitives(words, b) or (not words[b].info.pos & {"CONJ"} and (
                    words[b].text[:1].isupper() or words[b].info.pos & {"NOUN", "ADJF", "PREP", "NUMR"}))):
            # (where it is ends at the next preposition: "джерело в УАФ на умовах анонімності")
            end = b
            b += 1
        if end == a and first.text.lower() in _SOURCE_PLACE_PREPOSITIONS:
            return None
        tail_end = words[end].end
        if end + 1 < len(words) and text[tail_end:words[end + 1].start] == " «":
            span = idx.in_name_span(words[end + 1].start)   # "джерело у фракції «Слуга народу»"
            if span is not None and span.close is not None and span.after - tail_end <= 40:
                tail_end = span.after
        tail = text[words[j + 1].start:tail_end]
        joiner = ", " if first.info.lemmas & _SOURCE_ADJECTIVES else " "
        lemma = min(words[j].info.lemmas & SOURCE_NOUNS, default=None) if oblique else None
        return (lemma or _lower_common(words[j].text)) + joiner + tail
    return None


def _joins_genitives(words: list[_Word], b: int) -> bool:
    """"і" / "та" at word ``b`` joins two genitive nouns of one name ("Міністерстві освіти і науки")."""
    return words[b].text.lower() in ("і", "й", "та") and 0 < b < len(words) - 1 \
        and all("NOUN" in w.info.pos and "gent" in w.info.cases for w in (words[b - 1], words[b + 1]))


def _unnamed_source(idx: DocIndex, k: int, role: set[str], *, oblique: bool = False) -> str | None:
    """An unnamed source's description: the source noun's own (``k``), else, unless it is another source ("Інше
    джерело"), that of the source noun before it; "співрозмовник (видання)" is the source named last."""
    if "джерело" in role:
        described = _source_description(idx, k, oblique)
        if described or (k > 0 and idx.words[k - 1].info.lemmas & _ANOTHER):
            return described
    elif role & SOURCE_NOUNS:
        described = _source_description(idx, k, oblique)
        if described:
            return described   # "Співрозмовник Bloomberg у турецькому уряді стверджує"
    for j in range(k - 1, -1, -1):
        w = idx.words[j]
        if "джерело" in w.info.lemmas and "NOUN" in w.info.pos and not idx.inside_quote(w.start):
            return _source_description(idx, j)
    return None


#: Relative pronouns: a clause of its own begins, no complement.
_RELATIVE_PRONOUNS = frozenset("який котрий".split())


def _complement_end(idx: DocIndex, k: int) -> int | None:
    """End of the genitive complement after the noun at word ``k`` ("представник ВАТ «Оборонстрой»",
    "вчитель однієї з сільських шкіл", "хлопці з піцерії"), or None when there is none."""
    words, text = idx.words, idx.text
    end = None
    j = k + 1
    prep = False
    while j < len(words) and j - k <= 8:
        w = words[j]
        gap = text[words[j - 1].end:w.start]
        if gap.strip(" «»\"") != "" or "\n" in gap:
            break
        low = w.text.lower()
        span = idx.in_name_span(w.start)
        if span is not None and span.open > words[k].start and span.close is not None:
            end = span.after
            j = bisect_left(idx.word_starts, span.after)
            continue
        info = w.info
        if low in ORG_ABBREVIATIONS or (w.text.isupper() and len(w.text) > 1 and not info.known):
            end = w.end
        elif low in ("з", "із") and not prep:
            prep = True
        elif w.text[:1].isupper() and end is not None and not info.is_given:
            end = w.end   # a name in apposition: "села Зелене"
        elif info.pos & {"NOUN", "ADJF", "NUMR", "NPRO"} and info.cases & {"gent"} and not info.is_finite_verb \
                and not (info.is_given and w.text[:1].isupper()) and not info.lemmas & _RELATIVE_PRONOUNS \
                and "PREP" not in info.pos:   # ("про", which the dictionary also has as a noun)
            end = w.end   # (not "куратор якої": a relative clause begins)
        else:
            break
        j += 1
    return end


def _described_role(idx: DocIndex, roles: set[str], k: int, plural: bool, first: int = 0) -> str | None:
    """A short description for an unnamed speaker: the role noun with its complement, from its first mention
    with one ("представник ВАТ «Оборонстрой»" for a later "представник «Оборонстроя»")."""
    if not roles:
        return None
    body = idx.text.find("\n")
    if 0 <= body < idx.words[k].start and not idx.text[:body].rstrip().endswith((".", "!", "?", "…")):
        # a headline's description ("як підприємець з Миколаєва втримав бізнес"; a first line with no final mark)
        # introduces the person the body names: the body's role noun stands for that person, not the description
        first = max(first, bisect_left(idx.word_starts, body))
    for j in range(first, k + 1):
        w = idx.words[j]
        if not (w.info.lemmas & roles and "NOUN" in w.info.pos) or not (
                "plur" in w.info.genders if plural else w.info.genders - {"plur"}) or _complement_of_role(idx, j):
            continue   # "представники органу" describe a group, not "представник"; "заступник голови" no голова
        end = _complement_end(idx, j)
        if end is None:
            continue
        return _lower_common(_head_description(idx, j, plural) + _spelled_out(idx, w.end, end)
                             + _org_name_for(idx, j + 1, end))
    return None


def _complement_of_role(idx: DocIndex, k: int) -> bool:
    """The role noun at word ``k`` is the genitive complement of another right before it ("Заступник голови КМДА",
    "речник міністра"): it names that person's superior, not the person."""
    if k == 0 or "gent" not in idx.words[k].info.cases:
        return False
    before = idx.words[k - 1]
    return "NOUN" in before.info.pos and bool(before.info.lemmas & ROLE_NOUNS) \
        and idx.text[before.end:idx.words[k].start] == " "


def _head_description(idx: DocIndex, k: int, plural: bool, subject_gender: str | None = None) -> str:
    """The noun at word ``k`` with its prenominal adjectives, in the nominative ("проукраїнського блогера" →
    "проукраїнський блогер"); a plural subject keeps its number ("учасниці"), so does a singular subject its
    verb agrees with ("Мати пояснила": ``мати``, not the genitive of ``мата``)."""
    head = _lower_common(idx.text[_adjectives_before(idx, k):idx.words[k].end])
    as_is = (subject_gender in ("masc", "femn") and is_singular_nominative(idx.words[k].text, subject_gender)) \
        or idx.words[k].text.lower() in ROLE_NOUNS   # a role noun's own form ("мати", not "мата")
    if not (plural and idx.words[k].info.plural_nominative) and not as_is:
        head = nominative(head)
    return _lower_common(head)


def _spelled_out(idx: DocIndex, start: int, end: int) -> str:
    """The genitive complement ``text[start:end]`` with a clipped compound name in it spelled out as the
    document writes it in the genitive ("представник Нацгвардії України" → "… Національної гвардії України")."""
    out = idx.text[start:end]
    wi, wj = idx.word_range(start, end)
    for w in reversed(idx.words[wi:wj]):
        if not w.text[:1].isupper() or w.text.isupper() or "-" in w.text:
            continue
        clipped = idx.expand_clipped(w.text)
        if clipped is None:
            continue
        written = clipped[0]
        tail = " України"
        full = written[:-len(tail)] if written.endswith(tail) else written
        if full[-2:] != w.text[-2:] or not all("gent" in word_info(x).cases for x in WORD_RE.findall(full)):
            continue   # the document writes the full name in another case only: nothing to copy
        a, b = w.start - start, w.end - start
        if written.endswith(tail) and out[b:b + len(tail)] == tail:
            b += len(tail)
        out = out[:a] + written + out[b:]
    return out


def _adjectives_before(idx: DocIndex, k: int) -> int:
    """Start of the prenominal adjectives of the noun at word ``k`` ("проукраїнського блогера")."""
    a = k
    # before an adjective used as a noun, no word that may be a noun ("Під час допиту підсудний")
    noun_like = {"PREP", "CONJ", "NPRO", "NOUN"} if "ADJF" in idx.words[k].info.pos else {"PREP", "CONJ", "NPRO"}
    while a > 0 and "ADJF" in idx.words[a - 1].info.pos and not idx.words[a - 1].info.pos & noun_like \
            and not idx.words[a - 1].info.is_finite_verb and not idx.words[a - 1].info.lemmas & OPINION_CUES \
            and idx.text[idx.words[a - 1].end:idx.words[a].start] == " ":   # "— впевнені учасниці": a cue
        a -= 1
    return idx.words[a].start


def _org_name_for(idx: DocIndex, j: int, end: int) -> str:
    """" «Name»" for a complement that is one bare organisation noun ("керівник банку" → the bank the document
    names elsewhere as "банк «Єврогазбанк»" or «Єврогазбанк»), else ""."""
    if j >= len(idx.words) or idx.words[j].end != end:
        return ""
    lemmas = idx.words[j].info.lemmas & ORG_HEAD_NOUNS
    if not lemmas:
        return ""
    for s in idx.name_spans:
        before = idx.text[max(0, s.open - 30):s.open].split()
        if before and word_info(before[-1]).lemmas & lemmas:
            return " " + idx.text[s.open:s.after]   # "команда «Здоров'я та спорт»"
    for s in idx.name_spans:
        inside = idx.text[s.start:s.end].lower()
        if any(lemma in inside for lemma in lemmas) and " " not in inside.strip():
            return " «" + idx.text[s.start:s.end] + "»"   # «Єврогазбанк»
    return ""


def _complement_name(idx: DocIndex, k: int) -> str | None:
    """A named organisation in the complement of word ``k`` ("повідомленням штабу АТО" → "штаб АТО")."""
    end = _complement_end(idx, k)
    if end is None or k + 1 >= len(idx.words):
        return None
    nxt = idx.words[k + 1]
    ent = idx.ent_at(nxt.start)
    if ent is not None and ent[0] == nxt.start and ent[2] == "ORG" and ent[1] > end and nxt.text.isupper() \
            and _name_extension(idx, ent, Mention(nxt.start, nxt.end, nxt.text, "name", "ORG", None, [nxt.text])):
        return entity_nominative(idx.text[ent[0]:ent[1]], "ORG")   # "У пресслужбі ГУНП в Рівненській області"
    phrase = idx.text[nxt.start:end]
    if not (any(x[:1].isupper() for x in WORD_RE.findall(phrase)) or nxt.info.lemmas & ORG_HEAD_NOUNS):
        return _named_after_noun(idx, k + 1) if end == nxt.end and "NOUN" in nxt.info.pos else None
    if idx.text[nxt.start - 1:nxt.start] == "«":
        # a quoted name right after the noun it completes is inflected: "у пресслужбі «Укрзалізниці»"
        return entity_nominative(phrase.split("»")[0], "ORG")
    named = _org_name_for(idx, k + 1, end)
    if named:
        return named.strip()[1:-1]   # "у прес-службі банку" → the bank the text names: «Єврогазбанк»
    if phrase.isupper() and 2 <= len(phrase) <= 6 and " " not in phrase:
        return idx.expand_acronym(phrase) or phrase   # "у звіті ISW" → "Інститут вивчення війни"
    clipped = idx.expand_clipped(phrase) if " " not in phrase and phrase[:1].isupper() else None
    if clipped:
        return clipped[1]   # "у пресслужбі Нацбанку" → "Національний банк України"
    return nominative(phrase)


def _named_after_noun(idx: DocIndex, k: int) -> str | None:
    """The organisation a common noun at word ``k`` stood before earlier in the text ("забудовнику ТОВ
    «Граніт-Девелопмент»" … "у пресслужбі забудовника"), in the nominative; None where it never did."""
    lemmas = idx.words[k].info.lemmas
    for j in range(k - 1, -1, -1):
        w = idx.words[j]
        if not (w.info.lemmas & lemmas and "NOUN" in w.info.pos) or j + 1 >= len(idx.words):
            continue
        ent = idx.ent_at(idx.words[j + 1].start)
        if ent is not None and ent[2] == "ORG" and ent[0] == idx.words[j + 1].start - (
                idx.text[idx.words[j + 1].start - 1] == "«") and idx.text[w.end:ent[0]] == " ":
            return entity_nominative(idx.text[ent[0]:ent[1]], "ORG")
    return None


#: How many words back a bare document noun looks for the document it stands for.
_DOCUMENT_REACH = 60


def _earlier_document_author(idx: DocIndex, k: int) -> str | None:
    """The author of the document a bare document noun at word ``k`` stands for: the organisation in the complement
    of the last document noun before it (of the same word, or any for ``документ``) that names one ("йдеться в
    новому звіті Київської школи економіки. «…», – наголошується в документі")."""
    if _complement_end(idx, k) is not None:
        return None   # "в обґрунтуванні закупівлі": a document of its own
    # the same document noun ("у звіті … у звіті") or the generic "документ"
    same = idx.words[k].info.lemmas & DOCUMENT_NOUNS
    same = DOCUMENT_NOUNS if "документ" in same else same
    for j in range(k - 1, max(-1, k - _DOCUMENT_REACH), -1):
        w = idx.words[j]
        if w.info.lemmas & same and "NOUN" in w.info.pos:
            author = _complement_name(idx, j)
            if author and author[:1].isupper():   # a name, not "заяві асоціації"
                return author
    return None


def _impersonal_source(idx: DocIndex, cue: _Word, pos: int) -> tuple[str, str] | None:
    """An impersonal cue with no subject ("Також повідомляється, що …", "зазначено") reports the organisation
    the text has been quoting, else the one it is about."""
    low = cue.text.lower()
    if not (low.endswith(("ться", "ено", "ано", "ото")) and cue.info.is_finite_verb) \
            or _cue_gender(cue.text) == "plur":   # "скаржаться" has a subject, if an unsaid one
        return None   # "Раніше повідомлялося, що …": the outlet's earlier news, not a source in this text
    hit = idx.last_speaker_before(pos, None, "ORG")
    if hit:
        return hit
    source = idx.org_source_before(pos)
    return (source, "ORG") if source else None


def _law_name(idx: DocIndex, k: int) -> str | None:
    """Laws are their own source: "Конституцією" → "Конституція України", "закон" → the law named before."""
    w = idx.words[k]
    nxt = idx.words[k + 1] if k + 1 < len(idx.words) else None
    two = nominative(w.text).lower() + (" " + nominative(nxt.text).lower() if nxt else "")
    for key in (two, nominative(w.text).lower()):
        if key in LAW_ALIASES:
            return LAW_ALIASES[key]
    lemmas = w.info.lemmas & {"закон", "кодекс", "указ", "постанова"}
    if not lemmas:
        return None
    for j in range(k, -1, -1):
        x = idx.words[j]
        if x.info.lemmas & lemmas and x.text[:1].isupper():
            end = _complement_end(idx, j)
            if end is not None:
                return nominative(x.text) + idx.text[x.end:end]
    return None


def _national_leader(idx: DocIndex, k: int, pos: int) -> str | None:
    """The person a role noun after a country's adjective stands for: the one named before ``pos`` with a title of
    that country ("Литовський лідер" after "президент Литви Гітанас Науседа"), where exactly one is."""
    if k == 0 or idx.words[k - 1].info.pos != {"ADJF"} or idx.text[idx.words[k - 1].end:idx.words[k].start] != " ":
        return None
    stem = idx.words[k - 1].text[:3].lower()
    if not idx.words[k - 1].text.lower().endswith(("ський", "ська", "цький", "цька", "зький", "зька")):
        return None   # "литовський", "французька", "турецький", "угорський"
    found = set()
    for person in idx._persons:
        if person.pos >= pos:
            break
        j = bisect_left(idx.word_starts, person.pos)
        if j >= 2 and idx.words[j - 1].text[:1].isupper() and idx.words[j - 1].text[:3].lower() == stem \
                and idx.words[j - 2].info.lemmas & ROLE_NOUNS and "gent" in idx.words[j - 1].info.cases:
            found.add(idx.full_person_name(person.canon, person.pos, list(person.words)))
    return found.pop() if len(found) == 1 else None


def _role_name_in_doc(idx: DocIndex, roles: set[str], pos: int) -> str | None:
    """The person a role noun stands for: an earlier "міністр оборони Сергій Шойгу" with the same role."""
    if not roles:
        return None
    found = None
    for k, w in enumerate(idx.words):
        if w.start >= pos:
            break
        lemmas = w.info.lemmas
        if k and lemmas & _ADJECTIVE_ROLE_HEADS:
            lemmas = lemmas | {r for (a, h), r in ROLE_WITH_ADJECTIVE.items()
                               if h in lemmas and a in idx.words[k - 1].info.lemmas}   # "міського голови": the mayor
        if lemmas & roles and w.info.genders != {"plur"} and not _complement_of_role(idx, k):
            # ("очільники міста" name no one person; "Заступник голови КМДА Олександр Приходько" is no голова)
            for run in idx._capitalised_runs(k + 1, min(k + 10, len(idx.words))):
                if idx.in_name_span(run[0].start) is not None:
                    continue   # a quoted name between ("аналітиком компанії «АгроМаркет Консалт» Ярославом Бондарем")
                if run[0].start >= idx.words[min(k + 6, len(idx.words) - 1)].end \
                        or "\n" in idx.text[w.end:run[0].start] or any(
                        idx.words[x].info.is_finite_verb and not idx.words[x].info.pos & {"NOUN", "ADJF"}
                        and "бути" not in idx.words[x].info.verb_lemmas
                        for x in range(k + 1, bisect_left(idx.word_starts, run[0].start))):
                    break   # a name must start within six words, with no verb but a copula between ("Тренер …
                    # дає Каменських" names no trainer; "Головою клубу є Тетяна Кравчук" does); it may end beyond
                run = person_subrun(run) or []   # "голова Донецька Олександр Лук'янченко"
                infos = [x.info for x in run]
                if len(run) == 1 and infos[0].is_given and not infos[0].is_surname:
                    continue   # a lone given name there is rather a place ("міста Лева")
                if len(run) == 1 and run[0].text.lower() in PRONOUNS:
                    continue   # "… – вважає дієтолог. Вона …": the pronoun, not the surname "Вона" of "Вон"
                if len(run) == 1 and run[0].text in idx.honorific_names:
                    continue   # "лікарка лікарні Мечникова" where the text says "лікарні імені Мечникова"
                if any(i.is_name for i in infos):
                    canon, _g = person_name_nominative([x.text for x in run])
                    found = idx.full_person_name(canon, run[0].start, [x.text for x in run])
                    break
    return found


def _report_author(idx: DocIndex, pos: int) -> str | None:
    """The person the document names as the author of the report it retells, before ``pos``: "у матеріалі
    Оксани Коваленко", "Про це пише Сергій Щербина в «…»" (a "журналіст" with no name of its own is this one)."""
    words = idx.words
    for k, w in enumerate(words[:-1]):
        if w.start >= pos:
            break
        nxt = words[k + 1]
        if not nxt.text[:1].isupper() or idx.text[w.end:nxt.start] != " ":
            continue
        info = w.info
        noun = "NOUN" in info.pos and w.text[:1].islower() and info.lemmas & REPORT_NOUNS
        verb = info.is_finite_verb and info.verb_lemmas & WRITING_VERBS
        if not (noun or verb):
            continue
        runs = idx._capitalised_runs(k + 1, min(k + 5, len(words)))
        run = person_subrun(runs[0]) if runs else None
        if run and run[0] is nxt and any(x.info.is_name for x in run):
            canon, _g = person_name_nominative([x.text for x in run], None, "gent" if noun else None)
            return idx.full_person_name(canon, run[0].start, [x.text for x in run])
    return None


def _subject_organisation(idx: DocIndex, pos: int) -> str | None:
    """The organisation entity last before ``pos``, outside quotes, that the parser makes a verb's subject: who
    issued the document a bare document noun stands for ("Парламентська асамблея НАТО … ухвалила резолюцію"); not an
    outlet that relays ("повідомляє Интерфакс з посиланням на …": the guidelines' outlet is no speaker)."""
    if not idx.subjects:
        return None
    for start, end in idx.org_entities_before(pos):
        for verb_start, (a, _b) in idx.subjects.items():
            if start <= a < end or (a < start and _body_of(idx, a, start)):
                verb = idx.word_starting_at(verb_start)
                if verb is None or not (verb.info.verb_lemmas & RELAY_VERBS and verb.info.is_present):
                    return entity_nominative(idx.text[start:end], "ORG")
    return None


def _body_of(idx: DocIndex, a: int, start: int) -> bool:
    """The word at ``a`` is a body (:data:`BODY_NOUNS`) of the organisation named at ``start``, right after it
    ("Правління Національного банку України")."""
    w = idx.word_starting_at(a)
    if w is None:
        return False
    between = idx.text[w.end:start].split()
    return any(lemma in BODY_NOUNS and between == ([BODY_NOUNS[lemma]] if BODY_NOUNS[lemma] else [])
               for lemma in w.info.lemmas)


def _quoted_company(idx: DocIndex, pos: int) -> str | None:
    """The company a bare "компанія" stands for when nothing nearer names it: the organisation entity with a quoted
    name last before ``pos``, outside quotes ("голова правління НЕК «Укренерго» Володимир Кудрицький … У компанії
    закликали")."""
    text = idx.text
    for start, end in idx.org_entities_before(pos):
        if "«" in text[start:end] and text[end - 1:end] == "»":
            return entity_nominative(text[start:end], "ORG")
        if start and text[start - 1] in "«„“\"" and text[end:end + 1] in "»“”\"":
            return entity_nominative(text[start:end], "ORG")   # the name alone in its marks: «Нафтогазу»
    return None


def _org_heads(idx: DocIndex, k: int, roles: set[str]) -> set[str]:
    """The head nouns an organisation noun at word ``k`` asks the document's organisations for: its own ("в
    столичній адміністрації"), or for a press service the common noun after it ("у пресслужбі бригади")."""
    heads = set(roles) - PRESS_SERVICE_NOUNS
    if roles & PRESS_SERVICE_NOUNS and k + 1 < len(idx.words):
        nxt = idx.words[k + 1]
        if nxt.text[:1].islower() and "NOUN" in nxt.info.pos and "gent" in nxt.info.cases \
                and idx.text[idx.words[k].end:nxt.start] == " ":
            heads |= {lemma for lemma in nxt.info.lemmas if lemma not in PRESS_SERVICE_NOUNS}
    return heads - MEDIA_NOUNS


def _org_entity_with_head(idx: DocIndex, heads: set[str], pos: int) -> str | None:
    """The organisation entity named last before ``pos``, outside quotes, whose name has one of ``heads`` as a
    noun ("у столичній адміністрації" → "Київська міська військова адміністрація"; "у пресслужбі бригади" → "24-та
    окрема механізована бригада"): an organisation noun with no name of its own stands for it."""
    if not heads:
        return None
    for start, end in idx.org_entities_before(pos):
        a, b = idx.word_range(start, end)
        # the name's own head: its first noun ("Глава … відомства" is a person's title, not the ministry)
        head = next((w for w in idx.words[a:b] if "NOUN" in w.info.pos and "ADJF" not in w.info.pos), None)
        if head is not None and head.text[:1].islower() and head.info.lemmas & heads:
            return entity_nominative(idx.text[start:end], "ORG")
        if ACRONYM_HEADS.get(idx.text[start:end], frozenset()) & heads:
            # "МАГАТЕ" … "у заяві агентства"; spelled out where the text does ("Міжнародний валютний фонд (МВФ)")
            return idx.expand_acronym(idx.text[start:end]) or idx.text[start:end]
    return None


def _org_role_in_doc(idx: DocIndex, roles: set[str]) -> str | None:
    """"у прокуратурі" → "прокуратура Києва" when the document names it so somewhere."""
    if not roles:
        return None
    prefixes = {r[:3] for r in roles}
    for k, w in enumerate(idx.words[:-1]):
        nxt = idx.words[k + 1]
        if w.text[:3].lower() not in prefixes:
            continue   # cheap test before the morphology
        if w.info.lemmas & roles:
            for s in idx.name_spans:
                # (not across a comma or a sentence end: "у поліції Херсонщини, як передає «Суспільне»" names
                # the outlet; "у пресслужбі компанії. Голова правління «Нафтогазу»" another sentence's company)
                if w.end <= s.open <= w.end + 40 and not {"\n", ",", ".", "!", "?"} & set(idx.text[w.end:s.open]):
                    name = idx.text[s.start:s.end]
                    if idx.text[w.end:s.open].strip():
                        return name        # прес-служба корпорації «МАКО Холдінг» → МАКО Холдінг
                    if w.info.lemmas & PRESS_SERVICE_NOUNS:
                        return entity_nominative(name, "ORG")   # "у пресслужбі «Укрзалізниці»": inflected
                    return _lower_common(nominative(w.text)) + " " + idx.text[s.open:s.after]  # видавництво «Комора»
        if w.info.lemmas & roles and nxt.text[:1].isupper() and idx.text[w.end:nxt.start] == " " \
                and ("gent" in nxt.info.cases or nxt.text.isupper()):
            if w.info.lemmas & PRESS_SERVICE_NOUNS:
                return _complement_name(idx, k)   # "прес-служба МОЗ" speaks for "МОЗ"
            return nominative(w.text) + " " + nxt.text
    return None


def _org_name_near(idx: DocIndex, pos: int) -> str | None:
    s0 = idx.sentence_start(pos)
    s1 = idx.sentence_end(pos)
    for s in idx.name_spans:
        if s0 <= s.open < s1:
            return idx.text[s.start:s.end]
    return None


# -- attribution of one quote ------------------------------------------------------------------------------
def _clause_end(idx: DocIndex, start: int, limit: int) -> int:
    end = min(idx.sentence_end(start), limit)
    nl = idx.text.find("\n", start, end)
    return nl if nl >= 0 else end


def _post_clause(idx: DocIndex, start: int, end: int) -> tuple[int, int]:
    """Word range of an attribution clause, cut before a relay or a participle clause (", передає …")."""
    wi, wj = idx.word_range(start, end)
    for k in range(wi + 1, wj):
        gap = idx.text[idx.words[k - 1].end:idx.words[k].start]
        if "," in gap:
            info = idx.words[k].info
            if info.is_finite_verb or "GRND" in info.pos or idx.words[k].text.lower() in ("який", "яка", "які"):
                if all("GRND" in x.info.pos or x.info.pos <= {"ADVB", "PRCL"} for x in idx.words[wi:k]):
                    continue   # "– усміхаючись, розповідає Аваков": a gerund before the cue is not the clause
                return wi, k
    return wi, wj


def attribute_clause(idx: DocIndex, wi: int, wj: int, *, pos: int, post: bool,
                     parent: Attribution | None, cue_search: int = 5) -> Attribution | None:
    """Cue and speaker in a clause of words [wi, wj) (after or between quote parts, or before a quote)."""
    words = idx.words
    cue_k = None
    rng = range(wi, min(wj, wi + cue_search)) if post else range(wj - 1, wi - 1, -1)
    for k in rng:
        if is_cue_word(words[k].text) or _light_verb_cue(idx, k, wj):
            cue_k = k
            break
    noun_cue = None
    if cue_k is None:
        for k in range(wi, min(wj, wi + 4)):
            if words[k].info.lemmas & _NOUN_CUE_WORDS and "NOUN" in words[k].info.pos:
                noun_cue = k
                break
    if cue_k is None and noun_cue is None:
        return None
    k = cue_k if cue_k is not None else noun_cue
    cue_word = words[k]
    gender = _cue_gender(cue_word.text) if cue_k is not None else None
    if not post and cue_k is not None:
        # names inside the cue's complement clause ("пояснює, що «ЕС комюнікейшн груп» надало …") are not its
        # subject
        that = next((x for x in range(k + 1, wj) if words[x].text.lower() in ("що", "щоб")), None)
        if that is not None:
            wj = that
    cands = _own_candidates(idx, _candidates(idx, wi, wj, {k} | _relay_asides(idx, wi, wj, k)), cue_word)
    impersonal = cue_k is not None and _passive_impersonal(cue_word)
    if impersonal:
        cands = _impersonal_sources(cands, k)
    if noun_cue is not None:
        after = [c for c in cands if c[1] > k]
        genitives = [c for c in after if "gent" in c[2] and not c[3]]
        # whose words: the genitive right after the noun ("передає слова мера Суспільне": the mayor's)
        mention = _pick(genitives if any(c[1] == k + 1 for c in genitives) else after, k, "genitive", None)
        if mention is None:
            return None   # "…», так і лишилися словами": a speech noun that names nobody attributes nothing
    elif cue_word.info.verb_lemmas & CITE_VERBS:
        cited = [c for c in cands if c[1] > k and c[2] & {"accs", "gent"}]
        mention = _pick(cited, k, "accusative", None)
        picked = next((c for c in cited if c[0] is mention), None)
        oblique = [c for c in cited if "nomn" not in c[2] and picked is not None and c[1] < picked[1]]
        if picked is not None and picked[0].label != "PER" and "nomn" in picked[2] and oblique:
            # the one cited before a name that may be the outlet ("цитує голову ОВА Укрінформ": "голову")
            mention = _pick(oblique, k, "accusative", None)
        mention = mention or _pick(cands, k, "subject", gender)
    else:
        mention = _parser_subject(idx, cue_word.start, cands, _apposed_name(
            idx, _author_of_document(idx, _pick(cands, k, "subject", gender, prefer_after=post), cands), cands))
    if mention is None and not post and noun_cue is None and not impersonal:
        mention = _bare_subject(idx, k)
    shared = _coordinated_speaker(idx, wi, cue_word.start, gender) if mention is None and noun_cue is None else None
    if shared is not None:
        # "Ковальчук назвав процес «…» і заявив: «…»": the subject the coordinated verb shares
        return Attribution((cue_word.start, cue_word.end), None, shared[0], shared[1])
    if mention is None and noun_cue is None and gender is not None and "GRND" not in cue_word.info.pos:
        mention = _recent_subject(idx, cue_word.start, gender)   # "Мешканці обурені. «…», – скаржаться."
    if mention is not None and mention.kind in ("nominal", "name") and mention.label == "PER" \
            and gender in ("masc", "femn"):
        # "сказав глава": the verb, not the noun ("глава", "суддя"), tells the sex; so it does for a surname the
        # dictionary does not know ("заявила Ортегус"), for a later "вона", "за її словами"
        mention.gender = gender
    if gender == "plur":
        mention = _name_group(idx, mention, cands) or mention   # "– розповіли Шевчук і Бондар"
    if noun_cue is None and gender != "plur" and not cue_word.info.verb_lemmas & CITE_VERBS:
        _as_subject(mention)   # a singular name under a plural verb is no subject ("Підписники актора Паніна …")
    name, label = resolve(idx, mention, pos, gender, parent)
    if mention is None and noun_cue is None:
        name, label = _impersonal_source(idx, cue_word, pos) or (None, None)
    if cue_k is not None and cue_word.info.verb_lemmas & RELAY_VERBS and wj > wi:
        relayed = _relayed_source(idx, words[wi].start, words[wj - 1].end)
        if relayed is not None:
            name, label = relayed   # "– пише The New York Times із посиланням на неназваного співрозмовника"
    relative = _relative_subject(mention, cands, k)
    if relative is not None:
        mention = relative   # "Махатми Ганді, який … написав": the relative pronoun is the overt subject
    return Attribution((cue_word.start, cue_word.end), mention, name, label)


_WITH_REFERENCE = re.compile(r"\b(?:(?:з|із)\s+посиланням|посилаючись)\s+на\s+")


def _relay_asides(idx: DocIndex, wi: int, wj: int, cue_k: int) -> set[int]:
    """Words of the asides in [wi, wj) that name an outlet relaying the statement (", як передає «Суспільне», ", or
    opening the clause), other than the cue's own: the outlet there is no candidate ("У поліції, як передає
    «Суспільне», повідомили")."""
    words, text = idx.words, idx.text
    out: set[int] = set()
    for x in range(wi, wj - 1):
        after_comma = x == wi or "," in text[words[x - 1].end:words[x].start]   # or opening the clause
        verb = words[x + 1]
        if not (after_comma and words[x].text.lower() == "як" and verb.info.verb_lemmas & RELAY_VERBS
                and verb.info.is_present):
            continue
        end = x + 2
        while end < wj and "," not in text[words[end - 1].end:words[end].start]:
            end += 1
        closed = end < len(words) and "," in text[words[end - 1].end:words[end].start]
        if closed and cue_k not in range(x, end):
            out.update(range(x, end))
    return out


def _relayed_source(idx: DocIndex, start: int, end: int) -> tuple[str, str] | None:
    """The source an outlet relays, named after "з посиланням на" or "посилаючись на" in [start, end) ("Politico з
    посиланням на трьох європейських дипломатів пише" → "європейські дипломати"; "– пише The New York Times із
    посиланням на неназваного співрозмовника в Білому домі"): a medium that relays is never the speaker. A name as it
    stands, a description in the nominative without its numeral; None without either phrase."""
    matches = list(_WITH_REFERENCE.finditer(idx.text, start, end))
    if not matches:
        return None
    m = matches[-1]
    comma = idx.text.find(",", m.end(), end)
    a, b = idx.word_range(m.end(), end if comma < 0 else comma)
    words = [w for w in idx.words[a:b] if "NUMR" not in w.info.pos and not is_cue_word(w.text, allow_opinion=False)]
    if not words:
        return None
    b = bisect_left(idx.word_starts, words[-1].start) + 1
    names = [c[0] for c in _candidates(idx, a, b, set()) if c[0].kind == "name"]
    person = next((n for n in names if n.label == "PER"), None)
    if person is not None and not words[0].info.lemmas & SOURCE_NOUNS:   # "на джерело в адміністрації Байдена"
        person.case = "accs"
        return resolve(idx, person, end, None)   # "з посиланням на головну лікарку … Оксану Бондар"
    if names and names[0].start == words[0].start:
        return resolve(idx, names[0], end, None)   # "з посиланням на Міноборони"
    # a description, with the place it names ("неназваного співрозмовника в Білому домі")
    return nominative(idx.text[words[0].start:words[-1].end]), "PER"


def _za_slovamy(idx: DocIndex, start: int, end: int, pos: int, parent: Attribution | None):
    """``за словами X`` / ``за його словами`` inside [start, end): (attribution, phrase end)."""
    matches = list(_ZA_SLOVAMY.finditer(idx.text, start, end))
    m = matches[-1] if matches else None
    if m is None:
        return None
    cue = (m.start(), m.end())
    if m.group(2):
        pron = Mention(m.start(2), m.end(2), m.group(2), "pronoun", "PER", POSSESSIVE_PRONOUNS.get(m.group(2)),
                       [m.group(2)])
        name, label = resolve(idx, pron, pos, pron.gender, parent)
        return Attribution(cue, pron, name, label), m.end()
    comma = idx.masked.find(",", m.end(), end)
    phrase_end = comma if comma >= 0 else end
    wi, wj = idx.word_range(m.end(), phrase_end)
    cands = _candidates(idx, wi, wj, set())
    mention = _apposed_name(idx, _pick(cands, wi, "genitive", None), cands)
    if mention is not None and mention.kind in ("name", "nominal") and mention.label == "PER":
        mention.case = "gent"   # "за словами Олександра Грабара", "голови громади": the genitive
    name, label = resolve(idx, mention, pos, None, parent)
    return Attribution(cue, mention, name, label), phrase_end


def attribute_quotes(idx: DocIndex, quotes: list[QuotedSpan]) -> list[Attribution]:
    """Attribution for each quote (same order); updates the speaker history as it goes."""
    text = idx.text
    results: list[Attribution] = []
    by_span: dict[int, Attribution] = {}
    prev_in_sentence: dict[int, tuple[QuotedSpan, Attribution, str]] = {}
    span_index = {id(s): i for i, s in enumerate(idx.spans)}
    for q in quotes:
        parent_attr = None
        if q.parent is not None:
            parent_attr = by_span.get(q.parent)
        attr = None
        how = ""
        # 1. inside a split quote
        for g0, g1 in q.gaps:
            wi, wj = _post_clause(idx, g0, g1)
            attr = attribute_clause(idx, wi, wj, pos=g0, post=True, parent=parent_attr)
            if attr:
                how = "split"
                break
        if attr is not None and (attr.mention is None or attr.mention.kind == "pronoun") \
                and text[:q.open].rstrip().endswith(":"):
            # "Баєв продовжує: «…, – каже він мені. – …»": a named speaker before the colon outranks a pronoun
            # inside the quote (the words of someone the speaker retells, whose own marks were lost)
            pre = _pre_attribution(idx, q, parent_attr)
            if pre is not None and pre.mention is not None and pre.mention.kind == "name" and pre.cue is not None \
                    and text[pre.cue[0]:pre.cue[1]] != ":":
                attr, how = pre, "pre"
        # 2. after the closing mark
        shared_close = q.parent is not None and q.close is not None and q.close == idx.spans[q.parent].close
        if attr is None and not shared_close:
            after = q.after
            m = re.compile(r"[,.!?…]*[ \t]*[" + DASHES + r"][ \t]+|[!?…]*,[ \t]*").match(text, after)
            if m:
                end = _clause_end(idx, m.end(), len(text))
                nxt = _next_quote_open(idx, m.end())
                if nxt is not None:
                    end = min(end, nxt)
                wi, wj = _post_clause(idx, m.end(), end)
                if wi < wj:
                    attr = attribute_clause(idx, wi, wj, pos=m.end(), post=True, parent=parent_attr)
                    if attr is not None:
                        how = "post"
                        cue_word = text[attr.cue[0]:attr.cue[1]]
                        info = word_info(cue_word)
                        relay = info.verb_lemmas & RELAY_VERBS and info.is_present and not info.verb_lemmas & CITE_VERBS
                        # "Х сказав: «…», – розповів Y": Y retells X's words, the verb before the colon wins
                        introduced = text[:q.open].rstrip().endswith(":")
                        if relay or introduced:
                            pre = _pre_attribution(idx, q, parent_attr)
                            if pre is not None and pre.cue is not None and text[pre.cue[0]:pre.cue[1]] != ":" \
                                    and pre.mention is not None:
                                attr, how = pre, "pre"
                    elif any(c in m.group() for c in DASHES) and (text[m.end():m.end() + 1].isupper()
                                                                 or _headline_role(idx, q, m.end())):
                        # headline «…» – Джемілєв (– радник ОП, – пєсков): the dash is the cue
                        cands = _candidates(idx, wi, min(wj, wi + 3), set())
                        mention = _pick(cands, wi, "subject", None)
                        if mention is not None:
                            name, label = resolve(idx, mention, m.end(), None, parent_attr)
                            dash = m.group().strip(",.!?… \t")[:1]
                            dpos = text.index(dash, after)
                            attr = Attribution((dpos, dpos + 1), mention, name, label)
                            how = "post"
        if attr is None and not shared_close:
            attr = _headline_colon(idx, q, parent_attr)
            how = "post" if attr is not None else how
        # 3. before the opening mark
        if attr is None:
            attr = _pre_attribution(idx, q, parent_attr)
            if attr is not None:
                how = "pre"
        # 4. an earlier quote in the same sentence
        sent = idx.sentence_start(q.open)
        if attr is None and sent in prev_in_sentence:
            attr = prev_in_sentence[sent][1]
            how = "inherit"
        elif attr is not None and how == "pre" and attr.name is None and sent in prev_in_sentence:
            # "Вестагер назвала цей центр «…» і заявила, що він може бути втілений «…»": a cue with no subject
            # after an earlier quote of the sentence has that quote's speaker
            earlier = prev_in_sentence[sent][1]
            attr = Attribution(attr.cue, earlier.mention, earlier.name, earlier.label)
        # 5. context
        if attr is None:
            attr = _context_attribution(idx, q, parent_attr)
            how = "context"
        results.append(attr)
        by_span[span_index.get(id(q), -1)] = attr
        if how in ("pre", "inherit"):
            prev_in_sentence[sent] = (q, attr, how)
        if attr.name and attr.name != NARRATOR_NAME and not (
                attr.mention is not None and attr.mention.kind in ("document", "pronoun")
                and attr.name.lower() in (nominative(attr.mention.text).lower(), attr.mention.text.lower())):
            insort(idx.history, (q.open, attr.name, attr.label or "PER",
                                 attr.mention.gender if attr.mention else None), key=_hpos)
    # a headline quote the body repeats has the body's speaker, where the headline names none or only a description
    # (`"Таких знахідок у Європі одиниці": науковці про …` … «…», – зазначила Лариса Тимошенко)
    for i, q in enumerate(quotes):
        if results[i].mention is not None and results[i].mention.kind == "name" and results[i].label == "PER":
            continue   # a person the headline names ("Терехов: «…»"); a place is no speaker ("На Закарпатті …: «…»")
        later = repeats_in_body(text, q, idx.spans, opening=False)
        source = by_span.get(span_index.get(id(later), -1)) if later is not None else None
        if source is not None and source.name:
            results[i] = Attribution(results[i].cue, source.mention, source.name, source.label)
    return results


#: An age before a headline's speaker ("«…»: 15-річна Аліна про …").
_AGE = r"(?:\d+-(?:річн|літн)\w*[ \t]+)?"
_HEADLINE_COLON = re.compile(r":[ \t]+" + _AGE + r"(?=[A-ZА-ЯІЇЄҐ])")
_HEADLINE_COLON_CLAUSE = re.compile(r":[ \t]+(?=[ув][ \t]+\S)")
_HEADLINE_COLON_LOWER = re.compile(r":[ \t]+" + _AGE + r"(?=[а-яіїєґ])")


def _headline_role(idx: DocIndex, q: QuotedSpan, pos: int) -> bool:
    """Whether a quote opening the text's first line is followed at ``pos`` (after a dash or a colon) by a lower-case
    speaker: a role or other person noun ("«…» – радник ОП про …") or a name in the 2022+ style's lower case."""
    if idx.text[:q.open].strip(" \t\u200b") or "\n" in idx.text[:pos]:
        return False
    w = idx.word_starting_at(pos)
    if w is None:
        return False
    # a role or any other person noun ("«…» – пацієнтка опікового центру")
    return idx.name_like(w) or ("NOUN" in w.info.pos and (bool(w.info.lemmas & ROLE_NOUNS) or w.info.is_animate)
                                and "nomn" in w.info.cases)


def _headline_colon(idx: DocIndex, q: QuotedSpan, parent: Attribution | None) -> Attribution | None:
    """A headline that opens with a quote and names its speaker after a colon ("«Ми були готові»: Клименко про
    атаку на Київ"): the speaker is the name right after the colon, the colon the cue."""
    text = idx.text
    if q.close is None or text[:q.open].strip(" \t\u200b") and not text[:q.open].rstrip(" \t").endswith("\n"):
        return None
    m = _HEADLINE_COLON.match(text, q.after)
    clause = _HEADLINE_COLON_CLAUSE.match(text, q.after) if m is None else None
    if m is None and clause is None:
        lower = _HEADLINE_COLON_LOWER.match(text, q.after)
        if lower is None or not _headline_role(idx, q, lower.end()):
            return None
        m = lower   # "«…»: пєсков про …" (a name in the 2022+ style's lower case), "«…»: мати військового про …"
    m = m or clause
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    if _SENT_END.search(idx.masked, m.end(), line_end):
        return None   # a sentence after the colon, not a headline's name
    wi, wj = idx.word_range(m.end(), line_end)
    if clause is not None:
        # "«…»: у МОН відповіли на скарги вступників": a clause whose cue verb has its source in the locative
        return attribute_clause(idx, wi, wj, pos=m.end(), post=False, parent=parent)
    cands = _candidates(idx, wi, min(wj, wi + 3), set())
    mention = _pick(cands, wi, "subject", None)
    if (mention is None or mention.start != idx.words[wi].start) and cands and cands[0][0].kind == "name" \
            and cands[0][0].label == "PER" and cands[0][0].start == idx.words[wi].start:
        mention = cands[0][0]   # a name the dictionary reads in an oblique case only ("Гроссі", not "Гросс")
    if mention is not None and mention.kind == "name" and mention.label == "PER" and cands \
            and cands[0][0].kind == "nominal" and cands[0][0].start == idx.words[wi].start \
            and _apposition_gap(idx, cands[0][0].end, mention.start, 2):
        mention = cands[0][0]   # "речник ДСНС Кравець про …": the role first (its name is taken below)
    if mention is None or mention.start != idx.words[wi].start:
        return None
    if mention.kind == "nominal":
        # "синоптикиня Діденко про …", "речник ДСНС Кравець про …": the name after the role noun
        mention = next((m for m, *_ in cands if m.kind == "name" and m.label == "PER"
                        and (idx.text[mention.end:m.start] == " " or _apposition_gap(idx, mention.end, m.start, 2))),
                       mention)
    if mention.text[:1].islower() and any(label in ("PER", "PERS") and mention.text in idx.text[a:b].split()
                                          for a, b, label in idx.ents):
        mention.label = "PER"   # a lower-case surname the body gives a person entity ("марія захарова")
    name, label = resolve(idx, mention, m.end(), None, parent)
    return Attribution((q.after, q.after + 1), mention, name, label)


def _next_quote_open(idx: DocIndex, pos: int) -> int | None:
    for s in idx.spans:
        if s.open >= pos and s.is_quote:   # a quoted name («Комора») does not end the attribution
            return s.open
    return None


def _pre_attribution(idx: DocIndex, q: QuotedSpan, parent: Attribution | None) -> Attribution | None:
    text = idx.text
    start = idx.sentence_start(q.open)
    if q.parent is not None:
        start = max(start, idx.spans[q.parent].start)
    for s in idx.spans:
        if s.is_quote and s.after <= q.open and s.after > start and s.parent == q.parent:
            start = s.after
    line_start = text.rfind("\n", 0, q.open) + 1
    start = max(start, line_start)
    za = _za_slovamy(idx, start, q.open, q.open, parent)
    if za is not None:
        return za[0]
    according = _zghidno(idx, start, q.open, parent)
    if according is not None:
        return according
    wi, wj = idx.word_range(start, q.open)
    before = text[start:q.open].rstrip()
    colon = before.endswith(":")
    for k in range(wj - 1, wi - 1, -1):
        if is_cue_word(idx.words[k].text):
            return attribute_clause(idx, wi, wj, pos=q.open, post=False, parent=parent)
    cpos = text.rfind(":", start, q.open)
    if cpos >= 0 and (colon or cpos < q.open):
        cw0, cw1 = idx.word_range(start, cpos)
        # no cue verb: a place in a locative is where, not who ("На Закарпатті описали новий вид жука: «…»")
        cands = [c for c in _candidates(idx, cw0, cw1, set())
                 if not (c[3] and idx.ent_label(c[0].start, c[0].end) == "LOC")]
        mention = _author_of_document(idx, _pick(cands, cw1, "subject", None), cands) if cands else None
        if mention is None and colon:
            mention = _pick(cands, cw1, "genitive", None)
        if mention is not None or colon:
            name, label = resolve(idx, mention, q.open, None, parent)
            cue = (cpos, cpos + 1)
            document = [c[0] for c in cands if c[0].kind == "document" and mention is not None
                        and (c[0] is mention or c[0].end <= mention.start)]
            if document and (document[-1] is mention or (not idx.text[document[-1].end:mention.start].strip()
                                                          and mention.complement)):
                d0, d1 = idx.word_range(document[-1].end, cpos)
                if not any(idx.words[x].info.is_finite_verb and not idx.words[x].info.pos & {"NOUN", "ADJF"}
                           for x in range(d0, d1)):
                    cue = (document[-1].start, document[-1].end)   # "чіткий припис Конституції: «…»"
            return Attribution(cue, mention, name, label)
    return None


_ZGIDNO = re.compile(r"\b([Зз]гідно\s+(?:з|із|зі)|[Вв]ідповідно\s+до)\s+")


def _zghidno(idx: DocIndex, start: int, end: int, parent: Attribution | None) -> Attribution | None:
    """``згідно з Конституцією, «…»`` / ``відповідно до закону «…»``: the source follows the phrase."""
    if idx.text.find("ідно", start, end) < 0:  # in both phrases; a plain search is far cheaper than the pattern
        return None
    matches = list(_ZGIDNO.finditer(idx.text, start, end))
    if not matches:
        return None
    m = matches[-1]
    comma = idx.masked.find(",", m.end(), end)
    wi, wj = idx.word_range(m.end(), comma if comma >= 0 else end)
    cands = [c for c in _candidates(idx, wi, wj, set()) if c[0].kind in ("name", "document", "nominal")]
    if not cands:
        return None
    mention = cands[0][0]
    cue = (m.start(1), m.end(1))
    if mention.kind == "document":
        k = cands[0][1]
        author = [c for c in cands[1:] if c[1] > k and c[0].kind in ("name", "nominal")]
        if author and _complement_name(idx, k):
            # "згідно з повідомленням штабу АТО": the document noun is the cue, its author the speaker
            cue = (mention.start, mention.end)
            mention = author[0][0]
    name, label = resolve(idx, mention, end, None, parent)
    return Attribution(cue, mention, name, label)


def _context_attribution(idx: DocIndex, q: QuotedSpan, parent: Attribution | None) -> Attribution:
    """No cue: a speaker named in the same sentence, else in the previous one (a person, or an unnamed subject:
    "Суд повернув злитки, оскільки «…»"), else the source the next sentence names, else the last speaker."""
    s0 = idx.sentence_start(q.open)
    p0 = idx.previous_sentence_start(s0) if s0 > 0 else 0
    for a, b in ((s0, q.open), (p0, s0)):
        found = _context_in(idx, a, b, q, parent) if b > a else None
        if found is not None:
            return found
    if parent is None:
        following = _anaphoric_source(idx, q)
        if following is not None:
            return following
    if parent is not None and parent.name:
        return Attribution(None, None, parent.name, parent.label)
    hit = idx.last_speaker_before(q.open, None, window=1500)
    if hit:
        return Attribution(None, None, hit[0], hit[1])
    return Attribution(None, None, None, None)


def _context_in(idx: DocIndex, start: int, end: int, q: QuotedSpan, parent: Attribution | None
                ) -> Attribution | None:
    """The speaker a stretch of text before an unattributed quote sets up, if any."""
    wi, wj = idx.word_range(start, end)
    every = [c for c in _candidates(idx, wi, wj, set()) if not idx.inside_quote(c[0].start)]
    that = _that_clause_start(idx, wi, wj)
    claim = None
    if that is not None:
        # "X має на увазі те, що Y …. «…»": the quote goes on with X's claim; Y is what it is about
        main = [c for c in every if c[1] < that]
        claim = next((c[0] for c in main if not c[3] and "nomn" in c[2] and not c[0].complement
                      and c[0].kind in ("name", "nominal") and idx.ent_label(c[0].start, c[0].end) != "LOC"), None)
        if claim is not None:
            every = main
    cands = [c for c in every if c[0].kind == "name" and c[0].label == "PER"]
    if cands:
        # the subject of the sentence that sets the quote up ("Лановий переконаний: у Яценюка …"), else the last
        subjects = [c for c in cands if not c[3] and "nomn" in c[2] and len(c[0].words) >= 2]
        mention = (subjects or cands)[-1][0]
        name, label = resolve(idx, mention, q.open, None, parent)
        return Attribution(None, mention, name, label)
    if parent is not None:
        return None
    # an unnamed subject ("Суд повернув злитки, оскільки «…»", "Залізничники вважають, що … . Що в свою
    # чергу «…»") or a law ("записані в нашому Основному Законі")
    subjects = [c for c in every if not c[0].complement and (c[0].kind != "pronoun" or c[0].label == "PER")
                and c[0].text.lower() not in ("я", "ми")]
    mention = _pick(subjects, len(idx.words), "subject", None)
    law = mention is not None and mention.kind == "name" and LAW_ALIASES.get(nominative(mention.text).lower())
    if mention is not None and (mention.kind != "name" or law or mention is claim):
        name, label = resolve(idx, mention, q.open, None, parent)
        if name:
            return Attribution(None, mention, name, label)
    return None


def _that_clause_start(idx: DocIndex, wi: int, wj: int) -> int | None:
    """Word index of the first "що" that opens a complement clause after a finite verb in words [wi, wj)
    (", що" or "те, що"), else None."""
    verb = False
    for k in range(wi, wj):
        w = idx.words[k]
        if w.text.lower() == "що" and verb and "," in idx.text[idx.words[k - 1].end:w.start]:
            return k
        verb = verb or (w.info.is_finite_verb and (w.text[:1].islower() or not w.info.pos & {"NOUN", "ADJF"}))
    return None


_ANAPHORIC = re.compile(r"\s*(?:[Пп]ро\s+це|[Цц]е|[Тт]ак)\b")


def _anaphoric_source(idx: DocIndex, q: QuotedSpan) -> Attribution | None:
    """The next sentence names the source of an unattributed quote ("«…». Про це повідомляється в
    обґрунтуванні закупівлі", "В обґрунтуванні це пояснено …")."""
    end = idx.sentence_end(q.after)
    nxt = end + 1
    while nxt < len(idx.text) and idx.text[nxt].isspace():
        nxt += 1
    if nxt >= len(idx.text):
        return None
    n_end = idx.sentence_end(nxt)
    wi, wj = idx.word_range(nxt, n_end)
    if not any(idx.words[x].text.lower() in ("це", "цьому") for x in range(wi, min(wj, wi + 6))):
        return None
    cue_k = next((x for x in range(wi, min(wj, wi + 8)) if is_cue_word(idx.words[x].text, allow_opinion=False)),
                 None)
    if cue_k is None:
        return None
    cands = [c for c in _candidates(idx, wi, wj, {cue_k}) if c[0].kind in ("document", "name", "nominal")
             and not idx.inside_quote(c[0].start)]
    mention = _pick(cands, cue_k, "subject", None)
    if mention is None:
        return None
    name, label = resolve(idx, mention, q.open, None, None)
    cue = None
    if _ANAPHORIC.match(idx.text, nxt) and idx.text[nxt:nxt + 6].lower().startswith("про це"):
        cue = (idx.words[cue_k].start, idx.words[cue_k].end)   # "Про це повідомляється …" introduces it
    return Attribution(cue, mention, name, label)


# -- indirect speech ---------------------------------------------------------------------------------------
def find_indirect(idx: DocIndex) -> list[IndirectItem]:
    """``X заявив, що …`` and ``за словами X, …`` clauses (span to the sentence end, no final punctuation)."""
    text = idx.text
    items: list[IndirectItem] = []
    quote_ranges = [(s.start, s.end) for s in idx.spans if s.is_quote]
    if idx.speech_verbs is None:
        idx.speech_verbs = [k for k, w in enumerate(idx.words)
                            if w.text[:3].lower() in SPEECH_PREFIXES and w.info.verb_lemmas & SPEECH_VERBS]
    for k in idx.speech_verbs:
        w = idx.words[k]
        info = w.info
        if info.is_infinitive and not info.is_finite_verb and "GRND" not in info.pos:
            continue
        if "GRND" not in info.pos and not info.is_finite_verb:
            continue
        if _inside(quote_ranges, w.start) and (w.text.lower().startswith(("хоті", "хочу"))
                                                or w.info.verb_lemmas & {"підтвердити", "підтверджувати"}):
            continue   # in quoted words: "Погрози кремля лише підтверджують, що …" argues, it reports nobody
        if is_speakers_aside(w.text) or (not _inside(quote_ranges, w.start) and _outlet_we(idx, k)):
            continue   # "Нагадаємо, що …", "Раніше ми писали, що …": an aside, nobody's reported speech
        if w.info.verb_lemmas & {"підтвердити", "підтверджувати"} and _thing_as_subject(idx, w.start):
            continue   # "виміри остаточно підтвердили, що …": evidence, which the guidelines leave out
        m = _THAT.match(text, w.end)
        obj_end = w.end
        if m is None:
            # one short object between the verb and ", що": "запевнив кореспондента «ВЗ», що"
            # (or a quoted outlet: "розповіло «Європейській правді», що")
            m2 = _SHORT_OBJECT.match(text, w.end)
            first = m2.group(1).split()[0].strip("«»") if m2 else ""
            if word_info(first).lemmas & _BELIEF_NOUNS:
                continue   # "висловив сподівання, що …": a belief, not reported speech
            if m2 is None or "PREP" in word_info(first).pos \
                    or not word_info(first).cases & {"accs", "datv", "gent"}:
                # an adjective and its noun: "заявив пропагандистським ЗМІ, що", "повідомило нашому виданню, що"
                m2 = _SHORT_OBJECT_PHRASE.match(text, w.end)
                if m2 is not None:
                    adj, noun = (word_info(x) for x in m2.group(1).split())
                    # (someone told: "квартирам, що знаходяться", "той факт, що" are no one)
                    if not ("ADJF" in adj.pos or "NPRO" in adj.pos) or "PREP" in adj.pos \
                            or not adj.cases & noun.cases & {"datv", "accs"} or "NOUN" not in noun.pos \
                            or not (noun.is_animate or noun.lemmas & (MEDIA_NOUNS | {"змі", "канал"})):
                        m2 = None
            if m2 is None:
                # or where it was said: "розповіла в інтерв'ю BBC, що", "заявив на брифінгу, що"
                m2 = _WHERE_SAID.match(text, w.end)
                if m2 is None:
                    continue
            m = m2
            obj_end = m2.end(1) if m2.re is not _WHERE_SAID else w.end   # "у розмові з Лавровим": not the speaker
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
        end = _content_end(idx, start)
        if end <= start:
            continue
        low_prev = text[max(0, w.start - 12):w.start].lower()
        if re.search(r"\bяк\s*$", low_prev):
            continue
        s0 = idx.sentence_start(w.start)
        wi, wj = idx.word_range(s0, w.start)
        cands = _candidates(idx, wi, wj, _relay_asides(idx, wi, wj, k)) \
            + _candidates(idx, k + 1, idx.word_range(obj_end, obj_end)[0], set())
        quoted_by = idx.quote_speaker_at(w.start)
        if quoted_by is not None:
            # sentences are found on the text with quotes masked: inside a person's quote, the cue's own sentence
            # first ("Я навіть ніколи не викликаю тренера. Не розумію, чому Муратоглу сказав, що …" is Муратоглу's)
            inner = max(idx.text.rfind(mark, s0, w.start) for mark in (". ", "! ", "? ", "… "))
            own = [c for c in cands if c[0].start > inner] if inner >= 0 else cands
            cands = own or cands
        cands = _own_candidates(idx, cands, w)
        gender = _cue_gender(w.text)
        impersonal = _passive_impersonal(w)
        if impersonal:
            cands = _impersonal_sources(cands, k)
        mention = _parser_subject(idx, w.start, cands, _apposed_name(idx, _pick(cands, k, "subject", gender), cands))
        if mention is None and not impersonal:
            mention = _bare_subject(idx, k)
        if mention is None and gender is not None and "GRND" not in info.pos:
            mention = _recent_subject(idx, w.start, gender)   # "Мешканці звернулися до влади. Скаржаться, що …"
        if gender != "plur":
            _as_subject(mention)
        name, label = resolve(idx, mention, w.start, gender, quoted_by)
        if mention is None:
            name, label = _impersonal_source(idx, w, w.start) or (None, None)
        relayed = _relayed_source(idx, s0, w.start) if info.verb_lemmas & RELAY_VERBS else None
        if relayed is not None:
            name, label = relayed   # "Politico з посиланням на трьох європейських дипломатів пише, що …"
        mention = _relative_subject(mention, cands, k) or mention
        items.append(IndirectItem(start, end, (w.start, w.end), Attribution((w.start, w.end), mention, name, label)))
        if name and name != NARRATOR_NAME and not (mention is not None and mention.kind == "pronoun"
                                                    and name.lower() == mention.text.lower()):
            insort(idx.history, (w.start, name, label or "PER", mention.gender if mention else gender), key=_hpos)
    for m in _ZA_SLOVAMY.finditer(text):
        za = _za_slovamy(idx, m.start(), idx.sentence_end(m.start()), m.start(), None)
        if za is None:
            continue
        attr, phrase_end = za
        comma = text.find(",", phrase_end, phrase_end + 3)
        if comma < 0:
            continue
        start = comma + 1
        while start < len(text) and text[start].isspace():
            start += 1
        end = _content_end(idx, start)
        if end > start:
            items.append(IndirectItem(start, end, attr.cue, attr))
    items.sort(key=lambda it: it.start)
    # a new attribution inside the content ends it ("співав за гроші, і додав, що …" gives two items)
    for a, b in zip(items, items[1:], strict=False):
        if a.start < b.cue[0] < a.end:
            end = b.cue[0]
            cut = re.search(r"(?:[,;]?\s*(?:\b(?:і|й|та|а|але|проте)\s+)?)$", text[a.start:end])
            end = a.start + (cut.start() if cut else len(text[a.start:end]))
            while end > a.start and not text[end - 1].isalnum() and text[end - 1] not in "»”\")":
                end -= 1
            if end > a.start:
                a.end = end
    return items


def _announcing_org(idx: DocIndex, pos: int) -> str | None:
    """The organisation that announced what a bare document noun at ``pos`` holds: an organisation entity after a
    speech verb or "оприлюднити" in the sentence of ``pos`` or the three before ("Про це повідомляє Синьхуа", "Такі
    дані оприлюднила асоціація автовиробників Укравтопром"), not one relaying ("…, повідомляє Інтерфакс-Україна",
    "з посиланням на")."""
    s0 = idx.sentence_start(pos)
    for _ in range(3):
        s0 = idx.previous_sentence_start(s0)
    for k in range(bisect_left(idx.word_starts, pos) - 1, bisect_left(idx.word_starts, s0) - 1, -1):
        w = idx.words[k]
        if not (w.info.is_finite_verb and w.info.verb_lemmas & (SPEECH_VERBS | {"оприлюднити", "оприлюднювати"})) \
                or idx.inside_quote(w.start):
            continue
        if w.info.verb_lemmas & RELAY_VERBS and w.info.is_present and idx.text[:w.start].rstrip().endswith(",") \
                and any(x.info.verb_lemmas & SPEECH_VERBS or x.info.lemmas & DOCUMENT_NOUNS for x in idx.words[
                    bisect_left(idx.word_starts, idx.sentence_start(w.start)):k]):
            continue   # "Таку заяву зробив представник ЄС, повідомляє Інтерфакс-Україна": an outlet relaying a
            # statement (not "продаж зріс на 48,5 %, повідомляє AUTO-Consulting", its own figures)
        for x in idx.words[k + 1:k + 4]:
            if x.start >= pos:
                break   # not the document's own cue ("– йдеться в повідомленні. Винищувач Су-57 …")
            ent = idx.ent_at(x.start)
            # (or a one-word name the dictionary lacks, which the recogniser took for a place: "Київавтодор")
            if ent is not None and (ent[2] == "ORG" or (ent[2] == "LOC" and ent == (x.start, x.end, "LOC")
                                                        and not x.info.known)) \
                    and not _WITH_REFERENCE.search(idx.text, ent[1], ent[1] + 30):
                return entity_nominative(idx.text[ent[0]:ent[1]], "ORG")
    return None


def _outlet_we(idx: DocIndex, k: int) -> bool:
    """"ми" is the subject of the verb at word ``k``, outside quotes: the outlet pointing to its own earlier news
    ("Також ми писали, що …", "Раніше ми повідомляли, що …"), the narrator's aside of the guidelines."""
    j = k - 1
    while j >= 0 and k - j <= 3 and idx.words[j].info.pos <= {"ADVB", "PRCL", "CONJ"} \
            and idx.words[j].text.lower() != "ми":
        j -= 1   # "ми вже неодноразово писали"
    return j >= 0 and idx.words[j].text.lower() == "ми" and idx.sentence_start(idx.words[j].start) == \
        idx.sentence_start(idx.words[k].start)


def _thing_as_subject(idx: DocIndex, verb_start: int) -> bool:
    """The parse makes a lower-case inanimate common noun, not an organisation's or a document's, the subject of the
    verb at ``verb_start`` ("проведені виміри підтвердили")."""
    span = idx.subjects.get(verb_start) if idx.subjects else None
    w = idx.word_starting_at(span[0]) if span else None
    return w is not None and w.text[:1].islower() and w.info.pos == {"NOUN"} and not w.info.is_animate \
        and not w.info.lemmas & (ORG_ROLE_NOUNS | DOCUMENT_NOUNS)


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in ranges)


#: Objects that make a speech verb one of belief ("висловив сподівання, що"; the guidelines' cognition verbs).
_BELIEF_NOUNS = frozenset("сподівання переконання думка впевненість упевненість надія припущення побоювання".split())
_SHORT_OBJECT = re.compile(r"\s+(«[^»\n]{1,40}»|\S+(?:\s+«[^»\n]{1,40}»)?),\s*що\b")
_SHORT_OBJECT_PHRASE = re.compile(r"\s+([^\W\d]+\s+[^\W\d]+),\s*що\b")
#: A phrase of where something was said between a speech verb and ", що" ("в інтерв'ю BBC", "на брифінгу", "в ефірі
#: телемарафону").
_WHERE_SAID = re.compile(r"\s+((?:[ву]|на|під\s+час)\s+(?:(?:своєму|своїй|своїх|офіційному|офіційній)\s+)?"
                         r"(?:інтерв['’ʼ]ю|ефірі|брифінгу|пресконференції|прес-конференції|коментарі|розмові|зверненні|"
                         r"відеозверненні|виступі|дописі|блозі|телеграм-каналі|телеграмі|Telegram|фейсбуці|Facebook|"
                         r"соцмережах|соцмережі|мережі\s+X|твіттері|Twitter|LinkedIn|Instagram|інстаграмі|Threads)"
                         r"(?:\s+[\w«»\"'’ʼ-]+){0,3}?),\s*що\b",
                         re.IGNORECASE)
_CONTENT_STOP = re.compile(r",\s+(?:хоча|хоч)\b|,?\s+[—–-]\s+(?=[а-яіїєґ])")   # the dash only before a cue verb


def _content_end(idx: DocIndex, start: int) -> int:
    text = idx.text
    source = idx.masked
    end = idx.sentence_end(start)
    enclosing = [b for a, b in idx.quote_ranges if a < start < b]
    if enclosing:
        # reported speech inside a quote: its own sentences, up to the closing mark
        source = text
        m = _SENT_END.search(text, start, min(enclosing))
        end = m.start() if m else min(enclosing) - 1
    # a concessive clause or a dash attribution ("…, — пояснив заступник") ends the reported content
    for m in _CONTENT_STOP.finditer(source, start, end):
        if "хоч" in m.group():
            end = m.start()
            break
        wi, wj = idx.word_range(m.end(), end)
        if any(is_cue_word(idx.words[x].text, allow_opinion=False) for x in range(wi, min(wj, wi + 3))):
            end = m.start()
            break
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?…"):
        end -= 1
    return end
