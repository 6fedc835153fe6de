from dataclasses import replace

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.translated import language_code

from .photos import photo_clean
from .selectors import DEFAULT_SORT, browse_facets


def _indent(depth: int) -> str:
    return "\u2014 " * (depth - 1)


class BrowseForm(forms.Form):
    """The catalogue's filters, from the query string; bad values are ignored."""

    craft = forms.TypedChoiceField(label=_("Craft"), required=False, coerce=int)
    region = forms.ChoiceField(label=_("Region"), required=False)
    material = forms.ChoiceField(label=_("Material"), required=False)
    seller = forms.SlugField(label=_("Shop"), required=False, widget=forms.HiddenInput)
    price_min = forms.DecimalField(
        label=_("Min. price"), required=False, min_value=0, decimal_places=2
    )
    price_max = forms.DecimalField(
        label=_("Max. price"), required=False, min_value=0, decimal_places=2
    )
    availability = forms.ChoiceField(
        label=_("Availability"),
        required=False,
        choices=[
            ("", _("All")),
            ("ready_to_ship", _("Ready to ship")),
            ("made_to_order", _("Made to order")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest")),
            ("price-asc", _("Price, low to high")),
            ("price-desc", _("Price, high to low")),
            ("popularity", _("Most popular")),
        ],
    )

    def __init__(self, *args, with_craft=True, **kwargs):
        super().__init__(*args, **kwargs)
        facets = browse_facets()
        language = language_code()
        if with_craft:
            self.fields["craft"].choices = [("", _("All crafts"))] + [
                (
                    pk,
                    replace(
                        names[language], text=_indent(depth) + names[language].text
                    ),
                )
                for pk, names, depth in facets["crafts"]
            ]
        else:
            del self.fields["craft"]
        self.fields["region"].choices = [("", _("All regions"))] + [
            (slug, names[language]) for slug, names in facets["regions"]
        ]
        self.fields["material"].choices = [("", _("All materials"))] + [
            (slug, names[language]) for slug, names in facets["materials"]
        ]

    def cleaned_or_defaults(self) -> dict:
        """Valid filters only: an invalid one is dropped, not an error page."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        data["sort"] = data.get("sort") or DEFAULT_SORT
        return data


class ProductPhotoForm(forms.Form):
    """One product photo; judged by decoding it (`catalogue.photos`)."""

    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, 10 MB and 40 megapixels at most."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_photo(self):
        return photo_clean(upload=self.cleaned_data["photo"])
