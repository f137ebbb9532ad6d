"""Lexical features from the lemma table (``ukrnews_word_features``) and the table builder."""
from __future__ import annotations

from collections import Counter

import pytest
import spacy
from spacy.tokens import Doc

import ukrnews_nlp  # noqa: F401  (registers the components)
from ukrnews_nlp.errors import ModelError
from ukrnews_nlp.training.bruk import BToken, build_lexicon, sentence_to_ud
from ukrnews_nlp.training.word_features import count_features, decide, observed, singular_lemma
from ukrnews_nlp.word_features import (
    WORD_FEATURES_PATH,
    ago_without_pronoun_type,
    article_gender,
    compound_first_parts,
    converb_tense,
    correct_features,
    dictionary_animacy,
    get_table,
    numeral_gender,
    participle_features,
    read_table,
    write_table,
)

from .conftest import tagged_doc

TABLE = {
    ("NOUN", "метал"): {"Gender": "Masc", "Animacy": "Inan", "Number": "Plur"},
    ("NOUN", "меблі"): {"Animacy": "Inan", "Number": "Ptan"},
    ("ADJ", "новий"): {"Degree": "Pos"},
    ("VERB", "сказати"): {"Aspect": "Perf"},
    ("NOUN", "м'ясо"): {"Gender": "Neut"},
}


def test_plural_noun_gets_its_lexeme_gender_and_animacy():
    assert correct_features("метал", "NOUN", "Case=Nom|Number=Plur", TABLE) == (
        "Animacy=Inan|Case=Nom|Gender=Masc|Number=Plur")


def test_plural_only_noun_is_ptan_without_gender():
    assert correct_features("меблі", "NOUN", "Animacy=Inan|Case=Nom|Gender=Neut|Number=Plur", TABLE) == (
        "Animacy=Inan|Case=Nom|Number=Ptan")
    # a singular form says nothing about being plural-only
    assert "Number=Sing" in correct_features("метал", "NOUN", "Case=Nom|Gender=Masc|Number=Sing", TABLE)


def test_degree_follows_the_treebank_and_unknown_adjectives_get_none():
    assert correct_features("новий", "ADJ", "Case=Nom|Gender=Masc|Number=Sing", TABLE) == (
        "Case=Nom|Degree=Pos|Gender=Masc|Number=Sing")
    assert correct_features("український", "ADJ", "Case=Nom|Degree=Pos|Number=Plur", TABLE) == (
        "Case=Nom|Number=Plur")
    # comparatives keep their degree
    assert correct_features("новий", "ADJ", "Case=Nom|Degree=Cmp|Number=Plur", TABLE) == (
        "Case=Nom|Degree=Cmp|Number=Plur")


def test_adverbs_without_degree_lose_a_predicted_comparative():
    table = {("ADV", "далі"): {"Degree": ""}, ("ADV", "більше"): {"Degree": "Cmp"},
             ("ADV", "швидко"): {"Degree": "Pos"}}
    assert correct_features("далі", "ADV", "Degree=Cmp", table) == ""  # UD-IU: no degree, whatever BRUK says
    assert correct_features("більше", "ADV", "", table) == "Degree=Cmp"  # a comparative lemma of its own
    assert correct_features("швидко", "ADV", "Degree=Cmp", table) == "Degree=Cmp"  # lemmatized to the positive


def test_other_parts_of_speech_and_unknown_lemmas_are_left_alone():
    feats = "Aspect=Imp|Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"
    assert correct_features("сказати", "VERB", feats, TABLE).startswith("Aspect=Perf|")
    assert correct_features("писати", "VERB", feats, TABLE) == feats
    assert correct_features("метал", "PUNCT", "PunctType=Peri", TABLE) == "PunctType=Peri"
    # lemmas are keyed lowercased with the plain apostrophe
    assert "Gender=Neut" in correct_features("М’ясо", "NOUN", "Case=Nom|Number=Sing", TABLE)


