"""Oscar's voucher and voucher set forms with the name in the three languages
(`name_fr`, `name_ar`, `name_en`: marketplace/voucher/translation.py) where
Oscar's shows one. Everything else is Oscar's."""

from django.db import transaction
from oscar.apps.dashboard.vouchers import forms as oscar_forms
from oscar.apps.dashboard.vouchers.forms import *  # noqa: F403

from marketplace.dashboard.catalogue.forms import (
    LanguageFieldsMixin,
    in_every_language,
)
from marketplace.translated import CODES


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


class VoucherSetForm(LanguageFieldsMixin, oscar_forms.VoucherSetForm):
    """Oscar's voucher set form, the set's name in the three languages; the
    set's vouchers are named after it in each ("Soldes - 1", "تخفيضات - 1")."""

    translated = ("name",)

    class Meta(oscar_forms.VoucherSetForm.Meta):
        fields = [
            *in_every_language("name"),
            *(
                name
                for name in oscar_forms.VoucherSetForm.Meta.fields
                if name != "name"
            ),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_fr"].required = True

    @transaction.atomic
    def save(self, commit=True):
        instance = super().save(commit)
        if commit and instance is not None:
            vouchers = instance.vouchers.order_by("date_created", "pk")
            for number, voucher in enumerate(vouchers, start=1):
                for code in CODES:
                    name = getattr(instance, f"name_{code}")
                    setattr(
                        voucher, f"name_{code}", f"{name} - {number}" if name else None
                    )
                voucher.save(update_fields=[f"name_{code}" for code in CODES])
        return instance
