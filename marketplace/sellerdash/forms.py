from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

from catalogue.photos import photo_clean
from catalogue.services import PRODUCT_FIELDS
from catalogue.translation import PRODUCT_TEXTS
from marketplace.limits import (
    COLUMN_RANGES,
    field_bound_length,
    field_bound_numbers,
    form_bound_integers,
)
from marketplace.translated import CODES, direction

from .catalogue_file.photos import MAX_ZIP_BYTES
from .catalogue_file.reading import MAX_FILE_BYTES

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")
Material = get_model("catalogue", "Material")

# Oscar's dashboard forms build one field per attribute of the product class
# (`attr_<code>`, typed: text, integer, float, boolean, option…), fill them
# from the product's values and hand them to `product.attr` before the model
# is validated. The seller's forms reuse that machinery and keep Oscar's
# dashboard-only fields (UPC, slug, SEO, is_public) out.
OscarProductForm = get_class("dashboard.catalogue.forms", "ProductForm")
OscarProductClassSelectForm = get_class(
    "dashboard.catalogue.forms", "ProductClassSelectForm"
)

ATTRIBUTE_PREFIX = "attr_"
# Texts kept in TextField columns, which take any length.
DESCRIPTION_MAX_LENGTH = 10_000
CARE_MAX_LENGTH = 2_000
STORY_MAX_LENGTH = 5_000


#: The product's texts in each language, shown side by side.
LANGUAGE_FIELDS = frozenset(
    f"{text}_{code}" for text in PRODUCT_TEXTS for code in CODES
)
TEXT_LABELS = {
    "title": _("Title"),
    "description": _("Description"),
    "technique": _("Technique"),
    "care_instructions": _("Care instructions"),
}


def language_fields_label(form) -> None:
    """Each text's field labelled with its language, written in its direction.

    A screen reader says "Title (Arabic)"; the page shows the language once,
    as the column's heading.
    """
    names = dict(settings.LANGUAGES)
    for text in PRODUCT_TEXTS:
        for code in CODES:
            field = form.fields[f"{text}_{code}"]
            field.label = TEXT_LABELS[text]
            field.widget.attrs.update(
                {
                    "lang": code,
                    "dir": direction(code),
                    "aria-label": format_lazy(
                        "{} ({})", TEXT_LABELS[text], names[code]
                    ),
                }
            )
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 4


class AttributeFieldsMixin:
    """Split an Oscar product form into its own fields and the class's ones."""

    def attribute_fields(self):
        return [f for f in self if f.name.startswith(ATTRIBUTE_PREFIX)]

    def main_fields(self):
        return [
            f
            for f in self
            if not f.is_hidden and not f.name.startswith(ATTRIBUTE_PREFIX)
        ]

    def attribute_values(self) -> dict:
        """Cleaned values by attribute code, for `catalogue.services`."""
        return {
            name.removeprefix(ATTRIBUTE_PREFIX): self.cleaned_data.get(name)
            for name in self.fields
            if name.startswith(ATTRIBUTE_PREFIX)
        }


class ProductClassSelectForm(OscarProductClassSelectForm):
    """First step of a new product: its type decides the attribute fields."""

    product_class = forms.ModelChoiceField(
        label=_("Product type"),
        empty_label=_("-- Choose a type --"),
        queryset=ProductClass.objects.order_by("name"),
    )


