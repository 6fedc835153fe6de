"""The README's price examples are what the pages print, in each language."""

from pathlib import Path

import pytest
from django.utils import translation
from oscar.templatetags.currency_filters import currency

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_the_readme_shows_the_price_the_pages_print(language):
    with translation.override(language):
        printed = currency(1250, "MAD")
    # The README writes plain spaces and leaves out the invisible marks.
    shown = printed.replace("\u202f", " ").replace("\xa0", " ").strip("\u200f")
    assert f"`{shown}`" in README
