from django import forms
from django.utils.translation import gettext_lazy as _

from .ice import validate_ice

# Typed with spaces between the groups, an ICE is longer than its 15 digits.
ICE_INPUT_MAX_LENGTH = 30


class SellerTaxProfileForm(forms.Form):
    ice = forms.CharField(
        label=_("ICE"),
        max_length=ICE_INPUT_MAX_LENGTH,
        validators=[validate_ice],
        help_text=_(
            "Identifiant commun de l'entreprise: 15 digits, on your ICE certificate."
        ),
    )
    address = forms.CharField(
        label=_("Address printed on your invoices"), max_length=300
    )
