"""Dictionary lemmatizer: reading choice by UD tags, rules, conventions and the spaCy component."""
from __future__ import annotations

import functools

import pytest
import spacy
from spacy.tokens import Doc

pytest.importorskip("pymorphy3")

from ukrnews_nlp import morphology  # noqa: E402
from ukrnews_nlp.morphology import LEMMA_APOSTROPHE, lemmatize_word, lookup_form, tag_query  # noqa: E402

FEM_GEN = "Animacy=Inan|Case=Gen|Gender=Fem|Number=Sing"
SUR_GEN = "Animacy=Anim|Case=Gen|Gender=Masc|NameType=Sur|Number=Sing"
SUR_INS = "Animacy=Anim|Case=Ins|Gender=Masc|NameType=Sur|Number=Sing"


@pytest.mark.parametrize(
    ("form", "upos", "feats", "lemma"),
    [
        ("сталі", "NOUN", FEM_GEN, "сталь"),
        ("сталі", "ADJ", "Case=Nom|Degree=Pos|Number=Plur", "сталий"),
        ("стали", "VERB", "Aspect=Perf|Mood=Ind|Number=Plur|Tense=Past|VerbForm=Fin", "стати"),
        ("мати", "NOUN", "Animacy=Anim|Case=Nom|Gender=Fem|Number=Sing", "мати"),
        ("мати", "VERB", "Aspect=Imp|VerbForm=Inf", "мати"),
        ("мати", "NOUN", "Animacy=Inan|Case=Gen|Gender=Fem|Number=Sing", "мата"),
        ("його", "PRON", "Case=Acc|Gender=Masc|Number=Sing|Person=3|PronType=Prs", "він"),
        ("цього", "DET", "Case=Gen|Gender=Masc|Number=Sing|PronType=Dem", "цей"),
        ("цього", "PRON", "Animacy=Inan|Case=Gen|Gender=Neut|Number=Sing|PronType=Dem", "це"),
    ],
)
def test_reading_chosen_by_ud_tags(form, upos, feats, lemma):
    assert lemmatize_word(form, upos, feats) == lemma


def test_first_reading_differs_where_tags_decide():
    # the dictionary's first reading of "мати" is a form of "мата"; the tags must override it
    assert lemmatize_word("мати", first_reading=True) != lemmatize_word("мати", "VERB", "VerbForm=Inf")


