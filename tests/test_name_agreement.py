"""A surname after a given name agrees with it (:mod:`ukrnews_nlp.name_agreement`)."""
from __future__ import annotations

from ukrnews_nlp.name_agreement import agree_person_names

from .conftest import tagged_doc as tagged

GIVEN_FEM_GEN = "Animacy=Anim|Case=Gen|Gender=Fem|NameType=Giv|Number=Sing"


def test_unknown_surname_takes_gender_and_case():
    doc = tagged(["Айше", "Айдін"], [("PROPN", "Animacy=Anim|Case=Gen|Gender=Fem|NameType=Giv|Number=Sing"),
                                     ("PROPN", "Animacy=Anim|Case=Nom|Gender=Masc|NameType=Sur|Number=Sing")])
    agree_person_names(doc)  # «Айдін»: not in the dictionary
    assert doc[1].morph.get("Gender") == ["Fem"] and doc[1].morph.get("Case") == ["Gen"]
    assert doc[1].morph.get("NameType") == ["Sur"]


def test_known_surname_keeps_its_case():
    doc = tagged(["Олександри", "Гаркуші"], [("PROPN", GIVEN_FEM_GEN),
                                             ("PROPN", "Animacy=Anim|Case=Dat|Gender=Masc|NameType=Sur|Number=Sing")])
    agree_person_names(doc)
    assert doc[1].morph.get("Gender") == ["Fem"] and doc[1].morph.get("Case") == ["Dat"]


def test_other_pairs_are_left_alone():
    surname = "Animacy=Anim|Case=Nom|Gender=Masc|NameType=Sur|Number=Sing"
    # not a given name; plural; a place name after a given name
    for first, second in [("Animacy=Anim|Case=Gen|Gender=Fem|NameType=Sur|Number=Sing", surname),
                          ("Animacy=Anim|Case=Gen|Gender=Fem|NameType=Giv|Number=Plur", surname),
                          (GIVEN_FEM_GEN, "Animacy=Inan|Case=Nom|Gender=Masc|NameType=Geo|Number=Sing")]:
        doc = tagged(["Марини", "Однорог"], [("PROPN", first), ("PROPN", second)])
        agree_person_names(doc)
        assert str(doc[1].morph) == second
    doc = tagged(["Марини", "Однорог"], [("PROPN", GIVEN_FEM_GEN), ("NOUN", surname)])
    agree_person_names(doc)
    assert str(doc[1].morph) == surname
