"""Oscar's catalogue dashboard forms with each translated name in the three
languages (`name_fr`, `name_ar`, `name_en`: catalogue/translation.py) where
Oscar's show one. Everything else is Oscar's."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import forms as oscar_forms
from oscar.apps.dashboard.catalogue.forms import *  # noqa: F403
from oscar.core.loading import get_model
from treebeard.forms import movenodeform_factory

from marketplace.translated import CODES, direction

Category = get_model("catalogue", "Category")


def in_every_language(*names: str) -> list[str]:
    return [f"{name}_{code}" for name in names for code in CODES]


class LanguageFieldsMixin:
    """Each language's field written in its direction and language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            code = name.rsplit("_", 1)[-1]
            if code in CODES and name.rsplit("_", 1)[0] in self.translated:
                field.widget.attrs.update({"lang": code, "dir": direction(code)})


BaseCategoryForm = movenodeform_factory(
    Category,
    fields=[
        *in_every_language("name"),
        "slug",
        *in_every_language("description"),
        "image",
        "is_public",
        "exclude_from_menu",
        "meta_title",
        "meta_description",
    ],
    exclude=["ancestors_are_public"],
    widgets={"meta_description": forms.Textarea(attrs={"class": "no-widget-init"})},
)


class CategoryForm(LanguageFieldsMixin, oscar_forms.SEOFormMixin, BaseCategoryForm):
    translated = ("name", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_fr"].required = True
        self.fields["slug"].required = False
        # Oscar's own words (translated by Oscar).
        self.fields["slug"].help_text = _("Leave blank to generate from category name")


class ProductClassForm(LanguageFieldsMixin, oscar_forms.ProductClassForm):
    translated = ("name",)

    class Meta(oscar_forms.ProductClassForm.Meta):
        fields = [
            *in_every_language("name"),
            "requires_shipping",
            "track_stock",
            "options",
        ]


class ProductAttributesForm(LanguageFieldsMixin, oscar_forms.ProductAttributesForm):
    translated = ("name",)

    def clean_code(self):
        # Oscar's: a blank code is made from the name (the French one here).
        code = self.cleaned_data.get("code")
        name = self.cleaned_data.get("name_fr")
        return code or (slugify(name) if name else code)

    class Meta(oscar_forms.ProductAttributesForm.Meta):
        fields = [
            *in_every_language("name"),
            "code",
            "type",
            "option_group",
            "required",
        ]


class AttributeOptionForm(LanguageFieldsMixin, oscar_forms.AttributeOptionForm):
    translated = ("option",)

    class Meta(oscar_forms.AttributeOptionForm.Meta):
        fields = in_every_language("option")


class OptionForm(LanguageFieldsMixin, oscar_forms.OptionForm):
    translated = ("name",)

    class Meta(oscar_forms.OptionForm.Meta):
        fields = [
            *in_every_language("name"),
            "type",
            "required",
            "order",
            "help_text",
            "option_group",
        ]


class ProductSearchForm(oscar_forms.ProductSearchForm):
    """Oscar's product search; the title is matched in every language.

    Oscar filters `title__icontains`, which modeltranslation reads as the
    active language's column: a seller browsing in English would not find a
    product titled only in French. The title leaves `cleaned_data` for the
    list view to match in any language (`views.ProductListView`).
    """

    def clean(self):
        cleaned_data = super().clean()
        self.title_in_any_language = (cleaned_data.pop("title", "") or "").strip()
        return cleaned_data
