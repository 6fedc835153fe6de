"""schema.org data as search engines read it: parsed from the page, checked
field by field against what Google's rich results require."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import (
    ProductFactory,
    StockRecordFactory,
    UserFactory,
    product_of,
    verified_seller,
)
from tests.integration.cms.factories import fair, page_get

from .pages import head_of, json_ld_of_type

ProductReview = get_model("reviews", "ProductReview")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _product_page(client, product, language="en"):
    return head_of(client.get(f"/{language}/catalogue/{product.slug}_{product.pk}/"))


def test_product_has_an_offer_in_dirhams_with_its_seller(client):
    seller = verified_seller()
    product = product_of(seller, title="Tapis Boucherouite")
    head = _product_page(client, product)
    (data,) = json_ld_of_type(head, "Product")
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Tapis Boucherouite"
    assert data["url"].endswith(f"/en/catalogue/{product.slug}_{product.pk}/")
    offer = data["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == "1250.00"
    assert offer["priceCurrency"] == "MAD"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["seller"] == {
        "@type": "Organization",
        "name": seller.name,
        "url": f"http://testserver/en/sellers/{seller.slug}/",
    }
    assert "aggregateRating" not in data and "review" not in data


def test_sold_out_product_says_so(client):
    # A product class that tracks stock (product_of's does not).
    product = ProductFactory(seller=verified_seller())
    StockRecordFactory(product=product, num_in_stock=0)
    (data,) = json_ld_of_type(_product_page(client, product), "Product")
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"


def test_reviews_give_a_rating_and_review_items(client):
    product = product_of(verified_seller())
    for score in (4, 5):
        ProductReview.objects.create(
            product=product,
            user=UserFactory(first_name="Amina", last_name="B."),
            score=score,
            title="Très beau",
            body="Couleurs fidèles.",
            status=ProductReview.APPROVED,
        )
    product.refresh_from_db()
    product.update_rating()
    (data,) = json_ld_of_type(_product_page(client, product), "Product")
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.5",
        "reviewCount": 2,
        "bestRating": "5",
        "worstRating": "1",
    }
    assert {review["reviewRating"]["ratingValue"] for review in data["review"]} == {
        "4",
        "5",
    }
    assert all(review["author"]["@type"] == "Person" for review in data["review"])


def test_breadcrumbs_run_from_home_to_the_product(client):
    product = product_of(verified_seller(), title="Tapis Boucherouite")
    (crumbs,) = json_ld_of_type(_product_page(client, product), "BreadcrumbList")
    items = crumbs["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert items[0]["item"] == "http://testserver/"
    assert items[-1]["name"] == "Tapis Boucherouite"
    assert items[-1]["item"].endswith(f"_{product.pk}/")


def test_seller_text_cannot_end_the_data_block(client):
    product = product_of(verified_seller())
    product.description = "Laine </script><script>alert('x')</script> & soie"
    product.save()
    response = client.get(f"/en/catalogue/{product.slug}_{product.pk}/")
    assert b"</script><script>alert" not in response.content
    (data,) = json_ld_of_type(head_of(response), "Product")
    assert data["description"] == "Laine alert('x') & soie"


def test_storefront_is_a_local_business(client):
    seller = verified_seller()
    seller.story = "Atelier familial de tissage depuis 1970."
    seller.save()
    path = reverse("artisans:storefront", kwargs={"slug": seller.slug})
    (data,) = json_ld_of_type(head_of(client.get(path)), "LocalBusiness")
    assert data["name"] == seller.name
    assert data["url"] == f"http://testserver{path}"
    assert data["description"] == "Atelier familial de tissage depuis 1970."
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressRegion": seller.region.name,
        "addressCountry": "MA",
    }


def test_fair_page_is_an_event_organised_by_the_chamber(client, tree):
    salon = fair(
        parent=tree.page_a, title="Salon de Marrakech", venue="Palais des congrès"
    )
    (data,) = json_ld_of_type(head_of(page_get(client, salon)), "Event")
    assert data["name"] == "Salon de Marrakech"
    assert data["startDate"] == salon.start_date.isoformat()
    assert data["endDate"] == salon.end_date.isoformat()
    assert data["location"]["name"] == "Palais des congrès"
    assert data["location"]["address"]["addressLocality"] == "Marrakech"
    assert data["organizer"] == {
        "@type": "Organization",
        "name": tree.region_a.chamber.name,
    }
