"""A shop's response figures: share of first messages answered within 24 hours
and the median first-response time, over 90 days, in one query."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.messaging.models import Conversation
from marketplace.messaging.selectors import seller_response_figures
from marketplace.messaging.templatetags.messaging import response_delay
from tests.factories import SellerFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _conversation(seller, *, started_days_ago, answered_after=None):
    started_at = NOW - timedelta(days=started_days_ago)
    return Conversation.objects.create(
        seller=seller,
        shopper=UserFactory(),
        kind=Conversation.Kind.SHOP,
        started_at=started_at,
        last_message_at=started_at,
        first_response_at=started_at + answered_after if answered_after else None,
    )


def test_share_within_24_hours_and_median_first_response(django_assert_num_queries):
    shop, other = SellerFactory(), SellerFactory()
    hours = lambda n: timedelta(hours=n)  # noqa: E731
    _conversation(shop, started_days_ago=80, answered_after=hours(2))
    _conversation(shop, started_days_ago=40, answered_after=hours(10))
    _conversation(shop, started_days_ago=20, answered_after=hours(24))  # in time
    _conversation(shop, started_days_ago=10, answered_after=hours(30))
    _conversation(shop, started_days_ago=5)  # never answered: not in time
    # Left out: younger than 24 hours and not answered yet, older than 90 days,
    # another shop's.
    _conversation(shop, started_days_ago=0.5)
    _conversation(shop, started_days_ago=91, answered_after=hours(1))
    _conversation(other, started_days_ago=1, answered_after=hours(100))

    with django_assert_num_queries(1):
        figures = seller_response_figures(seller=shop, now=NOW)

    assert figures.conversations == 5
    assert figures.answered_within_day == 3
    assert figures.share_within_day == 60
    # Median of 2, 10, 24 and 30 hours: (10 + 24) / 2.
    assert figures.median_response == hours(17)
    assert response_delay(figures.median_response) == "17 hours"


def test_a_shop_without_conversations_has_no_figures():
    figures = seller_response_figures(seller=SellerFactory(), now=NOW)

    assert figures.conversations == 0
    assert figures.share_within_day is None
    assert figures.median_response is None
    assert figures.public is False


def test_figures_go_public_from_the_setting(settings):
    settings.MESSAGING_FIGURES_MIN_CONVERSATIONS = 3
    shop = SellerFactory()
    for days in (1, 2):
        _conversation(shop, started_days_ago=days, answered_after=timedelta(hours=1))
    assert seller_response_figures(seller=shop, now=NOW).public is False

    _conversation(shop, started_days_ago=3, answered_after=timedelta(minutes=20))

    figures = seller_response_figures(seller=shop, now=NOW)
    assert figures.public is True
    assert figures.median_response == timedelta(hours=1)


def test_response_delays_read_as_minutes_hours_or_days():
    assert response_delay(timedelta(seconds=20)) == "1 minute"
    assert response_delay(timedelta(minutes=45)) == "45 minutes"
    assert response_delay(timedelta(hours=1, minutes=59)) == "1 hour"
    assert response_delay(timedelta(hours=47)) == "47 hours"
    assert response_delay(timedelta(days=3, hours=5)) == "3 days"
