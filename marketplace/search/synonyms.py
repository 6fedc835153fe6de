"""Craft and material names in French, Arabic and English.

Products are described in French; a shopper may type زربية or "rug". Each group
lists the words of one craft or material in the three languages: when any of a
group's words appears in a product's categories, materials or title, every
word of the group is added to the product's indexed text (both backends), so a
query in any of the languages finds it.
"""

from functools import cache

from .text import tokens

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # Crafts
    (
        "tapis",
        "kilim",
        "hanbel",
        "boucherouite",
        "زربية",
        "زرابي",
        "سجاد",
        "سجادة",
        "حنبل",
        "carpet",
        "rug",
    ),
    ("zellige", "mosaïque", "زليج", "زليج بلدي", "فسيفساء", "mosaic", "tile"),
    ("poterie", "céramique", "faïence", "فخار", "خزف", "pottery", "ceramic"),
    ("tajine", "طاجين", "tagine"),
    ("maroquinerie", "cuir", "جلد", "leather", "leatherwork"),
    ("babouches", "بلغة", "بلاغي", "slippers"),
    ("pouf", "بوف", "pouffe", "ottoman"),
    ("thuya", "عرعار", "thuja"),
    ("bois", "marqueterie", "خشب", "wood", "marquetry"),
    ("dinanderie", "نحاس", "metalwork"),
    ("laiton", "نحاس أصفر", "brass"),
    ("cuivre", "نحاس أحمر", "copper"),
    ("lanterne", "فانوس", "lantern"),
    ("théière", "براد", "teapot"),
    ("bijoux", "bijou", "مجوهرات", "حلي", "jewellery", "jewelry"),
    ("argent", "فضة", "silver"),
    ("collier", "قلادة", "necklace"),
    ("bracelet", "سوار", "دملج"),
    ("broderie", "brodé", "brodée", "طرز", "تطريز", "embroidery", "embroidered"),
    ("caftan", "قفطان", "kaftan"),
    ("vannerie", "panier", "corbeille", "سلة", "سلال", "basketry", "basket"),
    ("doum", "دوم", "palm"),
    ("argan", "أركان", "أرگان", "argan"),
    ("huile", "زيت", "oil"),
    ("savon", "صابون", "soap"),
    ("ghassoul", "غاسول", "rhassoul", "clay"),
    ("cosmétique", "cosmétiques", "تجميل", "cosmetics"),
    ("textile", "tissu", "نسيج", "fabric"),
    # Materials
    ("laine", "صوف", "wool"),
    ("coton", "قطن", "cotton"),
    ("soie", "حرير", "silk"),
    ("lin", "كتان", "linen"),
    ("argile", "terre cuite", "طين", "clay", "terracotta"),
    ("émail", "émaillé", "مينا", "enamel", "glazed"),
    ("corail", "مرجان", "coral"),
    ("ambre", "عنبر", "amber"),
    ("raphia", "رافية", "raffia"),
)


@cache
def _triggers() -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for number, group in enumerate(SYNONYM_GROUPS):
        for word in group:
            found = tokens(word)
            if len(found) == 1:
                index.setdefault(found[0], []).append(number)
    return {token: tuple(groups) for token, groups in index.items()}


def expand(*texts: str) -> str:
    """Every word of every group one of the texts' words belongs to."""
    triggers = _triggers()
    groups: set[int] = set()
    for text in texts:
        for token in tokens(text):
            groups.update(triggers.get(token, ()))
    return " ".join(
        word for number in sorted(groups) for word in SYNONYM_GROUPS[number]
    )
