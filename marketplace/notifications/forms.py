from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS


class PreferencesForm(forms.Form):
    """The account's language, and one box per kind of e-mail: the
    transactional ones are shown ticked and locked (a disabled field keeps its
    initial value whatever is posted)."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, email_off: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for code, kind in KINDS.items():
            self.fields[f"email_{code}"] = forms.BooleanField(
                label=kind.label,
                required=False,
                initial=kind.transactional or code not in email_off,
                disabled=kind.transactional,
                help_text=(
                    _("About money or an order: always sent.")
                    if kind.transactional
                    else ""
                ),
            )

    def email_fields(self):
        return [self[f"email_{code}"] for code in KINDS]

    def email_off(self) -> list[str]:
        return [code for code in KINDS if not self.cleaned_data.get(f"email_{code}")]
