"""The dictionary check of the morphologizer's decision (``ukrnews_morphologizer``)."""
from __future__ import annotations

import numpy
import pytest

from ukrnews_nlp.morphology import dictionary_conflicts
from ukrnews_nlp.tagging import (
    FOREIGN_FEATURES,
    DictionaryMorphologizer,
    may_replace,
    rerank,
    softmax,
    split_label,
    top_label_rows,
    top_labels,
    ud_iu_features,
)

from .conftest import EXAMPLES, docs_before

PARTICIPLE = ("ADJ", "Aspect=Perf|Case=Nom|Gender=Masc|Number=Sing|VerbForm=Part|Voice=Pass")
ADJECTIVE = ("ADJ", "Case=Nom|Gender=Masc|Number=Sing")


@pytest.fixture
def core_nlp(nlp):
    """The shipped pipeline; the test is skipped where no core model is shipped."""
    if "morphologizer" not in nlp.pipe_names:
        pytest.skip("no core model shipped")
    return nlp


def test_split_label():
    assert split_label("Case=Nom|Gender=Fem|POS=NOUN") == ("NOUN", "Case=Nom|Gender=Fem")
    assert split_label("POS=PUNCT") == ("PUNCT", "")
    assert split_label("") == ("", "")


def test_ud_iu_features_leave_out_what_ud_iu_never_gives_the_part_of_speech():
    assert ud_iu_features("VERB", "Aspect=Perf|Reflex=Yes|VerbForm=Inf") == "Aspect=Perf|VerbForm=Inf"
    assert ud_iu_features("PRON", "Case=Acc|PronType=Prs|Reflex=Yes") == "Case=Acc|PronType=Prs|Reflex=Yes"  # себе
    assert ud_iu_features("PROPN", "Case=Gen|NameType=Geo") == "Case=Gen"
    assert ud_iu_features("PROPN", "Case=Gen|NameType=Sur") == "Case=Gen|NameType=Sur"
    assert ud_iu_features("SCONJ", "PronType=Rel") == "" and ud_iu_features("NOUN", "") == ""


def test_shipped_morphologizer_sets_no_foreign_feature(core_nlp):
    """Its labels keep what the model learnt; the features it writes on tokens are UD-IU's."""
    morphologizer = core_nlp.get_pipe("morphologizer")
    foreign = 0
    for label, morph in morphologizer.cfg["labels_morph"].items():
        pos, learnt = split_label(label)
        foreign += any((pos, f) in FOREIGN_FEATURES for f in learnt.split("|"))
        assert not any((pos, f) in FOREIGN_FEATURES for f in morph.split("|")), label
    assert foreign > 0  # the model did learn some (ParlaMint's, BRUK's): this test would catch their return
    doc = core_nlp("Росії та України потрібно звернутися до НАТО.")
    assert all((t.pos_, f) not in FOREIGN_FEATURES for t in doc for f in str(t.morph).split("|"))


def test_negative_existentials_are_ud_iu_verbs(core_nlp):
    """ParlaMint tags ``немає`` ADV; UD-IU a negative verb with the lemma ``немати``."""
    for text in ("Немає коштів на ремонт.", "У нас нема грошей.", "Часу немає зовсім."):
        token = next(t for t in core_nlp(text) if t.lower_ in ("немає", "нема"))
        assert (token.pos_, token.lemma_) == ("VERB", "немати"), text
        assert token.morph.get("Polarity") == ["Neg"] and token.morph.get("Person") == ["3"]


def test_maybe_before_a_comma_is_an_adverb(core_nlp):
    """``може,`` ("maybe") is a parenthetical adverb in UD-IU; ``може`` with an infinitive stays a verb."""
    for text in ("А може, й через Токіо поїдемо.", "Вона, може, більше й не прийде.", "Може, хто озветься."):
        token = next(t for t in core_nlp(text) if t.lower_ == "може")
        assert (token.pos_, str(token.morph), token.lemma_) == ("ADV", "", "може"), text
    token = next(t for t in core_nlp("Книжка не може дати гарантії.") if t.lower_ == "може")
    assert token.pos_ == "VERB" and token.lemma_ == "могти"
    # the connectives set off by a comma are adverbs too; without it, conjunctions
    assert core_nlp("Утім, у «Шквала» є проблема.")[0].pos_ == "ADV"
    assert next(t for t in core_nlp("Він прийшов, однак нічого не сказав.") if t.lower_ == "однак").pos_ == "CCONJ"


