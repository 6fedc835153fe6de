"""Checks that a page in one language says what it shows in another.

A page's text in another language than its own sits in an element whose
`lang` names it (issue 17): an Arabic page showing a title its seller wrote
in French only marks it `lang="fr"`. `unmarked(page, phrases)` lists each
phrase found outside such an element, in the text or in an attribute (an
image's `alt`), so a test asserts the list is empty.
"""

from bs4 import BeautifulSoup


def language_of(element) -> str:
    """The language an element's text is in: its own or nearest `lang`."""
    if element.has_attr("lang"):
        return element["lang"]
    marked = element.find_parent(attrs={"lang": True})
    return marked["lang"] if marked else ""


def unmarked(page: str, phrases, *, lang: str = "fr") -> list[str]:
    """Each of `phrases` found in the page's text or attributes outside an
    element whose nearest `lang` is `lang` (the `<html>` element's is the
    page's own: a French page marks nothing)."""
    soup = BeautifulSoup(page, "html.parser")
    found = []
    for text in soup.find_all(string=True):
        owner = text.parent
        if owner.name in ("script", "style", "[document]"):
            continue
        for phrase in phrases:
            if phrase in text and language_of(owner) != lang:
                found.append(f"{owner.name}: {text.strip()[:80]}")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name == "lang":
                continue
            value = " ".join(value) if isinstance(value, list) else value
            for phrase in phrases:
                if phrase in value and language_of(element) != lang:
                    found.append(f"{element.name}[{name}]: {value[:80]}")
    return found
