from decimal import Decimal

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View
from oscar.apps.checkout import views
from oscar.apps.checkout.exceptions import FailedPreCondition
from oscar.core.loading import get_model

from marketplace.payments.models import OrderPayment
from marketplace.payments.providers import card_provider_for
from marketplace.payments.services import cod_order_confirm
from marketplace.shipping.charges import address_country, basket_split_by_seller

from .forms import PaymentMethodForm, available_payment_methods, method_label
from .mixins import shipping_country, shipping_phone
from .selectors import cod_refusal
from .services import cod_confirmation_signature_check

Order = get_model("order", "Order")
Line = get_model("order", "Line")
ShippingAddress = get_model("order", "ShippingAddress")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

# (code, name): the code is unique, so concurrent first orders create one type.
# The name is stored untranslated (one row for every language); marked for
# makemessages, it is translated where displayed (checkout/thank_you.html).
SOURCE_TYPES = {
    OrderPayment.Method.COD: ("cash-on-delivery", gettext_noop("Cash on delivery")),
    OrderPayment.Method.CARD: ("card-stripe", gettext_noop("Card (Stripe)")),
    OrderPayment.Provider.CMI: ("card-cmi", gettext_noop("Card (CMI)")),
}


class IndexView(views.IndexView):
    """Oscar's checkout gateway, whose returning-customer form takes a password.

    Oscar builds that form without the request, so `authenticate()` gets none
    and django-axes could not count the guesses; passing it puts this form
    under the same lock-out as the login page.
    """

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class ShippingAddressView(views.ShippingAddressView):
    """Oscar's address step, the address stored then the next steps asked at
    once: with one shipping method for the basket and cash on delivery the
    only way to pay, the shopper goes straight to the preview
    (`CheckoutSessionMixin.onward`), one request instead of four."""

    def form_valid(self, form):
        return self.onward("checkout:shipping-method", super().form_valid(form))


class ShippingMethodView(views.ShippingMethodView):
    """Oscar's shipping method step; when it has nothing to ask (one method),
    the payment steps are asked at once."""

    def get_success_response(self):
        return self.onward("checkout:payment-method", super().get_success_response())


class PaymentMethodView(views.PaymentMethodView):
    """Oscar's payment method step, which only sends the shopper on to the
    payment details: asked at once."""

    def get_success_response(self):
        return self.onward("checkout:payment-details", super().get_success_response())


class ThankYouView(views.ThankYouView):
    """Oscar's confirmation page, the order's lines read once with what the
    page shows of them: their products (and parents, for the names), photos
    and options, which Oscar's template read line by line, and each seller's
    parcel read its own lines again (`order_seller_parts`); its payment with
    its type, its discounts and surcharges once each, its shipping address
    with its country. The page the shopper waits for right after "Place
    order"."""

    def get_object(self, queryset=None):
        order = super().get_object(queryset)
        if order is not None:
            prefetch_related_objects(
                [order],
                Prefetch(
                    "lines",
                    queryset=Line.objects.select_related("product__parent"),
                ),
                "lines__product__images",
                "lines__attributes",
                Prefetch(
                    "sources", queryset=Source.objects.select_related("source_type")
                ),
                # The totals' discounts (read once by `order|for_page`) and
                # surcharges (read twice by Oscar's template and totals).
                "discounts",
                "surcharges",
                # The address with its country's name: one query, was two.
                Prefetch(
                    "shipping_address",
                    queryset=ShippingAddress.objects.select_related("country"),
                ),
            )
        return order