def test_quantity_words_before_a_genitive_plural_are_determiners(core_nlp):
    """``багато років`` (countable plural): ``DET``; ``багато води`` (singular): the adverb stays."""
    for text in ("Багато років я працював там.", "У нас є багато вбивць.", "Стільки нових людей прийшло!"):
        token = next(t for t in core_nlp(text) if t.lower_ in ("багато", "стільки"))
        assert token.pos_ == "DET" and token.morph.get("NumType") == ["Card"], text
    token = next(t for t in core_nlp("Він випив багато води.") if t.lower_ == "багато")
    assert token.pos_ == "ADV"


def test_thousands_counting_a_noun_are_numerals(core_nlp):
    """``8 тисяч робочих місць``, ``110 тис. осіб``: ``тисяч`` is part of the number, ``NUM``."""
    for text in ("Це дасть 8 тисяч робочих місць.", "Було близько 110 тис. осіб.", "Він зібрав 5 мільйонів гривень."):
        token = next(t for t in core_nlp(text) if t.lower_ in ("тисяч", "тис", "мільйонів"))
        assert token.pos_ == "NUM" and token.morph.get("NumType") == ["Card"], text


def test_copula_with_an_instrumental_predicate_is_an_auxiliary(core_nlp):
    """``є`` with an instrumental predicate is the copula (``AUX``); ``у нас є`` ("there is") stays a verb."""
    token = next(t for t in core_nlp("Флагманом інвестиційного зростання очікувано є сільське господарство.")
                 if t.lower_ == "є")
    assert token.pos_ == "AUX" and token.dep_ == "cop"
    for text in ("У нас є багато вбивць.", "Якщо вам є чим зайнятися, добре."):
        assert next(t for t in core_nlp(text) if t.lower_ == "є").pos_ == "VERB", text


def test_first_parts_of_press_secretary_are_adjectives(core_nlp):
    """``прес-секретар``, ``прем'єр-міністр``: UD-IU's featureless ``ADJ`` with the adjective's lemma."""
    doc = core_nlp("Прес-секретар прем'єр-міністра заявив.")
    assert [(t.pos_, str(t.morph), t.lemma_) for t in (doc[0], doc[3])] == [
        ("ADJ", "", "пресовий"), ("ADJ", "", "прем’єрний")]
    assert next(t for t in core_nlp("Новий прес став у цеху.") if t.lower_ == "прес").pos_ == "NOUN"


def test_their_before_a_noun_is_the_possessive_determiner(core_nlp):
    """``та їх сплавів``: the possessive ``DET``; ``заповнимо їх книжками``, ``від їх використання``: the pronoun."""
    for text in ("Із металів та їх сплавів виготовляють деталі.", "Хоча загальний їх обсяг зростає."):
        token = next(t for t in core_nlp(text) if t.lower_ == "їх")
        assert token.pos_ == "DET" and token.morph.get("Poss") == ["Yes"], text
    for text in ("Ми заповнимо їх книжками.", "Незалежно від їх подальшого використання."):
        assert next(t for t in core_nlp(text) if t.lower_ == "їх").pos_ == "PRON", text


def test_today_after_a_preposition_is_a_noun(core_nlp):
    """``на сьогодні``: an indeclinable neuter noun in UD-IU; ``сьогодні`` alone stays the adverb."""
    token = next(t for t in core_nlp("Тому на сьогодні існує проблема.") if t.lower_ == "сьогодні")
    assert token.pos_ == "NOUN" and token.morph.get("Gender") == ["Neut"] and token.morph.get("Number") == ["Sing"]
    assert next(t for t in core_nlp("Сьогодні холодно.") if t.lower_ == "сьогодні").pos_ == "ADV"


def test_what_opening_a_question_and_so_far(core_nlp):
    """``поки що``: the particle; ``що`` opening a question: the pronoun; a complementizer stays ``SCONJ``."""
    assert next(t for t in core_nlp("Розпитування поки що припинилися.") if t.lower_ == "що").pos_ == "PART"
    assert core_nlp("Що ж найчастіше стає причиною? Невідомо.")[0].pos_ == "PRON"
    assert next(t for t in core_nlp("Він сказав, що прийде.") if t.lower_ == "що").pos_ == "SCONJ"


