"""Telling about a return's steps: each step tells the other side (both, for
the marketplace's), through `notify` — the bell and an e-mail in the
recipient's own language (a seller's preference, a shopper's account; a guest
in the language it asked in), with a link to the request's page. Text the
other side typed is the notification's "detail": shown as text.

Called in the step's transaction (`services._event`): a rolled back step
tells no one.
"""

from django.urls import reverse

from marketplace.notifications import kinds
from marketplace.notifications.services import notify, notify_email, notify_seller

from .models import ReturnEvent, ReturnRequest

Actor = ReturnEvent.Actor


def _shopper_page(request: ReturnRequest) -> str:
    if request.shopper_id:
        return reverse("returns:shopper-detail", kwargs={"pk": request.pk})
    order = request.part.order
    # A guest reads it through its order's signed link.
    return reverse(
        "returns:guest-detail",
        kwargs={
            "number": order.number,
            "hash": order.verification_hash(),
            "pk": request.pk,
        },
    )


def return_step(*, request: ReturnRequest, event: ReturnEvent) -> None:
    kind = kinds.RETURN_KINDS[event.status]
    part = request.part
    context = {
        "pk": request.pk,
        "number": part.order.number,
        "shop": part.seller.name,
        "detail": event.message,
        "amount": event.amount,
        "currency": "MAD",
        "lines": [f"{row.quantity} × {row.line.title}" for row in request.lines.all()],
    }
    if event.actor != Actor.SELLER:
        notify_seller(
            seller=part.seller,
            kind=kind,
            context=context,
            url=reverse("returns:seller-detail", kwargs={"pk": request.pk}),
        )
    if event.actor == Actor.SHOPPER:
        return
    if request.voucher_code and event.status == ReturnRequest.Status.REFUNDED:
        # The shopper's alone: the seller never reads it.
        context = {**context, "voucher_code": request.voucher_code}
    if request.shopper_id:
        notify(
            user=request.shopper,
            kind=kind,
            context=context,
            url=_shopper_page(request),
        )
    else:
        notify_email(
            email=request.email,
            language=request.language,
            kind=kind,
            context=context,
            url=_shopper_page(request),
        )