class CraftsField(forms.ModelMultipleChoiceField):
    """The crafts, each named with the crafts above it as Oscar names a
    category ("Tapis > Tapis berbères", `Category.full_name`), from the one
    query of the choices: `full_name` reads each craft's ancestors, a query
    per craft below the first level on every product form."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Category.objects.order_by("path"), **kwargs)
        # Names by path, filled as the choices go by (ordered by path, a
        # craft comes after the crafts above it).
        self._names: dict[str, str] = {}

    def label_from_instance(self, obj):
        above = self._names.get(obj.path[: -Category.steplen], "")
        name = (
            f"{above}{Category._full_name_separator}{obj.name}" if above else obj.name
        )
        self._names[obj.path] = name
        return name


class ProductForm(AttributeFieldsMixin, OscarProductForm):
    # The type is chosen before this form (its attribute fields depend on it)
    # and travels with it, hidden, so that a POST names it again.
    product_class = forms.ModelChoiceField(
        queryset=ProductClass.objects.all(), widget=forms.HiddenInput
    )
    categories = CraftsField(label=_("Crafts"), required=False)
    materials = forms.ModelMultipleChoiceField(
        label=_("Materials"), queryset=Material.objects.all(), required=False
    )
    has_variants = forms.BooleanField(
        label=_("Sold in variants (sizes, colours…)"), required=False
    )

    class Meta:
        model = Product
        fields = list(PRODUCT_FIELDS)

    def __init__(self, product_class, *args, creating=True, seller=None, **kwargs):
        super().__init__(product_class, *args, **kwargs)
        # Whose references `seller_sku` must not repeat.
        self.seller = seller if seller is not None else self.instance.seller
        self.fields["seller_sku"].help_text = _(
            "Your own reference for this product, unique in your shop (the "
            "“sku” column of your catalogue file)."
        )
        form_bound_integers(self)  # weight, lead time, integer attributes
        for name in ("length_cm", "width_cm", "height_cm"):
            field_bound_numbers(self.fields[name], min_value=0)
        for code in CODES:
            field_bound_length(
                self.fields[f"description_{code}"], DESCRIPTION_MAX_LENGTH
            )
            field_bound_length(
                self.fields[f"care_instructions_{code}"], CARE_MAX_LENGTH
            )
        language_fields_label(self)
        self.fields["product_class"].initial = product_class
        self.fields["product_class"].queryset = ProductClass.objects.filter(
            pk=product_class.pk
        )
        if not creating:
            del self.fields["product_class"]
            del self.fields["has_variants"]
            self.fields["categories"].initial = self.instance.categories.all()
            self.fields["materials"].initial = self.instance.materials.all()
        else:
            # Whether attributes are required depends on the "variants" box,
            # which the page cannot know: the server says which are missing.
            self.use_required_attribute = False
            if self._creates_parent():
                # As in Oscar: a product with variants needs none of the
                # class's attributes itself, its variants carry them.
                for field in self.attribute_fields():
                    field.field.required = False

    def main_fields(self):
        return [
            f
            for f in super().main_fields()
            if f.name not in LANGUAGE_FIELDS and f.name != "source_language"
        ]

    def languages(self) -> list[dict]:
        """The texts side by side: per language, its name and its fields."""
        return [
            {
                "code": code,
                "name": name,
                "dir": direction(code),
                "fields": [self[f"{text}_{code}"] for text in PRODUCT_TEXTS],
            }
            for code, name in settings.LANGUAGES
        ]

    def clean(self):
        cleaned = super().clean()
        # At least the title in the language the seller writes first.
        source = cleaned.get("source_language")
        if source and not cleaned.get(f"title_{source}"):
            self.add_error(
                f"title_{source}",
                _("Required: the title in the source language (%(language)s).")
                % {"language": dict(settings.LANGUAGES)[source]},
            )
        return cleaned

    def clean_seller_sku(self) -> str:
        sku = (self.cleaned_data.get("seller_sku") or "").strip()
        if sku and self.seller is not None:
            taken = Product.objects.filter(seller=self.seller, seller_sku=sku)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError(
                    _(
                        "Another product of your shop already has the reference "
                        "%(sku)s: choose another one."
                    ),
                    code="unique",
                    params={"sku": sku},
                )
        return sku

    def _creates_parent(self) -> bool:
        field = self.fields.get("has_variants")
        return bool(
            field is not None
            and self.is_bound
            and field.widget.value_from_datadict(
                self.data, self.files, self.add_prefix("has_variants")
            )
        )

    def _post_clean(self):
        if self._creates_parent():
            # Oscar validates attributes of non-parents only.
            self.instance.structure = Product.PARENT
        super()._post_clean()


class StockForm(forms.Form):
    price = forms.DecimalField(
        label=_("Price (MAD)"), min_value=0, max_digits=12, decimal_places=2
    )
    num_in_stock = forms.IntegerField(
        label=_("In stock"),
        min_value=0,
        max_value=COLUMN_RANGES["PositiveIntegerField"][1],
    )


class VariantForm(AttributeFieldsMixin, OscarProductForm):
    """A variant (Oscar child product): its name, its own attribute values
    (size, colour…) and, when it is new, its price and stock."""

    price = StockForm.base_fields["price"]
    num_in_stock = StockForm.base_fields["num_in_stock"]

    class Meta:
        model = Product
        fields = ["title", "is_public"]
        labels = {
            "title": _("Variant (size, colour…)"),
            "is_public": _("On sale (shoppers can choose it)"),
        }

    def __init__(self, parent, *args, with_stock=True, **kwargs):
        super().__init__(parent.get_product_class(), *args, parent=parent, **kwargs)
        form_bound_integers(self)
        self.fields["title"].required = True
        if with_stock:
            del self.fields["is_public"]  # a new variant is on sale
        else:
            del self.fields["price"]
            del self.fields["num_in_stock"]
        # Oscar reads a child's missing values from its parent: say which.
        inherited = {
            value.attribute.code: value
            for value in parent.attribute_values.select_related(
                "attribute", "value_option"
            )
        }
        for field in self.attribute_fields():
            value = inherited.get(field.name.removeprefix(ATTRIBUTE_PREFIX))
            if value is not None and not field.field.required:
                # The bound field keeps its own copy of the help text.
                field.help_text = field.field.help_text = _(
                    "Left empty, the variant has the product's value: %(value)s"
                ) % {"value": value.value_as_text}


class StorefrontForm(forms.Form):
    story = forms.CharField(
        label=_("Story"),
        widget=forms.Textarea,
        required=False,
        max_length=STORY_MAX_LENGTH,
    )
    logo = forms.FileField(label=_("Logo"), required=False)
    banner = forms.FileField(label=_("Banner"), required=False)
    shipping_flat_rate = forms.DecimalField(
        label=_("Shipping flat rate (MAD)"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        required=False,
    )
    free_shipping_threshold = forms.DecimalField(
        label=_("Free shipping from (MAD)"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        required=False,
    )

    return_window_days = forms.IntegerField(
        label=_("Days to return a parcel after delivery"),
        help_text=_("The law gives shoppers 7 days; you may offer up to 90."),
        min_value=7,
        max_value=90,
        initial=7,
        required=False,
    )
    made_to_order_returnable = forms.BooleanField(
        label=_("Made-to-order pieces may be returned on a change of mind"),
        required=False,
        initial=True,
    )

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        return photo_clean(upload=upload) if upload else None

    def clean_banner(self):
        upload = self.cleaned_data.get("banner")
        return photo_clean(upload=upload) if upload else None


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason shown to the seller"), widget=forms.Textarea, max_length=2000
    )


class CatalogueFileForm(forms.Form):
    """A catalogue file (CSV) and, optionally, a ZIP of the photos it names."""

    file = forms.FileField(
        label=_("Catalogue file (CSV, UTF-8)"),
        help_text=_("Columns and rules: see the format below."),
    )
    photos = forms.FileField(
        label=_("Photos (ZIP), optional"),
        required=False,
        help_text=_("The photos the images column names, in one ZIP file."),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file (dry run): change nothing"),
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s MB."),
                params={"max": MAX_FILE_BYTES // (1024 * 1024)},
            )
        return upload

    def clean_photos(self):
        upload = self.cleaned_data.get("photos")
        if upload and upload.size > MAX_ZIP_BYTES:
            raise forms.ValidationError(
                _("The ZIP of photos is larger than %(max)s MB."),
                params={"max": MAX_ZIP_BYTES // (1024 * 1024)},
            )
        return upload