def test_the_main_thing_is_a_noun_unless_it_modifies_one(core_nlp):
    """``Головне — …``: a neuter noun with lemma ``головне``; ``головне місто``, ``це головне``: the adjective."""
    token = core_nlp("Головне — виконати обіцянки.")[0]
    assert (token.pos_, token.lemma_) == ("NOUN", "головне") and token.morph.get("Gender") == ["Neut"]
    for text in ("Це головне місто країни.", "І це головне."):
        assert next(t for t in core_nlp(text) if t.lower_ == "головне").pos_ == "ADJ", text


def test_the_neighbour_decides_then_suddenly_and_only_just(core_nlp):
    """``що то були``: the pronoun; ``коли це``: the particle; ``тільки-но``: the adverb."""
    doc = core_nlp("Виявилося, що то були два долари.")
    assert (doc[2].pos_, doc[3].pos_) == ("SCONJ", "PRON")
    assert next(t for t in core_nlp("Коли це змій летить.") if t.lower_ == "це").pos_ == "PART"
    assert next(t for t in core_nlp("Вінстон тільки-но прийшов.") if t.lower_ == "тільки").pos_ == "ADV"
    assert next(t for t in core_nlp("Він дивився так ніби нічого не сталося.") if t.lower_ == "ніби").pos_ == "SCONJ"
    assert core_nlp("А що?")[1].pos_ == "PRON"
    assert core_nlp("Чого ти плачеш? Та годі вже.")[4].pos_ == "PART"
    assert core_nlp("Хліб та сіль.")[1].pos_ == "CCONJ"


def test_softmax_rows_sum_to_one():
    probs = softmax(numpy.array([[1.0, 2.0, 3.0], [10.0, 0.0, -5.0]], dtype="float32"))
    assert numpy.allclose(probs.sum(axis=1), 1.0)
    assert probs[0].argmax() == 2 and probs[1].argmax() == 0


def test_conflicts_of_a_plain_adjective_tagged_as_participle():
    assert dictionary_conflicts("індиферентний", *ADJECTIVE) == 0
    assert dictionary_conflicts("індиферентний", *PARTICIPLE) >= 1
    assert dictionary_conflicts("зовсімневідомеслово", *ADJECTIVE) is None


def test_rerank_prefers_the_label_the_dictionary_allows():
    labels = [PARTICIPLE, ADJECTIVE]
    probs = numpy.array([0.7, 0.3])
    assert rerank("індиферентний", probs, labels, candidates=2, weight=8.0) == 1
    # the check off, or a weight too small to outvote the model: the model's label stays
    assert rerank("індиферентний", probs, labels, candidates=1, weight=8.0) == 0
    assert rerank("індиферентний", probs, labels, candidates=2, weight=0.1) == 0


def test_an_adverb_label_gives_way_only_on_a_plain_noun():
    # ADV is kept against the dictionary (UD-IU's "можна", "треба", "шкода" are adverbs the dictionary calls
    # adjectives, nouns or surnames), except where every reading is a common noun ("принца", "нафта")
    labels = [("ADV", "Degree=Pos"), ("NOUN", "Animacy=Anim|Case=Gen|Gender=Masc|Number=Sing")]
    assert rerank("принца", numpy.array([0.6, 0.4]), labels, candidates=2, weight=8.0) == 1
    labels = [("ADV", "Degree=Pos"), ("NOUN", "Animacy=Inan|Case=Nom|Gender=Fem|Number=Sing")]
    assert rerank("нафта", numpy.array([0.6, 0.4]), labels, candidates=2, weight=8.0) == 1
    labels = [("ADV", ""), ("NOUN", "Animacy=Inan|Case=Nom|Gender=Fem|Number=Sing")]
    assert rerank("треба", numpy.array([0.6, 0.4]), labels, candidates=2, weight=8.0) == 0
    labels = [("ADV", ""), ("NOUN", "Animacy=Anim|Case=Nom|Gender=Masc|NameType=Sur|Number=Sing")]
    assert rerank("шкода", numpy.array([0.6, 0.4]), labels, candidates=2, weight=8.0) == 0