def test_converb_tense_from_its_ending():
    assert [converb_tense(w) for w in ("читаючи", "сміючись", "прочитавши", "повернувшись", "читати")] == [
        "Pres", "Pres", "Past", "Past", None]
    assert correct_features("читати", "VERB", "Aspect=Imp|VerbForm=Conv", {}, "читаючи") == (
        "Aspect=Imp|Tense=Pres|VerbForm=Conv")


def test_table_round_trip_and_bad_tables(tmp_path):
    path = tmp_path / "table.tsv"
    n = write_table({**TABLE, ("ADJ", "український"): {"Degree": ""}}, path, header="test")
    assert n == len(TABLE)  # the adjective that only repeats the default is left out
    assert read_table(path) == {k: v for k, v in TABLE.items()}
    with pytest.raises(ModelError, match="not found"):
        read_table(tmp_path / "missing.tsv")
    (tmp_path / "bad.tsv").write_text("NOUN\tметал\n", encoding="utf-8")
    with pytest.raises(ModelError, match="line 1"):
        read_table(tmp_path / "bad.tsv")


def test_builder_counts_what_each_form_shows():
    assert dict(observed("NOUN", {"Number": "Sing", "Gender": "Masc", "Animacy": "Inan"})) == {
        "Gender": "Masc", "Animacy": "Inan"}
    assert dict(observed("NOUN", {"Number": "Ptan", "Animacy": "Inan"})) == {"Number": "Ptan", "Animacy": "Inan"}
    assert dict(observed("ADJ", {"Degree": "Cmp"})) == {}
    rows = [("метал", "NOUN", "Case=Nom|Gender=Masc|Number=Sing", "bruk")] * 4 + [
        ("метал", "NOUN", "Case=Nom|Gender=Fem|Number=Sing", "bruk"),
        ("новий", "ADJ", "Case=Nom|Degree=Pos|Number=Plur", "bruk"),  # degrees count from the treebank only
        ("новий", "ADJ", "Case=Nom|Number=Plur", "zoloto")]
    counts = count_features(rows)
    assert counts[("NOUN", "метал", "Gender")] == Counter({"Masc": 4, "Fem": 1})
    table = decide(counts, min_share=0.8)
    assert table[("NOUN", "метал")]["Gender"] == "Masc"
    assert table[("ADJ", "новий")] == {"Degree": ""}
    assert "Gender" not in decide(counts, min_share=0.9)[("NOUN", "метал")]
    # an adverb's comparative tells its lemma's degree; an adjective's degree goes by the majority
    assert dict(observed("ADV", {"Degree": "Cmp"}))["Degree"] == "Cmp"
    split = [("південний", "ADJ", "Degree=Pos", "zoloto")] * 10 + [("південний", "ADJ", "_", "zoloto")] * 9
    assert decide(count_features(split), min_share=0.8)[("ADJ", "південний")] == {"Degree": "Pos"}



def test_pronoun_type_follows_the_treebank_where_it_has_the_lemma():
    rows = [("тому", "ADV", "_", "bruk")] * 10 + [("тому", "ADV", "PronType=Dem", "zoloto")] * 4 + [
        ("тому", "ADV", "_", "zoloto"),
        ("будь-де", "ADV", "PronType=Ind", "bruk")]  # a lemma the treebank lacks: BRUK's counts
    table = decide(count_features(rows), min_share=0.8)
    assert table[("ADV", "тому")]["PronType"] == "Dem"
    assert table[("ADV", "будь-де")]["PronType"] == "Ind"
    assert table[("ADV", "тому")]["Degree"] == ""  # the other features count both sources as before

def test_bruk_converbs_get_the_tense_the_treebank_gives():
    sent = [BToken("Прочитавши", "прочитати", "advp:perf"), BToken("книгу", "книга", "noun:inanim:f:v_zna")]
    assert sentence_to_ud(sent)[0][3] == "Aspect=Perf|VerbForm=Conv"  # as VESUM says: no tense
    form, _lemma, upos, feats, _space = sentence_to_ud(sent, build_lexicon([]))[0]
    assert (upos, feats) == ("VERB", "Aspect=Perf|Tense=Past|VerbForm=Conv")


