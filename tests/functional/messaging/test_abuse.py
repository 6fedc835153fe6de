"""Against abuse: a daily cap on conversations with shops a shopper never
ordered from, blocking, and reports that staff read."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.messaging.models import Conversation, ConversationReport, SellerBlock
from tests.factories import UserFactory
from tests.integration.checkout.shop import checkout, make_product
from tests.mfa import force_login_verified

from .conftest import png, shopper, signed_in

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def _post(capture, client, url, data=None):
    with capture(execute=True):
        return client.post(url, data or {})


@override_settings(MESSAGING_NEW_CONVERSATIONS_PER_DAY=2)
def test_a_shopper_starts_few_conversations_a_day_with_shops_it_never_ordered_from(
    shops, outbox_mail
):
    potter, weaver, tajine, plate, rug = shops
    bowl = make_product(potter, price="90.00", title="Bol")
    amina = shopper("Amina")
    client = signed_in(amina)

    first = _post(
        outbox_mail, client, f"/en/messages/product/{tajine.pk}/", {"body": "1"}
    )
    second = _post(
        outbox_mail, client, f"/en/messages/shop/{weaver.slug}/", {"body": "2"}
    )
    third = _post(
        outbox_mail, client, f"/en/messages/product/{plate.pk}/", {"body": "3"}
    )

    assert (first.status_code, second.status_code) == (302, 302)
    assert third.status_code == 400
    assert "as many conversations as a day allows" in third.content.decode()
    assert Conversation.objects.filter(shopper=amina).count() == 2
    # Writing on in a conversation already started is not capped.
    started = Conversation.objects.get(shopper=amina, product=tajine)
    more = _post(outbox_mail, client, f"/en/messages/{started.pk}/", {"body": "more"})
    assert more.status_code == 302
    # Another shopper has its own count.
    other = _post(
        outbox_mail,
        signed_in(shopper("Karim")),
        f"/en/messages/product/{plate.pk}/",
        {"body": "k"},
    )
    assert other.status_code == 302

    # A conversation with a shop it has ordered from no longer counts, and
    # such a shop is not capped.
    checkout(client, [(rug, 1)], signed_in=True)  # from the weaver
    after_weaver = _post(
        outbox_mail, client, f"/en/messages/product/{plate.pk}/", {"body": "3"}
    )
    capped = _post(
        outbox_mail, client, f"/en/messages/product/{bowl.pk}/", {"body": "4"}
    )
    checkout(client, [(tajine, 1)], signed_in=True)  # from the potter
    after_potter = _post(
        outbox_mail, client, f"/en/messages/product/{bowl.pk}/", {"body": "4"}
    )
    assert after_weaver.status_code == 302
    assert capped.status_code == 400
    assert after_potter.status_code == 302


@override_settings(MESSAGING_NEW_CONVERSATIONS_PER_DAY=1)
def test_the_daily_cap_counts_the_last_24_hours(shops, outbox_mail):
    potter, weaver, tajine, plate, rug = shops
    amina = shopper("Amina")
    client = signed_in(amina)
    _post(outbox_mail, client, f"/en/messages/product/{tajine.pk}/", {"body": "1"})
    assert (
        _post(
            outbox_mail, client, f"/en/messages/product/{rug.pk}/", {"body": "2"}
        ).status_code
        == 400
    )

    Conversation.objects.update(started_at=timezone.now() - timedelta(hours=25))

    assert (
        _post(
            outbox_mail, client, f"/en/messages/product/{rug.pk}/", {"body": "2"}
        ).status_code
        == 302
    )


def test_a_shop_blocks_a_shopper_and_unblocks_it(shops, outbox_mail):
    potter, weaver, tajine, plate, rug = shops
    amina = shopper("Amina")
    client = signed_in(amina)
    _post(outbox_mail, client, f"/en/messages/product/{tajine.pk}/", {"body": "Hi"})
    conversation = Conversation.objects.get()
    potter_client = signed_in(potter.owner)

    blocked = _post(
        outbox_mail,
        potter_client,
        f"/en/seller/messages/{conversation.pk}/block/",
        {"action": "block"},
    )
    assert blocked.status_code == 302
    assert SellerBlock.objects.filter(seller=potter, shopper=amina).count() == 1

    reply = _post(
        outbox_mail, client, f"/en/messages/{conversation.pk}/", {"body": "?"}
    )
    new = _post(outbox_mail, client, f"/en/messages/shop/{potter.slug}/", {"body": "?"})
    elsewhere = _post(
        outbox_mail, client, f"/en/messages/product/{rug.pk}/", {"body": "?"}
    )
    assert reply.status_code == 400
    assert "closed by the shop" in reply.content.decode()
    assert new.status_code == 400
    assert "does not accept your messages" in new.content.decode()
    assert elsewhere.status_code == 302  # the weaver did not block her
    assert conversation.messages.count() == 1
    assert Conversation.objects.filter(seller=potter).count() == 1

    _post(
        outbox_mail,
        potter_client,
        f"/en/seller/messages/{conversation.pk}/block/",
        {"action": "unblock"},
    )
    again = _post(
        outbox_mail, client, f"/en/messages/{conversation.pk}/", {"body": "!"}
    )
    assert again.status_code == 302
    assert not SellerBlock.objects.exists()


def test_a_shop_blocks_a_guest_by_its_e_mail(shops, outbox_mail):
    from .test_conversations import _guest_client, _guest_order

    potter, weaver, tajine, plate, rug = shops
    order = _guest_order(tajine, rug)
    part = order.seller_parts.get(seller=potter)
    guest = _guest_client(order)
    url = f"/en/messages/guest/{order.number}/{order.verification_hash()}/{part.pk}/"
    _post(outbox_mail, guest, url, {"body": "Hi"})
    conversation = Conversation.objects.get()

    _post(
        outbox_mail,
        signed_in(potter.owner),
        f"/en/seller/messages/{conversation.pk}/block/",
        {"action": "block"},
    )
    refused = _post(outbox_mail, guest, url, {"body": "Again"})

    assert SellerBlock.objects.get().guest_email == "guest@example.ma"
    assert refused.status_code == 400
    assert conversation.messages.count() == 1


def test_either_side_reports_a_conversation_and_staff_see_it(shops, outbox_mail):
    potter, weaver, tajine, *_ = shops
    client = signed_in(shopper("Amina"))
    _post(outbox_mail, client, f"/en/messages/product/{tajine.pk}/", {"body": "Hi"})
    conversation = Conversation.objects.get()

    _post(
        outbox_mail,
        client,
        f"/en/messages/{conversation.pk}/report/",
        {"reason": "Rude answers"},
    )
    _post(
        outbox_mail,
        signed_in(potter.owner),
        f"/en/seller/messages/{conversation.pk}/report/",
        {"reason": "Spam links"},
    )
    empty = _post(
        outbox_mail, client, f"/en/messages/{conversation.pk}/report/", {"reason": ""}
    )
    too_long = _post(
        outbox_mail,
        client,
        f"/en/messages/{conversation.pk}/report/",
        {"reason": "x" * 1001},
    )

    assert empty.status_code == too_long.status_code == 302
    reports = ConversationReport.objects.order_by("pk")
    assert [(r.side, r.reason) for r in reports] == [
        ("shopper", "Rude answers"),
        ("seller", "Spam links"),
    ]
    staff = UserFactory(is_staff=True, is_superuser=True)
    admin = signed_in(staff)
    force_login_verified(admin, staff)
    listing = admin.get("/django-admin/messaging/conversationreport/?open=1")
    assert listing.status_code == 200
    assert "Rude answers" in listing.content.decode()
    detail = admin.get(
        f"/django-admin/messaging/conversation/{conversation.pk}/change/"
    )
    assert detail.status_code == 200
    assert "Hi" in detail.content.decode()
    # Staff see the conversation's photos too.
    _post(
        outbox_mail,
        client,
        f"/en/messages/{conversation.pk}/",
        {"body": "", "photo": png()},
    )
    photo = conversation.messages.exclude(photo="").get()
    assert admin.get(f"/en/messages/photo/{photo.pk}/").status_code == 200
    # A shopper or a seller is no staff.
    assert client.get("/django-admin/messaging/conversationreport/").status_code == 302


def test_a_shop_member_cannot_write_to_its_own_shop(shops, outbox_mail):
    potter, weaver, tajine, *_ = shops
    member = shopper("Hassan")
    potter.partner.users.add(member)

    for user in (potter.owner, member):
        response = _post(
            outbox_mail,
            signed_in(user),
            f"/en/messages/product/{tajine.pk}/",
            {"body": "Hi"},
        )
        assert response.status_code == 400
        assert "your own shop" in response.content.decode()
    assert not Conversation.objects.exists()