def test_a_noun_or_verb_label_gives_way_on_a_plain_adverb():
    # the dictionary knows "внічию" and "топлес" only as adverbs; UD-IU's nouns "позавчора", "сьогодні" and its
    # converbs ("стоячи", which the dictionary also reads as adverbs) keep the tagger's label
    for form, first in (("внічию", ("VERB", "Aspect=Imp|Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin")),
                        ("топлес", ("NOUN", "Animacy=Inan|Case=Nom|Gender=Masc|Number=Sing"))):
        assert rerank(form, numpy.array([0.6, 0.4]), [first, ("ADV", "")], candidates=2, weight=8.0) == 1
    for form, first in (("позавчора", ("NOUN", "Animacy=Inan|Case=Acc|Gender=Neut|Number=Sing|Uninflect=Yes")),
                        ("стоячи", ("VERB", "Aspect=Imp|Tense=Pres|VerbForm=Conv"))):
        assert rerank(form, numpy.array([0.6, 0.4]), [first, ("ADV", "")], candidates=2, weight=8.0) == 0


def test_an_adjective_label_gives_way_on_a_plain_pronoun():
    # "чиїм", "ніякою" are pronouns only in the dictionary; UD-IU tags them DET
    labels = [("ADJ", "Case=Ins|Degree=Pos|Gender=Masc|Number=Sing"), ("DET", "Case=Ins|Gender=Masc|Number=Sing")]
    assert rerank("чиїм", numpy.array([0.6, 0.4]), labels, candidates=2, weight=8.0) == 1
    labels = [("ADJ", "Case=Nom|Degree=Pos|Gender=Masc|Number=Sing"), ("DET", "Case=Nom|Gender=Masc|Number=Sing")]
    assert rerank("новий", numpy.array([0.6, 0.4]), labels, candidates=2, weight=8.0) == 0


def test_rerank_keeps_unknown_words_and_confident_labels():
    labels = [PARTICIPLE, ADJECTIVE]
    assert rerank("зовсімневідомеслово", numpy.array([0.7, 0.3]), labels, candidates=2, weight=8.0) == 0
    assert rerank("індиферентний", numpy.array([0.99999, 0.00001]), labels, candidates=2, weight=8.0) == 0


def test_function_words_keep_their_part_of_speech():
    # UD-IU's ADV «так» is a particle or conjunction in the dictionary: never switch it
    assert not may_replace("ADV", "PART")
    assert not may_replace("NOUN", "PROPN")
    assert may_replace("NOUN", "ADJ") and may_replace("DET", "DET")
    labels = [("ADV", ""), ("PART", "")]
    assert rerank("так", numpy.array([0.6, 0.4]), labels, candidates=2, weight=8.0) == 0


def test_shipped_pipeline_uses_the_checked_morphologizer(core_nlp):
    assert isinstance(core_nlp.get_pipe("morphologizer"), DictionaryMorphologizer)
    doc = core_nlp("Міністр заявив, що нові правила діятимуть з понеділка.")
    assert [t.pos_ for t in doc][:2] == ["NOUN", "VERB"]
    # every open-class label the pipeline gives is one the dictionary allows for the word
    for token in doc:
        if token.pos_ in ("NOUN", "VERB", "ADJ"):
            assert dictionary_conflicts(token.norm_, token.pos_, str(token.morph)) in (0, None), token.text


def test_plural_noun_gender_comes_from_its_lexeme():
    # UD-IU gives plural nouns the gender of their lexeme, which plural dictionary readings do not mark
    masc = "Animacy=Inan|Case=Nom|Gender=Masc|Number=Plur"
    fem = "Animacy=Inan|Case=Nom|Gender=Fem|Number=Plur"
    assert dictionary_conflicts("терикони", "NOUN", masc) == 0
    assert dictionary_conflicts("терикони", "NOUN", fem) >= 1
    assert dictionary_conflicts("телевеж", "NOUN", fem.replace("Nom", "Gen")) == 0


