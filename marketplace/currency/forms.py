from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import DISPLAY_CURRENCIES


class CurrencyForm(forms.Form):
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[(c, c) for c in DISPLAY_CURRENCIES]
    )
    next = forms.CharField(required=False, max_length=2000)
