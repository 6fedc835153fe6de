"""Each event tells the right people, in their language, with a link to act:
applications (a signal of artisans), moderation, orders and payouts (their
services call `notify`)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation
from oscar.core.loading import get_model

from artisans.models import Seller
from artisans.services import ChamberAction, seller_apply, seller_decide
from catalogue.services import product_moderate, product_moderation_lift
from marketplace.notifications import kinds
from marketplace.notifications.models import Notification
from marketplace.notifications.selectors import user_language
from marketplace.notifications.services import language_remember
from marketplace.orders.services import order_cancel
from marketplace.payments.models import OrderPayment, SellerPayoutAccount
from marketplace.payments.services import (
    cod_unconfirmed_orders_expire,
    ledger_append,
    payout_batch_mark_paid,
    payouts_settle,
)
from marketplace.sellerorders.services import part_mark_delivered, part_mark_shipped
from tests.factories import (
    RegistryEntryFactory,
    UserFactory,
    chamber_user,
    product_of,
    region,
    verified_seller,
)
from tests.integration.checkout.shop import (
    checkout,
    cod_confirm,
    make_product,
    make_seller,
)

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

VALID_RIB = "011519000001205000534921"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what follows a commit (signals, the outbox), as outside a test."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _apply(user, *, name="Fatima Zahra El Idrissi", registry_id="RNA-07-0000042"):
    return seller_apply(
        user=user,
        kind=Seller.Kind.ARTISAN,
        registry_id=registry_id,
        name=name,
        region=region("07"),
        trade="Tapis",
        phone="+212600000001",
    )


def _only(user) -> Notification:
    [notification] = Notification.objects.filter(recipient=user)
    return notification


# --- Applications -------------------------------------------------------------


def test_an_application_left_to_the_chamber_is_received_in_the_applicants_language(
    committed,
):
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    user = UserFactory(email="fatima@example.ma")
    with translation.override("ar"), committed():
        _apply(user, name="Somebody Else Entirely")

    notification = _only(user)
    assert notification.kind == kinds.APPLICATION_RECEIVED
    assert notification.url == "/seller/apply/status/"
    # The account's language is the one it applied in.
    assert user_language(user=user) == "ar"
    [message] = mail.outbox
    assert message.to == ["fatima@example.ma"]
    assert "/ar/seller/apply/status/" in message.body
    assert 'dir="rtl"' in message.alternatives[0][0]


def test_an_application_verified_at_once_is_told_verified_with_a_link_to_the_shop(
    committed,
):
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    user = UserFactory()
    language_remember(user=user, language="en")
    with committed():
        _apply(user)
    notification = _only(user)
    assert notification.kind == kinds.APPLICATION_VERIFIED
    assert notification.url == "/seller/"
    assert "Fatima Zahra El Idrissi is verified" in mail.outbox[0].subject
    assert "/en/seller/" in mail.outbox[0].body


def test_a_rejection_gives_the_applicants_reason_never_the_chambers_detail(
    committed,
):
    user = UserFactory()
    language_remember(user=user, language="en")
    with translation.override("en"), committed():
        seller = _apply(user, registry_id="RNA-07-9999999")
    assert seller.status == Seller.Status.REJECTED
    notification = _only(user)
    assert notification.kind == kinds.APPLICATION_REJECTED
    assert "could not verify this registry number" in notification.context["detail"]
    body = mail.outbox[0].body
    assert "could not verify this registry number" in body
    assert "is not in the national registry" not in body


def test_the_chamber_asking_for_more_information_tells_the_applicant_its_question(
    committed,
):
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    user = UserFactory()
    language_remember(user=user, language="en")
    seller = _apply(user, name="Somebody Else Entirely")
    question = "Send us a photo of your registry card, please."

    with committed():
        seller_decide(
            seller=seller,
            action=ChamberAction.REQUEST_INFO,
            reason=question,
            user=chamber_user("07"),
        )

    seller.refresh_from_db()
    assert seller.status == Seller.Status.PENDING
    assert seller.status_reason == question
    notification = Notification.objects.get(
        recipient=user, kind=kinds.APPLICATION_INFO_NEEDED
    )
    assert notification.context["detail"] == question
    [message] = mail.outbox
    assert question in message.body
    assert "/en/seller/apply/status/" in message.body


def test_the_chamber_verifying_tells_the_owner_only(committed):
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    user = UserFactory()
    seller = _apply(user, name="Somebody Else Entirely")
    assert seller.status == Seller.Status.PENDING
    Notification.objects.all().delete()
    with committed():
        seller_decide(
            seller=seller,
            action=ChamberAction.VERIFY,
            reason="Registry card seen.",
            user=chamber_user("07"),
        )
    assert _only(user).kind == kinds.APPLICATION_VERIFIED
    assert Notification.objects.count() == 1


# --- Moderation -------------------------------------------------------------------


def test_moderation_and_its_lifting_tell_the_shop_with_the_reason(committed):
    seller = verified_seller()
    language_remember(user=seller.owner, language="en")
    product = product_of(seller, title="Tapis Azilal")
    staff = UserFactory(is_staff=True)

    with committed():
        product_moderate(
            product=product, moderator=staff, reason="Photo of another shop."
        )
    moderated = _only(seller.owner)
    assert moderated.kind == kinds.PRODUCT_MODERATED
    assert moderated.url == f"/seller/products/{product.pk}/"
    assert "“Tapis Azilal” was unpublished" in mail.outbox[0].subject
    assert "Photo of another shop." in mail.outbox[0].body
    assert f"/en/seller/products/{product.pk}/" in mail.outbox[0].body

    with committed():
        product_moderation_lift(product=product, moderator=staff)
        # Lifting what is no longer moderated tells no one again.
        product_moderation_lift(product=product, moderator=staff)
    lifted = Notification.objects.filter(
        recipient=seller.owner, kind=kinds.PRODUCT_MODERATION_LIFTED
    )
    assert lifted.count() == 1
    assert len(mail.outbox) == 2


def test_a_refused_moderation_tells_no_one():
    seller = verified_seller()
    product = product_of(seller)
    with pytest.raises(PermissionDenied):
        product_moderate(product=product, moderator=UserFactory(), reason="x")
    assert not Notification.objects.exists()


# --- Orders -------------------------------------------------------------------------


def test_each_seller_hears_of_its_own_part_of_a_new_order_only():
    potter = make_seller("Poterie Fassi", email="potter@example.ma")
    weaver = make_seller("Tapis Azilal", email="weaver@example.ma")
    member = UserFactory(email="member@example.ma")
    weaver.partner.users.add(member)
    language_remember(user=potter.owner, language="en")
    tajine = make_product(potter, price="300.00", title="Tajine vernissé")
    rug = make_product(weaver, price="900.00", title="Tapis boucherouite")

    checkout(Client(), [(tajine, 2), (rug, 1)])

    order = Order.objects.get()
    potter_part = order.seller_parts.get(seller=potter)
    notification = _only(potter.owner)
    assert notification.kind == kinds.ORDER_PART_NEW
    assert notification.url == f"/seller/orders/{potter_part.pk}/"
    assert notification.context["lines"] == ["2 × Tajine vernissé"]
    # A cooperative's members run its orders: they hear of them too.
    assert _only(member).kind == kinds.ORDER_PART_NEW
    assert _only(weaver.owner).context["lines"] == ["1 × Tapis boucherouite"]

    to_potter = next(m for m in mail.outbox if m.to == ["potter@example.ma"])
    assert order.number in to_potter.subject
    assert "2 × Tajine vernissé" in to_potter.body
    assert "Tapis boucherouite" not in to_potter.body
    assert "not confirmed yet: do not ship it" in to_potter.body
    assert f"/en/seller/orders/{potter_part.pk}/" in to_potter.body
    html = to_potter.alternatives[0][0]
    assert "2 × Tajine vernissé" in html


def test_a_cash_order_expired_unconfirmed_tells_the_guest_and_each_seller(committed):
    potter = make_seller("Poterie Fassi", email="potter@example.ma")
    tajine = make_product(potter, price="300.00")
    checkout(Client(), [(tajine, 1)], email="amina@example.ma")
    order = Order.objects.get()
    Order.objects.filter(pk=order.pk).update(
        date_placed=order.date_placed - timedelta(days=3)
    )
    mail.outbox.clear()

    with committed():
        assert cod_unconfirmed_orders_expire(older_than=timedelta(hours=48)) == 1

    assert Notification.objects.filter(
        recipient=potter.owner, kind=kinds.ORDER_CANCELLED
    ).exists()
    # The guest has no account: an e-mail, in the language it ordered in (the
    # tests order on /fr/), linking to its order's page.
    to_guest = next(m for m in mail.outbox if m.to == ["amina@example.ma"])
    assert order.number in to_guest.subject
    assert f"/fr/accounts/order-status/{order.number}/" in to_guest.body
    assert {m.to[0] for m in mail.outbox} == {"amina@example.ma", "potter@example.ma"}


def test_an_unpaid_card_order_cancelled_tells_its_sellers_nothing(committed):
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="300.00")
    checkout(Client(), [(tajine, 1)])
    order = Order.objects.get()
    # As a card order that was never paid: its sellers were never told of it.
    OrderPayment.objects.filter(order=order).update(method=OrderPayment.Method.CARD)
    Notification.objects.all().delete()

    with committed():
        order_cancel(order=Order.objects.get(pk=order.pk), reason="Never paid.")

    assert not Notification.objects.filter(recipient=potter.owner).exists()


# --- Payouts ----------------------------------------------------------------------


def test_a_paid_payout_tells_the_shops_owner_once_and_not_its_members(committed):
    seller = make_seller("Poterie Fassi", email="potter@example.ma")
    member = UserFactory()
    seller.partner.users.add(member)
    language_remember(user=seller.owner, language="en")
    ledger_append(seller=seller, kind="sale", amount=Decimal("1250.50"), key="t:1")
    SellerPayoutAccount.objects.create(
        seller=seller, holder_name="Fassi", rib=VALID_RIB
    )
    batch = payouts_settle()
    assert not Notification.objects.exists()

    with committed():
        assert payout_batch_mark_paid(batch=batch)
        assert not payout_batch_mark_paid(batch=batch)

    notification = _only(seller.owner)
    assert notification.kind == kinds.PAYOUT_SENT
    assert notification.url == "/seller/payouts/"
    assert not Notification.objects.filter(recipient=member).exists()
    [message] = mail.outbox
    assert "1,250.50" in message.subject
    assert "/en/seller/payouts/" in message.body


# --- Parcels ----------------------------------------------------------------------


def test_a_shipped_parcel_tells_the_guest_its_lines_and_tracking_in_both_parts(
    committed,
):
    potter = make_seller("Poterie Fassi")
    weaver = make_seller("Tapis Azilal")
    tajine = make_product(potter, price="300.00", title="Tajine vernissé")
    rug = make_product(weaver, price="900.00", title="Tapis boucherouite")
    checkout(Client(), [(tajine, 1), (rug, 1)], email="amina@example.ma")
    order = Order.objects.get()
    cod_confirm(order)
    part = order.seller_parts.get(seller=potter)
    mail.outbox.clear()

    with committed():
        part_mark_shipped(
            part=part, seller=potter, carrier="Amana", tracking_number="AM1234MA"
        )
    [message] = mail.outbox
    assert message.to == ["amina@example.ma"]
    assert order.number in message.subject
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "Tajine vernissé" in text
        assert "AM1234MA" in text
        assert "Tapis boucherouite" not in text
        assert f"/fr/accounts/order-status/{order.number}/" in text

    with committed():
        part_mark_delivered(part=part, seller=potter)
    assert len(mail.outbox) == 2
    assert order.number in mail.outbox[1].subject


def test_a_signed_in_shopper_sees_its_parcel_under_the_bell(committed):
    shopper = UserFactory(email="amina@example.ma")
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="300.00")
    client = Client()
    client.force_login(shopper)
    checkout(client, [(tajine, 1)], signed_in=True)
    order = Order.objects.get()
    cod_confirm(order)

    with committed():
        part_mark_shipped(
            part=order.seller_parts.get(),
            seller=potter,
            carrier="Amana",
            tracking_number="AM1234MA",
        )
    notification = Notification.objects.get(recipient=shopper, kind=kinds.PART_SHIPPED)
    assert notification.url == f"/accounts/orders/{order.number}/"
    assert notification.context["tracking_number"] == "AM1234MA"