def test_memoized_decision_is_reranks_for_every_token(nlp):
    from ukrnews_nlp.morphology import lookup_form
    from ukrnews_nlp.tagging import CONFIDENT

    morphologizer = nlp.get_pipe("morphologizer")
    texts = ["Міністр заявив, що нові правила діятимуть з понеділка, а Верховна Рада їх не розглядала.",
             "Кияни бачили, як сили ППО збили ракети над Києвом; мешканці Ірпеня чули вибухи."] * 2
    docs = docs_before(nlp, "morphologizer", texts)
    nlp.get_pipe("tok2vec").set_annotations(docs, nlp.get_pipe("tok2vec").predict(docs))
    guesses = morphologizer.predict(docs)  # twice the same texts: the second pair comes from the memos
    labels = morphologizer._label_parts()
    for doc, doc_scores, doc_guesses in zip(docs, morphologizer.model.predict(docs), guesses, strict=True):
        probs = softmax(morphologizer.model.ops.to_numpy(doc_scores))
        for token, token_probs, guess in zip(doc, probs, doc_guesses, strict=True):
            expected = int(token_probs.argmax())
            if token_probs[expected] < CONFIDENT:
                expected = rerank(lookup_form(token.text), token_probs, labels, candidates=morphologizer.candidates,
                                  weight=morphologizer.dictionary_weight)
            assert int(guess) == expected, token.text
    assert morphologizer._form_of  # the memo was used


def test_morphologizer_scores_a_big_batch_in_chunks_with_the_same_labels(nlp, monkeypatch):
    from ukrnews_nlp import tagging

    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    morphologizer = nlp.get_pipe("morphologizer")

    def labels(chunk_tokens):
        monkeypatch.setattr(tagging, "CHUNK_TOKENS", chunk_tokens)
        docs = docs_before(nlp, "morphologizer", texts)
        morphologizer.set_annotations(docs, morphologizer.predict(docs))
        return [[(t.pos_, str(t.morph)) for t in doc] for doc in docs]

    assert labels(100) == labels(10**6)


def test_unsure_rows_are_those_whose_best_label_is_below_the_confidence_threshold():
    from ukrnews_nlp.tagging import CONFIDENT, unsure_rows

    rng = numpy.random.default_rng(0)
    logits = (rng.standard_normal((400, 300)) * rng.uniform(0.5, 6, size=(400, 1))).astype("float32")
    best = logits.argmax(axis=1)
    # rows right at the threshold: the best label p = CONFIDENT ± a little, the rest spread evenly
    for row, p in zip(range(40), numpy.linspace(CONFIDENT - 2e-5, CONFIDENT + 2e-5, 40), strict=True):
        logits[row] = numpy.log((1 - p) / 299)
        logits[row, 7] = numpy.log(p)
        best[row] = 7
    before = logits.copy()
    expected = numpy.flatnonzero(softmax(logits.copy())[numpy.arange(400), best] < CONFIDENT)
    assert 0 < len(expected) < 400
    numpy.testing.assert_array_equal(unsure_rows(logits, best), expected)
    numpy.testing.assert_array_equal(logits, before)  # left as it was
    assert len(unsure_rows(logits[:0], best[:0])) == 0


def test_label_scores_into_reused_memory_are_the_models(float_nlp):
    from ukrnews_nlp.tagging import BLOCK_ROWS, unsure_rows

    morphologizer = float_nlp.get_pipe("morphologizer")
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))] + ["Так.", ""]
    docs = docs_before(float_nlp, "morphologizer", texts)
    expected = numpy.concatenate([morphologizer.model.ops.to_numpy(s) for s in morphologizer.model.predict(docs)])
    assert len(expected) > 3 * BLOCK_ROWS  # several blocks
    scores, best, unsure = morphologizer._chunk_scores(docs)
    assert scores.shape == expected.shape
    numpy.testing.assert_allclose(scores, expected, rtol=1e-5, atol=1e-4)  # products by blocks: float rounding
    expected_best = expected.argmax(axis=1)
    assert numpy.array_equal(best, expected_best)
    assert numpy.array_equal(unsure, unsure_rows(expected, expected_best))


