from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.photos import photo_clean
from marketplace.translated import Marked

from .models import Dispute, ReturnRequest
from .services import part_line_returnable, refund_methods_for

MESSAGE_MAX = 2000
PHOTO_FIELDS = ("photo_1", "photo_2", "photo_3")
MAX_AMOUNT = 10**9


def _message(label, required=False):
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MESSAGE_MAX,
        required=required,
    )


def _photo():
    return forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, 10 MB and 40 megapixels at most."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )


class ReturnRequestForm(forms.Form):
    """Which pieces, why, photos, and how to be refunded.

    One quantity field per line of the part (`line_<id>`), bounded by what
    may still be returned of it.
    """

    reason = forms.ChoiceField(label=_("Reason"), choices=ReturnRequest.Reason.choices)
    description = _message(_("What happened"))
    photo_1 = _photo()
    photo_2 = _photo()
    photo_3 = _photo()
    refund_method = forms.ChoiceField(label=_("Refund by"))
    holder_name = forms.CharField(
        label=_("Account holder"), max_length=200, required=False
    )
    rib = forms.CharField(
        label=_("RIB (24 digits)"),
        max_length=40,
        required=False,
        help_text=_("For a bank transfer only."),
    )

    def __init__(self, *args, part, **kwargs):
        super().__init__(*args, **kwargs)
        self.part = part
        self.lines = list(part.get_lines().select_related("product"))
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=line_label(line),
                min_value=0,
                max_value=line.quantity,
                initial=0,
            )
        methods = dict(ReturnRequest.RefundMethod.choices)
        self.fields["refund_method"].choices = [
            (m, methods[m]) for m in refund_methods_for(part=part)
        ]

    def line_fields(self):
        return [self[f"line_{line.pk}"] for line in self.lines]

    def clean(self):
        data = super().clean()
        reason = data.get("reason")
        quantities = {}
        for line in self.lines:
            quantity = data.get(f"line_{line.pk}") or 0
            if quantity and reason:
                allowed = part_line_returnable(part=self.part, line=line, reason=reason)
                if quantity > allowed:
                    self.add_error(
                        f"line_{line.pk}",
                        _("%(allowed)s piece(s) at most can be returned.")
                        % {"allowed": allowed},
                    )
            quantities[line.pk] = quantity
        if not any(quantities.values()):
            raise forms.ValidationError(_("Choose at least one piece to return."))
        data["quantities"] = quantities
        data["photos"] = [
            photo_clean(upload=data[name]) for name in PHOTO_FIELDS if data.get(name)
        ]
        return data


class SellerAnswerForm(forms.Form):
    ACCEPT, OFFER, REFUSE = "accept", "offer", "refuse"
    action = forms.ChoiceField(
        choices=[
            (ACCEPT, _("Accept the return")),
            (OFFER, _("Offer a partial refund")),
            (REFUSE, _("Refuse")),
        ],
        widget=forms.RadioSelect,
        label=_("Your answer"),
    )
    message = _message(_("Return instructions, or your reason"))
    amount = forms.DecimalField(
        label=_("Partial refund (MAD)"),
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=12,
        decimal_places=2,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == self.OFFER and not data.get("amount"):
            self.add_error("amount", _("How much do you offer?"))
        if (
            data.get("action") in (self.ACCEPT, self.REFUSE)
            and not (data.get("message") or "").strip()
        ):
            self.add_error("message", _("Tell the shopper how, or why."))
        return data


class DisputeOpenForm(forms.Form):
    message = _message(_("Why the marketplace should decide"), required=True)


class DisputeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=Dispute.Decision.choices, widget=forms.RadioSelect, label=_("Decision")
    )
    amount = forms.DecimalField(
        label=_("Amount to refund (MAD), for a refund in part"),
        min_value=0,
        max_value=MAX_AMOUNT,
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    note = _message(_("Note to both sides"))


def line_label(line) -> str:
    """An order line named by its product's title in the page's language,
    marked when it falls back to another (the stored title if it is gone)."""
    if line.product is None:
        return line.title
    title = line.product.translated("title")
    if not title:
        return line.title
    return Marked(title.text, title.lang) if title.foreign else title.text
