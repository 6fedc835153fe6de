"""Issue 14: the seller's product form names its crafts from one query.

Each craft is named with the crafts above it, as Oscar names a category
("Tapis > Tapis berbères"); Oscar's `full_name` reads each craft's ancestors,
a query per craft below the first level on every form the seller opens.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from tests.integration.catalogue import factories as f

Category = get_model("catalogue", "Category")

pytestmark = pytest.mark.django_db


def _crafts_read(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sql = [
        q["sql"] for q in queries if re.match(r'SELECT "catalogue_category"', q["sql"])
    ]
    return len(sql), response.content.decode()


def test_the_crafts_are_named_from_one_query_whatever_their_number(client):
    seller = f.seller()
    product = f.product(seller_obj=seller, title="Tapis Azilal")
    client.force_login(seller.owner)
    url = reverse("sellerdash:product-edit", args=[product.pk])
    rugs = Category.add_root(name="Tapis")
    rugs.add_child(name="Tapis berbères")
    few, html = _crafts_read(client, url)
    assert "Tapis &gt; Tapis berbères" in html
    pottery = Category.add_root(name="Poterie")
    for name in ("Tajines", "Plats", "Jarres"):
        pottery.add_child(name=name).add_child(name=f"{name} de Safi")
    many, html = _crafts_read(client, url)
    assert few == many, (few, many)
    assert "Poterie &gt; Jarres &gt; Jarres de Safi" in html
    assert ">Poterie<" in html or ">Poterie\n" in html or "Poterie</option>" in html