def test_label_scores_in_int8_are_close_to_the_models(core_nlp):
    """The default pipeline's output layer multiplies in 8-bit integers: scores within a few hundredths of the
    model's range, nearly always the same best label."""
    morphologizer = core_nlp.get_pipe("morphologizer")
    assert morphologizer._int8
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    docs = docs_before(core_nlp, "morphologizer", texts)
    expected = numpy.concatenate([morphologizer.model.ops.to_numpy(s) for s in morphologizer.model.predict(docs)])
    scores, best, _ = morphologizer._chunk_scores(docs)
    assert numpy.abs(scores - expected).max() < 0.03 * (expected.max() - expected.min())
    assert (best == expected.argmax(axis=1)).mean() > 0.99


def _checked_labels(nlp, text: str, first: tuple[str, str], second: tuple[str, str]) -> list[str]:
    """The parts of speech the morphologizer's decision gives the capitalized words of ``text`` when the model
    scores label ``first`` best and ``second`` next for every token (neither certain)."""
    morphologizer = nlp.get_pipe("morphologizer")
    labels = morphologizer._label_parts()
    doc = docs_before(nlp, "morphologizer", [text])[0]
    logits = numpy.zeros((len(doc), len(labels)), dtype="float32")
    logits[:, labels.index(first)], logits[:, labels.index(second)] = 5.0, 4.0
    guesses = morphologizer._guess(doc, logits, logits.argmax(axis=1), numpy.zeros(0, dtype=numpy.intp), labels)
    return [labels[g][0] for t, g in zip(doc, guesses, strict=True) if t.text[:1].isupper()]


PROPER = ("PROPN", "Animacy=Inan|Case=Nom|Gender=Masc|Number=Sing")
COMMON = ("NOUN", "Animacy=Inan|Case=Nom|Gender=Masc|Number=Sing")


def test_a_common_word_opening_a_sentence_is_not_a_proper_noun(core_nlp):
    """``Коментар`` opening a sentence (a heading) and tagged PROPN by the model: the dictionary knows it only as a
    common noun, so it takes the best other label; a place opening a sentence (``Львів``) and a common word
    inside one keep PROPN."""
    for text, expected in (("Коментар експерта .", ["NOUN"]), ("Львів прийняв гостей .", ["PROPN"]),
                           ("« Коментар » вийшов .", ["NOUN"]), ("Вийшов Коментар .", ["NOUN", "PROPN"])):
        assert _checked_labels(core_nlp, text, PROPER, COMMON) == expected, text


def test_a_name_inside_a_sentence_is_a_proper_noun(core_nlp):
    """``Кадар`` inside a sentence, tagged NOUN by the model: the dictionary knows it only as a name, so it takes
    the best PROPN label; opening a sentence, or a common word (``Коментар``), it keeps NOUN."""
    for text, expected in (("Прийшов Кадар .", ["NOUN", "PROPN"]), ("Кадар прийшов .", ["NOUN"]),
                           ("Прийшов Коментар .", ["NOUN", "NOUN"])):
        assert _checked_labels(core_nlp, text, COMMON, PROPER) == expected, text


def test_an_unknown_word_opening_a_quote_is_a_proper_noun(core_nlp):
    """``«Волиньприродресурс»`` tagged NOUN: the dictionary does not know it, and right after an opening quote it
    names something (zoloto: 30 of 36 such words PROPN), so it takes the best PROPN label; outside quotes, in Latin
    letters, or known to the dictionary (``«Коментар»``) it keeps NOUN."""
    for text, expected in (("Підприємство « Волиньприродресурс » працює .", ["NOUN", "PROPN"]),
                           ("Підприємство Волиньприродресурс працює .", ["NOUN", "NOUN"]),
                           ("Підприємство « Volynresource » працює .", ["NOUN", "NOUN"]),
                           ("Підприємство « Коментар » працює .", ["NOUN", "NOUN"])):
        assert _checked_labels(core_nlp, text, COMMON, PROPER) == expected, text


def test_top_label_rows_are_each_rows_top_labels_in_the_same_order():
    probs = numpy.random.default_rng(0).random((50, 40)).astype("float32")
    probs[:, :8] = probs[:, :1]  # ties: the order must still be a single row's
    assert top_label_rows(probs, 10) == [top_labels(row, 10) for row in probs]
    assert top_label_rows(probs[:, :5], 10) == [list(range(5))] * 50
