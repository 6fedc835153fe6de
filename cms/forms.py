"""Admin forms of the CMS pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from artisans.selectors import seller_queryset_public
from catalogue.selectors import product_queryset_public


class PublicChoicesPageForm(WagtailAdminPageForm):
    """Refuses a product or shop newly chosen that shoppers cannot see.

    The choosers list only public items; this guards the form itself. Rows
    chosen earlier are left alone: an item unpublished or suspended since then
    only drops out of the public page, it does not block the editors.
    """

    #: relation name -> (field name, a function returning the public queryset)
    public_choices: dict = {}

    def clean(self):
        cleaned_data = super().clean()
        refused = False
        for relation, (field, public_queryset) in self.public_choices.items():
            formset = self.formsets.get(relation)
            if formset is None or not formset.is_valid():
                continue
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                chosen = data.get(field)
                if chosen is None or data.get("DELETE"):
                    continue
                if field in form.changed_data and not (
                    public_queryset().filter(pk=chosen.pk).exists()
                ):
                    form.add_error(field, _("Not public: hidden or suspended."))
                    refused = True
        if refused:
            # Also said at the top: the rows may sit far down the page.
            self.add_error(
                None, _("Only published products of verified shops can be chosen.")
            )
        return cleaned_data


class FairPageForm(PublicChoicesPageForm):
    public_choices = {
        "exhibitor_links": ("seller", seller_queryset_public),
        "featured_product_links": ("product", product_queryset_public),
    }


class RegionalCollectionPageForm(PublicChoicesPageForm):
    public_choices = {"product_links": ("product", product_queryset_public)}
