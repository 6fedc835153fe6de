"""Builders for checkout tests: sellers, products in stock, a shopper's way
through Oscar's checkout with the test client. Real models, no mocks."""

import itertools
from decimal import Decimal

from django.test import Client, TestCase
from oscar.core.loading import get_model

from artisans.models import Seller
from tests.factories import (
    ProductClassFactory,
    ProductFactory,
    RegionFactory,
    SellerFactory,
    StockRecordFactory,
    UserFactory,
)

Country = get_model("address", "Country")

_serial = itertools.count(1)


def country_morocco():
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="MA",
        defaults={
            "iso_3166_1_a3": "MAR",
            "iso_3166_1_numeric": "504",
            "printable_name": "Maroc",
            "name": "Royaume du Maroc",
            "is_shipping_country": True,
        },
    )
    return country


def make_seller(
    name: str,
    *,
    flat_rate: str | None = "30.00",
    free_from: str | None = "500.00",
    email: str | None = None,
) -> Seller:
    n = next(_serial)
    return SellerFactory(
        name=name,
        owner=UserFactory(
            username=f"seller{n}-{name}"[:150],
            email=email or f"seller{n}@example.ma",
            password="pw-seller-123!",
        ),
        slug=f"{name.lower().replace(' ', '-')}-{n}",
        registry_id_claimed=f"RNA-07-{n:07d}",
        trade="Poterie",
        region=RegionFactory(code="07", name="Marrakech-Safi", slug="marrakech-safi"),
        shipping_flat_rate=Decimal(flat_rate) if flat_rate is not None else None,
        free_shipping_threshold=Decimal(free_from) if free_from is not None else None,
    )


def make_product(seller: Seller, *, price: str, stock: int = 10, title=None):
    n = next(_serial)
    product = ProductFactory(
        title=title or f"Tajine {n}",
        slug=f"tajine-{n}",
        upc=f"TEST-{n:06d}",
        product_class=ProductClassFactory(slug="poterie", name="Poterie"),
        seller=seller,
        region=None,
    )
    StockRecordFactory(
        product=product,
        partner_sku=f"SKU-{n}",
        price=Decimal(price),
        num_in_stock=stock,
    )
    return product


ADDRESS = {
    "first_name": "Amina",
    "last_name": "Alaoui",
    "line1": "12 rue des Potiers",
    "line4": "Fès",
    "postcode": "30000",
    "country": "MA",
    "phone_number": "",
}


def fill_basket(client: Client, items) -> None:
    for product, quantity in items:
        response = client.post(f"/fr/basket/add/{product.pk}/", {"quantity": quantity})
        assert response.status_code == 302, response


def checkout_to_preview(
    client: Client,
    items,
    *,
    email: str = "amina@example.ma",
    method: str | None = None,
    signed_in: bool = False,
    phone: str = "",
):
    """Take a shopper from an empty basket to the preview page, ready to place."""
    country_morocco()
    fill_basket(client, items)
    if not signed_in:
        response = client.post(
            "/fr/checkout/", {"username": email, "options": "anonymous"}
        )
        assert response.status_code == 302, response.content[:2000]
    response = client.post(
        "/fr/checkout/shipping-address/", {**ADDRESS, "phone_number": phone}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.get("/fr/checkout/shipping-method/", follow=True)
    if method is not None:
        response = client.post("/fr/checkout/preview/", {"payment_method": method})
    assert response.status_code == 200
    return response


def place_order(client: Client):
    # What follows the commit (the e-mails, through the outbox) happens, as
    # it would outside the test's transaction.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            "/fr/checkout/preview/", {"action": "place_order", "accept_terms": "on"}
        )


def checkout(client: Client, items, **kwargs):
    """The whole way through: returns the response to "place order"."""
    checkout_to_preview(client, items, **kwargs)
    return place_order(client)


def restore_database_after_module(django_db_blocker):
    """Put back the migrations' rows once a module's transactional tests ran.

    A transactional test empties every table when it ends; tests that run
    after the transactional ones (the seeded demo's, for one) expect the rows
    migrations create (Wagtail's root page and site). Django restores them
    before the next `serialized_rollback` test only; this restores them after
    the last one.
    """
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                # A transactional test without `serialized_rollback` ends with
                # a flush that recreates content types under new keys: empty
                # the tables first, or restoring by key collides with them.
                call_command(
                    "flush",
                    verbosity=0,
                    interactive=False,
                    database=connection.alias,
                    inhibit_post_migrate=True,
                    # As Django's own teardown: a restarted sequence would
                    # hand out the keys the restored rows take again.
                    reset_sequences=False,
                )
                connection.creation.deserialize_db_from_string(contents)


def cod_confirm(order) -> None:
    """The shopper confirms a cash-on-delivery order (as by the e-mail's link)."""
    from marketplace.payments.models import OrderPayment
    from marketplace.payments.services import cod_order_confirm

    cod_order_confirm(order=order, via=OrderPayment.Confirmation.LINK)
