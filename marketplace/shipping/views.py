from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from artisans.access import seller_view

from .forms import CountryChoiceForm, SellerShippingForm
from .selectors import countries_served, country_name, seller_ships_to, visitor_country
from .services import seller_shipping_update

Product = get_model("catalogue", "Product")

COUNTRY_COOKIE_AGE = 365 * 24 * 3600


@seller_view
def seller_settings(request, seller):
    """The shop's carrier in Morocco, its countries and prices abroad."""
    form = SellerShippingForm(request.POST or None, seller=seller)
    if request.method == "POST" and form.is_valid():
        seller_shipping_update(
            seller=seller,
            carrier=form.cleaned_data["carrier"],
            countries=form.cleaned_data["countries"],
            zone_rates=form.zone_rates(),
        )
        messages.success(request, _("Your shipping settings are saved."))
        return redirect("shipping:seller-settings")
    return render(
        request,
        "shipping/seller_settings.html",
        {"form": form, "seller": seller},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def country_choose(request):
    """Remember the visitor's delivery country, as the language is (a cookie)."""
    form = CountryChoiceForm(request.POST, choices=countries_served(fresh=True))
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a country from the list."))
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.SHIPPING_COUNTRY_COOKIE,
        form.cleaned_data["country"],
        max_age=COUNTRY_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@never_cache
def ships_to(request, pk):
    """Whether the product's shop ships to the visitor's country.

    Asked by the product page's script: the page itself is the same for
    every visitor (the anonymous page cache keeps one copy per language),
    this answer is the visitor's own and never cached.
    """
    product = get_object_or_404(Product.objects.browsable(), pk=pk)
    country = visitor_country(request)
    name = country_name(country)
    seller = product.seller
    ships = seller is not None and seller_ships_to(seller=seller, country=country)
    if ships:
        message = _("Ships to %(country)s.") % {"country": name}
    else:
        message = _("This artisan does not ship to %(country)s.") % {"country": name}
    return JsonResponse({"country": country, "ships": ships, "message": message})
