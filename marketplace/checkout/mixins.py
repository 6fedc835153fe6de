from django.db import transaction
from django.shortcuts import redirect
from oscar.apps.checkout import mixins
from oscar.core.loading import get_model

from marketplace.payments.models import OrderPayment
from marketplace.payments.services import payment_create
from marketplace.sellerorders.services import order_split_by_seller
from marketplace.shipping.charges import basket_split_by_seller

from .exceptions import OrderAlreadyPlaced
from .services import (
    STATUS_CONFIRMED,
    STATUS_PENDING_PAYMENT,
    basket_stock_lock,
    order_confirmation_enqueue,
)

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


class OrderPlacementMixin(mixins.OrderPlacementMixin):
    """Oscar's order placement, made safe for concurrent shoppers.

    Placing runs in one transaction that first locks the basket (a form
    submitted twice waits here, then finds the order and places nothing), then
    the stock records (sorted by id: no deadlock), checks the stock, and writes
    the order, its sellers' parts and its payment.
    """

    def payment_method_code(self) -> str:
        return self.checkout_session.payment_method() or OrderPayment.Method.COD

    def get_initial_order_status(self, basket):
        if self.payment_method_code() == OrderPayment.Method.CARD:
            return STATUS_PENDING_PAYMENT
        return STATUS_CONFIRMED

    def place_order(self, order_number, user, basket, *args, **kwargs):
        with transaction.atomic():
            Basket.objects.select_for_update().filter(pk=basket.pk).first()
            existing = Order.objects.filter(basket_id=basket.pk).first()
            if existing is not None:
                raise OrderAlreadyPlaced(existing)
            basket_stock_lock(basket=basket)
            order = super().place_order(order_number, user, basket, *args, **kwargs)
            order_split_by_seller(
                order=order, shares=basket_split_by_seller(basket=basket)
            )
            payment = payment_create(order=order, method=self.payment_method_code())
            if payment.method == OrderPayment.Method.COD:
                # Confirmed at placement: the e-mails go with the order's
                # own commit (a card order's go with its payment's).
                order_confirmation_enqueue(order=order)
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
            return redirect(self.get_order_success_url(placed.order))

    def handle_successful_order(self, order):
        # The confirmation e-mails were queued with the order (place_order).
        self.checkout_session.flush()
        self.request.session["checkout_order_id"] = order.pk
        response = redirect(self.get_order_success_url(order))
        self.send_signal(self.request, response, order)
        return response

    def send_order_placed_email(self, order):
        """Oscar's hook; ours queue the e-mails in `place_order`."""

    def get_order_success_url(self, order) -> str:
        """Card orders go on to the payment page; cash orders are done."""
        if order.payment.method == OrderPayment.Method.CARD:
            from marketplace.payments.views import card_payment_url

            return card_payment_url(order)
        return self.get_success_url()
