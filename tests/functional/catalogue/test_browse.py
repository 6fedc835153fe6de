"""The catalogue list and category pages, read from the database."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from artisans.models import Seller
from tests.integration.catalogue import factories as f

Material = get_model("catalogue", "Material")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")

pytestmark = pytest.mark.django_db


def _titles(response):
    return [p.title for p in response.context["products"]]


def test_catalogue_lists_verified_sellers_public_products(client):
    good = f.seller()
    pending = f.seller(status=Seller.Status.PENDING)
    shown = f.product(seller_obj=good, title="Tapis visible")
    f.product(seller_obj=pending, title="Tapis en attente")
    f.product(seller_obj=good, title="Tapis caché", is_public=False)
    response = client.get(reverse("catalogue:index"))
    assert response.status_code == 200
    assert _titles(response) == [shown.title]
    assert shown.get_absolute_url() in response.content.decode()


def test_craft_filter_includes_sub_crafts(client):
    seller = f.seller()
    textile = create_from_breadcrumbs("Textile")
    carpet = create_from_breadcrumbs("Textile > Tapis")
    other = create_from_breadcrumbs("Poterie")
    in_child = f.product(seller_obj=seller, title="Tapis berbère")
    in_other = f.product(seller_obj=seller, title="Tajine")
    ProductCategory.objects.create(product=in_child, category=carpet)
    ProductCategory.objects.create(product=in_child, category=textile)
    ProductCategory.objects.create(product=in_other, category=other)
    response = client.get(reverse("catalogue:index"), {"craft": textile.pk})
    assert _titles(response) == ["Tapis berbère"]  # once, though in two crafts
    response = client.get(textile.get_absolute_url())
    assert _titles(response) == ["Tapis berbère"]
    response = client.get(other.get_absolute_url())
    assert _titles(response) == ["Tajine"]


def test_region_material_seller_and_availability_filters(client):
    north = f.region(code="01", name="Tanger")
    south = f.region(code="09", name="Souss")
    a = f.seller(region_obj=north)
    b = f.seller(region_obj=south)
    wool = Material.objects.create(name="Laine test", slug="laine-test")
    woolly = f.product(seller_obj=a, title="Couverture", made_to_order=True)
    woolly.materials.add(wool)
    f.product(seller_obj=b, title="Plateau")
    url = reverse("catalogue:index")
    assert _titles(client.get(url, {"region": south.slug})) == ["Plateau"]
    assert _titles(client.get(url, {"material": "laine-test"})) == ["Couverture"]
    assert _titles(client.get(url, {"seller": a.slug})) == ["Couverture"]
    assert _titles(client.get(url, {"availability": "made_to_order"})) == ["Couverture"]
    assert _titles(client.get(url, {"availability": "ready_to_ship"})) == ["Plateau"]


def test_price_range_uses_childrens_prices_for_a_parent(client):
    seller = f.seller()
    f.product(seller_obj=seller, title="Cheap", price=Decimal("50"))
    f.product(seller_obj=seller, title="Parent", price=Decimal("300"), variants=3)
    f.product(seller_obj=seller, title="Dear", price=Decimal("900"))
    url = reverse("catalogue:index")
    # The parent's children cost 300, 301, 302: its price is the lowest.
    response = client.get(url, {"price_min": "100", "price_max": "500"})
    assert _titles(response) == ["Parent"]
    assert "300,00" in response.content.decode()


def test_sorting_by_price_and_popularity(client):
    seller = f.seller()
    f.product(seller_obj=seller, title="B", price=Decimal("200"), popularity=1)
    f.product(seller_obj=seller, title="A", price=Decimal("100"), popularity=9)
    f.product(seller_obj=seller, title="C", price=Decimal("300"), popularity=5)
    url = reverse("catalogue:index")
    assert _titles(client.get(url, {"sort": "price-asc"})) == ["A", "B", "C"]
    assert _titles(client.get(url, {"sort": "price-desc"})) == ["C", "B", "A"]
    assert _titles(client.get(url, {"sort": "popularity"})) == ["A", "C", "B"]
    assert _titles(client.get(url, {"sort": "newest"})) == ["C", "A", "B"]


def test_invalid_filter_values_are_ignored_not_an_error(client):
    f.product(seller_obj=f.seller(), title="Tapis")
    response = client.get(
        reverse("catalogue:index"),
        {"price_min": "abc", "sort": "nope", "region": "mars", "craft": "x"},
    )
    assert response.status_code == 200
    assert _titles(response) == ["Tapis"]


def test_pagination_keeps_the_filters(client, settings):
    settings.OSCAR_PRODUCTS_PER_PAGE = 2
    seller = f.seller()
    for n in range(5):
        f.product(seller_obj=seller, title=f"T{n}")
    response = client.get(reverse("catalogue:index"), {"sort": "price-asc"})
    assert len(response.context["products"]) == 2
    assert "sort=price-asc&amp;page=2" in response.content.decode()
    response = client.get(reverse("catalogue:index"), {"page": 3})
    assert len(response.context["products"]) == 1


def _count_queries(client, url, params=None):
    client.get(url, params)  # warm caches (facets, thumbnails' key-value store)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("variants", [0, 5])
def test_list_queries_do_not_grow_with_page_size_or_variants(
    client, settings, variants
):
    seller = f.seller()
    category = create_from_breadcrumbs("Textile")
    for n in range(24):
        item = f.product(seller_obj=seller, variants=variants, title=f"P{n}")
        f.image(product_obj=item)
        ProductCategory.objects.create(product=item, category=category)
    counts = {}
    for page_size in (4, 24):
        settings.OSCAR_PRODUCTS_PER_PAGE = page_size
        counts[("list", page_size)] = _count_queries(
            client, reverse("catalogue:index"), {"sort": "price-asc"}
        )
        counts[("category", page_size)] = _count_queries(
            client, category.get_absolute_url()
        )
    assert counts[("list", 4)] == counts[("list", 24)], counts
    assert counts[("category", 4)] == counts[("category", 24)], counts
    assert counts[("list", 24)] <= 8, counts


def test_list_queries_are_the_same_with_and_without_variants(client):
    seller = f.seller()
    for n in range(6):
        f.product(seller_obj=seller, title=f"S{n}")
    plain = _count_queries(client, reverse("catalogue:index"))
    for n in range(6):
        f.product(seller_obj=seller, variants=5, title=f"V{n}")
    with_variants = _count_queries(client, reverse("catalogue:index"))
    assert plain == with_variants


def test_product_lists_serve_thumbnails_never_the_original(client):
    item = f.product(seller_obj=f.seller())
    photo = f.image(product_obj=item)
    html = client.get(reverse("catalogue:index")).content.decode()
    assert photo.original.url not in html
    assert 'type="image/webp"' in html and ".webp" in html
    assert "<picture>" in html


def test_any_product_grid_costs_the_same_queries_whatever_its_length(rf):
    """The grid partial (used by storefronts and CMS blocks) never goes N+1."""
    from django.template.loader import render_to_string

    seller = f.seller()
    products = []
    for n in range(12):
        item = f.product(seller_obj=seller, variants=n % 3, title=f"G{n}")
        f.image(product_obj=item)
        products.append(item)
    counts = []
    for size in (2, 12):
        plain = list(Product.objects.filter(pk__in=[p.pk for p in products[:size]]))
        render_to_string(  # warm the thumbnails
            "catalogue/partials/product_grid.html", {"products": plain}, rf.get("/")
        )
        plain = list(Product.objects.filter(pk__in=[p.pk for p in products[:size]]))
        with CaptureQueriesContext(connection) as ctx:
            html = render_to_string(
                "catalogue/partials/product_grid.html",
                {"products": plain},
                rf.get("/"),
            )
        counts.append(len(ctx.captured_queries))
        assert html.count("product-card") == size
        assert seller.name in html
    assert counts[0] == counts[1] <= 3, counts


def test_an_unfetched_queryset_grid_reads_only_ids_of_it(rf):
    from django.template.loader import render_to_string

    seller = f.seller()
    for n in range(5):
        f.product(seller_obj=seller, title=f"Q{n}")
    queryset = (
        Product.objects.browsable()
        .filter(seller=seller)
        .base_queryset()
        .order_by("title")[:3]
    )
    with CaptureQueriesContext(connection) as ctx:
        html = render_to_string(
            "catalogue/partials/product_grid.html", {"products": queryset}, rf.get("/")
        )
    assert html.count("product-card") == 3
    assert html.index("Q0") < html.index("Q1") < html.index("Q2")
    assert len(ctx.captured_queries) <= 3, [q["sql"] for q in ctx.captured_queries]
