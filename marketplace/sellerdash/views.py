"""The seller's own dashboard.

Every view works on the shop of the signed-in user (`seller_view`, the one
access rule of artisans/access.py: owner and members alike) and looks each
object up within that shop, so another shop's identifier answers 404 and a
POST cannot reach it. Marketplace staff keep Oscar's dashboard.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from artisans.access import seller_view
from artisans.services import seller_publication_set
from catalogue import services as catalogue
from catalogue.forms import ProductPhotoForm
from marketplace.sellerorders.selectors import TODO_COD, TODO_SHIP

from . import selectors
from .catalogue_file.exporting import catalogue_export_lines
from .catalogue_file.reading import CatalogueFileError
from .forms import (
    CatalogueFileForm,
    ModerationForm,
    ProductClassSelectForm,
    ProductForm,
    StockForm,
    StorefrontForm,
    VariantForm,
)
from .services import (
    catalogue_import_start,
    seller_product_create,
    seller_product_update,
    seller_storefront_update,
)

Product = get_model("catalogue", "Product")


def _own(lookup, **kwargs):
    try:
        return lookup(**kwargs)
    except ObjectDoesNotExist as error:
        raise Http404 from error


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@seller_view
def index(request, seller):
    """The shop's home: what needs doing now, then the products, a page at a
    time as in Oscar's dashboard (`OSCAR_DASHBOARD_ITEMS_PER_PAGE`); a page
    number out of range shows the nearest page."""
    product_filter = request.GET.get("filter")
    products = selectors.seller_products_filtered(seller=seller, name=product_filter)
    paginator = Paginator(products, settings.OSCAR_DASHBOARD_ITEMS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "sellerdash/index.html",
        {
            "seller": seller,
            "products": page.object_list,
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": page.has_other_pages(),
            "todo": selectors.shop_todo(seller=seller),
            "product_filter": product_filter,
            "FILTER_OUT_OF_STOCK": selectors.FILTER_OUT_OF_STOCK,
            "FILTER_MODERATED": selectors.FILTER_MODERATED,
            "TODO_SHIP": TODO_SHIP,
            "TODO_COD": TODO_COD,
        },
    )


@seller_view
def product_create(request, seller):
    """Two steps without JavaScript: choose the type, whose attributes then
    appear as fields; a POST names its type again (hidden field)."""
    chooser = ProductClassSelectForm(
        request.POST if request.method == "POST" else (request.GET or None)
    )
    if not chooser.is_valid():
        return render(
            request,
            "sellerdash/product_class_select.html",
            {"seller": seller, "form": chooser},
        )
    product_class = chooser.cleaned_data["product_class"]
    form = ProductForm(
        product_class, data=request.POST or None, creating=True, seller=seller
    )
    # Not `required` in the page: a product sold in variants has no price or
    # stock of its own, and the browser would refuse to send the form.
    stock_form = StockForm(
        request.POST or None, prefix="stock", use_required_attribute=False
    )
    if request.method == "POST" and form.is_valid():
        variants = form.cleaned_data["has_variants"]
        if variants or stock_form.is_valid():
            stock = {} if variants else stock_form.cleaned_data
            try:
                product = seller_product_create(
                    seller=seller,
                    product_class=product_class,
                    data=form.cleaned_data,
                    categories=form.cleaned_data["categories"],
                    materials=form.cleaned_data["materials"],
                    attributes=form.attribute_values(),
                    variants=variants,
                    price=stock.get("price"),
                    num_in_stock=stock.get("num_in_stock"),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Product created, not yet published."))
                return redirect("sellerdash:product-edit", pk=product.pk)
    return render(
        request,
        "sellerdash/product_form.html",
        {
            "seller": seller,
            "product_class": product_class,
            "form": form,
            "stock_form": stock_form,
        },
    )


def _product_page(request, seller, product, *, form, stock_form, variant_form=None):
    return render(
        request,
        "sellerdash/product_edit.html",
        {
            "seller": seller,
            "product": product,
            "form": form,
            "stock_form": stock_form,
            "variants": selectors.product_variants(product=product),
            "variant_form": variant_form
            or (VariantForm(product, prefix="variant") if product.is_parent else None),
            "photos": selectors.photo_orders(images=list(product.images.all())),
            "photo_form": ProductPhotoForm(),
        },
    )


def _stock_form(request, seller, product):
    if product.is_parent:
        return None
    record = product.stockrecords.filter(partner=seller.partner).first()
    initial = (
        {"price": record.price, "num_in_stock": record.num_in_stock} if record else None
    )
    return StockForm(request.POST or None, prefix="stock", initial=initial)


@seller_view
def product_edit(request, seller, pk):
    product = _own(selectors.seller_product, seller=seller, pk=pk)
    form = ProductForm(
        product.get_product_class(),
        data=request.POST or None,
        instance=product,
        creating=False,
    )
    stock_form = _stock_form(request, seller, product)
    if request.method == "POST" and form.is_valid():
        if stock_form is None or stock_form.is_valid():
            stock = stock_form.cleaned_data if stock_form is not None else {}
            try:
                seller_product_update(
                    product=product,
                    data=form.cleaned_data,
                    categories=form.cleaned_data["categories"],
                    materials=form.cleaned_data["materials"],
                    attributes=form.attribute_values(),
                    price=stock.get("price"),
                    num_in_stock=stock.get("num_in_stock"),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Product saved."))
                return redirect("sellerdash:product-edit", pk=product.pk)
        # The form wrote the refused values onto the instance: show the saved ones.
        product = _own(selectors.seller_product, seller=seller, pk=pk)
    return _product_page(request, seller, product, form=form, stock_form=stock_form)


@require_POST
@seller_view
def product_publish(request, seller, pk):
    product = _own(selectors.seller_product, seller=seller, pk=pk)
    try:
        catalogue.product_publish(product=product)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Product published."))
    return redirect("sellerdash:product-edit", pk=product.pk)


@require_POST
@seller_view
def product_unpublish(request, seller, pk):
    product = _own(selectors.seller_product, seller=seller, pk=pk)
    catalogue.product_unpublish(product=product)
    messages.success(request, _("Product unpublished."))
    return redirect("sellerdash:product-edit", pk=product.pk)


@require_POST
@seller_view
def variant_create(request, seller, pk):
    product = _own(selectors.seller_product, seller=seller, pk=pk)
    if not product.is_parent:
        messages.error(request, _("This product is not sold in variants."))
        return redirect("sellerdash:product-edit", pk=product.pk)
    form = VariantForm(product, data=request.POST, prefix="variant")
    if form.is_valid():
        try:
            catalogue.variant_create(
                parent=product,
                title=form.cleaned_data["title"],
                price=form.cleaned_data["price"],
                num_in_stock=form.cleaned_data["num_in_stock"],
                attributes=form.attribute_values(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Variant added."))
            return redirect("sellerdash:product-edit", pk=product.pk)
    messages.error(request, _("The variant was not added: check its fields."))
    return _product_page(
        request,
        seller,
        product,
        form=ProductForm(
            product.get_product_class(),
            instance=product,
            creating=False,
            seller=seller,
        ),
        stock_form=None,
        variant_form=form,
    )


@seller_view
def variant_edit(request, seller, pk):
    variant = _own(selectors.seller_variant, seller=seller, pk=pk)
    parent = variant.parent
    form = VariantForm(
        parent, data=request.POST or None, instance=variant, with_stock=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            catalogue.variant_update(
                variant=variant,
                title=form.cleaned_data["title"],
                is_public=form.cleaned_data["is_public"],
                attributes=form.attribute_values(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Variant saved."))
            return redirect("sellerdash:product-edit", pk=parent.pk)
    return render(
        request,
        "sellerdash/variant_form.html",
        {
            "seller": seller,
            "product": parent,
            "variant": variant,
            "form": form,
            "records": variant.stockrecords.filter(partner=seller.partner),
        },
    )


@seller_view
def stock_edit(request, seller, pk):
    record = _own(selectors.seller_stockrecord, seller=seller, pk=pk)
    form = StockForm(
        request.POST or None,
        initial={"price": record.price, "num_in_stock": record.num_in_stock},
    )
    if request.method == "POST" and form.is_valid():
        catalogue.stockrecord_set(
            product=record.product,
            price=form.cleaned_data["price"],
            num_in_stock=form.cleaned_data["num_in_stock"],
        )
        messages.success(request, _("Price and stock saved."))
        parent = record.product.parent_id or record.product.pk
        return redirect("sellerdash:product-edit", pk=parent)
    return render(
        request,
        "sellerdash/stock_form.html",
        {"seller": seller, "record": record, "form": form},
    )


@seller_view
def image_upload(request, seller, pk):
    product = _own(selectors.seller_product, seller=seller, pk=pk)
    form = ProductPhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        catalogue.product_image_add(
            product=product,
            photo=form.cleaned_data["photo"],
            caption=form.cleaned_data["caption"],
        )
        messages.success(request, _("Photo added."))
        return redirect("sellerdash:product-edit", pk=product.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "sellerdash/image_form.html",
        {"seller": seller, "product": product, "photo_form": form},
        status=status,
    )


@require_POST
@seller_view
def image_delete(request, seller, pk):
    image = _own(selectors.seller_image, seller=seller, pk=pk)
    product_pk = image.product_id
    catalogue.product_image_delete(image=image)
    messages.success(request, _("Photo deleted."))
    return redirect("sellerdash:product-edit", pk=product_pk)


@require_POST
@seller_view
def images_reorder(request, seller, pk):
    product = _own(selectors.seller_product, seller=seller, pk=pk)
    ids = [int(v) for v in request.POST.getlist("image") if v.isdigit()]
    catalogue.product_images_reorder(product=product, image_ids=ids)
    messages.success(request, _("Photo order saved."))
    return redirect("sellerdash:product-edit", pk=product.pk)


@seller_view
def storefront_edit(request, seller):
    form = StorefrontForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "story": seller.story,
            "shipping_flat_rate": seller.shipping_flat_rate,
            "free_shipping_threshold": seller.free_shipping_threshold,
            "return_window_days": seller.return_window_days,
            "made_to_order_returnable": seller.made_to_order_returnable,
        },
    )
    if request.method == "POST" and form.is_valid():
        seller_storefront_update(seller=seller, **form.cleaned_data)
        messages.success(request, _("Storefront saved."))
        return redirect("sellerdash:storefront")
    return render(
        request, "sellerdash/storefront_form.html", {"seller": seller, "form": form}
    )


def _moderator_only(request) -> None:
    """Marketplace staff and chamber staff; anyone else is told nothing (404)."""
    if not (request.user.is_staff or request.user.chambers.exists()):
        raise Http404


@login_required
def moderation_list(request):
    """The moderated products the user may lift (staff: all; a chamber: its
    region's), each linking to its moderation page."""
    _moderator_only(request)
    return render(
        request,
        "sellerdash/moderation_list.html",
        {"products": selectors.products_moderated_for(user=request.user)[:200]},
    )


def _moderated_product(request, pk):
    product = get_object_or_404(
        Product.objects.select_related("seller", "moderated_by"),
        pk=pk,
        parent__isnull=True,
    )
    if not catalogue.user_can_moderate(user=request.user, product=product):
        raise PermissionDenied
    return product


@login_required
def product_moderate(request, pk):
    """Staff, or the chamber of the seller's region, unpublish with a reason,
    and lift it here too (the moderation notes link to this page)."""
    product = _moderated_product(request, pk)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        catalogue.product_moderate(
            product=product, moderator=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Product unpublished; the seller sees why."))
        return redirect("sellerdash:moderate", pk=product.pk)
    return render(
        request, "sellerdash/moderate.html", {"product": product, "form": form}
    )


@require_POST
@login_required
def product_moderation_lift(request, pk):
    """Lift the moderation: the seller may publish the product again."""
    product = _moderated_product(request, pk)
    if product.is_moderated:
        catalogue.product_moderation_lift(product=product, moderator=request.user)
        messages.success(
            request, _("Moderation lifted: the seller may publish it again.")
        )
    return redirect("sellerdash:moderate", pk=product.pk)


# The rejected lines a result page lists; the downloadable report has them all.
PROBLEMS_SHOWN = 1000


@seller_view
def catalogue_file(request, seller):
    """Upload a catalogue file (and its photos): checked first by default."""
    form = CatalogueFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        photos = form.cleaned_data["photos"]
        try:
            record = catalogue_import_start(
                seller=seller,
                user=request.user,
                csv_file=upload.file,
                file_name=upload.name,
                zip_file=photos.file if photos else None,
                dry_run=form.cleaned_data["dry_run"],
            )
        except CatalogueFileError as error:
            form.add_error(None, str(error))
        else:
            return redirect("sellerdash:catalogue-import", pk=record.pk)
    return render(
        request,
        "sellerdash/catalogue_file.html",
        {
            "seller": seller,
            "form": form,
            "imports": seller.catalogue_imports.all()[:10],
        },
        status=400 if form.errors else 200,
    )


# A page still importing asks to be read again this many seconds later.
IMPORT_REFRESH_SECONDS = 3


@seller_view
def catalogue_import(request, seller, pk):
    """An import's status: its progress while it runs (the page refreshes
    itself), then its counts and its rejected lines, or why it failed."""
    record = _own(selectors.seller_catalogue_import, seller=seller, pk=pk)
    return render(
        request,
        "sellerdash/catalogue_import.html",
        {
            "seller": seller,
            "record": record,
            "progress": selectors.catalogue_import_progress(record=record),
            "refresh_seconds": IMPORT_REFRESH_SECONDS,
            "problems": list(
                selectors.catalogue_import_problems(record=record, limit=PROBLEMS_SHOWN)
            ),
            "problems_shown": PROBLEMS_SHOWN,
            "form": CatalogueFileForm(initial={"dry_run": False}),
        },
    )


@seller_view
def catalogue_import_report(request, seller, pk):
    record = _own(selectors.seller_catalogue_import, seller=seller, pk=pk)
    response = HttpResponse(record.report, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="import-{record.pk}-report.csv"'
    )
    return response


@seller_view
def catalogue_export(request, seller):
    """The whole catalogue in the import's format, streamed."""
    response = StreamingHttpResponse(
        catalogue_export_lines(seller=seller), content_type="text/csv; charset=utf-8"
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="catalogue-{seller.slug}-{day}.csv"'
    )
    return response


@require_POST
@seller_view(owner_only=True)
def publication(request, seller):
    """The owner agrees to the shop's publication, or withdraws it (law 09-08:
    the name and photos are the owner's personal data; members cannot)."""
    consent = request.POST.get("consent") == "yes"
    seller_publication_set(seller=seller, user=request.user, consent=consent)
    if consent:
        messages.success(request, _("Your shop is published."))
    else:
        messages.info(request, _("Your shop is no longer shown to shoppers."))
    return redirect("sellerdash:storefront")
