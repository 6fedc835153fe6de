"""The home page, rendered, costs the same SQL queries whatever the number of
products, shops, fairs and collections its blocks show."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.models import RegionalCollectionPage
from tests.integration.cms import factories as f

pytestmark = pytest.mark.django_db


def home_with(tree, *, n: int):
    sellers = [f.seller(region_obj=tree.region_a) for _ in range(n)]
    products = [f.product(seller_obj=sellers[i % n]) for i in range(2 * n)]
    for i in range(n):
        f.fair(parent=tree.page_a, title=f"Salon {n}-{i}", region=tree.region_a)
        collection = RegionalCollectionPage(
            title=f"Collection {n}-{i}", region=tree.region_a
        )
        tree.page_a.add_child(instance=collection)
        f.publish(collection)
    tree.home.body = [
        {"type": "hero", "value": {"title": "Fait main", "text": "", "link_url": ""}},
        {
            "type": "featured_products",
            "value": {"title": "Coups de cœur", "products": [p.pk for p in products]},
        },
        {
            "type": "featured_shops",
            "value": {"title": "Ateliers", "sellers": [s.pk for s in sellers]},
        },
        {"type": "upcoming_fairs", "value": {"title": "Salons", "count": 12}},
        {
            "type": "regional_collections",
            "value": {"title": "Collections", "collections": [], "count": 12},
        },
    ]
    f.publish(tree.home)
    return products


def home_queries(tree) -> tuple[int, str]:
    client = Client()
    f.page_get(client, tree.home)
    with CaptureQueriesContext(connection) as ctx:
        response = f.page_get(client, tree.home)
    count = len(ctx.captured_queries)
    assert response.status_code == 200
    return count, response.content.decode()


def test_the_home_page_costs_the_same_queries_whatever_its_blocks_show(tree):
    home_with(tree, n=1)
    small, _ = home_queries(tree)
    home_with(tree, n=4)
    large, html = home_queries(tree)
    assert html.count("product-card") == 8
    assert html.count("Salon 4-") == 4 and html.count("Collection 4-") == 4
    assert small == large, (small, large)
