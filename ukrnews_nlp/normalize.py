"""Character normalization of Ukrainian words, shared by the tokenizer, lemmatizer, entities and quotes.

Ukrainian news text mixes several apostrophe characters (``'``, ``’``, ``ʼ``, ````` ``, ``´``, ``′``)
and, through OCR or keyboard-layout slips, Latin letters that look like Cyrillic ones ("Kиїв" with a
Latin K, "нaш" with a Latin a). :func:`normalize_word` maps both to one canonical spelling. It is only
used for *derived* values (``token.norm_``, dictionary look-ups); token texts and character offsets always
stay the original ones.
The mapping is character for character, so a normalized string has the length of the original.
"""
from __future__ import annotations

import re

__all__ = [
    "APOSTROPHES",
    "APOSTROPHE_SUBSTITUTES",
    "CANONICAL_APOSTROPHE",
    "HOMOGLYPHS",
    "has_cyrillic",
    "normalize_apostrophes",
    "normalize_homoglyphs",
    "normalize_word",
    "norm_form",
]

CANONICAL_APOSTROPHE = "'"

#: Characters used as the Ukrainian apostrophe: ASCII, right single quote, modifier letter apostrophe,
#: grave accent, acute accent, prime, modifier letter prime, left single quote, fullwidth apostrophe.
APOSTROPHES = "'\u2019\u02bc`\u00b4\u2032\u02b9\u2018\uff07"

#: Latin letters (and two Latin letters with diaeresis) that are visually identical to Cyrillic ones.
HOMOGLYPHS: dict[str, str] = {
    **dict(zip("aceiopxykmthb", "асеіорхукмтнв", strict=True)),
    **dict(zip("ACEIOPXYKMTHB", "АСЕІОРХУКМТНВ", strict=True)),
    "\u00ef": "ї",  # ï
    "\u00cf": "Ї",  # Ï
}

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# An apostrophe-like character between two letters (combining accents count as part of a letter).
_LETTER = r"[^\W\d_]"
_APOSTROPHE_IN_WORD = re.compile(
    rf"(?<={_LETTER})[\u0300-\u036f]*[{re.escape(APOSTROPHES)}](?={_LETTER})"
)
_HOMOGLYPH_TABLE = str.maketrans(HOMOGLYPHS)
#: Characters typed for the apostrophe on keyboards without one (``обов"язково``, ``ім*я``): apostrophes only
#: between a letter and a lowercase я, ю, є, ї, the letters a Ukrainian apostrophe comes before (elsewhere a ``"``
#: is a quotation mark: ``книжку"Гаррі``).
APOSTROPHE_SUBSTITUTES = '"*'
_SUBSTITUTE_IN_WORD = re.compile(rf'(?<={_LETTER})["*](?=[яюєї])')
_ANY_APOSTROPHE = re.compile(f"[{re.escape(APOSTROPHES + APOSTROPHE_SUBSTITUTES)}]")


def has_cyrillic(text: str) -> bool:
    """True when ``text`` contains at least one Cyrillic letter."""
    return _CYRILLIC.search(text) is not None


def normalize_apostrophes(text: str) -> str:
    """Replace every apostrophe variant that stands between two letters with ``'``, and a ``"`` or ``*`` between a
    letter and я, ю, є, ї (:data:`APOSTROPHE_SUBSTITUTES`).

    Apostrophe-like characters at word edges are quotation marks, not apostrophes, and are kept.
    """
    if _ANY_APOSTROPHE.search(text) is None:
        return text
    text = _SUBSTITUTE_IN_WORD.sub(CANONICAL_APOSTROPHE, text)
    return _APOSTROPHE_IN_WORD.sub(
        lambda m: m.group(0)[:-1] + CANONICAL_APOSTROPHE, text
    )


def normalize_homoglyphs(text: str) -> str:
    """Map Latin look-alike letters to Cyrillic in a word that is otherwise Cyrillic.

    The word must contain a Cyrillic letter, and every Latin letter in it must have a Cyrillic twin;
    mixed words such as "COVIDу" or "iPhone-ом" are left alone.
    """
    if text.isascii() or not has_cyrillic(text):
        return text
    latin = _LATIN.findall(text)
    if not latin or any(ch not in HOMOGLYPHS for ch in latin):
        return text
    return text.translate(_HOMOGLYPH_TABLE)


def normalize_word(text: str) -> str:
    """Canonical spelling of one word: apostrophes unified, Latin homoglyphs made Cyrillic.

    Case is kept; use :func:`norm_form` for the lowercased value stored in ``token.norm_``.

    >>> normalize_word("п’ять"), normalize_word("Kиїв")
    ("п'ять", 'Київ')
    """
    return normalize_homoglyphs(normalize_apostrophes(text))


def norm_form(text: str) -> str:
    """The value of ``token.norm_``: :func:`normalize_word`, lowercased (as spaCy's default NORM)."""
    return normalize_word(text).lower()
