"""The CMI's card step and callback: the hash, the order and amount checked,
the order paid once whatever the callbacks' number and order, the shopper's
return changing nothing, the provider chosen by the settings, refunds through
the provider that took the payment."""

from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.test import Client, override_settings
from oscar.core.loading import get_model

from marketplace.payments.cmi import hash_verifies
from marketplace.payments.models import CmiCallback, LedgerEntry, OrderPayment, Refund
from marketplace.payments.services import refund_part, unpaid_card_order_cancel
from tests.integration.checkout.shop import checkout, make_product, make_seller
from tests.integration.payments.cmi_callbacks import (
    GATEWAY_URL,
    STORE_KEY,
    callback_params,
    cmi_settings,
    post_callback,
)

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db


@pytest.fixture
def cmi_on():
    with cmi_settings():
        yield


def place_card_order(client=None, *, price="300.00", title=None):
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    weaver = make_seller("Tapis Azilal", flat_rate="45.00", free_from="5000.00")
    items = [
        (make_product(potter, price=price, title=title), 1),
        (make_product(weaver, price="1200.00"), 1),
    ]
    response = checkout(client or Client(), items, method="card")
    assert response.status_code == 302
    order = Order.objects.latest("pk")
    assert f"/checkout/card/{order.number}/" in response["Location"]
    return order


@pytest.fixture
def cmi_order(cmi_on):
    return place_card_order()


def status(order) -> str:
    order.payment.refresh_from_db()
    return order.payment.status


def sales(order) -> int:
    return LedgerEntry.objects.filter(part__order=order, kind="sale").count()


def test_a_moroccan_order_in_dirhams_is_paid_through_the_cmi(cmi_order):
    assert cmi_order.payment.provider == OrderPayment.Provider.CMI
    assert cmi_order.sources.get().source_type.code == "card-cmi"


def test_the_card_step_sends_a_signed_form_to_the_cmi(cmi_order):
    url = f"/fr/checkout/card/{cmi_order.number}/{cmi_order.verification_hash()}/"
    response = Client().get(url)
    assert response.status_code == 200
    fields = dict(response.context["fields"])
    assert response.context["gateway_url"] == GATEWAY_URL
    assert fields["storetype"] == "3D_PAY_HOSTING"
    assert fields["currency"] == "504"
    assert fields["lang"] == "fr"
    assert fields["oid"] == cmi_order.number
    assert fields["amount"] == f"{cmi_order.total_incl_tax:.2f}"
    assert fields["hashAlgorithm"] == "ver3"
    assert urlsplit(fields["callbackUrl"]).path == "/payments/cmi/callback/"
    assert fields["okUrl"].endswith(
        f"/{cmi_order.number}/{cmi_order.verification_hash()}/cmi/"
    )
    assert hash_verifies(fields, STORE_KEY)
    # Only this page may post a form to the CMI's origin.
    assert (
        "form-action 'self' https://cmi.example" in response["Content-Security-Policy"]
    )
    assert 'action="https://cmi.example/fim/est3Dgate"' in response.content.decode()
    # Arabic page, Arabic CMI page.
    arabic = Client().get(url.replace("/fr/", "/ar/"))
    assert dict(arabic.context["fields"])["lang"] == "ar"


def test_a_callback_whose_hash_does_not_verify_is_refused(cmi_order):
    params = callback_params(cmi_order)
    params["amount"] = "1.00"  # changed after signing
    response = post_callback(params)
    assert response.status_code == 400
    assert response.content == b"FAILURE"
    unsigned = callback_params(cmi_order)
    del unsigned["HASH"]
    assert post_callback(unsigned).status_code == 400
    assert status(cmi_order) == OrderPayment.Status.PENDING
    assert CmiCallback.objects.count() == 0
    assert sales(cmi_order) == 0


def test_a_signed_callback_for_another_amount_does_not_pay(cmi_order):
    params = callback_params(cmi_order, amount="1.00")
    response = post_callback(params)
    assert response.content == b"FAILURE"
    other_currency = callback_params(cmi_order, currency="978")
    assert post_callback(other_currency).content == b"FAILURE"
    assert status(cmi_order) == OrderPayment.Status.PENDING
    assert sales(cmi_order) == 0
    assert cmi_order.notes.filter(note_type="Error").count() == 2