@pytest.mark.parametrize(
    ("form", "upos", "feats", "lemma"),
    [
        ("Лукашенка", "PROPN", SUR_GEN, "Лукашенко"),
        ("Києва", "PROPN", "Animacy=Inan|Case=Gen|Gender=Masc|Number=Sing", "Київ"),
        ("путіним", "PROPN", SUR_INS, "путін"),
        ("москвою", "PROPN", "Animacy=Inan|Case=Ins|Gender=Fem|Number=Sing", "москва"),
        ("Конституції", "NOUN", FEM_GEN, "конституція"),
        ("НАТО", "PROPN", "Abbr=Yes|Animacy=Inan|Case=Gen|Gender=Neut|Number=Sing", "НАТО"),
        ("ЗІРКУ", "NOUN", "Animacy=Inan|Case=Acc|Gender=Fem|Number=Sing", "зірка"),
    ],
)
def test_capitals(form, upos, feats, lemma):
    assert lemmatize_word(form, upos, feats) == lemma


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ", "`"])
def test_apostrophe_variants_reach_the_dictionary(apostrophe):
    form = f"п{apostrophe}ятьма"
    assert lookup_form(form) == "п'ятьма"
    assert lemmatize_word(form, "NUM", "Case=Ins|NumType=Card") == f"п{LEMMA_APOSTROPHE}ять"
    assert lemmatize_word(form, "NUM", "Case=Ins|NumType=Card", apostrophe="'") == "п'ять"


def test_stress_mark_is_ignored():
    assert lemmatize_word("плато\u0301", "NOUN", "Animacy=Inan|Case=Nom|Gender=Neut|Number=Sing") == "плато"


@pytest.mark.parametrize(
    ("text", "upos"),
    [("2019", "NUM"), ("3,5", "NUM"), ("https://example.com/a?b=1", "X"), ("www.pravda.com.ua", "NOUN"),
     ("iPhone", "PROPN"), ("Facebook", ""), (",", "PUNCT"), ("«", ""), ("%", "SYM"), ("№", "")],
)
def test_shape_rules_keep_the_text(text, upos):
    assert lemmatize_word(text, upos) == text


def test_ud_conventions():
    assert lemmatize_word("враховуючи", "VERB", "Aspect=Imp|VerbForm=Conv") == "враховувати"
    assert lemmatize_word("повернувшись", "VERB", "Aspect=Perf|VerbForm=Conv") == "повернутися"
    assert lemmatize_word("всі", "DET", "Case=Nom|Number=Plur|PronType=Tot") == "весь"
    assert lemmatize_word("усіх", "DET", "Case=Gen|Number=Plur|PronType=Tot") == "увесь"
    assert lemmatize_word("більш", "ADV", "Degree=Cmp") == "більш"
    assert lemmatize_word("2016-го", "ADJ", "Case=Gen|Gender=Masc|Number=Sing|NumType=Ord") == "2016-ий"
    # a number in groups of three digits (one token) is lemmatized without its separators, as UD-IU has it
    assert lemmatize_word("5 244 190", "NUM", "NumType=Card") == "5244190"
    assert lemmatize_word("26\u00a0000", "NUM", "NumType=Card") == "26000"
    assert lemmatize_word("8,000,000", "NUM", "NumType=Card") == "8000000"
    assert lemmatize_word("військово", "ADJ", "Hyph=Yes") == "військовий"
    assert lemmatize_word("коштів", "NOUN", "Animacy=Inan|Case=Gen|Number=Ptan") == "кошти"
    assert lemmatize_word("р", "NOUN", "Abbr=Yes|Case=Gen|Gender=Masc|Number=Sing", next_text=".") == "р."
    # an abbreviation the dictionary has with and without its period takes the period that follows it; a unit not
    assert lemmatize_word("ст", "NOUN", "Abbr=Yes|Case=Gen|Gender=Fem|Number=Sing", next_text=".") == "ст."
    assert lemmatize_word("ст", "NOUN", "Abbr=Yes|Case=Gen|Gender=Fem|Number=Sing") == "ст"
    assert lemmatize_word("т", "NOUN", "Abbr=Yes|Case=Gen|Gender=Fem|Number=Plur", next_text=".") == "т"
    assert lemmatize_word("нема", "VERB", "Aspect=Imp|Mood=Ind|Polarity=Neg|Tense=Pres|VerbForm=Fin") == "немати"
    assert lemmatize_word("такого", "PRON", "Animacy=Inan|Case=Gen|Gender=Neut|Number=Sing|PronType=Dem") == "таке"
    assert lemmatize_word("такого", "DET", "Case=Gen|Gender=Masc|Number=Sing|PronType=Dem") == "такий"
    # without the conventions the dictionary's own lemma stays
    assert lemmatize_word("враховуючи", "VERB", "Aspect=Imp|VerbForm=Conv", conventions=False) == "враховуючи"


def test_unknown_word_keeps_upstream_lemma_known_word_does_not():
    feats = "Animacy=Inan|Case=Ins|Gender=Fem|Number=Plur"
    assert lemmatize_word("бздринками", "NOUN", feats, upstream="бздринка-x") == "бздринка-x"
    assert lemmatize_word("бздринками", "NOUN", feats)  # a guess, never empty
    assert lemmatize_word("книжками", "NOUN", feats, upstream="книжкам") == "книжка"


def test_tag_query_is_cached_and_maps_features():
    q = tag_query("NOUN", "Case=Ins|Number=Plur")
    assert q is tag_query("NOUN", "Case=Ins|Number=Plur")
    assert ("ablt", morphology._FEATURE_GRAMMEMES["Case"][1]) in q.wanted


# ------------------------------------------------------------------------------------------------------------
# spaCy component
# ------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("uk")
    nlp.add_pipe("ukrnews_lemmatizer")
    return nlp


def _doc(nlp, words, pos=None, morphs=None, lemmas=None):
    return Doc(nlp.vocab, words=words, spaces=[True] * len(words), pos=pos, morphs=morphs, lemmas=lemmas)


def test_component_uses_tags(nlp):
    words = ["Ціни", "сталі", "стали", "вищими", "."]
    pos = ["NOUN", "NOUN", "VERB", "ADJ", "PUNCT"]
    morphs = ["Animacy=Inan|Case=Nom|Gender=Fem|Number=Plur", FEM_GEN,
              "Aspect=Perf|Mood=Ind|Number=Plur|Tense=Past|VerbForm=Fin", "Case=Ins|Degree=Cmp|Number=Plur", ""]
    doc = nlp.get_pipe("ukrnews_lemmatizer")(_doc(nlp, words, pos, morphs))
    assert [t.lemma_ for t in doc] == ["ціна", "сталь", "стати", "вищий", "."]


def test_sam_after_a_demonstrative_is_samyi(nlp):
    words = ["у", "тих", "самих", "містах", "він", "сам"]
    pos = ["ADP", "DET", "DET", "NOUN", "PRON", "DET"]
    morphs = ["Case=Loc", "Case=Loc|Number=Plur|PronType=Dem", "Case=Loc|Number=Plur|PronType=Emp",
              "Animacy=Inan|Case=Loc|Gender=Neut|Number=Plur", "Case=Nom|Gender=Masc|Number=Sing|Person=3|PronType=Prs",
              "Case=Nom|Gender=Masc|Number=Sing|PronType=Emp"]
    doc = nlp.get_pipe("ukrnews_lemmatizer")(_doc(nlp, words, pos, morphs))
    assert [t.lemma_ for t in doc][2::3] == ["самий", "сам"]


def test_component_without_morphology(nlp):
    doc = nlp(_doc(nlp, ["Ми", "бачили", "Лукашенка", "біля", "Києва", "і", "НАТО", "2024", "."]))
    lemmas = [t.lemma_ for t in doc]
    assert lemmas[0] == "ми"
    assert lemmas[1] == "бачити"
    assert lemmas[2] == "Лукашенко"
    assert lemmas[4] == "Київ"
    assert lemmas[6] == "НАТО"
    assert lemmas[7:] == ["2024", "."]
    # lowercase names stay lowercase
    doc = nlp(_doc(nlp, ["з", "путіним", "і", "москвою"]))
    assert [t.lemma_ for t in doc] == ["з", "путін", "і", "москва"]


def test_component_keeps_upstream_lemma_of_unknown_words(nlp):
    doc = _doc(nlp, ["бздринками", "книжками"], pos=["NOUN", "NOUN"],
               morphs=["Case=Ins|Number=Plur"] * 2, lemmas=["бздринка-x", "книжкам"])
    doc = nlp.get_pipe("ukrnews_lemmatizer")(doc)
    assert [t.lemma_ for t in doc] == ["бздринка-x", "книжка"]
    # the cache must not leak one document's upstream lemma into another
    doc = nlp.get_pipe("ukrnews_lemmatizer")(_doc(nlp, ["бздринками"], ["NOUN"], ["Case=Ins|Number=Plur"],
                                                  ["інше"]))
    assert doc[0].lemma_ == "інше"


def test_component_abbreviation_takes_following_period(nlp):
    doc = _doc(nlp, ["у", "2019", "р", ".", "та", "р", "."], pos=["ADP", "ADJ", "NOUN", "PUNCT", "CCONJ",
                                                             "NOUN", "PUNCT"],
               morphs=["", "", "Abbr=Yes|Case=Loc|Gender=Masc|Number=Sing", "", "",
                       "Abbr=Yes|Case=Loc|Gender=Masc|Number=Sing", ""])
    doc[2].whitespace_  # noqa: B018 (spaces are given below)
    doc = Doc(nlp.vocab, words=[t.text for t in doc], spaces=[True, True, False, True, True, True, True],
              pos=[t.pos_ for t in doc], morphs=[str(t.morph) for t in doc])
    doc = nlp.get_pipe("ukrnews_lemmatizer")(doc)
    assert doc[2].lemma_ == "р."
    assert doc[5].lemma_ == "р"  # a space before the period: the period is not part of the word


def test_component_config(nlp):
    other = spacy.blank("uk")
    other.add_pipe("ukrnews_lemmatizer", config={"apostrophe": "'", "conventions": False})
    doc = other(_doc(other, ["пʼятьма", "враховуючи"]))
    assert doc[0].lemma_ == "п'ять"
    assert doc[1].lemma_ == "враховуючи"
    assert other.get_pipe("ukrnews_lemmatizer").to_bytes() == b""


def test_analyzer_is_built_once():
    assert morphology.get_analyzer() is morphology.get_analyzer()


@pytest.mark.parametrize("word", ["києва", "Києва", "КИЄВА", "п'ять", "пʼять", "будь-який", "що-небудь", "І", "Ю",
                                  "ІІ", "XIV", "pdf", "Kyiv", "kиїв", "12", "12,5", "—", "вжеж", "шмигонути",
                                  "Шевчишин", "з", "ѣ", "єдрюо"])
def test_analyzer_reads_as_pymorphy3_does(word):
    # the shortcut for dictionary words in Cyrillic must give exactly pymorphy3's readings, in order
    def readings(parses):
        return [(p.word, str(p.tag), p.normal_form, p.score, repr(p.methods_stack)) for p in parses]

    reference = _plain_analyzer().parse(word)
    assert readings(morphology.get_analyzer().parse(word)) == readings(reference)


@functools.lru_cache(maxsize=1)
def _plain_analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def test_frequencies_break_ties_the_tags_leave():
    # "року": genitive of both "рік" (year) and "рок" (rock); the tags cannot tell, frequency can
    if not morphology.get_lemma_frequencies():
        pytest.skip("lemma frequency resource not built")
    gen = "Animacy=Inan|Case=Gen|Gender=Masc|Number=Sing"
    assert lemmatize_word("року", "NOUN", gen) == "рік"
    assert lemmatize_word("вона") == "вона"  # no tags: the frequent lemma, not the dictionary's first reading


# ------------------------------------------------------------------------------------------------------------
# BRUK evaluation helpers (synthetic input; the real files are not needed)
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tags", "upos"),
    [("noun:inanim:f:v_rod", "NOUN"), ("noun:anim:m:v_naz:prop:lname", "PROPN"),
     ("adj:m:v_naz:pron:dem", "DET"), ("noun:anim:p:v_naz:pron:pers:3", "PRON"), ("verb:perf:past:m", "VERB"),
     ("advp:perf", "VERB"), ("conj:subord", "SCONJ"), ("conj:coord", "CCONJ"), ("number", ""),
     ("punct", "PUNCT"), ("symb", "SYM"), ("prep", "ADP"), ("adv:compc:predic", "ADV"),
     ("verb:imperf:past:m", "VERB"), ("adj:m:v_naz:pron:int:rel", "DET")],
)
def test_bruk_tags_to_upos(tags, upos):
    from ukrnews_nlp.evaluation.bruk import bruk_upos

    assert bruk_upos(tags) == upos


def test_bruk_reader_and_scoring(tmp_path, nlp):
    from ukrnews_nlp.evaluation.bruk import BrukScores, read_sentences, score_doc

    xml = tmp_path / "A_test.xml"
    xml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<text>\n<sentence>\n'
        '  <token value="Україні" lemma="Україна" tags="noun:inanim:f:v_mis:prop:geo" />\n'
        '  <token value="пам\'ятають" lemma="пам\'ятати" tags="verb:imperf:pres:p:3" />\n'
        '  <token value="." lemma="." tags="punct" />\n</sentence>\n</text>\n', encoding="utf-8")
    [sent] = list(read_sentences(xml, "В Україні пам'ятають."))
    assert [t.text for t in sent] == ["Україні", "пам'ятають", "."]
    assert [t.space_after for t in sent] == [True, False, True]
    doc = Doc(nlp.vocab, words=[t.text for t in sent], spaces=[t.space_after for t in sent],
              pos=["PROPN", "VERB", "PUNCT"])
    doc = nlp.get_pipe("ukrnews_lemmatizer")(doc)
    scores = BrukScores()
    score_doc(doc, sent, scores, with_pos=True)
    # our lemma is written with ’ and BRUK's with ': the comparison ignores the apostrophe glyph
    assert scores.lemma["all"].correct == 3 and scores.lemma["no_punct"].total == 2
    assert scores.pos["no_punct"].value == 1.0


def test_casing_second_opinion_on_predicted_tags():
    # a common word opening a sentence, mistagged PROPN, stays lowercase; a true name keeps its capital
    assert lemmatize_word("Бабця", "PROPN", "Case=Nom|Gender=Fem|Number=Sing", sent_start=True) == "бабця"
    assert lemmatize_word("Лукашенка", "PROPN", SUR_GEN, sent_start=True) == "Лукашенко"
    # capitals inside the name survive: apostrophe and hyphen parts
    assert lemmatize_word("О'Райлі", "PROPN", "Case=Gen|Gender=Masc|Number=Sing") == "О’Райлі"
    assert lemmatize_word("Нью-Йорка", "PROPN", "Case=Gen|Gender=Masc|Number=Sing") == "Нью-Йорк"
    # an acronym is its own lemma whatever the tag; a shouted common word is lowercased
    assert lemmatize_word("НАТО", "NOUN", "Case=Gen") == "НАТО"
    assert lemmatize_word("ЗІРКУ").islower()


def test_component_round_trips_through_disk(tmp_path):
    nlp = spacy.blank("uk")
    nlp.add_pipe("ukrnews_lemmatizer", config={"apostrophe": "'"})
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == ["ukrnews_lemmatizer"]
    assert [t.lemma_ for t in loaded("Ми бачили об’єкти")] == ["ми", "бачити", "об'єкт"]


def test_component_capitalizes_upstream_lemma_of_unknown_name(nlp):
    doc = _doc(nlp, ["Прийшов", "Бздринко", "і", "бздринками"], pos=["VERB", "PROPN", "CCONJ", "NOUN"],
               morphs=["", "Case=Nom", "", "Case=Ins|Number=Plur"], lemmas=["прийти", "бздринко", "і", "бздринка"])
    doc = nlp.get_pipe("ukrnews_lemmatizer")(doc)
    assert [t.lemma_ for t in doc] == ["прийти", "Бздринко", "і", "бздринка"]


def test_component_possessive_follows_the_parser(nlp):
    words = ["Бачу", "його", "книгу", "і", "його"]
    doc = Doc(nlp.vocab, words=words, pos=["VERB", "PRON", "NOUN", "CCONJ", "DET"],
              morphs=["", "Case=Gen|Gender=Masc|Number=Sing|Person=3|PronType=Prs",
                      "Case=Acc|Gender=Fem|Number=Sing", "",
                      "Case=Acc|Gender=Masc|Number=Sing|Person=3|Poss=Yes|PronType=Prs"],
              heads=[0, 2, 0, 4, 0], deps=["ROOT", "det", "obj", "cc", "conj"])
    doc = nlp.get_pipe("ukrnews_lemmatizer")(doc)
    # the tagger said PRON / DET; the parser's attachment decides: possessive det, personal object
    assert [t.lemma_ for t in doc] == ["бачити", "його", "книга", "і", "він"]


def test_plural_noun_gender_comes_from_the_lexemes_first_form():
    from ukrnews_nlp.morphology import _GENDERS, _lexeme_gender, parse_form

    checked = 0
    for word in ("країни", "новинами", "люди", "міста", "гроші", "двері", "ножиць", "вікнах", "пісень", "дітей"):
        for parse in parse_form(word):
            expected = frozenset()
            tag = parse.tag
            if tag.POS == "NOUN" and "plur" in tag.grammemes and not tag.grammemes & _GENDERS:
                expected = parse.lexeme[0].tag.grammemes & _GENDERS
                checked += 1
            assert _lexeme_gender(parse) == expected, (word, str(tag))
    assert checked >= 5
