"""The catalogue's public pages, read from the database.

Oscar 4 browses through Haystack; with the embedded simple backend its list
shows nothing. These views replace Oscar's `CatalogueView` and
`ProductCategoryView` (found first by `get_class("catalogue.views", …)`) with
database queries that cost a fixed number of SQL queries per page.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView
from oscar.apps.catalogue.views import ProductDetailView as CoreProductDetailView
from oscar.core.loading import get_class, get_model

from artisans.selectors import seller_queryset_public
from marketplace.pagecache.pages import (
    LIST_ALL,
    AnonymousPageCacheMixin,
    count_kept,
    fragment_kept,
    list_category_tag,
    list_seller_tag,
    page_shows,
    product_tag,
    row_kept,
    seller_tag,
)
from marketplace.translated import pick

from .forms import BrowseForm
from .selectors import (
    DEFAULT_SORT,
    BrowseFilters,
    product_cards_for_ids,
    product_list_browse,
    product_list_page,
    product_page_queryset,
    product_queryset_public,
)

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
CustomerHistoryManager = get_class("customer.history", "CustomerHistoryManager")


class LazyIds:
    """A list's query of product ids, built only when a page reads it.

    A list page's cards, count and pagination are kept between renderings
    (`{% keptpart %}` in catalogue/browse.html and the storefront): when
    they are served kept, the query is never built nor run. Sliced by the
    paginator, it gives its page's ids, read on first use.
    """

    ordered = True  # the query always orders (Paginator's warning)

    def __init__(self, make, page=None):
        self._make = make
        # page(queryset, index) -> the ids of queryset[index], if not sliced
        self.page = page

    @cached_property
    def queryset(self):
        return self._make()

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self.queryset[index]
        return _LazySlice(self, index)


class _LazySlice:
    def __init__(self, ids: LazyIds, index: slice):
        self._ids = ids
        self._index = index

    def __iter__(self):
        if self._ids.page is not None:
            return iter(self._ids.page(self._ids.queryset, self._index))
        return iter(self._ids.queryset[self._index])


class ProductCardPaginator(Paginator):
    """Pages a query of product ids; each page fetches only its own cards.

    Its count stops at `CATALOGUE_LIST_PAGES_MAX` pages (`capped` then), so
    counting and the deepest page cost the same at 10,000 products or
    100,000: a count reads every row it counts. The count is kept between
    renderings, keyed by what the list is (`count_parts`: its filters, when
    the view gives them) and the versions of the list it counts
    (`count_tags`: `marketplace.pagecache.pages.fragment_kept`, or
    `count_kept` keyed by the query).
    """

    def __init__(
        self, *args, count_tags: tuple[str, ...] = (), count_parts=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.count_tags = count_tags
        self.count_parts = count_parts
        self.count_max = self.per_page * settings.CATALOGUE_LIST_PAGES_MAX

    def _up_to(self, limit: int):
        """The list's query, unordered, stopped after `limit` rows."""
        ids = self.object_list
        query = ids.queryset if isinstance(ids, LazyIds) else ids
        return query.order_by()[:limit]

    @cached_property
    def count_found(self) -> int:
        """The list's length, up to one more than `count_max` (which tells a
        list of exactly `count_max` products from a longer one)."""
        limit = self.count_max + 1
        if self.count_parts is None:
            return count_kept(self._up_to(limit), tags=self.count_tags)
        # What counting it costs is a scan of the list's rows (up to the
        # cap); what changes it moves one of its versions.
        return fragment_kept(
            "list-count",
            (*self.count_parts, limit),
            tags=self.count_tags,
            make=lambda: self._up_to(limit).count(),
        )

    @cached_property
    def count(self) -> int:
        return min(self.count_found, self.count_max)

    @cached_property
    def capped(self) -> bool:
        """More products than the pages show: narrow by the filters."""
        return self.count_found > self.count_max

    def _get_page(self, object_list, number, paginator):
        return Page(product_cards_for_ids(ids=object_list), number, paginator)


class CatalogueView(AnonymousPageCacheMixin, ListView):
    """Browse every product, narrowed by the filters of `BrowseForm`."""

    context_object_name = "products"
    paginator_class = ProductCardPaginator
    template_name = "catalogue/browse.html"
    with_craft_filter = True

    def get_paginate_by(self, queryset):
        return settings.OSCAR_PRODUCTS_PER_PAGE

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(
            *args, count_tags=self.list_tags, count_parts=self.count_parts, **kwargs
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            messages.error(request, _("The given page number was invalid."))
            return redirect(request.path)

    def get_category(self):
        return None

    def get_filters(self) -> BrowseFilters:
        # Built when read: by the filters' kept part when it is made, or here
        # when the query string narrows the list.
        self.form = SimpleLazyObject(
            lambda: BrowseForm(self.request.GET, with_craft=self.with_craft_filter)
        )
        if self.request.GET.keys() <= {"page"}:
            data = {"sort": DEFAULT_SORT}  # what the form cleans of nothing
        else:
            data = self.form.cleaned_or_defaults()
        category = self.get_category()
        if category is None and data.get("craft"):
            category = Category.objects.filter(pk=data["craft"]).first()
        return BrowseFilters(
            category=category,
            region_slug=data.get("region") or "",
            material_slug=data.get("material") or "",
            seller_slug=data.get("seller") or "",
            price_min=data.get("price_min"),
            price_max=data.get("price_max"),
            availability=data.get("availability") or "",
            sort=data.get("sort") or DEFAULT_SORT,
        )

    def get_queryset(self):
        filters = self.get_filters()
        # Which list this is, before it is read (marketplace/pagecache/).
        if self.get_category() is not None:
            self.list_tags = (list_category_tag(filters.category.path),)
        else:
            self.list_tags = (LIST_ALL,)
        page_shows(*self.list_tags)
        # The count depends on the filters, not on the order.
        self.count_parts = (
            "browse",
            filters.category.path if filters.category is not None else "",
            filters.region_slug,
            filters.material_slug,
            filters.seller_slug,
            str(filters.price_min),
            str(filters.price_max),
            filters.availability,
        )
        # Read only by the cards' kept part when it is made (browse.html).
        return LazyIds(
            lambda: product_list_browse(filters=filters),
            page=lambda ids, index: product_list_page(
                filters=filters, ids=ids, index=index
            ),
        )

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=self.form,
            summary=_("All products"),
            query_without_page=query.urlencode(),
            list_tags=self.list_tags,
            **kwargs,
        )


