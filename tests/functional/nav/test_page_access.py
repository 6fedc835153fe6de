"""Each page the role menu links to refuses the roles it does not serve: a
visitor is asked to sign in; a signed-in user without the role gets 403 on a
seller page (the one access rule, artisans/access.py) and 404 on a chamber
or staff page (told nothing)."""

import pytest
from django.test import Client
from django.urls import reverse

from artisans.models import Seller
from tests.factories import UserFactory, chamber_user, verified_seller
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db

ROLES = ["shopper", "artisan", "coop member", "chamber", "staff"]

# url name: the roles that open it (200); the others get `refused`.
PAGES = {
    "sellerdash:index": ({"artisan", "coop member"}, 403),
    "sellerorders:list": ({"artisan", "coop member"}, 403),
    "payments:seller-payouts": ({"artisan"}, 403),
    "artisans:chamber-queue": ({"chamber"}, 404),
    "artisans:chamber-sellers": ({"chamber"}, 404),
    "sellerdash:moderation": ({"chamber", "staff"}, 404),
    "stafftools:sellers": ({"staff"}, 404),
}


@pytest.fixture
def people():
    coop = verified_seller(kind=Seller.Kind.COOPERATIVE)
    member = UserFactory()
    coop.partner.users.add(member)
    return {
        "shopper": UserFactory(),
        "artisan": verified_seller().owner,
        "coop member": member,
        "chamber": chamber_user("07"),
        "staff": UserFactory(is_staff=True),
    }


@pytest.mark.parametrize("name", PAGES)
def test_a_visitor_is_asked_to_sign_in(name):
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_each_page_opens_for_its_roles_only(people, name, role):
    allowed, refused = PAGES[name]
    client = Client()
    force_login_verified(client, people[role])
    status = client.get(reverse(name)).status_code
    assert status == (200 if role in allowed else refused)


def test_a_cooperative_member_is_refused_the_owners_pages(people):
    client = Client()
    force_login_verified(client, people["coop member"])
    assert client.get(reverse("artisans:members")).status_code == 403
    assert client.get(reverse("payments:seller-payouts")).status_code == 403
