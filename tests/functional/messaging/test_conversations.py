"""Shoppers write to shops, shops answer from their dashboard; each side sees
only its own conversations and is told of a new message by e-mail."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from oscar.core.loading import get_model

from marketplace.messaging.models import Conversation, Message
from marketplace.notifications.models import Notification
from marketplace.notifications.services import language_remember, preferences_update
from tests.integration.checkout.shop import checkout, cod_confirm

from .conftest import png, shopper, signed_in

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def _post(capture, client, url, data=None, **kwargs):
    """A POST whose outbox e-mails go out on commit, as in a real request."""
    with capture(execute=True):
        return client.post(url, data or {}, **kwargs)


def test_a_shopper_asks_about_a_product_and_the_shop_answers(shops, outbox_mail):
    potter, weaver, tajine, *_ = shops
    amina = shopper("Amina")
    client = signed_in(amina)
    potter_client = signed_in(potter.owner)

    response = _post(
        outbox_mail,
        client,
        f"/en/messages/product/{tajine.pk}/",
        {"body": "Can you make it 40 cm wide?"},
    )

    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/messages/{conversation.pk}/"
    assert (conversation.seller, conversation.shopper) == (potter, amina)
    assert conversation.kind == Conversation.Kind.PRODUCT
    assert conversation.product == tajine
    assert conversation.subject == "Tajine vernissé"
    # The shop is told, with a link to its inbox, never the shopper's address
    # (in the site's language: the shop has not written in any yet).
    assert [m.to for m in mail.outbox] == [["potter@example.ma"]]
    assert f"/fr/seller/messages/{conversation.pk}/" in mail.outbox[0].body
    assert "amina@example.ma" not in mail.outbox[0].body + mail.outbox[0].from_email

    inbox = potter_client.get("/en/seller/messages/")
    assert inbox.status_code == 200
    assert [c.unread for c in inbox.context["page"]] == [1]
    page = potter_client.get(f"/en/seller/messages/{conversation.pk}/")
    html = page.content.decode()
    assert "Can you make it 40 cm wide?" in html
    assert "Tajine vernissé" in html  # the subject beside the conversation
    assert "Amina" in html
    assert "amina@example.ma" not in html
    assert potter_client.get("/en/seller/messages/").context["page"][0].unread == 0

    mail.outbox.clear()
    _post(
        outbox_mail,
        potter_client,
        f"/en/seller/messages/{conversation.pk}/",
        {"body": "Yes, in three weeks."},
    )

    conversation.refresh_from_db()
    assert conversation.first_response_at is not None
    assert [m.to for m in mail.outbox] == [["amina@example.ma"]]
    # In the account's language (the site's: Amina chose none).
    assert f"/fr/messages/{conversation.pk}/" in mail.outbox[0].body
    assert "potter@example.ma" not in mail.outbox[0].body
    shopper_inbox = client.get("/en/messages/")
    assert [c.unread for c in shopper_inbox.context["page"]] == [1]
    assert (
        "Yes, in three weeks."
        in client.get(f"/en/messages/{conversation.pk}/").content.decode()
    )


def test_each_side_is_told_in_its_own_language_under_the_bell(shops, outbox_mail):
    """A new message is a notification (`notify`): the bell of each person of
    the other side, and an e-mail in that person's language whatever the
    language the message was written in."""
    potter, weaver, tajine, plate, rug = shops
    amina = shopper("Amina")
    language_remember(user=potter.owner, language="ar")
    language_remember(user=amina, language="en")
    potter_client = signed_in(potter.owner)

    _post(
        outbox_mail,
        signed_in(amina),
        f"/fr/messages/product/{tajine.pk}/",
        {"body": "Question"},
    )
    conversation = Conversation.objects.get()
    (seller_mail,) = mail.outbox
    assert seller_mail.subject == "رسالة جديدة من زبون"
    assert f"/ar/seller/messages/{conversation.pk}/" in seller_mail.body
    html, _type = seller_mail.alternatives[0]
    assert 'dir="rtl"' in html
    notice = Notification.objects.get(recipient=potter.owner)
    assert (notice.kind, notice.url) == (
        "message_from_shopper",
        f"/seller/messages/{conversation.pk}/",
    )

    mail.outbox.clear()
    _post(
        outbox_mail,
        potter_client,
        f"/ar/seller/messages/{conversation.pk}/",
        {"body": "جواب"},
    )
    (shopper_mail,) = mail.outbox
    assert shopper_mail.to == ["amina@example.ma"]
    assert shopper_mail.subject == "New message from Poterie Fassi"
    assert f"/en/messages/{conversation.pk}/" in shopper_mail.body
    assert Notification.objects.get(recipient=amina).kind == "message_from_shop"

    # Amina turns these e-mails off: the bell still tells her.
    preferences_update(user=amina, language="en", email_off=["message_from_shop"])
    mail.outbox.clear()
    _post(
        outbox_mail,
        potter_client,
        f"/ar/seller/messages/{conversation.pk}/",
        {"body": "جواب ثان"},
    )
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=amina).count() == 2


def test_one_conversation_per_shopper_shop_and_subject(shops, outbox_mail):
    potter, weaver, tajine, plate, rug = shops
    amina = shopper("Amina")
    client = signed_in(amina)

    for body in ("First question", "Second question"):
        _post(outbox_mail, client, f"/en/messages/product/{tajine.pk}/", {"body": body})
    again = client.get(f"/en/messages/product/{tajine.pk}/")
    _post(outbox_mail, client, f"/en/messages/product/{plate.pk}/", {"body": "Plate?"})
    _post(outbox_mail, client, f"/en/messages/shop/{potter.slug}/", {"body": "Hello"})
    _post(outbox_mail, client, f"/en/messages/shop/{potter.slug}/", {"body": "Again"})
    _post(
        outbox_mail,
        signed_in(shopper("Karim")),
        f"/en/messages/product/{tajine.pk}/",
        {"body": "Mine"},
    )

    tajine_conversation = Conversation.objects.get(shopper=amina, product=tajine)
    assert tajine_conversation.messages.count() == 2
    assert again.status_code == 302
    assert again["Location"] == f"/en/messages/{tajine_conversation.pk}/"
    assert Conversation.objects.filter(shopper=amina).count() == 3
    assert Conversation.objects.get(shopper=amina, kind="shop").messages.count() == 2
    assert Conversation.objects.count() == 4


def test_shoppers_and_shops_see_only_their_own_conversations(shops, outbox_mail):
    potter, weaver, tajine, plate, rug = shops
    amina, karim = shopper("Amina"), shopper("Karim")
    _post(
        outbox_mail,
        signed_in(amina),
        f"/en/messages/product/{tajine.pk}/",
        {"body": "Amina's question", "photo": png()},
    )
    _post(
        outbox_mail,
        signed_in(karim),
        f"/en/messages/product/{rug.pk}/",
        {"body": "Karim's question"},
    )
    amina_conversation = Conversation.objects.get(shopper=amina)
    karim_conversation = Conversation.objects.get(shopper=karim)
    amina_message = amina_conversation.messages.get()
    karim_client = signed_in(karim)
    weaver_client = signed_in(weaver.owner)
    potter_client = signed_in(potter.owner)

    assert [c.pk for c in karim_client.get("/en/messages/").context["page"]] == [
        karim_conversation.pk
    ]
    assert [
        c.pk for c in weaver_client.get("/en/seller/messages/").context["page"]
    ] == [karim_conversation.pk]
    assert [
        c.pk for c in potter_client.get("/en/seller/messages/").context["page"]
    ] == [amina_conversation.pk]
    pk = amina_conversation.pk
    for client, url in [
        (karim_client, f"/en/messages/{pk}/"),
        (karim_client, f"/en/messages/edit/{amina_message.pk}/"),
        (karim_client, f"/en/messages/photo/{amina_message.pk}/"),
        (weaver_client, f"/en/seller/messages/{pk}/"),
        (weaver_client, f"/en/seller/messages/edit/{amina_message.pk}/"),
        (weaver_client, f"/en/messages/photo/{amina_message.pk}/"),
        (Client(), f"/en/messages/photo/{amina_message.pk}/"),
    ]:
        assert client.get(url).status_code == 404, url
    for client, url in [
        (karim_client, f"/en/messages/{pk}/"),
        (karim_client, f"/en/messages/{pk}/report/"),
        (weaver_client, f"/en/seller/messages/{pk}/"),
        (weaver_client, f"/en/seller/messages/{pk}/report/"),
        (weaver_client, f"/en/seller/messages/{pk}/block/"),
    ]:
        response = _post(outbox_mail, client, url, {"body": "x", "reason": "x"})
        assert response.status_code == 404, url
    assert amina_conversation.messages.count() == 1
    assert not amina_conversation.reports.exists()
    assert not potter.message_blocks.exists()
    # A shopper is not a shop: the seller's inbox is refused.
    assert karim_client.get("/en/seller/messages/").status_code == 403
    assert Client().get("/en/messages/").status_code == 302  # to sign in
    # Both sides see the photo.
    assert (
        signed_in(amina).get(f"/en/messages/photo/{amina_message.pk}/").status_code
        == 200
    )
    assert (
        potter_client.get(f"/en/messages/photo/{amina_message.pk}/").status_code == 200
    )


def test_every_member_of_a_cooperative_sees_and_answers_the_shops_messages(
    shops, outbox_mail
):
    potter, weaver, tajine, *_ = shops
    member = shopper("Hassan")
    potter.partner.users.add(member)
    _post(
        outbox_mail,
        signed_in(shopper("Amina")),
        f"/en/messages/shop/{potter.slug}/",
        {"body": "Hello"},
    )
    conversation = Conversation.objects.get()

    # Owner and member are both told.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "hassan@example.ma",
        "potter@example.ma",
    ]
    member_client = signed_in(member)
    assert [
        c.pk for c in member_client.get("/en/seller/messages/").context["page"]
    ] == [conversation.pk]
    response = _post(
        outbox_mail,
        member_client,
        f"/en/seller/messages/{conversation.pk}/",
        {"body": "The member answers"},
    )
    assert response.status_code == 302
    assert conversation.messages.filter(side="seller", author=member).count() == 1


def test_a_signed_in_shopper_writes_about_an_order_part(shops, outbox_mail):
    potter, weaver, tajine, plate, rug = shops
    amina = shopper("Amina")
    client = signed_in(amina)
    checkout(client, [(tajine, 1), (rug, 1)], signed_in=True)
    order = Order.objects.get()
    potter_part = order.seller_parts.get(seller=potter)

    page = client.get(f"/en/accounts/orders/{order.number}/").content.decode()
    assert f"/en/messages/order/{potter_part.pk}/" in page
    response = _post(
        outbox_mail,
        client,
        f"/en/messages/order/{potter_part.pk}/",
        {"body": "When will it ship?"},
    )

    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert conversation.kind == Conversation.Kind.ORDER
    assert conversation.order_part == potter_part
    assert conversation.subject == order.number
    assert (
        order.number
        in signed_in(potter.owner)
        .get(f"/en/seller/messages/{conversation.pk}/")
        .content.decode()
    )
    # Another shopper cannot write about it.
    karim = signed_in(shopper("Karim"))
    assert karim.get(f"/en/messages/order/{potter_part.pk}/").status_code == 404
    assert (
        _post(
            outbox_mail, karim, f"/en/messages/order/{potter_part.pk}/", {"body": "x"}
        ).status_code
        == 404
    )


def _guest_order(tajine, rug, email="guest@example.ma"):
    checkout(Client(), [(tajine, 1), (rug, 1)], email=email)
    order = Order.objects.get(guest_email=email)
    cod_confirm(order)
    return order


def _guest_client(order) -> Client:
    """A guest past the order-status form (its e-mail given)."""
    client = Client()
    path = f"{order.number}/{order.verification_hash()}/"
    client.post(f"/en/accounts/order-status-form/{path}", {"email": order.guest_email})
    return client


def test_a_guest_writes_about_its_order_from_the_order_status_page(shops, outbox_mail):
    potter, weaver, tajine, plate, rug = shops
    order = _guest_order(tajine, rug)
    other = _guest_order(tajine, rug, email="other@example.ma")
    part = order.seller_parts.get(seller=potter)
    other_part = other.seller_parts.get(seller=potter)
    guest = _guest_client(order)
    url = f"/en/messages/guest/{order.number}/{order.verification_hash()}/{part.pk}/"

    status_page = guest.get(
        f"/en/accounts/order-status/{order.number}/{order.verification_hash()}/"
    )
    assert url in status_page.content.decode()
    mail.outbox.clear()
    response = _post(outbox_mail, guest, url, {"body": "Is it packed well?"})

    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.shopper is None
    assert conversation.guest_email == "guest@example.ma"
    assert conversation.order_part == part
    assert [m.to for m in mail.outbox] == [["potter@example.ma"]]
    assert "guest@example.ma" not in mail.outbox[0].body

    mail.outbox.clear()
    _post(
        outbox_mail,
        signed_in(potter.owner),
        f"/en/seller/messages/{conversation.pk}/",
        {"body": "Wrapped in wool."},
    )
    assert [m.to for m in mail.outbox] == [["guest@example.ma"]]
    assert url in mail.outbox[0].body
    assert "Wrapped in wool." in guest.get(url).content.decode()

    # Only its own order: another order's part, or another guest, is refused.
    other_url = (
        f"/en/messages/guest/{other.number}/{other.verification_hash()}/"
        f"{other_part.pk}/"
    )
    assert guest.get(other_url).status_code == 302  # to the order-status form
    wrong_part = f"/en/messages/guest/{order.number}/{order.verification_hash()}/"
    assert guest.get(f"{wrong_part}{other_part.pk}/").status_code == 404
    assert Client().get(url).status_code == 302
    other_guest = _guest_client(other)
    assert other_guest.get(url).status_code == 302
    assert "Wrapped in wool." not in other_guest.get(url, follow=True).content.decode()
    bad_hash = (
        f"/en/messages/guest/{order.number}/x{order.verification_hash()}/{part.pk}/"
    )
    assert guest.get(bad_hash).status_code == 302
    # A photo of the guest's conversation: to this guest only.
    _post(outbox_mail, guest, url, {"body": "", "photo": png()})
    photo = f"/en/messages/photo/{conversation.messages.get(body='').pk}/"
    assert guest.get(photo).status_code == 200
    assert other_guest.get(photo).status_code == 404
    assert signed_in(weaver.owner).get(photo).status_code == 404
    # A signed-in shopper cannot reach a guest's order either.
    assert signed_in(shopper("Karim")).get(url).status_code == 302
    assert Conversation.objects.count() == 1


def test_messages_are_shown_as_text(shops, outbox_mail):
    potter, weaver, tajine, *_ = shops
    _post(
        outbox_mail,
        signed_in(shopper("Amina")),
        f"/en/messages/product/{tajine.pk}/",
        {"body": '<script>alert("x")</script><b>bold</b>'},
    )
    conversation = Conversation.objects.get()

    html = (
        signed_in(potter.owner)
        .get(f"/en/seller/messages/{conversation.pk}/")
        .content.decode()
    )

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold" in html


def test_messages_are_bounded_and_not_empty(shops, outbox_mail):
    potter, weaver, tajine, *_ = shops
    client = signed_in(shopper("Amina"))

    too_long = _post(
        outbox_mail, client, f"/en/messages/product/{tajine.pk}/", {"body": "a" * 2001}
    )
    empty = _post(
        outbox_mail, client, f"/en/messages/product/{tajine.pk}/", {"body": "  "}
    )
    longest = _post(
        outbox_mail, client, f"/en/messages/product/{tajine.pk}/", {"body": "a" * 2000}
    )

    assert too_long.status_code == 400
    assert "at most 2000 characters" in too_long.content.decode()
    assert empty.status_code == 400
    assert "Write a message or attach a photo." in empty.content.decode()
    assert longest.status_code == 302
    assert Message.objects.get().body == "a" * 2000


def test_a_photo_is_checked_as_a_product_photo_is(shops, outbox_mail):
    potter, weaver, tajine, *_ = shops
    client = signed_in(shopper("Amina"))
    not_a_photo = _post(
        outbox_mail,
        client,
        f"/en/messages/product/{tajine.pk}/",
        {
            "body": "look",
            "photo": SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", "image/png"),
        },
    )
    photo = _post(
        outbox_mail,
        client,
        f"/en/messages/product/{tajine.pk}/",
        {"body": "", "photo": png()},
    )

    assert not_a_photo.status_code == 400
    assert "not a JPEG, PNG or WebP photo" in not_a_photo.content.decode()
    assert photo.status_code == 302
    message = Message.objects.get()
    # Stored under a name of the server's, re-encoded.
    assert message.photo.name.startswith("messages/")
    assert "crack" not in message.photo.name
    served = client.get(f"/en/messages/photo/{message.pk}/")
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")


def test_a_message_can_be_edited_until_it_is_read(shops, outbox_mail):
    potter, weaver, tajine, *_ = shops
    client = signed_in(shopper("Amina"))
    _post(outbox_mail, client, f"/en/messages/product/{tajine.pk}/", {"body": "Typo"})
    message = Message.objects.get()

    edited = _post(
        outbox_mail, client, f"/en/messages/edit/{message.pk}/", {"body": "Fixed"}
    )
    message.refresh_from_db()
    assert edited.status_code == 302
    assert (message.body, message.edited_at is not None) == ("Fixed", True)

    signed_in(potter.owner).get(f"/en/seller/messages/{message.conversation_id}/")
    refused = _post(
        outbox_mail, client, f"/en/messages/edit/{message.pk}/", {"body": "Changed"}
    )

    message.refresh_from_db()
    assert message.read_at is not None
    assert refused.status_code == 302
    assert message.body == "Fixed"
    # The other side cannot edit it either.
    assert (
        signed_in(potter.owner)
        .get(f"/en/seller/messages/edit/{message.pk}/")
        .status_code
        == 404
    )


def test_pages_offer_to_write_to_the_shop(shops):
    potter, weaver, tajine, *_ = shops

    product_page = Client().get(tajine.get_absolute_url().replace("/fr/", "/en/", 1))
    storefront = Client().get(f"/en/sellers/{potter.slug}/")

    assert f"/en/messages/product/{tajine.pk}/" in product_page.content.decode()
    assert f"/en/messages/shop/{potter.slug}/" in storefront.content.decode()
    # Signing in first.
    response = Client().get(f"/en/messages/product/{tajine.pk}/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_inboxes_cost_the_same_queries_whatever_their_conversations(
    shops, outbox_mail
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    potter, weaver, tajine, plate, rug = shops
    amina = shopper("Amina")
    client, potter_client = signed_in(amina), signed_in(potter.owner)

    def queries(client, url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _post(outbox_mail, client, f"/en/messages/product/{tajine.pk}/", {"body": "1"})
    small = (
        queries(client, "/en/messages/"),
        queries(potter_client, "/en/seller/messages/"),
    )
    _post(outbox_mail, client, f"/en/messages/product/{plate.pk}/", {"body": "2"})
    _post(outbox_mail, client, f"/en/messages/shop/{potter.slug}/", {"body": "3"})
    checkout(client, [(tajine, 1)], signed_in=True)
    part = Order.objects.get().seller_parts.get()
    _post(outbox_mail, client, f"/en/messages/order/{part.pk}/", {"body": "4"})
    large = (
        queries(client, "/en/messages/"),
        queries(potter_client, "/en/seller/messages/"),
    )

    assert small == large
    page = client.get("/en/messages/").content.decode()
    assert page.count('class="conversation') == 4
    assert "My messages" in page


def test_an_arabic_conversation_page_reads_right_to_left(shops, outbox_mail):
    potter, weaver, tajine, *_ = shops
    client = signed_in(shopper("Amina"))
    _post(outbox_mail, client, f"/ar/messages/product/{tajine.pk}/", {"body": "سؤال"})
    conversation = Conversation.objects.get()

    html = client.get(f"/ar/messages/{conversation.pk}/").content.decode()
    seller_html = (
        signed_in(potter.owner)
        .get(f"/ar/seller/messages/{conversation.pk}/")
        .content.decode()
    )

    assert 'dir="rtl"' in html and 'dir="rtl"' in seller_html
    assert "سؤال" in html and "سؤال" in seller_html
