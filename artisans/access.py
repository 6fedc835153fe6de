"""Who may open a shop's pages: one rule, applied by every seller page.

A cooperative's members run the shop day to day: products, stock, photos,
the storefront, orders and their parcels. The money and the membership stay
with the owner: payouts, the bank account (RIB), inviting and removing
members. Whoever runs no shop, or is only a member on an owner's page, gets
403; another shop's objects answer 404 (each view looks them up within the
shop it is given).

`seller_view` wraps a function view and hands it the shop; `SellerViewMixin`
does the same for a class-based view. Both ask `shop_for_request`, which
asks `seller_for_user`: nothing else decides.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Seller
from .selectors import seller_for_user


def shop_for_request(request, *, owner_only: bool = False) -> Seller:
    """The shop the signed-in user runs; PermissionDenied when none applies."""
    seller = seller_for_user(request.user, owner_only=owner_only)
    if seller is not None:
        return seller
    if owner_only and seller_for_user(request.user) is not None:
        raise PermissionDenied(_("Only the shop's owner sees this page."))
    raise PermissionDenied(_("You do not run a shop on the marketplace."))


def seller_view(view=None, *, owner_only: bool = False):
    """Sign-in required; the view is called as `view(request, seller, ...)`.

    Usable bare (`@seller_view`) or with the rule (`@seller_view(owner_only=
    True)`), and on a method through `method_decorator`.
    """

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            seller = shop_for_request(request, owner_only=owner_only)
            return view(request, seller, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


class SellerViewMixin(LoginRequiredMixin):
    """The class-based form of `seller_view`: `self.get_seller()`."""

    owner_only = False

    def get_seller(self) -> Seller:
        if not hasattr(self, "_seller"):
            self._seller = shop_for_request(self.request, owner_only=self.owner_only)
        return self._seller
