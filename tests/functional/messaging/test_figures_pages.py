"""The response figures on the shop's dashboard, and on its storefront once
it has enough conversations; the dashboard shows the unread count."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from marketplace.messaging.models import Conversation, Message
from tests.factories import UserFactory

from .conftest import signed_in

pytestmark = pytest.mark.django_db


def _answered(seller, hours):
    started_at = timezone.now() - timedelta(days=2)
    conversation = Conversation.objects.create(
        seller=seller,
        shopper=UserFactory(),
        kind=Conversation.Kind.SHOP,
        started_at=started_at,
        first_response_at=started_at + timedelta(hours=hours),
    )
    Message.objects.create(conversation=conversation, side="shopper", body="?")
    return conversation


def test_the_dashboard_shows_figures_and_unread_messages(shops, settings):
    settings.MESSAGING_FIGURES_MIN_CONVERSATIONS = 5
    potter, weaver, *_ = shops
    _answered(potter, 3)
    _answered(potter, 30)
    _answered(weaver, 1)

    html = signed_in(potter.owner).get("/en/seller/messages/").content.decode()
    dashboard = signed_in(potter.owner).get("/en/seller/").content.decode()
    storefront = signed_in(potter.owner).get(f"/en/sellers/{potter.slug}/")

    assert "Answers 50 % of first messages within 24 hours" in html
    assert "usually within 16 hours" in html
    assert "2 unread" in dashboard
    assert "/en/seller/messages/" in dashboard
    weaver_dashboard = signed_in(weaver.owner).get("/en/seller/").content.decode()
    assert "1 unread" in weaver_dashboard
    # Two conversations: too few for the storefront.
    assert "of first messages within 24 hours" not in storefront.content.decode()


def test_the_storefront_shows_figures_with_enough_conversations(
    shops, settings, client
):
    settings.MESSAGING_FIGURES_MIN_CONVERSATIONS = 3
    potter, weaver, *_ = shops
    for hours in (1, 2, 50):
        _answered(potter, hours)

    html = client.get(f"/en/sellers/{potter.slug}/").content.decode()
    weaver_html = client.get(f"/en/sellers/{weaver.slug}/").content.decode()

    assert "Answers 67 % of first messages within 24 hours" in html
    assert "usually within 2 hours" in html
    assert "of first messages within 24 hours" not in weaver_html


def test_the_storefront_keeps_the_figures_an_hour(
    shops, settings, client, django_assert_num_queries
):
    settings.MESSAGING_FIGURES_MIN_CONVERSATIONS = 1
    potter, *_ = shops
    _answered(potter, 1)
    url = f"/en/sellers/{potter.slug}/"
    client.get(url)
    _answered(potter, 50)  # not shown until the hour is over

    html = client.get(url).content.decode()

    assert "Answers 100 % of first messages within 24 hours" in html
    cache.clear()
    assert "Answers 50 %" in client.get(url).content.decode()
