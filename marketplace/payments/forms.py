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