def test_the_first_approved_callback_pays_and_asks_for_capture(cmi_order, mailoutbox):
    response = post_callback(callback_params(cmi_order))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ACTION=POSTAUTH"
    assert status(cmi_order) == OrderPayment.Status.PAID
    cmi_order.refresh_from_db()
    assert cmi_order.status == "Confirmed"
    assert sales(cmi_order) == 2
    callback = CmiCallback.objects.get()
    assert (callback.order_number, callback.reply) == (
        cmi_order.number,
        "ACTION=POSTAUTH",
    )
    assert callback.amount == cmi_order.total_incl_tax


def test_repeated_approved_callbacks_pay_once(cmi_order):
    replies = [post_callback(callback_params(cmi_order)).content for _ in range(3)]
    assert replies == [b"ACTION=POSTAUTH", b"APPROVED", b"APPROVED"]
    assert status(cmi_order) == OrderPayment.Status.PAID
    assert sales(cmi_order) == 2
    # Sale, shipping and commission for each of the two parts, once.
    assert LedgerEntry.objects.filter(part__order=cmi_order).count() == 6
    assert CmiCallback.objects.filter(order_number=cmi_order.number).count() == 3


def test_declined_attempts_then_a_success_pay_once(cmi_order):
    declined = post_callback(callback_params(cmi_order, approved=False))
    assert declined.content == b"APPROVED"
    assert status(cmi_order) == OrderPayment.Status.FAILED
    assert sales(cmi_order) == 0
    assert post_callback(callback_params(cmi_order, approved=False)).content == (
        b"APPROVED"
    )
    assert post_callback(callback_params(cmi_order)).content == b"ACTION=POSTAUTH"
    assert status(cmi_order) == OrderPayment.Status.PAID
    assert sales(cmi_order) == 2


def test_a_late_decline_after_the_success_changes_nothing(cmi_order):
    success = callback_params(cmi_order)
    decline = callback_params(cmi_order, approved=False)
    assert post_callback(success).content == b"ACTION=POSTAUTH"
    assert post_callback(decline).content == b"APPROVED"
    assert post_callback(success).content == b"APPROVED"
    assert status(cmi_order) == OrderPayment.Status.PAID
    assert sales(cmi_order) == 2


def test_a_callback_for_no_cmi_order_fails(cmi_order):
    params = callback_params(cmi_order, oid="999999999")
    assert post_callback(params).content == b"FAILURE"
    assert status(cmi_order) == OrderPayment.Status.PENDING


def test_an_approval_after_the_order_was_cancelled_is_not_captured(cmi_order):
    assert unpaid_card_order_cancel(payment=cmi_order.payment, reason="gave up")
    response = post_callback(callback_params(cmi_order))
    assert response.content == b"APPROVED"  # no POSTAUTH: nothing captured
    assert status(cmi_order) == OrderPayment.Status.CANCELLED
    assert sales(cmi_order) == 0


def test_the_shoppers_return_to_the_ok_url_pays_nothing(cmi_order):
    # What a browser could post to okUrl: a success it made up.
    url = f"/fr/checkout/card/{cmi_order.number}/{cmi_order.verification_hash()}/cmi/"
    response = Client().post(url, callback_params(cmi_order))
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"/{cmi_order.number}/{cmi_order.verification_hash()}/return/"
    )
    assert status(cmi_order) == OrderPayment.Status.PENDING
    assert sales(cmi_order) == 0
    page = Client().get(response["Location"])
    assert 'data-status="pending"' in page.content.decode()


