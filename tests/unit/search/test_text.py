"""The normaliser both backends index and query with."""

import unicodedata

from marketplace.search.synonyms import expand
from marketplace.search.text import edit_distance, fold, max_edits, normalise, tokens


def test_latin_accents_ligatures_and_elision_are_folded():
    assert tokens("Fès l'Œuvre d'émail") == ["fes", "oeuvre", "email"]


def test_folding_by_character_equals_folding_the_whole_text():
    # fold() strips accents one character at a time (a cached table): the
    # same as decomposing the whole text, decomposed input and
    # compatibility forms included.
    for text in ("Fe\u0300s", "ﬁne ① ㎏ Ǆ", "Ñandú façon", "Mosaïque zellige"):
        whole = "".join(
            c
            for c in unicodedata.normalize("NFKD", text.lower())
            if not unicodedata.combining(c)
        )
        assert fold(text) == whole
    assert fold("Fe\u0300s") == fold("Fès") == "fes"


def test_arabic_letter_variants_diacritics_and_tatweel_are_normalised():
    assert normalise("أإآ") == "ااا"
    assert normalise("زَرْبِيَّة") == normalise("زربيه") == "زربيه"
    assert normalise("مكتبـــة") == "مكتبه"
    assert normalise("مستشفى") == "مستشفي"
    assert normalise("الزربية") == "زربيه"


def test_plurals_and_stop_words():
    assert tokens("Les tapis des bijoux") == ["tapi", "bijou"]


def test_typo_distance_follows_elasticsearch_auto():
    assert [max_edits(w) for w in ("ab", "abc", "abcde", "abcdef")] == [0, 1, 1, 2]
    assert edit_distance("zelige", "zellige", 2) == 1
    assert edit_distance("tapsi", "tapis", 1) == 1  # transposition
    assert edit_distance("laine", "argent", 2) == 3


def test_craft_words_bring_their_arabic_and_english_names():
    words = expand("Tapis berbères", "Laine").split()
    assert {"زربية", "carpet", "rug", "صوف", "wool"} <= set(words)
    assert expand("Chaise") == ""
