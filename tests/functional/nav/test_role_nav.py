"""The header's way in for each role: each link shown to exactly the roles it
serves, with what waits counted, read in a constant number of queries."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from artisans.models import Seller
from marketplace.nav.selectors import role_nav
from tests.factories import (
    RegistryEntryFactory,
    SellerFactory,
    UserFactory,
    chamber_user,
    region,
    verified_seller,
)
from tests.integration.checkout.shop import (
    checkout,
    cod_confirm,
    make_product,
    make_seller,
)
from tests.mfa import force_login_verified

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

SELLER_LINKS = {"nav-my-shop", "nav-shop-orders"}
OWNER_LINKS = SELLER_LINKS | {"nav-shop-payouts"}
CHAMBER_LINKS = {
    "nav-chamber-queue",
    "nav-chamber-sellers",
    "nav-chamber-moderation",
    "nav-chamber-translations",
}
STAFF_LINKS = {
    "nav-staff-dashboard",
    "nav-staff-payouts",
    "nav-staff-sellers",
    "nav-staff-moderation",
}
ALL_LINKS = (
    OWNER_LINKS
    | CHAMBER_LINKS
    | STAFF_LINKS
    | {"nav-shop-members", "nav-chamber-pages"}
)


def pending_in(code: str) -> Seller:
    """An application of region `code` waiting for its chamber."""
    return SellerFactory(
        region=region(code),
        status=Seller.Status.PENDING,
        registry_id_claimed=f"RNA-{code}-0000999",
    )


@pytest.fixture
def people():
    """One of each role; the cooperative has an owner and a member."""
    coop = verified_seller(kind=Seller.Kind.COOPERATIVE)
    member = UserFactory()
    coop.partner.users.add(member)
    staff = UserFactory(is_staff=True)
    return {
        "shopper": UserFactory(),
        "artisan": verified_seller().owner,
        "coop owner": coop.owner,
        "coop member": member,
        "chamber 07": chamber_user("07"),
        "chamber 03": chamber_user("03"),
        "staff": staff,
    }


def _nav_links(client: Client) -> set[str]:
    html = client.get("/en/basket/").content.decode()
    return {link for link in ALL_LINKS if f'id="{link}"' in html}


def _as(user) -> Client:
    client = Client()
    force_login_verified(client, user)
    return client


EXPECTED = {
    "shopper": set(),
    "artisan": OWNER_LINKS,
    "coop owner": OWNER_LINKS | {"nav-shop-members"},
    "coop member": SELLER_LINKS,
    "chamber 07": CHAMBER_LINKS,
    "chamber 03": CHAMBER_LINKS,
    "staff": STAFF_LINKS,
}


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_sees_exactly_its_links(people, role):
    assert _nav_links(_as(people[role])) == EXPECTED[role]


@pytest.mark.parametrize("role", EXPECTED)
def test_sell_on_maalem_is_offered_only_to_the_signed_in_without_a_shop(people, role):
    html = _as(people[role]).get("/en/basket/").content.decode()
    apply_link = f'href="{reverse("artisans:apply")}"'
    assert (apply_link in html) == (role == "shopper")


def test_a_visitor_sees_no_role_menu(client, people):
    html = client.get("/en/basket/").content.decode()
    assert 'class="role-nav"' not in html
    assert reverse("artisans:apply") not in html


def test_a_rejected_applicant_may_apply_again_and_has_no_shop_link():
    rejected = SellerFactory(status=Seller.Status.REJECTED)
    html = _as(rejected.owner).get("/en/basket/").content.decode()
    assert reverse("artisans:apply") in html
    assert 'id="nav-my-shop"' not in html


def test_a_pending_applicant_reaches_the_shop_it_prepares():
    pending = SellerFactory(status=Seller.Status.PENDING)
    html = _as(pending.owner).get("/en/basket/").content.decode()
    assert 'id="nav-my-shop"' in html
    assert reverse("artisans:apply") not in html


def test_each_chamber_counts_only_its_region_sellers_to_review(people):
    pending_in("07")
    pending_in("07")
    suspended = SellerFactory(
        region=region("07"), status=Seller.Status.SUSPENDED, needs_reinstatement=True
    )
    verified_seller(entry=RegistryEntryFactory(region_code="07"))  # nothing to do
    assert suspended.needs_reinstatement
    assert role_nav(user=people["chamber 07"]).sellers_to_review == 3
    assert role_nav(user=people["chamber 03"]).sellers_to_review == 0
    pending_in("03")
    assert role_nav(user=people["chamber 03"]).sellers_to_review == 1
    html = _as(people["chamber 07"]).get("/en/basket/").content.decode()
    assert '>3<span class="sr-only"> to review</span>' in html


def test_the_cms_link_goes_to_chamber_staff_who_edit_pages(people):
    editor = people["chamber 07"]
    editor.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    assert "nav-chamber-pages" in _nav_links(_as(editor))
    assert "nav-chamber-pages" not in _nav_links(_as(people["chamber 03"]))
    # Wagtail's editors who are no chamber's staff see no chamber menu.
    other_editor = UserFactory()
    other_editor.user_permissions.add(editor.user_permissions.get())
    assert _nav_links(_as(other_editor)) == set()


@pytest.fixture
def two_shops_with_orders():
    """Potter: one order to ship, one cash-on-delivery order to confirm;
    weaver: none."""
    potter = make_seller("Poterie Nav")
    weaver = make_seller("Tapis Nav")
    tajine = make_product(potter, price="100.00", stock=10)
    make_product(weaver, price="100.00", stock=10)
    checkout(Client(), [(tajine, 1)])
    cod_confirm(Order.objects.get())
    checkout(Client(), [(tajine, 1)], email="b@example.ma")
    return potter, weaver


def test_each_shop_counts_its_own_orders_waiting(two_shops_with_orders):
    potter, weaver = two_shops_with_orders
    mine = role_nav(user=potter.owner)
    assert (mine.orders_to_ship, mine.orders_to_confirm) == (1, 1)
    theirs = role_nav(user=weaver.owner)
    assert (theirs.orders_to_ship, theirs.orders_to_confirm) == (0, 0)
    html = _as(potter.owner).get("/en/basket/").content.decode()
    assert '1<span class="sr-only"> to ship</span>' in html
    assert '1<span class="sr-only"> awaiting confirmation</span>' in html


def _queries(user) -> list[str]:
    if user.is_authenticated:
        # As on a page: a fresh user, without permissions cached on it.
        user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        nav = role_nav(user=user)
        bool(nav.shown)
    return [query["sql"] for query in queries.captured_queries]


def test_the_menu_is_read_in_constant_queries_and_never_written(
    people, two_shops_with_orders
):
    potter, weaver = two_shops_with_orders
    # A shop with orders reads as many queries as one without.
    assert len(_queries(potter.owner)) == len(_queries(weaver.owner)) <= 3
    before = len(_queries(people["chamber 07"]))
    for _n in range(5):
        pending_in("07")
    assert len(_queries(people["chamber 07"])) == before <= 4
    for role in ("shopper", "staff", "coop member"):
        assert len(_queries(people[role])) <= 4
    for user in [*people.values(), potter.owner]:
        for sql in _queries(user):
            assert sql.lstrip().upper().startswith("SELECT"), sql


def test_a_visitor_costs_no_query(people):
    from django.contrib.auth.models import AnonymousUser

    assert _queries(AnonymousUser()) == []