class ProductCategoryView(CatalogueView):
    """One craft and everything below it, with the same filters."""

    template_name = "catalogue/category.html"
    with_craft_filter = False

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=self.kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404()
        expected = self.category.get_absolute_url()
        if expected != request.path:
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

    def get_category(self):
        return self.category

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["summary"] = pick(self.category, "name").text
        return context


def _product_row_tags(product) -> list[str]:
    """What a product page's row shows beside the product: its seller (and
    the seller's region and registry entry, which move every page) and, for
    a variant, its parent."""
    tags = []
    if product.seller_id:
        tags.append(seller_tag(product.seller_id))
    if product.parent_id:
        tags.append(product_tag(product.parent_id))
    return tags


class ProductDetailView(AnonymousPageCacheMixin, CoreProductDetailView):
    """Oscar's product page with the seller, region and materials joined in.

    A product of a seller who is not verified is hidden like an unpublished
    one, except from staff and from the seller's own people (to preview).
    """

    template_name = "catalogue/detail.html"

    def page_cache_hit(self, request, response):
        # Receivers of product_viewed (Oscar's "recently viewed" cookie) need
        # only the product's id, which the URL gives.
        self.send_signal(request, response, Product(pk=int(self.kwargs["pk"])))

    def get_queryset(self):
        # What the page prints beside is read by its kept parts, when they
        # are rendered (catalogue/detail.html, `product_detail`).
        return product_page_queryset()

    def get_object(self, queryset=None):
        if hasattr(self, "object"):
            return self.object
        # The product's row, with its seller and parent joined, is kept
        # between renderings by their versions and the site's: a page
        # rendered again after a write elsewhere (an order, another
        # product's edit) reads no row (marketplace/pagecache/).
        return row_kept(
            "product-page",
            int(self.kwargs["pk"]),
            tags=[product_tag(self.kwargs["pk"])],
            make=lambda: super(ProductDetailView, self).get_object(queryset),
            tags_of=_product_row_tags,
        )

    def is_viewable(self, product, request):
        if not super().is_viewable(product, request):
            return False
        seller = product.seller
        if seller is not None and seller.is_public:
            return True
        user = request.user
        if user.is_staff:
            return True
        return bool(
            seller is not None
            and user.is_authenticated
            and (
                seller.owner_id == user.pk
                or seller.partner.users.filter(pk=user.pk).exists()
            )
        )


class RecentlyViewedView(TemplateView):
    """The product page's "recently viewed" block, for the requester alone.

    The product page is cached for every anonymous shopper, so it holds only
    an empty slot (oscar/customer/history/recently_viewed_products.html) that
    catalogue/recently-viewed.js fills from here after load. Read from the
    requester's own history cookie: never kept by the page cache nor by any
    shared cache.
    """

    template_name = "catalogue/partials/recently_viewed.html"

    def get_context_data(self, **kwargs):
        products = CustomerHistoryManager.viewed_products(self.request)
        current = self.request.GET.get("exclude", "")
        return super().get_context_data(
            products=[p for p in products if str(p.pk) != current], **kwargs
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Cookie"])
        return response


class StorefrontView(AnonymousPageCacheMixin, ListView):
    """A shop's public page: who they are, and their products.

    The same for every anonymous shopper: kept whole (marketplace/pagecache/).
    """

    template_name = "artisans/storefront.html"
    context_object_name = "products"
    paginate_by = 24
    paginator_class = ProductCardPaginator

    def get_queryset(self):
        self.seller = get_object_or_404(
            seller_queryset_public().select_related("region", "registry_entry"),
            slug=self.kwargs["slug"],
        )
        page_shows(seller_tag(self.seller.pk), list_seller_tag(self.seller.pk))
        self.list_tags = (list_seller_tag(self.seller.pk),)
        seller = self.seller
        # Ids only: each page reads its own cards (ProductCardPaginator), and
        # only when its kept part is made (artisans/storefront.html).
        return LazyIds(
            lambda: (
                product_queryset_public()
                .filter(seller=seller)
                .order_by("-date_created", "-pk")
                .values_list("pk", flat=True)
            )
        )

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(
            *args,
            count_tags=self.list_tags,
            count_parts=("storefront", self.seller.pk),
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            seller=self.seller,
            storefront_tags=(seller_tag(self.seller.pk), *self.list_tags),
            **kwargs,
        )
