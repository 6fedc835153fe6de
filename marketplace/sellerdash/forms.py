from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalogue.photos import photo_clean
from catalogue.services import PRODUCT_FIELDS

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")
Material = get_model("catalogue", "Material")


class ProductForm(forms.ModelForm):
    product_class = forms.ModelChoiceField(
        label=_("Product type"), queryset=ProductClass.objects.all()
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Crafts"), queryset=Category.objects.all(), required=False
    )
    materials = forms.ModelMultipleChoiceField(
        label=_("Materials"), queryset=Material.objects.all(), required=False
    )
    has_variants = forms.BooleanField(
        label=_("Sold in variants (sizes, colours…)"), required=False
    )

    class Meta:
        model = Product
        fields = list(PRODUCT_FIELDS)

    def __init__(self, *args, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["product_class"]
            del self.fields["has_variants"]
            self.fields["categories"].initial = self.instance.categories.all()
            self.fields["materials"].initial = self.instance.materials.all()

    def _post_clean(self):
        # Validation of the model as a whole happens in the service, which
        # knows the seller and the structure; here only the fields.
        pass


class StockForm(forms.Form):
    price = forms.DecimalField(
        label=_("Price (MAD)"), min_value=0, max_digits=12, decimal_places=2
    )
    num_in_stock = forms.IntegerField(label=_("In stock"), min_value=0)


class VariantForm(StockForm):
    title = forms.CharField(label=_("Variant (size, colour…)"), max_length=255)


class StorefrontForm(forms.Form):
    story = forms.CharField(label=_("Story"), widget=forms.Textarea, required=False)
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
