"""Oscar's offer forms with the name and description in the three languages
(`name_fr`, `name_ar`, `name_en`: marketplace/offer/translation.py) where
Oscar's show one. Everything else is Oscar's."""

from oscar.apps.dashboard.offers import forms as oscar_forms
from oscar.apps.dashboard.offers.forms import *  # noqa: F403

from marketplace.dashboard.catalogue.forms import (
    LanguageFieldsMixin,
    in_every_language,
)


class MetaDataForm(LanguageFieldsMixin, oscar_forms.MetaDataForm):
    translated = ("name", "description")

    class Meta(oscar_forms.MetaDataForm.Meta):
        fields = (
            *in_every_language("name"),
            *in_every_language("description"),
            "offer_type",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The French name is the one every shopper may fall back to.
        self.fields["name_fr"].required = True
