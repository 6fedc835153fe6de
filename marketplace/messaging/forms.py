from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.photos import photo_clean

from .models import MAX_BODY, MAX_REASON


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_BODY,
        required=False,
    )
    # The same checks as a product photo: decoded, bounded, re-encoded.
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return photo_clean(upload=upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("body", "").strip():
            if not cleaned.get("photo"):
                raise forms.ValidationError(_("Write a message or attach a photo."))
        return cleaned


class MessageEditForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_BODY,
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this conversation?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_REASON,
    )
