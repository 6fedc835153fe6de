"""Oscar's voucher form with the name in the three languages (`name_fr`,
`name_ar`, `name_en`: marketplace/voucher/translation.py) where Oscar's shows
one. Everything else is Oscar's."""

from oscar.apps.dashboard.vouchers import forms as oscar_forms
from oscar.apps.dashboard.vouchers.forms import *  # noqa: F403

from marketplace.dashboard.catalogue.forms import (
    LanguageFieldsMixin,
    in_every_language,
)


class VoucherForm(LanguageFieldsMixin, oscar_forms.VoucherForm):
    translated = ("name",)

    class Meta(oscar_forms.VoucherForm.Meta):
        fields = [
            *in_every_language("name"),
            *(name for name in oscar_forms.VoucherForm.Meta.fields if name != "name"),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The French name is the one every shopper may fall back to.
        self.fields["name_fr"].required = True
