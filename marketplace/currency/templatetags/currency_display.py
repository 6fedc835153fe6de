from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from oscar.templatetags.currency_filters import currency as format_currency

from ..selectors import (
    BASE,
    DISPLAY_CURRENCIES,
    display_currency,
    price_convert,
    rates_latest,
)

register = template.Library()


@register.simple_tag
def approx_price(amount_mad) -> str:
    """ "≈ €12.50 (rate of 28/11/2026)" in the visitor's display currency, or
    nothing when it is MAD or has no rate. The price itself stays in MAD."""
    if amount_mad in (None, ""):
        return ""
    approximate = price_convert(
        amount_mad=Decimal(amount_mad), currency=display_currency()
    )
    if approximate is None:
        return ""
    return render_to_string(
        "currency/approx_price.html",
        {
            "approx": approximate,
            "formatted": format_currency(approximate.amount, approximate.currency),
        },
    )


@register.simple_tag
def display_currency_code() -> str:
    return display_currency()


@register.simple_tag(takes_context=True)
def currency_form(context) -> str:
    request = context.get("request")
    rates = rates_latest()
    choices = [c for c in DISPLAY_CURRENCIES if c == BASE or c in rates]
    if len(choices) < 2:
        return ""
    # A plain context with the page's own (lazy) CSRF token: rendered with
    # the request, the form ran every context processor of the page again
    # (the search form, the CSRF token masked a second time: 5-7 % of a
    # rendered page, bench/profile_pages.py).
    return render_to_string(
        "currency/form.html",
        {
            "choices": choices,
            "current": display_currency(),
            "next": request.get_full_path() if request else "/",
            "csrf_token": context.get("csrf_token"),
        },
    )
