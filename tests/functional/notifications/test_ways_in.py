"""The ways to the notifications: the chamber's "ask for more information"
button, the account's settings tab."""

import pytest

from artisans.models import Seller
from marketplace.notifications import kinds
from marketplace.notifications.models import Notification
from tests.factories import (
    RegistryEntryFactory,
    UserFactory,
    chamber_user,
    verified_seller,
)
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db


def test_the_chamber_asks_an_applicant_for_more_information_from_its_page(
    client, django_capture_on_commit_callbacks
):
    entry = RegistryEntryFactory(registry_id="RNA-07-0000777", name_latin="Rachid")
    seller = verified_seller(entry=entry)
    seller.status = Seller.Status.PENDING
    seller.save()
    force_login_verified(client, chamber_user("07"))
    url = f"/en/chamber/sellers/{seller.pk}/"

    assert 'value="request_info"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"action": "request_info", "reason": "Which workshop address?"}
        )

    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == Seller.Status.PENDING
    notification = Notification.objects.get(recipient=seller.owner)
    assert notification.kind == kinds.APPLICATION_INFO_NEEDED
    assert notification.context["detail"] == "Which workshop address?"


def test_the_account_pages_link_to_the_language_and_email_settings(client):
    client.force_login(UserFactory())
    page = client.get("/en/accounts/profile/")
    assert page.status_code == 200
    assert 'href="/en/notifications/settings/"' in page.content.decode()
