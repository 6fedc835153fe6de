from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SellerPayoutAccount
from .rib import rib_normalize


class PayoutAccountForm(forms.ModelForm):
    # Typed as printed, with spaces: normalised to its 24 characters, then the
    # model's validator checks the format and the key.
    rib = forms.CharField(label=_("RIB"), max_length=40)

    class Meta:
        model = SellerPayoutAccount
        fields = ["holder_name", "rib"]

    def clean_rib(self):
        return rib_normalize(self.cleaned_data["rib"])


class RemittanceForm(forms.Form):
    """Staff record that a carrier remitted one parcel's cash."""

    part = forms.ModelChoiceField(queryset=None, label=_("Parcel"))
    amount = forms.DecimalField(
        label=_("Amount remitted (MAD)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    remitted_on = forms.DateField(label=_("Remitted on"))
    reference = forms.CharField(
        label=_("Carrier's reference"), max_length=200, required=False
    )

    def __init__(self, *args, parts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].queryset = parts


class RemittanceImportForm(forms.Form):
    """A carrier's remittance file: tracking_number;amount;date[;status]."""

    carrier = forms.CharField(label=_("Carrier"), max_length=80, required=False)
    statement = forms.FileField(label=_("Statement (CSV)"))

    MAX_BYTES = 2_000_000

    def clean_statement(self):
        upload = self.cleaned_data["statement"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (2 MB at most)."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file must be UTF-8 text.")) from None
