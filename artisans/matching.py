"""Does the name an applicant typed match the name in the registry?

Compared after folding case and accents, ignoring word order and punctuation,
in Latin or Arabic script, with small typos tolerated.
"""

import re
import unicodedata
from difflib import SequenceMatcher

NAME_MATCH_RATIO = 0.85

# Arabic letters written interchangeably in names: hamza seats, tā' marbūṭa,
# alif maqṣūra. Harakat and hamza marks are combining and go with the accents.
_ARABIC_FOLD = str.maketrans({"ة": "ه", "ى": "ي", "ـ": None, "ٱ": "ا"})
_WORD = re.compile(r"\w+")


def name_key(name: str) -> str:
    """A comparable form: no case, accents or diacritics; words sorted."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = bare.casefold().translate(_ARABIC_FOLD)
    return " ".join(sorted(_WORD.findall(folded)))


def names_match(claimed: str, *registered: str) -> bool:
    """True when `claimed` is close enough to any of the registered names."""
    key = name_key(claimed)
    if not key:
        return False
    for name in registered:
        other = name_key(name or "")
        if other and SequenceMatcher(None, key, other).ratio() >= NAME_MATCH_RATIO:
            return True
    return False
