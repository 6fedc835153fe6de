"""Events of the rooms below the notifications (artisans, Oscar's accounts)
turned into notifications. Artisans imports nothing above it, so it says what
happened by a signal and the notifications listen; the commerce apps above
call `notify` themselves."""

from django.urls import reverse
from django.utils.translation import get_language
from oscar.apps.customer.signals import user_registered

from artisans.models import Seller
from artisans.services import SOURCE_AUTOMATIC
from artisans.signals import seller_decision_recorded

from . import kinds
from .services import language_remember, notify


def _decision_kind(*, status: str, source: str) -> str | None:
    if status == Seller.Status.VERIFIED:
        return kinds.APPLICATION_VERIFIED
    if status == Seller.Status.REJECTED:
        return kinds.APPLICATION_REJECTED
    if status == Seller.Status.PENDING:
        if source == SOURCE_AUTOMATIC:
            return kinds.APPLICATION_RECEIVED
        # The only chamber decision leaving an application pending.
        return kinds.APPLICATION_INFO_NEEDED
    return None


def seller_decision_notify(sender, seller, decision, **kwargs):
    """The applicant hears of each decision on its application, with the
    reason it is given (never the chamber's `detail`)."""
    owner = seller.owner
    if decision.source == SOURCE_AUTOMATIC:
        # Sent in the applicant's request: the account's language, if it has
        # none yet (an account older than the preference).
        language_remember(user=owner, language=get_language())
    kind = _decision_kind(status=decision.status, source=decision.source)
    if kind is None:
        return
    if kind == kinds.APPLICATION_VERIFIED:
        url = reverse("sellerdash:index")
    else:
        url = reverse("artisans:application-status")
    context = {"shop": seller.name}
    if kind in (kinds.APPLICATION_REJECTED, kinds.APPLICATION_INFO_NEEDED):
        context["detail"] = decision.reason
    notify(user=owner, kind=kind, context=context, url=url)


def user_registered_remember_language(sender, request, user, **kwargs):
    """A new account's language: the one it signed up in."""
    language_remember(user=user, language=get_language())


def register_receivers() -> None:
    seller_decision_recorded.connect(
        seller_decision_notify, dispatch_uid="notifications-seller-decision"
    )
    user_registered.connect(
        user_registered_remember_language, dispatch_uid="notifications-registered"
    )
