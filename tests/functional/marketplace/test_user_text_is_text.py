"""Text that sellers and shoppers type reaches every page as text, never markup.

A seller's description, rich-text attribute, storefront story or a shopper's
review holding `<script>`, an `<img onerror>` or a `javascript:` link shows
those characters to the reader and runs nothing, in the page as rendered and
as the anonymous page cache serves it again. The HTML is parsed, as a browser
would, rather than searched for strings.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse
from oscar.core.loading import get_model

from tests.functional.marketplace.html_checks import assert_no_markup_from
from tests.integration.catalogue import factories as f

ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductReview = get_model("reviews", "ProductReview")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

pytestmark = pytest.mark.django_db

MARKER = "xss4711"
PAYLOADS = (
    f"<script>alert('{MARKER}')</script>",
    f"<img src=x onerror=alert('{MARKER}')>",
    f"<a href=\"javascript:alert('{MARKER}')\">clic</a>",
    f"<svg onload=alert('{MARKER}')>",
)
TYPED = "Laine de mouton.\n" + "\n".join(PAYLOADS)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _page(client, url, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.content.decode()


def _shows_as_text(html: str) -> None:
    page = assert_no_markup_from(html, MARKER)
    for payload in PAYLOADS:
        assert payload in page.text, payload  # the reader sees what was typed


def test_seller_description_shows_as_text_on_the_product_page(client):
    item = f.product(seller_obj=f.seller(), description=TYPED)
    _shows_as_text(_page(client, item.get_absolute_url()))


def test_seller_description_shows_as_text_from_the_page_cache(client, settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    item = f.product(seller_obj=f.seller(), description=TYPED)
    url = item.get_absolute_url()
    _page(client, url)
    client.cookies.clear()
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    _shows_as_text(response.content.decode())


def test_description_keeps_its_line_breaks(client):
    item = f.product(seller_obj=f.seller(), description="Première ligne\nSeconde")
    html = _page(client, item.get_absolute_url())
    assert "Première ligne<br>Seconde" in html


def test_richtext_attribute_shows_as_text(client):
    item = f.product(seller_obj=f.seller())
    ProductAttribute.objects.create(
        product_class=item.product_class,
        name="Histoire",
        code="histoire",
        type=ProductAttribute.RICHTEXT,
    )
    item.attr.histoire = TYPED
    item.attr.save()
    value = item.get_attribute_values().get(attribute__code="histoire")
    assert "&lt;script&gt;" in str(value.value_as_html)
    _shows_as_text(_page(client, item.get_absolute_url()))


def test_storefront_story_and_shop_name_show_as_text(client, settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    seller = f.seller(name=f"<script>alert('{MARKER}')</script>")
    seller.story = TYPED
    seller.save()
    f.product(seller_obj=seller, title=f"<img src=x onerror=alert('{MARKER}')>")
    url = seller.get_absolute_url()
    _shows_as_text(_page(client, url))
    client.cookies.clear()
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    _shows_as_text(response.content.decode())


def test_product_title_shows_as_text_in_the_catalogue(client):
    f.product(seller_obj=f.seller(), title=f"<img src=x onerror=alert('{MARKER}')>")
    page = assert_no_markup_from(_page(client, reverse("catalogue:index")), MARKER)
    assert f"<img src=x onerror=alert('{MARKER}')>" in page.text


def test_product_title_shows_as_text_from_a_kept_card(client, settings):
    """Cards kept as fragments between renderings: the title stays text
    when the card is made and when it comes back from the cache."""
    settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    f.product(seller_obj=f.seller(), title=f"<img src=x onerror=alert('{MARKER}')>")
    for _made_then_kept in range(2):
        html = _page(client, reverse("catalogue:index"))
        page = assert_no_markup_from(html, MARKER)
        assert f"<img src=x onerror=alert('{MARKER}')>" in page.text
        # The card's own markup is markup, not text shown to the shopper.
        assert any("product-card" in a.get("class", "") for _t, a in page.tags)
    cache.clear()


def test_review_runs_nothing_on_the_product_and_review_pages(client):
    item = f.product(seller_obj=f.seller())
    for payload in PAYLOADS[:3]:  # the product page shows three reviews
        ProductReview.objects.create(
            product=item,
            user=f.user(),
            score=4,
            title=payload[:255],
            body=TYPED,
            status=ProductReview.APPROVED,
        )
    page = assert_no_markup_from(_page(client, item.get_absolute_url()), MARKER)
    assert PAYLOADS[0] in page.text and PAYLOADS[1] in page.text
    for review in item.reviews.all():
        assert_no_markup_from(_page(client, review.get_absolute_url()), MARKER)


def test_staff_category_description_keeps_formatting_but_no_script(client):
    category = Category.add_root(
        name="Tapis",
        slug="tapis-xss",
        description=("<p>Tissés <strong>à la main</strong>.</p>" + "".join(PAYLOADS)),
    )
    ProductCategory.objects.create(
        product=f.product(seller_obj=f.seller()), category=category
    )
    html = _page(client, category.get_absolute_url())
    page = assert_no_markup_from(html, MARKER)
    assert ("strong", {}) in page.tags  # the staff's formatting is kept
