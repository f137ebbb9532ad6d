"""Build ``resources/countries.txt``, the Ukrainian country names that :mod:`ukrnews_nlp.entity_rules` reads.

The names are CLDR's Ukrainian territory names (via ``babel``; Unicode licence) for the two-letter region codes,
each cut before CLDR's qualifiers (``Конго – Кіншаса`` → ``Конго``, ``Гонконг, ОАР Китаю`` → ``Гонконг``),
plus the long official forms and abbreviations Ukrainian news use (:data:`EXTRA_NAMES`). One name per line.

    python -m ukrnews_nlp.training.countries        # needs babel (pip install babel)
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ..entity_rules import COUNTRIES_PATH

#: CLDR region codes that are not countries (groupings, pseudo-regions).
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AQ"})

#: Forms CLDR does not list: official long names, abbreviations, former states (NER-UK DEV annotates them LOC).
EXTRA_NAMES = (
    "Сполучені Штати Америки", "США", "Російська Федерація", "РФ", "Сполучене Королівство", "Британія",
    "Об'єднані Арабські Емірати", "ОАЕ", "Федеративна Республіка Німеччина", "ФРН", "Китайська Народна Республіка",
    "КНР", "Корейська Народно-Демократична Республіка", "КНДР", "Республіка Корея", "Республіка Молдова",
    "Республіка Білорусь", "Білорусія", "Чеська Республіка", "Південно-Африканська Республіка", "ПАР",
    "Республіка Польща", "Французька Республіка", "Турецька Республіка", "Грузія", "Україна",
    # former and unrecognized states, and Crimea (NER-UK DEV: LOC; Австро-Угорщина 3 LOC, 1 ORG)
    "СРСР", "Радянський Союз", "УРСР", "УСРР", "РСФРР", "РРФСР", "ДНР", "ЛНР", "ОРДЛО", "ОРДО",
    "Автономна Республіка Крим", "АР Крим",
    "Австро-Угорщина", "Австро-Угорська імперія", "Річ Посполита", "Російська імперія", "Османська імперія",
)


def cldr_names() -> list[str]:
    """CLDR's Ukrainian names of the two-letter regions, without qualifiers."""
    from babel import Locale

    names = []
    for code, name in Locale("uk").territories.items():
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES:
            names.append(name.split(" – ")[0].split(",")[0].replace("ʼ", "'").strip())
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=COUNTRIES_PATH)
    args = parser.parse_args(argv)
    names = sorted(set(cldr_names()) | set(EXTRA_NAMES))
    header = "# Ukrainian country names: CLDR (Unicode licence) via babel, plus long forms; " \
             "python -m ukrnews_nlp.training.countries\n"
    args.output.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} names → {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
