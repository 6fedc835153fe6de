"""Oscar's basket middleware, which also keeps the header's basket count.

A visitor who is not signed in sees the same page as every other one (the
anonymous page cache, marketplace/pagecache): the header's basket link
carries no count of its own. The count is a display hint in a cookie
(`BASKET_COUNT_COOKIE_NAME`, readable by the page's script,
static/js/behaviours.js) that every response which loaded the basket brings
up to date: an add, a change or a removal on the basket page, an order
placed (its basket submitted: 0), the merge at sign-in. Without the open
basket's cookie an anonymous visitor has no basket, so the hint goes too (a
sign-out, a basket that no longer exists). Nothing reads it on the server:
it is never trusted for anything but the number the header shows.
"""

from django.conf import settings
from django.db.models import Sum
from oscar.apps.basket.middleware import BasketMiddleware as CoreBasketMiddleware
from oscar.core.loading import get_class

from .receivers import lines_written_in_request, lines_written_now

Applicator = get_class("offer.applicator", "Applicator")

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class BasketMiddleware(CoreBasketMiddleware):
    def __call__(self, request):
        with lines_written_in_request():
            return super().__call__(request)

    def apply_offers_to_basket(self, request, basket):
        # Oscar counts the lines first (a query of its own), then reads them
        # to apply the offers; every request that loads a basket with lines
        # reads them (a checkout step, the basket page): read once, here.
        if basket.id is not None and basket.all_lines():
            Applicator().apply(basket, request.user, request)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        count = self.basket_count(request)
        if count is None:
            return response
        name = settings.BASKET_COUNT_COOKIE_NAME
        had = request.COOKIES.get(name)
        if not count:
            if had is not None:
                response.delete_cookie(name, samesite="Lax")
        elif had != str(count):
            response.set_cookie(
                name,
                str(count),
                max_age=settings.OSCAR_BASKET_COOKIE_LIFETIME,
                secure=settings.OSCAR_BASKET_COOKIE_SECURE,
                httponly=False,  # read by the page's script, for display only
                samesite="Lax",
            )
        return response

    def basket_count(self, request) -> int | None:
        """The number of items in this visitor's basket after the request, or
        None when the request did not learn it (a page that never loaded the
        basket: the hint stays as it was)."""
        basket = getattr(request, "_basket_cache", None)
        if basket is None:
            user = getattr(request, "user", None)
            anonymous = user is None or not user.is_authenticated
            if anonymous and not request.COOKIES.get(self.get_cookie_key(request)):
                return 0  # no basket of their own
            return None
        if not basket.id or basket.status == basket.SUBMITTED:
            return 0
        lines = basket._lines
        if lines is not None and (
            request.method in SAFE_METHODS
            or (
                lines._result_cache is not None and basket.id not in lines_written_now()
            )
        ):
            # The lines read, unchanged since: a GET, or a request that
            # wrote none of them (a checkout step).
            return basket.num_items
        # A change (add, quantities, removal) may have left the lines read
        # earlier out of date: counted again.
        total = basket.lines.aggregate(total=Sum("quantity"))["total"]
        return total or 0
