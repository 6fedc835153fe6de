"""Reads of notifications and preferences."""

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language_info

from .kinds import kind_get
from .models import Notification, OrderLanguage, UserPreferences

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def preferences_for(*, user) -> UserPreferences | None:
    return UserPreferences.objects.filter(user_id=user.pk).first()


def user_language_chosen(*, user) -> str | None:
    """The language `user` chose for its e-mails, or None if it chose none."""
    preferences = preferences_for(user=user)
    if preferences is not None and preferences.language in LANGUAGE_CODES:
        return preferences.language
    return None


def user_language(*, user) -> str:
    """The language `user`'s e-mails and notifications are written in."""
    return user_language_chosen(user=user) or settings.LANGUAGE_CODE


def order_language(*, order) -> str:
    """The shopper's language: the account's, or the one a guest ordered in."""
    if order.user_id:
        return user_language(user=order.user)
    recorded = (
        OrderLanguage.objects.filter(order_id=order.pk)
        .values_list("language", flat=True)
        .first()
    )
    return recorded if recorded in LANGUAGE_CODES else settings.LANGUAGE_CODE


def email_wanted(*, user, kind: str) -> bool:
    """Whether `user` receives e-mails of this kind (transactional: always)."""
    if kind_get(kind).transactional:
        return True
    preferences = preferences_for(user=user)
    return preferences is None or kind not in preferences.email_off


def notifications_unread_count(*, user) -> int:
    """The bell's number: one query."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(*, user) -> QuerySet[Notification]:
    """`user`'s own notifications, newest first."""
    return Notification.objects.filter(recipient=user)


def language_name(code: str) -> str:
    return get_language_info(code)["name_local"]