def test_each_shopper_reaches_only_their_own_order(cmi_on):
    amina, karim = Client(), Client()
    first = place_card_order(amina)
    second = place_card_order(karim)
    # A callback for the first pays the first only.
    assert post_callback(callback_params(first)).content == b"ACTION=POSTAUTH"
    assert status(first) == OrderPayment.Status.PAID
    assert status(second) == OrderPayment.Status.PENDING
    # One order's card step and return, with the other's hash: not found.
    for suffix in ("", "cmi/", "return/"):
        url = f"/fr/checkout/card/{second.number}/{first.verification_hash()}/{suffix}"
        assert karim.get(url).status_code == 404
        assert amina.get(url).status_code == 404
    # The first's signed amount does not pay the second.
    forged = callback_params(second, amount=f"{first.total_incl_tax:.2f}")
    if first.total_incl_tax != second.total_incl_tax:
        assert post_callback(forged).content == b"FAILURE"


# --- Which provider takes the card: a setting ---------------------------------


def test_the_provider_follows_the_settings():
    with cmi_settings(STRIPE_SECRET_KEY="sk_test_maalem"):
        assert place_card_order().payment.provider == "cmi"
    with cmi_settings(STRIPE_SECRET_KEY="sk_test_maalem", CMI_COUNTRIES=["FR"]):
        # Shipped to Morocco, the CMI serves only France here: Stripe takes it.
        assert place_card_order().payment.provider == "stripe"
    with cmi_settings(
        STRIPE_SECRET_KEY="sk_test_maalem", PAYMENT_CARD_PROVIDERS=["stripe"]
    ):
        assert place_card_order().payment.provider == "stripe"


def test_no_card_choice_when_no_provider_serves_the_shopper():
    with cmi_settings(CMI_COUNTRIES=["FR"], PAYMENT_CARD_PROVIDERS=["cmi"]):
        from tests.integration.checkout.shop import checkout_to_preview

        potter = make_seller("Poterie Fassi")
        product = make_product(potter, price="100.00")
        response = checkout_to_preview(Client(), [(product, 1)])
        # Nothing to choose: straight to the preview, paying cash.
        assert response.redirect_chain[-1][0].endswith("/checkout/preview/")
        choices = dict(
            response.context["payment_form"].fields["payment_method"].choices
        )
        assert list(choices) == ["cod"]


def test_the_card_choice_names_the_cmi(cmi_on):
    from tests.integration.checkout.shop import checkout_to_preview

    potter = make_seller("Poterie Fassi")
    product = make_product(potter, price="100.00")
    with override_settings(LANGUAGE_CODE="en"):
        response = checkout_to_preview(Client(), [(product, 1)])
    choices = dict(response.context["payment_form"].fields["payment_method"].choices)
    assert "CMI" in str(choices["card"])


# --- Refunds go back through the CMI ------------------------------------------


def test_without_the_refund_api_a_refund_is_left_to_staff_as_a_bank_refund(cmi_order):
    assert post_callback(callback_params(cmi_order)).content == b"ACTION=POSTAUTH"
    part = cmi_order.seller_parts.order_by("pk").first()
    refund = refund_part(part=part, reason="broken")
    assert refund.method == Refund.Method.BANK
    assert refund.stripe_refund_id is None
    assert refund.amount == part.total
    assert LedgerEntry.objects.filter(part=part, kind="refund").count() == 1
    assert cmi_order.notes.filter(note_type="Warning").exists()
    # Twice: refunded once.
    assert refund_part(part=part) is None
    assert Refund.objects.filter(part=part).count() == 1
    cmi_order.payment.refresh_from_db()
    assert cmi_order.payment.amount_refunded == part.total
    assert cmi_order.payment.amount_refunded < Decimal(cmi_order.payment.amount)


def test_a_callback_beyond_the_forms_bounds_is_refused(cmi_order):
    from marketplace.payments.cmi import MAX_FIELDS, MAX_VALUE_LENGTH

    too_long = callback_params(cmi_order, ErrMsg="x" * (MAX_VALUE_LENGTH + 1))
    too_many = callback_params(
        cmi_order, **{f"extra{i}": "1" for i in range(MAX_FIELDS)}
    )
    for params in (too_long, too_many):
        response = post_callback(params)
        assert (response.status_code, response.content) == (400, b"FAILURE")
    assert status(cmi_order) == OrderPayment.Status.PENDING
