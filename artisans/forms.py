from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Region, Seller
from .registry_csv import normalise_registry_id
from .services import CHAMBER_TRANSITIONS, STAFF_TRANSITIONS


class SellerApplicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("I apply as"), choices=Seller.Kind.choices)
    registry_id = forms.CharField(
        label=_("Registry number"),
        max_length=20,
        help_text=_("As on your registry card, e.g. RNA-07-0012345."),
    )
    name = forms.CharField(label=_("Name as registered"), max_length=200)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all())
    trade = forms.CharField(label=_("Trade"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=32)
    # The version of each text accepted is recorded (marketplace.legal).
    accept_terms = forms.BooleanField(
        label=_("I accept the seller terms and have read the privacy notice"),
        error_messages={"required": _("Please accept the seller terms to apply.")},
    )
    # Law 09-08: the shop's name and photos are published only with consent.
    publication_consent = forms.BooleanField(
        label=_("Publish my shop's name and photos on the marketplace"),
        help_text=_(
            "Without it your shop is verified but not shown to shoppers; you "
            "can agree later in your shop's settings."
        ),
        required=False,
    )

    def clean_registry_id(self):
        value = self.cleaned_data["registry_id"]
        if normalise_registry_id(value) is None:
            raise forms.ValidationError(
                _("A registry number looks like RNA-07-0012345.")
            )
        return normalise_registry_id(value)


class ChamberDecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(action, action) for action in CHAMBER_TRANSITIONS],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class StaffDecisionForm(ChamberDecisionForm):
    """Marketplace staff: suspend or reinstate, with a reason."""

    action = forms.ChoiceField(
        choices=[(action, action) for action in STAFF_TRANSITIONS],
        widget=forms.HiddenInput,
    )


class MemberAddForm(forms.Form):
    # The invitation's column holds 254 characters.
    email = forms.EmailField(label=_("E-mail of the member's account"), max_length=254)
