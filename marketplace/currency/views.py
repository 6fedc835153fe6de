from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .forms import CurrencyForm
from .selectors import BASE


@require_POST
def currency_set(request):
    """Remember the display currency in a cookie and go back (no JavaScript:
    the header's form posts here, as Django's `set_language` form does)."""
    form = CurrencyForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(str(form.errors))
    target = form.cleaned_data["next"] or request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    currency = form.cleaned_data["currency"]
    name = settings.DISPLAY_CURRENCY_COOKIE_NAME
    if currency == BASE:
        # No cookie: the shop's own currency, the pages everyone shares.
        response.delete_cookie(name, samesite="Lax")
    else:
        response.set_cookie(
            name,
            currency,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response
