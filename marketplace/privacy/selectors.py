"""Everything the marketplace keeps about one person, as plain data."""

from oscar.core.loading import get_model

from artisans.models import Seller
from marketplace.legal.selectors import acceptances_of
from marketplace.messaging.models import Message
from marketplace.notifications.models import UserPreferences
from marketplace.orders.status import STATUS_CANCELLED
from marketplace.returns.models import ReturnRequest
from marketplace.sellerorders.models import OrderSellerPart

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
ProductReview = get_model("reviews", "ProductReview")


def _address(address) -> dict | None:
    if address is None:
        return None
    return {
        "name": address.name,
        "lines": [line for line in address.active_address_fields()],
        "phone": str(address.phone_number or ""),
    }


def personal_data(*, user) -> dict:
    """The account's data, its orders, messages, returns, reviews and
    consents; a seller's shop too. JSON-ready (strings, numbers, lists)."""
    prefs = UserPreferences.objects.filter(user=user).first()
    orders = (
        Order.objects.filter(user=user)
        .select_related("shipping_address")
        .prefetch_related("lines")
        .order_by("date_placed")
    )
    data = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "language": prefs.language if prefs else "",
            "emails_turned_off": list(prefs.email_off) if prefs else [],
        },
        "addresses": [
            _address(address) for address in UserAddress.objects.filter(user=user)
        ],
        "orders": [
            {
                "number": order.number,
                "placed": order.date_placed.isoformat(),
                "status": order.status,
                "total_mad": str(order.total_incl_tax),
                "shipping_address": _address(order.shipping_address),
                "lines": [
                    {
                        "title": line.title,
                        "quantity": line.quantity,
                        "price_mad": str(line.line_price_incl_tax),
                    }
                    for line in order.lines.all()
                ],
            }
            for order in orders
        ],
        "messages": [
            {
                "shop": message.conversation.seller.name,
                "sent": message.created_at.isoformat(),
                "text": message.body,
            }
            for message in Message.objects.filter(author=user)
            .select_related("conversation__seller")
            .order_by("created_at")
        ],
        "returns": [
            {
                "order": request.part.order.number,
                "reason": request.reason,
                "description": request.description,
                "status": request.status,
                "rib": request.rib,
            }
            for request in ReturnRequest.objects.filter(shopper=user).select_related(
                "part__order"
            )
        ],
        "reviews": [
            {
                "product": review.product.title if review.product else "",
                "score": review.score,
                "title": review.title,
                "body": review.body,
            }
            for review in ProductReview.objects.filter(user=user).select_related(
                "product"
            )
        ],
        "consents": [
            {
                "text": acceptance.kind,
                "version": acceptance.version,
                "language": acceptance.language,
                "context": acceptance.context,
                "reference": acceptance.reference,
                "accepted": acceptance.accepted_at.isoformat(),
            }
            for acceptance in acceptances_of(user=user)
        ],
        "shops": [
            {
                "name": seller.name,
                "name_as_registered": seller.name_claimed,
                "registry_number": seller.registry_id_claimed,
                "trade": seller.trade,
                "phone": seller.phone,
                "story": seller.story,
                "status": seller.status,
            }
            for seller in Seller.objects.filter(owner=user)
        ],
    }
    return data


def erasure_blockers(*, user) -> list[str]:
    """Why the account cannot be erased at once (empty: it can)."""
    reasons = []
    parcels_on_their_way = (
        OrderSellerPart.objects.filter(
            order__user=user,
            status__in=[
                OrderSellerPart.Status.PREPARING,
                OrderSellerPart.Status.SHIPPED,
            ],
        )
        .exclude(order__status=STATUS_CANCELLED)
        .exists()
    )
    if parcels_on_their_way:
        reasons.append("open-orders")
    if ReturnRequest.objects.filter(
        shopper=user, status__in=ReturnRequest.OPEN
    ).exists():
        reasons.append("open-returns")
    if Seller.objects.filter(owner=user).exclude(status="rejected").exists():
        reasons.append("seller")
    return reasons