def test_component_sets_features_on_a_doc():
    nlp = spacy.blank("uk")
    nlp.add_pipe("ukrnews_word_features")
    doc = Doc(nlp.vocab, words=["метали", "прочитавши"], pos=["NOUN", "VERB"], lemmas=["метал", "прочитати"],
              morphs=["Case=Nom|Number=Plur", "Aspect=Perf|VerbForm=Conv"])
    doc = nlp.get_pipe("ukrnews_word_features")(doc)
    assert str(doc[0].morph) == "Animacy=Inan|Case=Nom|Gender=Masc|Number=Plur"
    assert str(doc[1].morph) == "Aspect=Perf|Tense=Past|VerbForm=Conv"


def test_numerals_take_the_gender_of_the_noun_they_count():
    vocab = spacy.blank("uk").vocab
    words = ["двох", "книжок", "і", "два", "вікна", ",", "обидва", "прийшли", ",", "двох", "з", "них"]
    doc = Doc(vocab, words=words,
              pos=["NUM", "NOUN", "CCONJ", "NUM", "NOUN", "PUNCT", "NUM", "VERB", "PUNCT", "NUM", "ADP", "PRON"],
              heads=[1, 1, 4, 4, 1, 6, 7, 7, 9, 7, 11, 9],
              deps=["nummod", "ROOT", "cc", "nummod", "conj", "punct", "nsubj", "ROOT", "punct", "obl", "case",
                    "nmod"],
              morphs=["Case=Gen", "Case=Gen|Gender=Fem|Number=Plur", "", "Case=Nom", "Case=Nom|Gender=Neut|Number=Plur",
                      "", "Case=Nom", "Number=Plur", "", "Case=Gen", "", ""])
    numeral_gender(doc)
    assert [t.morph.get("Gender") for t in doc if t.pos_ == "NUM"] == [["Fem"], ["Neut"], ["Masc"], []]
    assert str(doc[0].morph) == "Case=Gen|Gender=Fem"  # the other features kept


def test_tomu_after_a_noun_means_ago_and_has_no_pronoun_type():
    vocab = spacy.blank("uk").vocab
    doc = Doc(vocab, words=["Два", "роки", "тому", ",", "тому", "ми", "тут"],
              pos=["NUM", "NOUN", "ADV", "PUNCT", "ADV", "PRON", "ADV"],
              morphs=["", "Case=Nom|Number=Plur", "PronType=Dem", "", "PronType=Dem", "", "PronType=Dem"])
    ago_without_pronoun_type(doc)
    assert [str(t.morph) for t in doc if t.text == "тому"] == ["", "PronType=Dem"]
    assert str(doc[6].morph) == "PronType=Dem"  # other adverbs untouched


def test_plurale_tantum_from_the_treebank_sets_number_and_lemma():
    # the builder counts UD-IU's "кошти" (plurale tantum) under the lemma the dictionary gives the form too
    assert singular_lemma("коштів", "NOUN", "Animacy=Inan|Case=Gen|Number=Ptan", "кошти") == "кошт"
    assert singular_lemma("книжок", "NOUN", "Case=Gen|Number=Plur", "книжка") is None
    nlp = spacy.blank("uk")
    nlp.add_pipe("ukrnews_word_features")
    doc = Doc(nlp.vocab, words=["бюджетних", "коштів"], pos=["ADJ", "NOUN"], lemmas=["бюджетний", "кошт"],
              morphs=["Case=Gen|Number=Plur", "Animacy=Inan|Case=Gen|Gender=Masc|Number=Plur"])
    doc = nlp.get_pipe("ukrnews_word_features")(doc)
    assert (doc[1].lemma_, str(doc[1].morph)) == ("кошти", "Animacy=Inan|Case=Gen|Number=Ptan")


def test_shipped_table_is_present_and_in_the_pipeline(nlp):
    assert WORD_FEATURES_PATH.is_file()
    assert get_table()[("NOUN", "метал")]["Gender"] == "Masc"
    names = nlp.pipe_names
    assert names.index("ukrnews_word_features") == names.index("ukrnews_lemmatizer") + 1


