"""The returns pages through URLs: each side sees and changes only its own, a
chamber sees its region's disputes read only, staff decide."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from PIL import Image

from marketplace.payments.models import Refund
from marketplace.returns.models import Dispute, ReturnRequest
from marketplace.returns.services import return_refuse
from tests.factories import chamber_user, region
from tests.integration.checkout.shop import make_product, make_seller
from tests.integration.returns.shop import (
    SHOPPER_RIB,
    order_place,
    part_deliver,
    payout_account,
    shopper_new,
)
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db
Status = ReturnRequest.Status


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return SimpleUploadedFile("crack.png", buffer.getvalue(), "image/png")


@pytest.fixture
def world():
    """Two shops in two regions, each with a delivered cash order of its own
    shopper."""
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    weaver = make_seller("Tapis Azilal", flat_rate="45.00", free_from="5000.00")
    potter.region = region("07")
    weaver.region = region("04")
    potter.save()
    weaver.save()
    payout_account(potter)
    tajine = make_product(potter, price="300.00", title="Tajine")
    rug = make_product(weaver, price="1200.00", title="Tapis")
    amina = shopper_new(email="amina@example.ma")
    omar = shopper_new(email="omar@example.ma")
    a_part = part_deliver(
        order_place(shopper=amina, items=[(tajine, 2)]).seller_parts.get()
    )
    o_part = part_deliver(
        order_place(shopper=omar, items=[(rug, 1)]).seller_parts.get()
    )
    return potter, weaver, amina, omar, a_part, o_part


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _ask(client, part, **extra):
    line = part.get_lines().get()
    data = {
        f"line_{line.pk}": 1,
        "reason": "damaged",
        "description": "<script>alert(1)</script> fêlé",
        "refund_method": "transfer",
        "holder_name": "Amina Alaoui",
        "rib": SHOPPER_RIB,
        "photo_1": _png(),
        **extra,
    }
    return client.post(f"/en/returns/new/{part.pk}/", data)


def test_a_shopper_asks_from_its_order_and_the_seller_is_told(world):
    potter, _weaver, amina, _omar, a_part, _ = world
    client = _client(amina)
    order_page = client.get(f"/en/accounts/orders/{a_part.order.number}/")
    mail.outbox.clear()

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _ask(client, a_part)

    assert f"/en/returns/new/{a_part.pk}/" in order_page.content.decode()
    request = ReturnRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/returns/{request.pk}/"
    assert request.photos.count() == 1 and request.language == "en"
    assert [m.to for m in mail.outbox] == [[potter.owner.email]]
    page = client.get(f"/en/returns/{request.pk}/").content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "Awaiting the seller" in page


def test_a_file_that_is_not_a_photo_is_refused(world):
    *_, amina, _omar, a_part, _ = world
    bad = SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", "image/png")

    response = _ask(_client(amina), a_part, photo_1=bad)

    assert response.status_code == 400
    assert not ReturnRequest.objects.exists()


def test_a_shopper_cannot_ask_for_nor_see_another_shoppers_parcel(world):
    *_, amina, omar, a_part, o_part = world
    _ask(_client(amina), a_part)
    request = ReturnRequest.objects.get()
    other = _client(omar)

    assert other.get(f"/en/returns/new/{a_part.pk}/").status_code == 404
    assert _ask(other, a_part).status_code == 404
    assert other.get(f"/en/returns/{request.pk}/").status_code == 404
    assert "No return requests." in other.get("/en/returns/").content.decode()
    assert Client().get("/en/returns/").status_code == 302  # to sign in
    assert ReturnRequest.objects.count() == 1


def test_the_seller_accepts_then_receives_and_the_shopper_is_refunded(world):
    potter, weaver, amina, *_ = world
    a_part = world[4]
    _ask(_client(amina), a_part)
    request = ReturnRequest.objects.get()
    seller = _client(potter.owner)
    foreign = _client(weaver.owner)

    assert foreign.get(f"/en/seller/returns/{request.pk}/").status_code == 404
    foreign.post(
        f"/en/seller/returns/{request.pk}/",
        {"action": "accept", "message": "x"},
    )
    assert "Tajine" not in foreign.get("/en/seller/returns/").content.decode()
    listing = seller.get("/en/seller/returns/").content.decode()
    seller.post(
        f"/en/seller/returns/{request.pk}/",
        {"action": "accept", "message": "Amana, Fès"},
    )
    seller.post(f"/en/seller/returns/{request.pk}/", {"action": "received"})

    request.refresh_from_db()
    assert f"/en/seller/returns/{request.pk}/" in listing
    assert request.status == Status.REFUNDED
    assert request.refunded_amount == Decimal("330.00")
    assert Refund.objects.get().transfer.rib == SHOPPER_RIB
    page = _client(amina).get(f"/en/returns/{request.pk}/").content.decode()
    assert "Refunded" in page and "Amana, Fès" in page


def test_a_partial_offer_is_accepted_by_the_shopper_on_its_page(world):
    potter, _weaver, amina, *_ = world
    a_part = world[4]
    _ask(_client(amina), a_part)
    request = ReturnRequest.objects.get()
    _client(potter.owner).post(
        f"/en/seller/returns/{request.pk}/",
        {"action": "offer", "amount": "80", "message": "Un geste"},
    )

    # Another shopper's click changes nothing.
    _client(world[3]).post(f"/en/returns/{request.pk}/", {"action": "accept-offer"})
    assert not Refund.objects.exists()
    _client(amina).post(f"/en/returns/{request.pk}/", {"action": "accept-offer"})

    request.refresh_from_db()
    assert request.status == Status.REFUNDED
    assert Refund.objects.get().amount == Decimal("80.00")


def test_a_refusal_goes_to_staff_and_the_chamber_of_the_region_reads_it(
    world, django_user_model
):
    potter, _weaver, amina, *_ = world
    a_part = world[4]
    _ask(_client(amina), a_part)
    request = ReturnRequest.objects.get()
    return_refuse(request=request, seller=potter, reason="Intact au départ")
    _client(amina).post(
        f"/en/returns/{request.pk}/", {"action": "dispute", "message": "Voyez"}
    )
    dispute = Dispute.objects.get()
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    staff_client = Client()
    force_login_verified(staff_client, staff)
    marrakech, draa = chamber_user("07"), chamber_user("04")
    own, other = Client(), Client()
    force_login_verified(own, marrakech)
    force_login_verified(other, draa)

    queue = staff_client.get("/en/dashboard/disputes/")
    own_list = own.get("/en/chamber/disputes/").content.decode()
    other_list = other.get("/en/chamber/disputes/").content.decode()
    own_page = own.get(f"/en/chamber/disputes/{dispute.pk}/")
    own.post(f"/en/chamber/disputes/{dispute.pk}/", {"decision": "refund_full"})
    assert other.get(f"/en/chamber/disputes/{dispute.pk}/").status_code == 404
    assert _client(potter.owner).get("/en/dashboard/disputes/").status_code == 302
    assert _client(amina).get("/en/chamber/disputes/").status_code == 404
    assert not Refund.objects.exists()
    staff_client.post(
        f"/en/dashboard/disputes/{dispute.pk}/",
        {"decision": "refund_part", "amount": "120", "note": "Moitié"},
    )

    dispute.refresh_from_db()
    assert queue.status_code == 200
    assert f"/en/dashboard/disputes/{dispute.pk}/" in queue.content.decode()
    assert f"/en/chamber/disputes/{dispute.pk}/" in own_list
    assert f"/en/chamber/disputes/{dispute.pk}/" not in other_list
    assert (
        own_page.status_code == 200 and "Intact au départ" in own_page.content.decode()
    )
    assert "<form" not in own_page.content.decode().split("return-request")[1]
    assert dispute.decision == "refund_part"
    assert Refund.objects.get().amount == Decimal("120.00")


def test_policy_rates_and_payout_figures_are_shown(world):
    potter, *_ = world
    a_part = world[4]
    potter.return_window_days = 15
    potter.made_to_order_returnable = False
    potter.save()
    tajine = a_part.get_lines().get().product

    storefront = Client().get(potter.get_absolute_url().replace("/fr/", "/en/", 1))
    product = Client().get(tajine.get_absolute_url().replace("/fr/", "/en/"))
    dashboard = _client(potter.owner).get("/en/seller/")
    payouts = _client(potter.owner).get("/en/seller/payouts/")

    assert "Returns accepted within 15 days of delivery." in storefront.content.decode()
    assert "Returns accepted within 15 days of delivery." in product.content.decode()
    assert "refund rate" in dashboard.content.decode()
    (summary,) = payouts.context["summaries"]
    assert summary.pending == Decimal("570.00")  # 630 remitted − 60 commission
    assert summary.payable == Decimal("0.00")
    assert 'id="pending-' in payouts.content.decode()


def test_staff_see_each_shops_refund_and_dispute_rates(world, django_user_model):
    potter, _weaver, amina, *_ = world
    a_part = world[4]
    _ask(_client(amina), a_part)
    request = ReturnRequest.objects.get()
    return_refuse(request=request, seller=potter, reason="Intact")
    _client(amina).post(
        f"/en/returns/{request.pk}/", {"action": "dispute", "message": "Voyez"}
    )
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    client = Client()
    force_login_verified(client, staff)

    page = client.get("/en/dashboard/disputes/")

    ((seller, rates),) = page.context["shops"]
    assert seller == potter
    assert (rates.parts, rates.dispute_rate, rates.refund_rate) == (
        1,
        Decimal("100.0"),
        Decimal("0.0"),
    )
    detail = client.get(f"/en/dashboard/disputes/{Dispute.objects.get().pk}/")
    assert "dispute rate" in detail.content.decode()


def _guest_part(seller, product, email):
    from oscar.core.loading import get_model

    from tests.integration.checkout.shop import checkout, cod_confirm

    Order = get_model("order", "Order")
    before = set(Order.objects.values_list("pk", flat=True))
    checkout(Client(), [(product, 1)], email=email)
    order = Order.objects.exclude(pk__in=before).get()
    cod_confirm(order)
    return part_deliver(order.seller_parts.get())


def _guest_client(order, email):
    """A guest who gave its e-mail on its order-status page (Oscar's rule)."""
    client = Client()
    path = f"{order.number}/{order.verification_hash()}/"
    client.post(f"/en/accounts/order-status-form/{path}", {"email": email})
    return client


def test_a_guest_asks_from_its_order_status_page_and_only_for_its_order(world):
    potter, *_ = world
    a_part = world[4]
    tajine = a_part.get_lines().get().product
    part = _guest_part(potter, tajine, "guest@example.ma")
    other = _guest_part(potter, tajine, "other@example.ma")
    order = part.order
    guest = _guest_client(order, "guest@example.ma")
    path = f"{order.number}/{order.verification_hash()}"
    base = f"/en/returns/order/{path}"
    status_page = guest.get(f"/en/accounts/order-status/{path}/")
    line = part.get_lines().get()
    data = {
        f"line_{line.pk}": 1,
        "reason": "not_as_described",
        "refund_method": "voucher",
    }
    mail.outbox.clear()

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = guest.post(f"{base}/new/{part.pk}/", data)

    request = ReturnRequest.objects.get(part=part)
    assert f"{base}/new/{part.pk}/" in status_page.content.decode()
    assert response["Location"] == f"{base}/{request.pk}/"
    assert request.shopper is None and request.email == "guest@example.ma"
    assert [m.to for m in mail.outbox] == [[potter.owner.email]]
    assert guest.get(f"{base}/{request.pk}/").status_code == 200
    assert (
        f"{base}/{request.pk}/"
        in guest.get(f"/en/accounts/order-status/{path}/").content.decode()
    )
    # Without the e-mail given, with a forged hash, for another order or a
    # signed-in shopper's order: the order-status form, never the request.
    forged = f"/en/returns/order/{order.number}/{order.number}:forged"
    other_path = f"{other.order.number}/{other.order.verification_hash()}"
    amina = a_part.order
    for client, url in [
        (Client(), f"{base}/{request.pk}/"),
        (guest, f"{forged}/{request.pk}/"),
        (guest, f"/en/returns/order/{other_path}/new/{other.pk}/"),
        (guest, f"/en/returns/order/{other_path}/{request.pk}/"),
        (
            guest,
            f"/en/returns/order/{amina.number}/{amina.verification_hash()}"
            f"/new/{a_part.pk}/",
        ),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/order-status-form/" in response["Location"], url
    other_guest = _guest_client(other.order, "other@example.ma")
    assert (
        other_guest.get(f"/en/returns/order/{other_path}/{request.pk}/").status_code
        == 404
    )

    # The seller's answer reaches the guest, with its own link back.
    with TestCase.captureOnCommitCallbacks(execute=True):
        _client(potter.owner).post(
            f"/en/seller/returns/{request.pk}/",
            {"action": "refuse", "message": "Conforme"},
        )
    assert mail.outbox[-1].to == ["guest@example.ma"]
    assert f"/returns/order/{order.number}/" in mail.outbox[-1].body


def test_a_shop_sets_its_return_window_the_law_s_7_days_at_least(world):
    potter, weaver, *_ = world
    client = _client(potter.owner)

    short = client.post("/en/seller/storefront/", {"return_window_days": "5"})
    client.post(
        "/en/seller/storefront/",
        {"return_window_days": "30", "made_to_order_returnable": ""},
    )

    assert short.status_code == 200 and "greater than or equal to 7" in (
        short.content.decode()
    )
    potter.refresh_from_db()
    weaver.refresh_from_db()
    assert (potter.return_window_days, potter.made_to_order_returnable) == (30, False)
    assert weaver.return_window_days == 7
