"""Erasing a shopper's account: its personal data goes, its orders stay.

The law keeps orders and invoices (commercial records) for years; they stay,
anonymised: the shipping and billing addresses lose the name, street and
phone (the city and country stay, for the accounts), the guest e-mail goes.
The account is closed and renamed so it can no longer sign in or be found by
its e-mail. Messages the shopper wrote stay with the shop (its records of
the sale), attributed to a closed account.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.notifications.models import Notification, UserPreferences

from .models import ErasureRequest
from .selectors import erasure_blockers

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
Basket = get_model("basket", "Basket")
WishList = get_model("wishlists", "WishList")

ERASED_DOMAIN = "erased.invalid"


class ErasureRefused(Exception):
    def __init__(self, reasons):
        super().__init__(", ".join(reasons))
        self.reasons = reasons


def _anonymise_address(address) -> None:
    if address is None:
        return
    for field in ("title", "first_name", "last_name", "line1", "line2", "line3"):
        setattr(address, field, "")
    address.postcode = ""
    address.phone_number = ""
    if hasattr(address, "notes"):
        address.notes = ""
    address.save()


def erasure_request(*, user) -> ErasureRequest:
    """Ask for the account's erasure: done at once for a shopper with nothing
    open; a seller's waits for staff. Raises ErasureRefused with the reasons
    ("open-orders", "open-returns") when orders or returns are still open."""
    reasons = erasure_blockers(user=user)
    blocking = [reason for reason in reasons if reason != "seller"]
    if blocking:
        raise ErasureRefused(blocking)
    with transaction.atomic():
        request = ErasureRequest.objects.filter(
            account_id=user.pk, status=ErasureRequest.Status.PENDING
        ).first() or ErasureRequest.objects.create(user=user, account_id=user.pk)
        if "seller" not in reasons:
            account_erase(request=request)
    return request


def account_erase(*, request: ErasureRequest) -> None:
    """Erase the request's account now (staff call it for a seller's)."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=request.account_id)
        for order in Order.objects.filter(user=user).select_related(
            "shipping_address", "billing_address"
        ):
            _anonymise_address(order.shipping_address)
            _anonymise_address(order.billing_address)
            order.guest_email = ""
            order.save(update_fields=["guest_email"])
        UserAddress.objects.filter(user=user).delete()
        Basket.objects.filter(owner=user).exclude(status=Basket.SUBMITTED).delete()
        WishList.objects.filter(owner=user).delete()
        Notification.objects.filter(recipient=user).delete()
        UserPreferences.objects.filter(user=user).delete()
        erased = f"erased-{user.pk}@{ERASED_DOMAIN}"
        user.email = erased
        user.username = erased
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        request.status = ErasureRequest.Status.DONE
        request.done_at = timezone.now()
        request.user = None
        request.save(update_fields=["status", "done_at", "user"])