# Oscar's view already mixes in `checkout.mixins.OrderPlacementMixin`, which
# get_class resolves to this fork's.
class PaymentDetailsView(views.PaymentDetailsView):
    """Choose cash on delivery or card, preview, place the order.

    Card details are never entered here: a card order is placed (its stock
    held), then paid on Stripe's Payment Element page.
    """

    template_name = "oscar/checkout/payment_details.html"

    def cod_refusal(self) -> str:
        """Why this basket may not be paid in cash on delivery; "" if it may."""
        basket = self.request.basket
        charge = self.get_shipping_charge(basket)
        total = (
            self.get_order_totals(basket, shipping_charge=charge).incl_tax
            if charge is not None
            else basket.total_incl_tax
        )
        return cod_refusal(
            total=total,
            client_ip=self.request.META.get("REMOTE_ADDR") or None,
            phone=shipping_phone(self.get_shipping_address(basket)),
        )

    def get_shipping_charge(self, basket):
        method = self.get_shipping_method(basket, self.get_shipping_address(basket))
        return method.calculate(basket) if method else None

    def card_provider(self) -> str | None:
        """The provider that would take this shopper's card (a setting: by
        the order's currency and the country it ships to), or None."""
        basket = self.request.basket
        return card_provider_for(
            currency=basket.currency or "",
            country=shipping_country(self.get_shipping_address(basket)),
        )

    def payment_form(self, data=None) -> PaymentMethodForm:
        return PaymentMethodForm(
            data,
            cod_refusal=self.cod_refusal(),
            card_provider=self.card_provider(),
            initial={"payment_method": self.checkout_session.payment_method()},
        )

    def get(self, request, *args, **kwargs):
        only_cash = available_payment_methods() == ["cod"] or (
            self.card_provider() is None
        )
        if not self.preview and only_cash:
            if not self.cod_refusal():
                # Nothing to choose: cash on delivery.
                self.checkout_session.pay_by(OrderPayment.Method.COD)
                return redirect("checkout:preview")
        return super().get(request, *args, **kwargs)

    def check_payment_data_is_captured(self, request):
        if request.method == "POST" and "payment_method" in request.POST:
            return
        method = self.checkout_session.payment_method()
        if method not in available_payment_methods() or (
            method == OrderPayment.Method.CARD and self.card_provider() is None
        ):
            raise FailedPreCondition(
                url=reverse("checkout:payment-details"),
                message=_("Please choose how you will pay."),
            )

    def handle_payment_details_submission(self, request):
        form = self.payment_form(request.POST)
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        self.checkout_session.pay_by(form.cleaned_data["payment_method"])
        return self.render_preview(request)

    def handle_place_order_submission(self, request):
        # Law 31-08: no order without the terms of sale accepted (the box on
        # the preview; `place_order` records the version accepted).
        if not request.POST.get("accept_terms"):
            return self.render_preview(
                request,
                terms_error=_("Please accept the terms of sale to place your order."),
            )
        return super().handle_place_order_submission(request)

    def handle_payment(self, order_number, total, **kwargs):
        method = self.payment_method_code()
        if method == OrderPayment.Method.CARD:
            method = self.card_provider() or method
        code, name = SOURCE_TYPES.get(method, SOURCE_TYPES[OrderPayment.Method.CARD])
        source_type, __ = SourceType.objects.get_or_create(
            code=code, defaults={"name": name}
        )
        # Nothing is debited yet: cash is collected on delivery, the card is
        # charged on the provider's page and confirmed by its signed message.
        self.add_payment_source(
            Source(
                source_type=source_type,
                currency=total.currency,
                amount_allocated=total.incl_tax,
                amount_debited=Decimal("0.00"),
            )
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if "payment_form" not in ctx:
            ctx["payment_form"] = self.payment_form()
        method = self.checkout_session.payment_method()
        ctx["payment_method_label"] = method_label(
            method, self.card_provider() if method == "card" else None
        )
        basket = self.request.basket
        ctx["seller_shares"] = basket_split_by_seller(
            basket=basket,
            country=address_country(self.get_shipping_address(basket)),
        )
        return ctx


class CashOnDeliveryConfirmView(View):
    """The shopper confirms a cash-on-delivery order from the e-mail's link.

    Opening the link shows the order and a button: only the POST confirms, so
    a mail scanner that follows links confirms nothing. The link is signed
    with the site's secret; any other signature is a 404.
    """

    template_name = "oscar/checkout/cod_confirm.html"

    def _order(self, number, signature):
        order = get_object_or_404(Order, number=number)
        if not cod_confirmation_signature_check(order=order, signature=signature):
            raise Http404
        return order

    def get(self, request, number, signature):
        order = self._order(number, signature)
        return render(request, self.template_name, {"order": order})

    def post(self, request, number, signature):
        order = self._order(number, signature)
        confirmed = cod_order_confirm(order=order, via=OrderPayment.Confirmation.LINK)
        order.refresh_from_db()
        return render(
            request, self.template_name, {"order": order, "just_confirmed": confirmed}
        )
