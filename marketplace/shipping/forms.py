from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Carrier, SellerShipping, SellerZoneRate
from .selectors import country_name, international_zones


class SellerShippingForm(forms.Form):
    """A shop's carrier in Morocco, and the countries abroad it ships to with
    its price per zone."""

    carrier = forms.ModelChoiceField(
        label=_("Carrier in Morocco"),
        queryset=Carrier.objects.filter(is_active=True),
        required=False,
        empty_label=_("None: my flat rate"),
        help_text=_("Parcels pay the carrier's rate for their weight."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries abroad you ship to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, seller, **kwargs):
        super().__init__(*args, **kwargs)
        self.zones = list(international_zones())
        self.fields["countries"].choices = [
            (code, f"{country_name(code)} ({zone.name})")
            for zone in self.zones
            for code in zone.country_list
        ]
        shipping = SellerShipping.objects.filter(seller=seller).first()
        rates = {
            rate.zone_id: rate.price
            for rate in SellerZoneRate.objects.filter(seller=seller)
        }
        for zone in self.zones:
            self.fields[self.rate_field(zone)] = forms.DecimalField(
                label=_("Price of a parcel to %(zone)s (MAD)") % {"zone": zone.name},
                required=False,
                min_value=Decimal("0"),
                max_value=Decimal("100000"),
                max_digits=8,
                decimal_places=2,
                initial=rates.get(zone.pk),
            )
        if shipping is not None:
            self.fields["carrier"].initial = shipping.carrier_id
            self.fields["countries"].initial = shipping.country_list

    @staticmethod
    def rate_field(zone) -> str:
        return f"rate_{zone.code}"

    def rate_fields(self):
        return [self[self.rate_field(zone)] for zone in self.zones]

    def clean(self):
        data = super().clean()
        for zone in self.zones:
            chosen = [c for c in data.get("countries", []) if c in zone.country_list]
            if chosen and data.get(self.rate_field(zone)) is None:
                self.add_error(
                    self.rate_field(zone),
                    _("Give a price to ship to %(countries)s.")
                    % {"countries": ", ".join(country_name(c) for c in chosen)},
                )
        return data

    def zone_rates(self) -> dict:
        return {
            zone: self.cleaned_data.get(self.rate_field(zone)) for zone in self.zones
        }


class CountryChoiceForm(forms.Form):
    country = forms.ChoiceField(label=_("Deliver to"))
    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = choices
