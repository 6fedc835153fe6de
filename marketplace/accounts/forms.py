from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class

from .client import client_ip
from .throttle import throttle_hit

PasswordResetForm = get_class("customer.forms", "PasswordResetForm")

TOO_MANY = _(
    "Too many requests for this address or from your connection. "
    "Please wait an hour and try again."
)


def _within_limits(*, scope: str, request, email: str) -> bool:
    """One count per address and one per mailbox; both must be under limit.

    Unknown and existing e-mail addresses are counted alike, so the error
    says nothing about who has an account.
    """
    limits = settings.ACCOUNTS_THROTTLES[scope]
    by_ip = throttle_hit(
        scope=f"{scope}:ip",
        value=client_ip(request) or "unknown",
        limit=limits["per_address"],
        window=limits["window"],
    )
    by_email = throttle_hit(
        scope=f"{scope}:email",
        value=email,
        limit=limits["per_email"],
        window=limits["window"],
    )
    return by_ip and by_email


class RegistrationRequestForm(forms.Form):
    """Step one of signing up: the e-mail address, proved by a link."""

    email = forms.EmailField(label=_("Email address"), max_length=254)
    redirect_url = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, host=None, request=None, **kwargs):
        self.host = host
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and not _within_limits(
            scope="registration", request=self.request, email=email
        ):
            raise forms.ValidationError(TOO_MANY, code="throttled")
        return cleaned


class ThrottledPasswordResetForm(PasswordResetForm):
    """Oscar's reset form, with a cap per address and per mailbox.

    Django's form already answers the same page for unknown addresses (and
    sends nothing); this only stops it being used to flood an inbox or to
    sweep a list of addresses.
    """

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and not _within_limits(
            scope="password_reset", request=self.request, email=email
        ):
            raise forms.ValidationError(TOO_MANY, code="throttled")
        return cleaned


class OtpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True}
        ),
        help_text=_(
            "The six digits your authenticator app shows, or one of your "
            "recovery codes."
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())
