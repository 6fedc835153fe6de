from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.shipping.models import TRACKING_MAX_LENGTH, Carrier


class ShipForm(forms.Form):
    """The carrier a parcel left with and its tracking number, checked
    against that carrier's pattern (the shopper gets a link to its page)."""

    carrier = forms.ModelChoiceField(
        label=_("Carrier"),
        queryset=Carrier.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=None,
    )
    tracking_number = forms.CharField(
        label=_("Tracking number"), max_length=TRACKING_MAX_LENGTH
    )

    def __init__(self, *args, part=None, **kwargs):
        super().__init__(*args, **kwargs)
        if part is not None and part.shipping_carrier_id and not self.is_bound:
            # The carrier the shopper paid for, chosen at checkout.
            self.initial.setdefault("carrier", part.shipping_carrier.code)

    def clean(self):
        data = super().clean()
        carrier, number = data.get("carrier"), data.get("tracking_number")
        if carrier is not None and number:
            number = number.strip().replace(" ", "").upper()
            error = carrier.tracking_number_error(number)
            if error:
                self.add_error("tracking_number", error)
            else:
                data["tracking_number"] = number
        return data
