from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from oscar.apps.checkout import mixins
from oscar.core.loading import get_model

from marketplace.accounts.client import client_ip
from marketplace.legal.models import Acceptance, Kind
from marketplace.legal.services import acceptance_record
from marketplace.notifications.services import order_language_record
from marketplace.orders.services import order_confirmation_enqueue
from marketplace.orders.status import (
    STATUS_AWAITING_CONFIRMATION,
    STATUS_PENDING_PAYMENT,
)
from marketplace.outbox.services import outbox_enqueue
from marketplace.payments.models import OrderPayment
from marketplace.payments.providers import card_provider_for
from marketplace.payments.services import payment_create
from marketplace.sellerorders.services import order_split_by_seller
from marketplace.shipping.charges import address_country, basket_split_by_seller

from .exceptions import CashOnDeliveryRefused, OrderAlreadyPlaced
from .selectors import cod_refusal
from .services import (
    basket_stock_lock,
    cod_confirmation_request_job,
    cod_confirmation_signature,
    cod_limits_lock,
)
from .tasks import order_analytics_record

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

# Accepted with every order (the box on the preview page).
CHECKOUT_TEXTS = (Kind.TERMS, Kind.WITHDRAWAL)


def shipping_country(address) -> str:
    """The shipping address's country code (ISO 3166-1 alpha-2), or ""."""
    return str(getattr(address, "country_id", "") or "") if address else ""


def shipping_phone(address) -> str:
    """The shipping address's phone, as stored (E.164), or ""."""
    phone = getattr(address, "phone_number", None)
    return str(phone) if phone else ""


class OrderPlacementMixin(mixins.OrderPlacementMixin):
    """Oscar's order placement, made safe for concurrent shoppers.

    Placing runs in one transaction that first locks the basket (a form
    submitted twice waits here, then finds the order and places nothing), then
    the stock records (sorted by id: no deadlock), checks the stock, and writes
    the order, its sellers' parts and its payment. A cash order is checked
    against the cash-on-delivery ceiling and limits under a lock on the
    shopper's address and phone, and waits for the shopper's confirmation.
    """

    def payment_method_code(self) -> str:
        return self.checkout_session.payment_method() or OrderPayment.Method.COD

    def get_initial_order_status(self, basket):
        if self.payment_method_code() == OrderPayment.Method.CARD:
            return STATUS_PENDING_PAYMENT
        return STATUS_AWAITING_CONFIRMATION

    def client_ip(self) -> str | None:
        # The same address as every throttle and lock-out (TRUSTED_PROXY_COUNT
        # says which X-Forwarded-For entry a trusted proxy wrote).
        return client_ip(self.request)

    def place_order(self, order_number, user, basket, *args, **kwargs):
        method = self.payment_method_code()
        phone = shipping_phone(kwargs.get("shipping_address"))
        with transaction.atomic():
            Basket.objects.select_for_update().filter(pk=basket.pk).first()
            existing = Order.objects.filter(basket_id=basket.pk).first()
            if existing is not None:
                raise OrderAlreadyPlaced(existing)
            if method == OrderPayment.Method.COD:
                cod_limits_lock(client_ip=self.client_ip(), phone=phone)
                refusal = cod_refusal(
                    total=kwargs["order_total"].incl_tax,
                    client_ip=self.client_ip(),
                    phone=phone,
                )
                if refusal:
                    raise CashOnDeliveryRefused(refusal)
            basket_stock_lock(basket=basket)
            try:
                order = super().place_order(order_number, user, basket, *args, **kwargs)
            finally:
                # Kept for this transaction's allocation only.
                basket._stock_locked = None
            order_split_by_seller(
                order=order,
                shares=basket_split_by_seller(
                    basket=basket,
                    country=address_country(kwargs.get("shipping_address")),
                ),
            )
            provider = ""
            if method == OrderPayment.Method.CARD:
                # The card's provider, as the settings choose it for this order.
                provider = (
                    card_provider_for(
                        currency=order.currency,
                        country=shipping_country(kwargs.get("shipping_address")),
                    )
                    or ""
                )
            self._placed_payment = payment_create(
                order=order,
                method=method,
                client_ip=self.client_ip(),
                phone=phone,
                provider=provider,
            )
            # A guest's e-mails are written in the language it ordered in.
            order_language_record(order=order, language=get_language())
            # What the shopper accepted on the preview, with the order.
            acceptance_record(
                kinds=CHECKOUT_TEXTS,
                context=Acceptance.Context.CHECKOUT,
                user=user,
                reference=order.number,
            )
            if method == OrderPayment.Method.COD:
                # The e-mails go with the order's own commit, through the
                # outbox (a card order's go with its payment's).
                path = reverse(
                    "checkout:cod-confirm",
                    kwargs={
                        "number": order.number,
                        "signature": cod_confirmation_signature(order=order),
                    },
                )
                url = self.request.build_absolute_uri(path)
                order_confirmation_enqueue(
                    order=order,
                    also=[
                        cod_confirmation_request_job(order=order, url=url),
                        (order_analytics_record, {"order_id": order.pk}),
                    ],
                )
            else:
                outbox_enqueue(
                    task=order_analytics_record, kwargs={"order_id": order.pk}
                )
        return order

    def handle_order_placement(self, order_number, user, basket, *args, **kwargs):
        try:
            return super().handle_order_placement(
                order_number, user, basket, *args, **kwargs
            )
        except OrderAlreadyPlaced as placed:
            # The first submission placed it; this one only shows it again.
            Basket.objects.filter(pk=basket.pk).update(status=Basket.SUBMITTED)
            self.checkout_session.flush()
            self.request.session["checkout_order_id"] = placed.order.pk
            return redirect(self.get_success_url())

    def send_order_placed_email(self, order):
        """Sends nothing: the order's e-mails are queued through the outbox in
        `place_order`, in the order's own transaction (a card order's with its
        payment's), where Oscar's `handle_successful_order` would send them
        after the commit, once, with nothing to retry a failure."""

    def get_success_url(self) -> str:
        """Card orders go on to the payment page; cash orders are done.

        Called by Oscar's `handle_successful_order` (and by a second
        submission above) once the order's id is in the session.
        """
        # The payment this request placed, else (a second submission) the
        # order's, read.
        payment = getattr(self, "_placed_payment", None) or (
            OrderPayment.objects.filter(
                order_id=self.request.session.get("checkout_order_id")
            )
            .select_related("order")
            .first()
        )
        if payment is not None and payment.method == OrderPayment.Method.CARD:
            from marketplace.payments.views import card_payment_url

            return card_payment_url(payment.order)
        return super().get_success_url()
