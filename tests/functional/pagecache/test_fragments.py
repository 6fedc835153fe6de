"""Issue 14: the product cards of a rendered page are kept as fragments, keyed
by the product's (and its seller's) version and the language; a page rendered
after a write renders only the cards of what was written, and costs the same
SQL queries whether its cards were kept or rendered. The crafts menu is kept
too, whole page cached or not. The whole-page cache is off here:
this is the rendered path."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.pagecache.pages import pages_forget_tags, product_tag
from tests.cached_pages import cached_pages_on
from tests.integration.catalogue import factories as f

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
CARD = "catalogue/partials/product_card.html"


@pytest.fixture(autouse=True)
def _fragments_on(settings):
    yield from cached_pages_on(settings, page_seconds=0, part_seconds=600)


@pytest.fixture
def grid(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seller = f.seller(name="Atelier Tifawin")
        other = f.seller(name="Poterie Zellij")
        craft = Category.add_root(name="Tapis")
        products = [
            f.product(seller_obj=seller if n % 2 else other, title=f"Tapis {n}")
            for n in range(6)
        ]
        for product in products:
            product.categories.add(craft)
    urls = {
        "catalogue": reverse("catalogue:index"),
        "craft": craft.get_absolute_url(),
        "shop": seller.get_absolute_url(),
        "search": reverse("search:search") + "?q=tapis",
    }
    return products, urls


def cards_rendered(url) -> int:
    seen = []

    def count(sender, template, **kwargs):
        if template.name == CARD:
            seen.append(template)

    template_rendered.connect(count)
    try:
        assert Client().get(url).status_code == 200
    finally:
        template_rendered.disconnect(count)
    return len(seen)


def test_a_second_rendering_reuses_every_card(grid):
    _products, urls = grid
    for name, url in urls.items():
        cache.clear()
        assert cards_rendered(url) > 0, name
        assert cards_rendered(url) == 0, name


def test_pages_share_the_cards_they_both_show(grid):
    _products, urls = grid
    assert cards_rendered(urls["catalogue"]) == 6
    assert cards_rendered(urls["craft"]) == 0


def test_after_a_write_only_the_written_products_card_is_rendered(grid):
    products, urls = grid
    for url in urls.values():
        cards_rendered(url)
    record = products[1].stockrecords.get()
    record.price = Decimal("321.00")
    record.save()
    assert cards_rendered(urls["catalogue"]) == 1
    # The shop's page shows the card the catalogue just rendered afresh.
    assert cards_rendered(urls["shop"]) == 0
    for url in (urls["catalogue"], urls["shop"]):
        assert "321,00" in Client().get(url).content.decode()


def test_a_card_kept_lower_in_one_grid_loads_at_once_at_the_top_of_another(grid):
    """One fragment per product whatever its place: the catalogue's last
    cards (lazy photos) are the shop's first (photos fetched at once)."""
    products, urls = grid
    for product in products:
        f.image(product_obj=product)
    cache.clear()
    catalogue = Client().get(urls["catalogue"]).content.decode()
    assert catalogue.count('loading="eager" fetchpriority="high"') == 2
    assert catalogue.count('loading="eager"') == 4
    assert catalogue.count('loading="lazy" decoding="async"') == 2
    assert cards_rendered(urls["shop"]) == 0
    shop = Client().get(urls["shop"]).content.decode()
    assert shop.count('loading="eager" fetchpriority="high"') == 2
    assert shop.count('loading="eager"') == 3
    assert shop.count('loading="lazy"') == 0


def test_a_card_is_kept_per_language(grid):
    _products, urls = grid
    english = urls["catalogue"].replace("/fr/", "/en/", 1)
    cards_rendered(urls["catalogue"])
    assert cards_rendered(english) == 6
    assert 'href="/en/' in Client().get(english).content.decode()


def test_a_shop_rename_renders_its_cards_again(grid):
    products, urls = grid
    cards_rendered(urls["catalogue"])
    seller = products[1].seller
    seller.name = "Atelier Tifawin et filles"
    seller.save()
    assert cards_rendered(urls["catalogue"]) == 3  # its three products
    assert (
        "Atelier Tifawin et filles" in Client().get(urls["catalogue"]).content.decode()
    )


# What a grid's cards cost when some are not kept: their rows (price, seller,
# region) and their photos, two queries whatever their number.
CARD_ROWS = 2
# What a list page's kept cards also spare (their part is kept whole with the
# versions of the list and of each card): the cards' product and shop ids,
# and the list's page of ids (the search index's answer is a fragment of its
# own, kept by the list's version: not read again when only cards moved).
LIST_READS = {"catalogue": 2, "craft": 2, "shop": 2, "search": 1}


def kept_and_rendered(url, products) -> tuple[int, int]:
    """Queries of the page with every card kept, then with none kept."""
    # Warm what is kept (cards, counts, crafts menu, facets); a product page's
    # row is kept from its second rendering (its seller's tag known then).
    Client().get(url)
    Client().get(url)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        counts.append(len(queries))
        # Every product written: the next rendering renders every card again.
        pages_forget_tags([product_tag(product.pk) for product in products])
    return counts[0], counts[1]


@pytest.mark.parametrize("page", ["catalogue", "craft", "shop", "search", "product"])
def test_kept_cards_read_no_row_and_the_queries_do_not_grow_with_the_grid(
    grid, page, django_capture_on_commit_callbacks
):
    products, urls = grid
    url = products[0].get_absolute_url() if page == "product" else urls[page]
    kept, rendered = kept_and_rendered(url, products)
    # Twice the products in every grid (same shop, same craft, same words).
    with django_capture_on_commit_callbacks(execute=True):
        more = [
            f.product(seller_obj=products[n % 2].seller, title=f"Tapis {n + 6}")
            for n in range(6)
        ]
        for product in more:
            product.categories.add(*products[0].categories.all())
    assert kept_and_rendered(url, products + more) == (kept, rendered)
    if page == "product":
        # No grid; its body, kept by the product's version, is read afresh.
        assert rendered > kept, (kept, rendered)
    else:
        assert rendered == kept + LIST_READS[page] + CARD_ROWS, (kept, rendered)


def test_the_crafts_menu_is_kept_between_renderings(grid, settings):
    _products, urls = grid
    counts = {}
    for seconds in (0, 600):
        settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = seconds
        Client().get(urls["catalogue"])
        with CaptureQueriesContext(connection) as queries:
            Client().get(urls["catalogue"])
        counts[seconds] = len(queries)
    assert counts[600] < counts[0], counts
