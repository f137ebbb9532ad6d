"""A person's given name and surname agree: the surname takes the given name's gender and number, and its case
where the dictionary does not know the surname.

UD Ukrainian-IU gives a given name and the surname after it one gender, case and number (zoloto outside dev/test:
257 pairs of 257). The tagger decides the surname on its own and guesses foreign and indeclinable ones badly
(``Айше Айдін`` → masculine ``Айдін``, ``Тарасом Тополею`` → feminine ``Тополею``, ``Дірка Джентлі`` → feminine
nominative ``Джентлі``); the given name, a dictionary word with a fixed gender, is more often right. The case of a
surname the dictionary knows stays the tagger's: there the form itself was evidence, and copying the given name's case
too (``Сергія Мержинського``: genitive or accusative) lost as much as it won on zoloto's training sentences.
UD-IU dev (raw text): UFeats +0.01; zoloto training sentences (gold words): one token more right.
"""
from __future__ import annotations

import numpy
from spacy.attrs import MORPH, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from .morphology import is_dictionary_word

#: What a surname always takes from the given name before it.
SHARED_FEATURES = ("Gender", "Number")
_PROPN = POS_IDS["PROPN"]


#: Morphology hash → its name type (``Giv`` only with ``Number=Sing``, ``Sur``) or None (per process).
_NAME_TYPE: dict[int, str | None] = {}


def _name_type(doc: Doc, morph: int) -> str | None:
    found = _NAME_TYPE.get(morph, "")
    if found == "":
        feats = doc.vocab.strings[morph].split("|") if morph else []
        found = ("Giv" if "NameType=Giv" in feats and "Number=Sing" in feats
                 else "Sur" if "NameType=Sur" in feats else None)
        if len(_NAME_TYPE) > 100_000:
            _NAME_TYPE.clear()
        _NAME_TYPE[morph] = found
    return found


def agree_person_names(doc: Doc, pos: numpy.ndarray | None = None, morphs: numpy.ndarray | None = None) -> None:
    """Make each surname right after a given name (the tagger's ``NameType``) agree with it (see the module
    docstring). ``pos``, ``morphs``: the doc's POS and MORPH columns, if read."""
    pos = doc.to_array([POS]) if pos is None else pos
    morphs = doc.to_array([MORPH]) if morphs is None else morphs
    for i in numpy.flatnonzero((pos[:-1] == _PROPN) & (pos[1:] == _PROPN)).tolist():
        if _name_type(doc, int(morphs[i])) != "Giv" or _name_type(doc, int(morphs[i + 1])) != "Sur":
            continue
        token, surname = doc[i], doc[i + 1]
        if not token.whitespace_:
            continue
        given = token.morph.to_dict()
        feats = surname.morph.to_dict()
        new = {**feats, **{name: given[name] for name in SHARED_FEATURES if name in given}}
        if "Case" in given and not is_dictionary_word(surname.text):
            new["Case"] = given["Case"]
        if new != feats:
            surname.set_morph(new)
