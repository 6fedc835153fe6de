from django import forms
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import *  # noqa: F403
from oscar.apps.checkout.forms import (
    GatewayForm as OscarGatewayForm,
)
from oscar.apps.checkout.forms import (
    ShippingAddressForm as OscarShippingAddressForm,
)

from marketplace.address.forms import CountriesInPageLanguageMixin
from marketplace.limits import field_bound_length
from marketplace.payments.providers import card_offered

# The delivery instructions are a TextField: any length unless bounded here.
ADDRESS_NOTES_MAX_LENGTH = 1_000

METHOD_LABELS = {
    "cod": _("Cash on delivery: pay each artisan's parcel when it arrives"),
    "card": _("Card (Visa, Mastercard, CMI cards): pay now, securely with Stripe"),
}
# The card choice says which provider takes the card (payments.providers).
CARD_LABELS = {
    "stripe": METHOD_LABELS["card"],
    "cmi": _(
        "Card (Moroccan bank cards, Visa, Mastercard): pay now on the CMI's secure page"
    ),
}


def method_label(method: str | None, card_provider: str | None = None) -> str:
    if method == "card" and card_provider in CARD_LABELS:
        return CARD_LABELS[card_provider]
    return METHOD_LABELS.get(method, "")


def available_payment_methods() -> list[str]:
    """Cash on delivery always; card only when a card provider is configured
    (which one takes this shopper's card: `card_provider_for`)."""
    methods = ["cod"]
    if card_offered():
        methods.append("card")
    return methods


class PaymentMethodForm(forms.Form):
    """The methods offered; cash on delivery left out, with the reason, when
    the order may not be paid that way (`checkout.selectors.cod_refusal`)."""

    payment_method = forms.ChoiceField(
        label=_("Payment method"), widget=forms.RadioSelect, initial="cod"
    )

    def __init__(
        self, *args, cod_refusal: str = "", card_provider: str | None = "", **kwargs
    ):
        """`card_provider`: the provider that would take this shopper's card
        (its label is shown); None when none serves this order."""
        super().__init__(*args, **kwargs)
        methods = available_payment_methods()
        if card_provider is None and "card" in methods:
            methods.remove("card")
        if cod_refusal:
            methods.remove("cod")
            # Help texts are drawn as markup (Oscar's field block): escaped.
            self.fields["payment_method"].help_text = conditional_escape(cod_refusal)
        self.cod_refusal = cod_refusal
        self.fields["payment_method"].choices = [
            (code, method_label(code, card_provider)) for code in methods
        ]
        if methods and self.initial.get("payment_method") not in methods:
            self.initial["payment_method"] = methods[0]


class ShippingAddressForm(CountriesInPageLanguageMixin, OscarShippingAddressForm):
    """Oscar's, its countries named and ordered in the page's language."""

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
