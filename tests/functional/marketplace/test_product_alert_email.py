"""A seller's product title is text in the shoppers' HTML e-mails too.

Oscar's "back in stock" e-mails print the title |safe in their HTML part: a
title holding a link would reach a shopper as a link sent from the
marketplace's address.
"""

import pytest
from django.core import mail
from oscar.core.loading import get_class, get_model

from tests.functional.marketplace.html_checks import PageMarkup
from tests.integration.catalogue import factories as f

AlertsDispatcher = get_class("customer.alerts.utils", "AlertsDispatcher")
ProductAlert = get_model("customer", "ProductAlert")

pytestmark = pytest.mark.django_db

TITLE = '<a href="https://evil.example/refund">Remboursement</a>'


def _html_parts():
    for message in mail.outbox:
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                yield PageMarkup(content)


def _assert_title_is_text(parts) -> None:
    assert parts
    for page in parts:
        links = [attrs.get("href", "") for tag, attrs in page.tags if tag == "a"]
        assert not [href for href in links if "evil.example" in href]
        assert TITLE in page.text


def test_back_in_stock_and_confirmation_emails_show_the_title_as_text():
    item = f.product(seller_obj=f.seller(), title=TITLE)
    alert = ProductAlert.objects.create(
        product=item, email="amina@example.ma", status=ProductAlert.UNCONFIRMED
    )
    AlertsDispatcher().send_product_alert_confirmation_email_for_user(alert)
    _assert_title_is_text(list(_html_parts()))
    mail.outbox.clear()

    alert.status = ProductAlert.ACTIVE
    alert.save()
    AlertsDispatcher().send_product_alert_email_for_user(item)
    _assert_title_is_text(list(_html_parts()))
