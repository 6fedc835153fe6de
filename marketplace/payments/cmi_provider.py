"""The CMI as a card provider: the form that sends the shopper to its hosted
3-D Secure page, its signed callback, its refunds (`cmi` is the protocol's
edge).

Money moves only on the callback, whose hash the store key signs: the shopper
coming back to `okUrl` proves nothing (the browser carries it) and changes
nothing. The CMI may call back several times for one order, in any order (a
declined attempt, then a success; the same success again): each callback
locks the order's payment row, so the order is paid, and its sellers
credited, once (the ledger's unique keys are the second guard).
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.csp import csp_allow_form_action

from . import cmi
from .models import CmiCallback, OrderPayment, Refund
from .providers import RefundOutcome
from .services import payment_mark_failed, payment_mark_paid

logger = logging.getLogger(__name__)


class CmiProvider:
    code = OrderPayment.Provider.CMI

    def is_configured(self) -> bool:
        return cmi.is_configured()

    def serves(self, *, currency: str, country: str) -> bool:
        countries = {code.upper() for code in settings.CMI_COUNTRIES}
        return (
            currency.upper() in {code.upper() for code in settings.CMI_CURRENCIES}
            and currency.upper() in cmi.CURRENCY_CODES
            and (not countries or country.upper() in countries)
        )

    def start(
        self, request: HttpRequest, *, order, payment: OrderPayment
    ) -> HttpResponse:
        """A page with the signed form that takes the shopper to the CMI."""
        kwargs = {"number": order.number, "hash": order.verification_hash()}
        back = request.build_absolute_uri(reverse("payments:cmi-return", kwargs=kwargs))
        address = order.shipping_address
        fields = cmi.page_fields(
            order_number=order.number,
            amount=payment.amount,
            currency=payment.currency,
            language=(get_language() or "fr").split("-")[0],
            ok_url=back,
            fail_url=back,
            callback_url=request.build_absolute_uri(reverse("cmi-callback")),
            shop_url=request.build_absolute_uri("/"),
            email=order.email or "",
            name=address.name if address else "",
        )
        response = render(
            request,
            "payments/cmi_payment.html",
            {
                "order": order,
                "gateway_url": settings.CMI_GATEWAY_URL,
                "fields": sorted(fields.items()),
                "declined": payment.status == OrderPayment.Status.FAILED,
            },
        )
        return csp_allow_form_action(response, settings.CMI_GATEWAY_URL)

    def callback(self, request: HttpRequest) -> HttpResponse:
        """The CMI's server-to-server callback; its answer is the protocol's."""
        params = {name: request.POST.get(name, "") for name in request.POST}
        reply = callback_apply(params=params)
        status = 400 if reply is None else 200
        return HttpResponse(
            reply or cmi.FAILURE, status=status, content_type="text/plain"
        )

    def refund(
        self,
        *,
        payment: OrderPayment,
        amount: Decimal,
        key: str,
        metadata: dict[str, str],
    ) -> RefundOutcome:
        """By the CMI's back-office API where the contract allows it; else
        recorded for staff to refund the shopper's bank by hand."""
        if cmi.refunds_by_api():
            trans_id = cmi.refund_create(
                order_number=payment.order.number,
                amount=amount,
                currency=payment.currency,
            )
            return RefundOutcome(provider_reference=trans_id)
        payment.order.notes.create(
            note_type="Warning",
            message=_(
                "The CMI does not refund this card by its API: refund %(amount)s "
                "%(currency)s to the shopper's bank."
            )
            % {"amount": amount, "currency": payment.currency},
        )
        return RefundOutcome(method=Refund.Method.BANK)


def callback_apply(*, params: dict[str, str]) -> str | None:
    """Apply one CMI callback; the answer to give it, None when refused.

    Refused (None) unless its hash verifies. `ACTION=POSTAUTH` for the first
    approved callback of an order (the CMI then captures the authorised
    amount), `APPROVED` to acknowledge a declined attempt or a repeat,
    `FAILURE` when it cannot be applied (no such order, a different amount or
    currency). An approval for an order cancelled meanwhile (its stock back on
    sale) is acknowledged and not captured: no money is taken.
    """
    callback = cmi.callback_read(params)
    if callback is None:
        logger.warning("CMI callback refused: hash does not verify")
        return None
    with transaction.atomic():
        payment = (
            OrderPayment.objects.select_for_update()
            .select_related("order")
            .filter(
                order__number=callback.order_number,
                method=OrderPayment.Method.CARD,
                provider=OrderPayment.Provider.CMI,
            )
            .first()
        )
        reply = _reply(payment, callback)
        CmiCallback.objects.create(
            order_number=callback.order_number,
            trans_id=callback.trans_id,
            proc_return_code=callback.proc_return_code,
            response=callback.response,
            amount=callback.amount if _storable(callback.amount) else None,
            reply=reply,
            payload=params,
        )
    return reply


def _storable(amount: Decimal | None) -> bool:
    return amount is not None and abs(amount) < Decimal("1e10")


def _reply(payment: OrderPayment | None, callback: cmi.Callback) -> str:
    if payment is None:
        logger.warning("CMI callback for no CMI order: %s", callback.order_number)
        return cmi.FAILURE
    expected = cmi.CURRENCY_CODES.get(payment.currency.upper())
    if callback.amount != payment.amount or callback.currency != expected:
        logger.error(
            "Order #%s: the CMI reports %s (%s), the order is %s %s",
            payment.order.number,
            callback.amount,
            callback.currency,
            payment.amount,
            payment.currency,
        )
        payment.order.notes.create(
            note_type="Error",
            message=_("Card payment amount or currency does not match the order."),
        )
        return cmi.FAILURE
    if not callback.approved:
        # Declined (or 3-D Secure failed): the order stays payable; a late
        # decline after a success changes nothing.
        payment_mark_failed(payment=payment)
        return cmi.APPROVED
    if payment.is_paid:
        return cmi.APPROVED
    if payment.status == OrderPayment.Status.CANCELLED:
        payment.order.notes.create(
            note_type="Warning",
            message=_(
                "The CMI authorised a card after the order was cancelled: not "
                "captured, nothing is charged."
            ),
        )
        return cmi.APPROVED
    payment_mark_paid(payment=payment)
    return cmi.POSTAUTH
