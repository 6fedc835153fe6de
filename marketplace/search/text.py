"""Text normalisation for the database backend, in Python.

SQLite has no language analysis and PostgreSQL's `unaccent` needs an extension
we cannot count on, so the database backend stores text already folded here,
and folds queries the same way. The rules mirror the Elasticsearch analyzer
(`elasticsearch.py`): lowercase, Latin accents folded (Fès → fes), Arabic
normalised (alef variants → ا, ة → ه, ى → ي, diacritics and tatweel dropped),
French elision (l', d') and a light stemming of plurals and Arabic prefixes.
"""

import functools
import re
import unicodedata

# Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef) and tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
    }
)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d"})
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]", re.I)
_TOKEN = re.compile(r"\w+", re.UNICODE)
# Definite article and the conjunctions/prepositions glued to it (Lucene's
# ArabicStemmer strips the same prefixes).
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_HTML_TAG = re.compile(r"<[^>]+>")
# Words too common to search by (folded): they would match every product and,
# through typo tolerance, turn "fes" into "des".
_STOP = (
    "a au aux avec ce ces dans de des du en et il la le les leur ou par pour "
    "sa se ses son sur un une the and of for with in on to an or "
    "في من على الى إلى او أو و"
)


class _Unaccented(dict):
    """Each character's NFKD decomposition without its combining marks,
    computed once per character: NFKD decomposes character by character, so
    folding a text one character at a time gives the same result as folding it
    whole, and `str.translate` with this table is several times faster than
    normalising every text (indexing folds each document's whole text)."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = folded
        return folded


_UNACCENTED = _Unaccented()


def fold(text: str) -> str:
    """Lowercase, strip Latin accents and normalise Arabic script."""
    text = _ELISION.sub(" ", text or "")
    text = text.lower().translate(_LIGATURES)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    # NFKD splits é into e + combining accent; Arabic letters have no
    # decomposition once the hamza forms above are mapped.
    if text.isascii():
        return text
    return text.translate(_UNACCENTED)


STOP_WORDS = frozenset(fold(_STOP).split())


# Remembered: a catalogue's words repeat (rebuilding the index of 100,000
# products stems 12 million tokens of a few thousand words); bounded, since
# queries pass here too.
@functools.lru_cache(maxsize=1 << 16)
def stem(token: str) -> str:
    """A light stemmer: French/English plurals and Arabic prefixes."""
    if token and "\u0600" <= token[0] <= "\u06ff":
        for prefix in _ARABIC_PREFIXES:
            if token.startswith(prefix) and len(token) - len(prefix) >= 2:
                return token[len(prefix) :]
        return token
    if len(token) > 3 and token[-1] in "sx" and not token.endswith("ss"):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Folded, stemmed word tokens of a text (HTML tags dropped)."""
    found = _TOKEN.findall(fold(_HTML_TAG.sub(" ", text or "")))
    return [stem(t) for t in found if t not in STOP_WORDS]


def normalise(text: str) -> str:
    """The stored form: tokens joined by single spaces."""
    return " ".join(tokens(text))


def strip_html(text: str) -> str:
    return re.sub(r"\s+", " ", _HTML_TAG.sub(" ", text or "")).strip()


def max_edits(token: str) -> int:
    """Elasticsearch's `fuzziness: AUTO`: 0 edits up to 2 letters, 1 up to 5."""
    if len(token) <= 2:
        return 0
    return 1 if len(token) <= 5 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (adjacent transpositions), giving up past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
