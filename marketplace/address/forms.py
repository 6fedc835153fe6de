"""Oscar's address book form, its countries named in the page's language.

Oscar labels a country with its one stored name (French in the demo) and
orders the select by it; these label each with Babel's name in the active
language (`marketplace.translated.country_name`) and order them by that name.
The checkout's address form uses the same mixin. Everything else is Oscar's.
"""

import unicodedata

from oscar.apps.address import forms as oscar_forms
from oscar.apps.address.forms import *  # noqa: F403

from marketplace.translated import country_name


def country_label(country) -> str:
    return country_name(country.iso_3166_1_a2)


def _sort_key(name: str) -> str:
    # "Égypte" among the E, not after the Z.
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class CountriesInPageLanguageMixin:
    """The `country` select labelled and ordered in the page's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("country")
        if field is None:
            return
        field.label_from_instance = country_label
        # Oscar's order first (a higher display order, Morocco's, on top: the
        # first choice when nothing is chosen), then the name in this language.
        named = [
            (country.pk, label)
            for _order, _key, country, label in sorted(
                (
                    (-country.display_order, _sort_key(label), country, label)
                    for country in field.queryset
                    for label in (country_label(country),)
                ),
                key=lambda row: row[:2],
            )
        ]
        blank = [("", field.empty_label)] if field.empty_label is not None else []
        field.choices = blank + named


class UserAddressForm(CountriesInPageLanguageMixin, oscar_forms.UserAddressForm):
    pass
