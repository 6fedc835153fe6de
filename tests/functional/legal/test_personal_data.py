"""Law 09-08: a person downloads its data and asks for its erasure; orders
stay, anonymised; no national identity card number is ever asked for."""

import json
import re

import pytest
from django import forms as django_forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import get_resolver
from oscar.core.loading import get_model

from marketplace.privacy.models import ErasureRequest
from marketplace.sellerorders.models import OrderSellerPart
from tests.factories import SellerFactory, UserFactory
from tests.integration.checkout.shop import checkout, make_product, make_seller

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")

pytestmark = pytest.mark.django_db

PASSWORD = "pw-shopper-123!"


def _shopper(client, email):
    user = UserFactory(email=email, username=email, password=PASSWORD)
    client.force_login(user)
    return user


def _ordered(client, user, *, title):
    product = make_product(make_seller(f"Atelier {title}"), price="90.00", title=title)
    response = checkout(client, [(product, 1)], signed_in=True)
    assert response.status_code == 302
    return Order.objects.get(user=user, lines__title=title)


def test_each_shopper_downloads_its_own_data_only(client):
    amina = _shopper(client, "amina@example.ma")
    _ordered(client, amina, title="Tajine bleu")
    omar_client = client.__class__()
    omar = _shopper(omar_client, "omar@example.ma")
    _ordered(omar_client, omar, title="Plat vert")

    response = client.get("/en/privacy/my-data.json")
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "amina@example.ma"
    titles = [line["title"] for o in data["orders"] for line in o["lines"]]
    assert titles == ["Tajine bleu"]
    assert data["orders"][0]["shipping_address"]["name"] == "Amina Alaoui"
    assert {c["text"] for c in data["consents"]} >= {"terms", "withdrawal"}
    assert "omar@example.ma" not in response.content.decode()


def test_the_pages_need_a_signed_in_person(client):
    for url in ("/en/privacy/", "/en/privacy/my-data.json"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post("/en/privacy/erase/", {}).status_code == 302
    assert not ErasureRequest.objects.exists()


def test_erasure_needs_the_password_and_waits_for_parcels(client):
    amina = _shopper(client, "amina@example.ma")
    order = _ordered(client, amina, title="Tajine bleu")

    wrong = client.post("/en/privacy/erase/", {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 400
    assert "This is not your password." in wrong.content.decode()

    page = client.post(
        "/en/privacy/erase/", {"password": PASSWORD, "confirm": "on"}, follow=True
    ).content.decode()
    assert "still on their way" in page
    assert not ErasureRequest.objects.exists()
    order.seller_parts.update(status=OrderSellerPart.Status.DELIVERED)

    client.post("/en/privacy/erase/", {"password": PASSWORD, "confirm": "on"})
    amina.refresh_from_db()
    assert not amina.is_active and not amina.has_usable_password()
    assert amina.email.endswith("@erased.invalid") and amina.first_name == ""
    assert not UserAddress.objects.filter(user=amina).exists()
    order.refresh_from_db()
    # The order stays, anonymised: the city and the country, no name or street.
    address = order.shipping_address
    assert (address.first_name, address.last_name, address.line1) == ("", "", "")
    assert address.line4 == "Fès" and not address.phone_number
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.DONE
    assert not client.login(username="amina@example.ma", password=PASSWORD)


def test_a_sellers_erasure_waits_for_staff(client):
    seller = SellerFactory()
    seller.owner.set_password(PASSWORD)
    seller.owner.save()
    client.force_login(seller.owner)
    page = client.post(
        "/en/privacy/erase/", {"password": PASSWORD, "confirm": "on"}, follow=True
    ).content.decode()
    assert 'id="erasure-pending"' in page
    request = ErasureRequest.objects.get()
    assert request.status == ErasureRequest.Status.PENDING
    seller.owner.refresh_from_db()
    assert seller.owner.is_active
    # Asking twice keeps one request.
    client.post("/en/privacy/erase/", {"password": PASSWORD, "confirm": "on"})
    assert ErasureRequest.objects.count() == 1


NATIONAL_ID = re.compile(r"(^|_)(cin|cnie|national_id|id_card|identity_card)($|_)")


def test_no_national_identity_card_number_is_asked_for_or_stored():
    # Every view and form module loaded, as a served site has them.
    get_resolver().url_patterns  # noqa: B018
    for model in apps.get_models():
        for field in model._meta.get_fields():
            assert not NATIONAL_ID.search(field.name), (model, field.name)
    for form in _all_forms(django_forms.BaseForm):
        for name in getattr(form, "base_fields", {}):
            assert not NATIONAL_ID.search(name), (form, name)


def _all_forms(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_forms(sub)


def test_the_erasure_leaves_other_accounts_alone(client):
    amina = _shopper(client, "amina@example.ma")
    omar = UserFactory(email="omar@example.ma")
    client.post("/en/privacy/erase/", {"password": PASSWORD, "confirm": "on"})
    amina.refresh_from_db()
    omar.refresh_from_db()
    assert not amina.is_active
    assert omar.is_active and omar.email == "omar@example.ma"
    assert get_user_model().objects.filter(email="omar@example.ma").exists()
