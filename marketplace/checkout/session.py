"""Oscar's checkout session mixin, found first by `get_class("checkout.session",
"CheckoutSessionMixin")`: every checkout view (and `OrderPlacementMixin`)
is built on it.

Two costs of Oscar's steps, cut here for every step:

- Each step checks each basket line's stock through the strategy, which asks
  each product for its stock records and its class, and each record for its
  partner: several queries a line. The basket's rows are read first, in a
  constant number of queries (`selectors.basket_lines_load`).
- A step with nothing to ask the shopper (the shipping method when one
  method ships the basket, Oscar's payment method step, the payment step when
  only cash on delivery is offered) answers with a redirect to the next one:
  the browser made one request more for each, each paying for the session,
  the basket, its offers and its stock again. `onward` asks the next step in
  the same request and passes its redirect on (`views`).
"""

import copy
from functools import lru_cache

from django.http import HttpResponseRedirect
from django.urls import get_resolver, get_urlconf, reverse
from oscar.apps.checkout import session

from .selectors import basket_lines_load


@lru_cache(maxsize=64)
def _step(resolver, path: str):
    """The view behind a checkout step's URL, with its URL's decorators (a
    new URL configuration is a new resolver: not kept across them)."""
    return resolver.resolve(path)


class CheckoutSessionMixin(session.CheckoutSessionMixin):
    def dispatch(self, request, *args, **kwargs):
        # Before Oscar's pre-conditions check every line's stock.
        basket_lines_load(basket=request.basket)
        return super().dispatch(request, *args, **kwargs)

    def onward(self, url_name: str, response):
        """`response` (the redirect to the step `url_name`), or that step's
        own redirect when it has nothing to ask.

        The step is asked as the browser would ask it: a GET of its URL, its
        URL's decorators and pre-conditions included, with this request's
        session, user and basket. A page it would show instead (a choice to
        make) is not rendered: the browser is sent to it, as before.
        """
        path = reverse(url_name)
        match = _step(get_resolver(get_urlconf()), path)
        request = copy.copy(self.request)
        request.method = "GET"
        request.path = request.path_info = path
        request.resolver_match = match
        answer = match.func(request, *match.args, **match.kwargs)
        # A page (unrendered: a TemplateResponse renders only when returned)
        # is left for the browser to ask for at its own URL.
        return answer if isinstance(answer, HttpResponseRedirect) else response
