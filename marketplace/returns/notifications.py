"""E-mails about a return's steps: each step tells the other side.

Each reads them in its account's language (`notifications.selectors`); a
shopper without one, or a guest, in the language it asked in. Plain Django e-mail from
templates, as `sellerorders.notifications`. Text the other side typed is
written as text (a plain-text e-mail).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.notifications.selectors import user_language, user_language_chosen

from .models import ReturnEvent, ReturnRequest

Actor = ReturnEvent.Actor


def _page(request: ReturnRequest, role: str) -> str:
    """The recipient's page of the request (in the active language): a guest's
    through its order's signed link."""
    if role == Actor.SELLER:
        return reverse("returns:seller-detail", kwargs={"pk": request.pk})
    if request.shopper_id:
        return reverse("returns:shopper-detail", kwargs={"pk": request.pk})
    order = request.part.order
    return reverse(
        "returns:guest-detail",
        kwargs={
            "number": order.number,
            "hash": order.verification_hash(),
            "pk": request.pk,
        },
    )


def _recipients(request: ReturnRequest, actor: str) -> list[tuple[str, str, str]]:
    """(role, e-mail, language) of whoever did not take the step."""
    shopper = (
        Actor.SHOPPER,
        request.email or (request.shopper.email if request.shopper else ""),
        (request.shopper and user_language_chosen(user=request.shopper))
        or request.language
        or settings.LANGUAGE_CODE,
    )
    owner = request.part.seller.owner
    seller = (Actor.SELLER, owner.email, user_language(user=owner))
    if actor == Actor.SHOPPER:
        return [seller]
    if actor == Actor.SELLER:
        return [shopper]
    return [shopper, seller]


def return_step(*, request_id: int, status: str, actor: str) -> None:
    request = ReturnRequest.objects.select_related(
        "shopper", "part__order", "part__seller__owner"
    ).get(pk=request_id)
    event = request.events.filter(status=status).last()
    for role, email, language in _recipients(request, actor):
        if not email:
            continue
        with translation.override(language):
            label = dict(ReturnRequest.Status.choices)[status]
            subject = _("Return #%(pk)s, order %(number)s: %(status)s") % {
                "pk": request.pk,
                "number": request.part.order.number,
                "status": label,
            }
            body = render_to_string(
                "returns/emails/return_step.txt",
                {
                    "request": request,
                    "status_label": label,
                    "event": event,
                    "to_shopper": role == Actor.SHOPPER,
                    "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                    + _page(request, role),
                },
            )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
