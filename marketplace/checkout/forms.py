from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import *  # noqa: F403
from oscar.apps.checkout.forms import (
    GatewayForm as OscarGatewayForm,
)
from oscar.apps.checkout.forms import (
    ShippingAddressForm as OscarShippingAddressForm,
)

from marketplace.limits import field_bound_length

# The delivery instructions are a TextField: any length unless bounded here.
ADDRESS_NOTES_MAX_LENGTH = 1_000

METHOD_LABELS = {
    "cod": _("Cash on delivery: pay each artisan's parcel when it arrives"),
    "card": _("Card (Visa, Mastercard, CMI cards): pay now, securely with Stripe"),
}


def available_payment_methods() -> list[str]:
    """Cash on delivery always; card only when Stripe is configured."""
    methods = ["cod"]
    if settings.STRIPE_SECRET_KEY and "card" in settings.PAYMENT_METHODS:
        methods.append("card")
    return methods


class PaymentMethodForm(forms.Form):
    """The methods offered; cash on delivery left out, with the reason, when
    the order may not be paid that way (`checkout.selectors.cod_refusal`)."""

    payment_method = forms.ChoiceField(
        label=_("Payment method"), widget=forms.RadioSelect, initial="cod"
    )

    def __init__(self, *args, cod_refusal: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        methods = available_payment_methods()
        if cod_refusal:
            methods.remove("cod")
            self.fields["payment_method"].help_text = cod_refusal
        self.cod_refusal = cod_refusal
        self.fields["payment_method"].choices = [
            (code, METHOD_LABELS[code]) for code in methods
        ]
        if methods and self.initial.get("payment_method") not in methods:
            self.initial["payment_method"] = methods[0]


class ShippingAddressForm(OscarShippingAddressForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "notes" in self.fields:
            field_bound_length(self.fields["notes"], ADDRESS_NOTES_MAX_LENGTH)


class GatewayForm(OscarGatewayForm):
    """Oscar's "who are you?" form, its password box labelled: the template
    draws it after the "returning customer" choice without a label of its own
    (WCAG 1.3.1, 4.1.2)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs["aria-label"] = _("Password")
