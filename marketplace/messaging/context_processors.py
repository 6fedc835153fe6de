"""`unread_messages`: the shop's unread messages, for the seller dashboard's
header. Counted only by a page that shows it (a lazy value): other pages pay
no query."""

from django.utils.functional import SimpleLazyObject

from artisans.selectors import seller_for_user

from .selectors import seller_unread_count


def unread_messages(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        seller = seller_for_user(user)
        return seller_unread_count(seller=seller) if seller is not None else 0

    return {"unread_messages": SimpleLazyObject(count)}
