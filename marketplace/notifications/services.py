"""Writes of notifications: `notify` is the one way to tell a user something.

    notify(user=seller.owner, kind=kinds.ORDER_PART_NEW,
           context={"number": order.number, "shop": seller.name},
           url=reverse("sellerorders:detail", kwargs={"pk": part.pk}))

records the in-app notification (the bell) and, unless the user turned that
kind of e-mail off (never for a transactional kind), queues its e-mail through
the outbox in the caller's transaction: a rolled back write tells no one, a
committed one cannot lose its e-mail. The e-mail is written when it is sent,
in the recipient's language, with a plain-text and an HTML part.
`notify_order_shopper` does the same for an order's shopper, a guest
included (e-mail only, in the language the order was placed in).
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from marketplace.outbox.services import outbox_enqueue, outbox_enqueue_many

from .kinds import kind_get
from .models import Notification, OrderLanguage, UserPreferences
from .selectors import LANGUAGE_CODES, email_wanted, order_language
from .tasks import guest_email, notification_email

URL_MAX_LENGTH = Notification._meta.get_field("url").max_length


def _neutral_path(url: str) -> str:
    """A site path without its language prefix: "/fr/seller/" -> "/seller/"."""
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"a notification links to a path of the site, not {url!r}")
    if len(url) > URL_MAX_LENGTH:
        raise ValueError(
            f"a notification's link is {URL_MAX_LENGTH} characters at most"
        )
    prefix, _sep, rest = url[1:].partition("/")
    if prefix in LANGUAGE_CODES:
        return "/" + rest
    return url


def _json(context: dict) -> dict:
    """The context as stored (JSON): amounts and dates become strings."""
    encoder = DjangoJSONEncoder()
    return {
        key: encoder.default(v) if not _plain(v) else v for key, v in context.items()
    }


def _plain(value) -> bool:
    return value is None or isinstance(value, str | int | float | bool | list | dict)


def notify(*, user, kind: str, context: dict, url: str) -> Notification:
    """Tell `user` about an event of `kind`, linking to `url` (a path of the
    site, with or without its language prefix).

    `context` fills the kind's words (JSON values; a "detail" key is a text
    shown as is in the e-mail, a "lines" key a list of strings).
    """
    return notify_many(notices=[(user, kind, context, url)])[0]


def notify_many(*, notices: list[tuple], also: list[tuple] = ()) -> list[Notification]:
    """`notify` for several (user, kind, context, url) at once: one insert of
    notifications and one of e-mails, whatever their number (an order's
    sellers are told in the order's transaction without a query per seller).
    `also`: more outbox (task, kwargs) jobs to queue in the same insert."""
    for _user, kind, _context, _url in notices:
        kind_get(kind)  # an unknown kind is a programming error, raised here
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                context=_json(context),
                url=_neutral_path(url),
            )
            for user, kind, context, url in notices
        ]
    )
    jobs = [
        (notification_email, {"notification_id": notification.pk})
        for notification, (user, kind, _context, _url) in zip(
            notifications, notices, strict=True
        )
        if user.email and email_wanted(user=user, kind=kind)
    ]
    jobs += list(also)
    if jobs:
        outbox_enqueue_many(jobs=jobs)
    return notifications


def seller_people(*, seller, owner_only: bool = False) -> list:
    """Who hears for a shop: its owner and the members who run it with the
    owner (a cooperative's), or the owner alone. Reads `partner.users` from a
    prefetch when the caller made one."""
    users = [seller.owner] if owner_only else list(seller.partner.users.all())
    users.sort(key=lambda user: user.pk)
    if seller.owner not in users:
        users.insert(0, seller.owner)
    return users


def notify_seller(
    *, seller, kind: str, context: dict, url: str, owner_only: bool = False
) -> list[Notification]:
    """Tell a shop: its owner and the members who run it with the owner (a
    cooperative's), or the owner alone (`owner_only`: its money, its
    application)."""
    return notify_many(
        notices=[
            (user, kind, context, url)
            for user in seller_people(seller=seller, owner_only=owner_only)
        ]
    )


def notify_order_shopper(
    *, order, kind: str, context: dict, url: str
) -> Notification | None:
    """Tell an order's shopper: `notify` for an account, an e-mail in the
    order's language for a guest (None then)."""
    if order.user_id:
        return notify(user=order.user, kind=kind, context=context, url=url)
    notify_email(
        email=order.email,
        language=order_language(order=order),
        kind=kind,
        context=context,
        url=url,
    )
    return None


def notify_email(*, email: str, language: str, kind: str, context: dict, url: str):
    """Tell someone without an account (a guest, known by an e-mail address
    and the language it wrote in): the kind's e-mail alone, through the outbox
    in the caller's transaction. Nothing without an address."""
    kind_get(kind)
    if not email:
        return
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    outbox_enqueue(
        task=guest_email,
        kwargs={
            "email": email,
            "language": language,
            "kind": kind,
            "context": _json(context),
            "url": _neutral_path(url),
        },
    )


def order_language_record(*, order, language: str) -> None:
    """Remember the language `order` was placed in (for a guest's e-mails)."""
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    # One statement (an insert that updates on conflict), where
    # `update_or_create` took six at each "Place order" (two savepoints, a
    # locked read, the insert, two releases).
    OrderLanguage.objects.bulk_create(
        [OrderLanguage(order_id=order.pk, language=language)],
        update_conflicts=True,
        unique_fields=["order"],
        update_fields=["language"],
    )


def language_remember(*, user, language: str) -> None:
    """The account's language, unless it already has one: the language it was
    created in (at sign-up, or at a seller application for an older account)."""
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    UserPreferences.objects.get_or_create(user=user, defaults={"language": language})


def preferences_update(*, user, language: str, email_off: list[str]) -> UserPreferences:
    """The account's settings: its language and the e-mails it turns off
    (transactional kinds cannot be: they are dropped from `email_off`)."""
    if language not in LANGUAGE_CODES:
        raise ValueError(f"unknown language {language!r}")
    off = sorted({code for code in email_off if not kind_get(code).transactional})
    preferences, _created = UserPreferences.objects.update_or_create(
        user=user, defaults={"language": language, "email_off": off}
    )
    return preferences


def notification_open(*, user, notification_id: int) -> Notification:
    """`user` opens one of its own notifications: read from now on.

    Raises Notification.DoesNotExist for another user's."""
    notification = Notification.objects.get(pk=notification_id, recipient=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark `user`'s unread notifications read (only these `ids` if given);
    how many. Another user's are never touched."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