def test_bruk_degrees_follow_the_treebank():
    ud_words = [{"form": "нові", "lemma": "новий", "upos": "ADJ", "feats": "Case=Nom|Degree=Pos|Number=Plur"},
                {"form": "народні", "lemma": "народний", "upos": "ADJ", "feats": "Case=Nom|Number=Plur"}]
    lexicon = build_lexicon(ud_words)
    sent = [BToken("нові", "новий", "adj:p:v_naz:compb"), BToken("народні", "народний", "adj:p:v_naz:compb"),
            BToken("рідкісні", "рідкісний", "adj:p:v_naz:compb")]
    feats = [row[3] for row in sentence_to_ud(sent, lexicon)]
    # the treebank's degree where it knows the lemma; no degree for adjectives it does not contain
    assert feats == ["Case=Nom|Degree=Pos|Number=Plur", "Case=Nom|Number=Plur", "Case=Nom|Number=Plur"]


def test_active_and_negated_participles_get_voice_and_aspect():
    assert participle_features("існуючої") == ("Act", "Imp")
    assert participle_features("нескорених") == ("Pass", "Perf")  # the dictionary knows only «скорених»
    assert participle_features("новий") is None
    assert participle_features("небо") is None
    feats = correct_features("нескорений", "ADJ", "Case=Gen|Number=Plur", {}, "нескорених")
    assert feats == "Aspect=Perf|Case=Gen|Number=Plur|VerbForm=Part|Voice=Pass"
    # a participle label of the voice the dictionary rules out takes the other
    assert "Voice=Act" in correct_features("існуючий", "ADJ", "Case=Gen|VerbForm=Part|Voice=Pass", {}, "існуючої")
    # an imperfective active participle is in the present tense, a perfective one has none
    assert correct_features("існуючий", "ADJ", "Case=Gen|Gender=Fem|Number=Sing", {}, "існуючої") == (
        "Aspect=Imp|Case=Gen|Gender=Fem|Number=Sing|Tense=Pres|VerbForm=Part|Voice=Act")
    assert "Tense" not in correct_features("минулий", "ADJ", "Case=Gen|Gender=Masc|Number=Sing", {}, "минулого")


def test_first_part_of_a_hyphenated_adjective_has_no_features():
    doc = tagged_doc(["південно", "-", "західний", "добре", "-", "то"],
                     [("ADJ", "Degree=Pos|Hyph=Yes"), ("PUNCT", ""), ("ADJ", "Degree=Pos"), ("ADV", "Degree=Pos"),
                      ("PUNCT", ""), ("PART", "")], spaces=[False, False, True, False, False, False])
    compound_first_parts(doc)
    assert [str(t.morph) for t in doc] == ["Hyph=Yes", "", "Degree=Pos", "Degree=Pos", "", ""]


def test_dictionary_animacy_for_nouns_the_table_lacks():
    assert dictionary_animacy("кролів") == "Anim" and dictionary_animacy("синглу") == "Inan"
    assert dictionary_animacy("коп") is None  # too short: an abbreviation as often as a noun
    feats = correct_features("кріль", "NOUN", "Animacy=Inan|Case=Gen|Gender=Masc|Number=Plur", {}, "кролів")
    assert "Animacy=Anim" in feats
    # the table's animacy wins over the dictionary's
    table = {("NOUN", "кріль"): {"Animacy": "Inan"}}
    assert "Animacy=Inan" in correct_features("кріль", "NOUN", "Animacy=Anim|Case=Gen|Number=Plur", table, "кролів")


def test_article_before_a_number_is_feminine():
    abbr = "Abbr=Yes|Animacy=Inan|Case=Gen|Gender=Neut|Number=Sing"
    doc = tagged_doc(["ч", ".", "1", "ст", ".", "119", "у", "XIX", "ст", "."],
                     [("NOUN", ""), ("PUNCT", ""), ("NUM", ""), ("NOUN", abbr), ("PUNCT", ""), ("NUM", ""),
                      ("ADP", ""), ("ADJ", ""), ("NOUN", abbr), ("PUNCT", "")])
    article_gender(doc)
    assert doc[3].morph.get("Gender") == ["Fem"]  # стаття 119
    assert doc[8].morph.get("Gender") == ["Neut"]  # XIX століття
