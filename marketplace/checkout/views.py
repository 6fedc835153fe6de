from decimal import Decimal

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
from marketplace.payments.services import cod_order_confirm
from marketplace.shipping.charges import address_country, basket_split_by_seller

from .forms import METHOD_LABELS, PaymentMethodForm, available_payment_methods
from .mixins import shipping_phone
from .selectors import basket_lines_load, cod_refusal
from .services import cod_confirmation_signature_check

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

# (code, name): the code is unique, so concurrent first orders create one type.
# The name is stored untranslated (one row for every language); marked for
# makemessages, it is translated where displayed (checkout/thank_you.html).
SOURCE_TYPES = {
    OrderPayment.Method.COD: ("cash-on-delivery", gettext_noop("Cash on delivery")),
    OrderPayment.Method.CARD: ("card-stripe", gettext_noop("Card (Stripe)")),
}


class IndexView(views.IndexView):
    """Oscar's checkout gateway, whose returning-customer form takes a password.

    Oscar builds that form without the request, so `authenticate()` gets none
    and django-axes could not count the guesses; passing it puts this form
    under the same lock-out as the login page.
    """

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


# Oscar's view already mixes in `checkout.mixins.OrderPlacementMixin`, which
# get_class resolves to this fork's.
class PaymentDetailsView(views.PaymentDetailsView):
    """Choose cash on delivery or card, preview, place the order.

    Card details are never entered here: a card order is placed (its stock
    held), then paid on Stripe's Payment Element page.
    """

    template_name = "oscar/checkout/payment_details.html"

    def dispatch(self, request, *args, **kwargs):
        # Before Oscar's pre-conditions check every line's stock.
        basket_lines_load(basket=request.basket)
        return super().dispatch(request, *args, **kwargs)

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

    def payment_form(self, data=None) -> PaymentMethodForm:
        return PaymentMethodForm(
            data,
            cod_refusal=self.cod_refusal(),
            initial={"payment_method": self.checkout_session.payment_method()},
        )

    def get(self, request, *args, **kwargs):
        if not self.preview and available_payment_methods() == ["cod"]:
            if not self.cod_refusal():
                # Nothing to choose: cash on delivery.
                self.checkout_session.pay_by(OrderPayment.Method.COD)
                return redirect("checkout:preview")
        return super().get(request, *args, **kwargs)

    def check_payment_data_is_captured(self, request):
        if request.method == "POST" and "payment_method" in request.POST:
            return
        if self.checkout_session.payment_method() not in available_payment_methods():
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

    def handle_payment(self, order_number, total, **kwargs):
        method = self.payment_method_code()
        code, name = SOURCE_TYPES[method]
        source_type, __ = SourceType.objects.get_or_create(
            code=code, defaults={"name": name}
        )
        # Nothing is debited yet: cash is collected on delivery, the card is
        # charged on Stripe's page and confirmed by its webhook.
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
        ctx["payment_method_label"] = METHOD_LABELS.get(method, "")
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
