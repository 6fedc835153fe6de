"""A CMI card payment's whole life against the CMI simulator (tools/cmi_sim/,
scripts/cmi_sim.sh), a separate process written from the public protocol: the
card step's signed form is accepted by the simulator's own hash check, the
card is typed on its hosted page, its signed callback reaches the running site
(only that callback marks the order paid), the shopper is sent back to the
order page, and a refund goes back through the CMI's API."""

import html
import json
import os
import re
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from django.test import Client, override_settings
from oscar.core.loading import get_model

from marketplace.payments import cmi
from marketplace.payments.models import CmiCallback, LedgerEntry, OrderPayment, Refund
from marketplace.payments.services import refund_part
from tests.integration.checkout.shop import (
    checkout,
    make_product,
    make_seller,
    restore_database_after_module,
)

Order = get_model("order", "Order")

pytestmark = [
    pytest.mark.cmi,
    pytest.mark.liveserver,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HIDDEN = re.compile(
    r'<input type=["\']hidden["\'] name=["\']([^"\']+)["\'] '
    r'value=["\']([^"\']*)["\']>'
)


@pytest.fixture
def sim(live_server):
    base = os.environ["TEST_CMI_SIM_URL"]
    with override_settings(
        CMI_CLIENT_ID=os.environ["TEST_CMI_CLIENT_ID"],
        CMI_STORE_KEY=os.environ["TEST_CMI_STORE_KEY"],
        CMI_GATEWAY_URL=f"{base}/fim/est3Dgate",
        CMI_API_URL=f"{base}/fim/api",
        CMI_API_USER=os.environ["TEST_CMI_API_USER"],
        CMI_API_PASSWORD=os.environ["TEST_CMI_API_PASSWORD"],
        CMI_REFUNDS_BY_API=True,
        PAYMENT_METHODS=["cod", "card"],
    ):
        yield base


def _post(url: str, fields) -> tuple[int, str, str]:
    request = Request(url, data=urlencode(fields).encode(), method="POST")
    try:
        with urlopen(request, timeout=30) as reply:
            return reply.status, reply.url, reply.read().decode()
    except Exception as error:  # an HTTPError is a response too
        return error.code, url, error.read().decode()


def _fields(page: str, form_id: str = "") -> list[tuple[str, str]]:
    """The hidden fields of the page (of its form `form_id`, if given)."""
    if form_id:
        page = page[page.index(f'id="{form_id}"') :]
        page = page[: page.index("</form>")]
    return [(html.unescape(n), html.unescape(v)) for n, v in HIDDEN.findall(page)]


def _place(live_server) -> tuple[Order, str]:
    seller = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    other = make_seller("Tapis Azilal", flat_rate="45.00", free_from="5000.00")
    items = [
        (make_product(seller, price="300.00", stock=2), 1),
        (make_product(other, price="1200.00", stock=2), 1),
    ]
    response = checkout(Client(), items, method="card")
    order = Order.objects.get()
    assert order.payment.provider == OrderPayment.Provider.CMI
    return order, live_server.url + response["Location"]


def _pay(card_page_url: str, sim: str, pan: str) -> tuple[int, str, str]:
    """The shopper's browser: the card step's form to the CMI, the card typed
    on its page, then the form that carries the shopper back."""
    with urlopen(card_page_url, timeout=30) as reply:
        card_page = reply.read().decode()
    assert f'action="{sim}/fim/est3Dgate"' in card_page
    fields = _fields(card_page, "cmi-form")
    status, _, hosted = _post(f"{sim}/fim/est3Dgate", fields)
    assert status == 200, hosted
    token = re.search(r"name='token' value='([^']+)'", hosted).group(1)
    status, _, back = _post(
        f"{sim}/fim/pay",
        {
            "token": token,
            "pan": pan,
            "Ecom_Payment_Card_ExpDate_Month": "12",
            "Ecom_Payment_Card_ExpDate_Year": "30",
            "cv2": "123",
        },
    )
    assert status == 200
    target = html.unescape(re.search(r"action='([^']+)' id='back'", back).group(1))
    return _post(target, _fields(back))


def _sim_order(sim: str, number: str) -> dict:
    with urlopen(f"{sim}/_sim/orders/{number}", timeout=10) as reply:
        return json.load(reply)


def test_a_card_paid_on_the_cmi_is_confirmed_by_its_callback_then_refunded(
    sim, live_server
):
    order, card_url = _place(live_server)

    status, landed, page = _pay(card_url, sim, "4111 1111 1111 1111")

    # The callback came before the shopper: the order page says paid.
    assert status == 200
    assert landed.endswith(f"/{order.number}/{order.verification_hash()}/return/")
    assert 'data-status="paid"' in page
    order.payment.refresh_from_db()
    assert order.payment.status == OrderPayment.Status.PAID
    assert LedgerEntry.objects.filter(part__order=order, kind="sale").count() == 2
    state = _sim_order(sim, order.number)
    assert state["status"] == "captured"
    assert state["callbacks"] == ["ACTION=POSTAUTH"]

    # The CMI calls again with the same success: acknowledged, paid once.
    with urlopen(Request(f"{sim}/_sim/replay/{order.number}", data=b""), timeout=30):
        pass
    assert _sim_order(sim, order.number)["callbacks"] == ["ACTION=POSTAUTH", "APPROVED"]
    assert LedgerEntry.objects.filter(part__order=order, kind="sale").count() == 2
    assert CmiCallback.objects.filter(order_number=order.number).count() == 2

    # A refund goes back to the card through the CMI's back-office API.
    part = order.seller_parts.order_by("pk").first()
    refund = refund_part(part=part, reason="Cassé")
    assert refund.method == Refund.Method.CARD
    assert refund.provider_reference.startswith("SIMR")
    assert _sim_order(sim, order.number)["refunded"] == f"{part.total:.2f}"
    # More than what is left is refused by the CMI: nothing recorded.
    with pytest.raises(cmi.CmiError):
        cmi.refund_create(
            order_number=order.number, amount=order.total_incl_tax, currency="MAD"
        )


def test_a_declined_card_then_another_pays_the_order_once(sim, live_server):
    order, card_url = _place(live_server)

    status, landed, page = _pay(card_url, sim, "4000000000000002")
    assert 'data-status="failed"' in page
    order.payment.refresh_from_db()
    assert order.payment.status == OrderPayment.Status.FAILED

    # The shopper tries again from the same card step.
    status, landed, page = _pay(card_url, sim, "5555555555554444")
    assert 'data-status="paid"' in page
    assert _sim_order(sim, order.number)["callbacks"] == ["APPROVED", "ACTION=POSTAUTH"]
    assert LedgerEntry.objects.filter(part__order=order, kind="sale").count() == 2


def test_the_simulator_refuses_a_form_whose_hash_does_not_verify(sim, live_server):
    order, card_url = _place(live_server)
    with urlopen(card_url, timeout=30) as reply:
        fields = dict(_fields(reply.read().decode(), "cmi-form"))
    fields["amount"] = "1.00"
    status, _, page = _post(f"{sim}/fim/est3Dgate", fields)
    assert status == 400
    assert "hash" in page


class _Shop(BaseHTTPRequestHandler):
    """A shop that fails its first callback, then acknowledges."""

    answers: list[str] = []

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        answer = "FAILURE" if not self.answers else "APPROVED"
        self.answers.append(answer)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(answer.encode())

    def log_message(self, *args):
        pass


def test_the_simulator_calls_back_again_until_the_shop_acknowledges(sim):
    shop = ThreadingHTTPServer(("127.0.0.1", 0), _Shop)
    threading.Thread(target=shop.serve_forever, daemon=True).start()
    try:
        back = f"http://127.0.0.1:{shop.server_port}/"
        number = f"R{time.time_ns()}"
        fields = cmi.page_fields(
            order_number=number,
            amount=Decimal("10.00"),
            currency="MAD",
            language="en",
            ok_url=back,
            fail_url=back,
            callback_url=back,
            shop_url=back,
        )
        status, _, hosted = _post(f"{sim}/fim/est3Dgate", fields)
        assert status == 200, hosted
        token = re.search(r"name='token' value='([^']+)'", hosted).group(1)
        _post(f"{sim}/fim/pay", {"token": token, "pan": "4111111111111111"})
        # The simulator records a callback's answer after the shop has sent
        # it: wait for both sides, not only the shop's.
        deadline = time.monotonic() + 30
        callbacks = []
        while time.monotonic() < deadline:
            callbacks = _sim_order(sim, number)["callbacks"]
            if len(_Shop.answers) >= 2 and len(callbacks) >= 2:
                break
            time.sleep(0.2)
        assert _Shop.answers == ["FAILURE", "APPROVED"]
        assert callbacks == ["FAILURE", "APPROVED"]
    finally:
        shop.shutdown()


@pytest.fixture(autouse=True, scope="module")
def _restore_database(django_db_blocker):
    yield
    restore_database_after_module(django_db_blocker)
