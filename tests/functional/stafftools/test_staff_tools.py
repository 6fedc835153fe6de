"""Marketplace staff suspend and reinstate any seller with a reason, read a
seller's history on one page and lift a moderation from the page its note
links to; a chamber acts only in its region; a seller reaches none of it."""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from artisans.models import RegistryEntry, Seller
from artisans.services import SOURCE_STAFF
from catalogue import services as catalogue
from tests.factories import (
    RegistryEntryFactory,
    UserFactory,
    chamber_user,
    product_of,
    verified_seller,
)
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    force_login_verified(client, user)
    return client


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


def _seller_in(code: str) -> Seller:
    return verified_seller(
        entry=RegistryEntryFactory(registry_id=f"RNA-{code}-0000555", region_code=code)
    )


def test_staff_suspend_and_reinstate_a_seller_with_a_reason(staff):
    seller = _seller_in("03")
    client = _as(staff)
    url = reverse("stafftools:seller", kwargs={"pk": seller.pk})
    response = client.post(url, {"action": "suspend", "reason": "Fraud reported."})
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == Seller.Status.SUSPENDED
    decision = seller.decisions.first()
    assert (decision.status, decision.reason, decision.decided_by, decision.source) == (
        Seller.Status.SUSPENDED,
        "Fraud reported.",
        staff,
        SOURCE_STAFF,
    )
    client.post(url, {"action": "reinstate", "reason": "Cleared."})
    seller.refresh_from_db()
    assert seller.status == Seller.Status.VERIFIED
    page = client.get(url).content.decode()
    assert "Fraud reported." in page and "Cleared." in page


def test_staff_need_a_reason_and_cannot_verify_an_application(staff):
    seller = _seller_in("03")
    client = _as(staff)
    url = reverse("stafftools:seller", kwargs={"pk": seller.pk})
    assert client.post(url, {"action": "suspend", "reason": ""}).status_code == 200
    pending = _seller_in("07")
    Seller.objects.filter(pk=pending.pk).update(status=Seller.Status.PENDING)
    url = reverse("stafftools:seller", kwargs={"pk": pending.pk})
    assert client.post(url, {"action": "verify", "reason": "ok"}).status_code == 200
    seller.refresh_from_db()
    pending.refresh_from_db()
    assert seller.status == Seller.Status.VERIFIED
    assert pending.status == Seller.Status.PENDING
    assert not seller.decisions.filter(source=SOURCE_STAFF).exists()


@pytest.mark.parametrize("who", ["shopper", "seller", "chamber"])
def test_no_one_else_reaches_the_staff_tools(who):
    seller = _seller_in("07")
    user = {
        "shopper": UserFactory,
        "seller": lambda: seller.owner,
        "chamber": lambda: chamber_user("07"),
    }[who]()
    client = _as(user)
    url = reverse("stafftools:seller", kwargs={"pk": seller.pk})
    assert client.get(reverse("stafftools:sellers")).status_code == 404
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "suspend", "reason": "x"}).status_code == 404
    seller.refresh_from_db()
    assert seller.status == Seller.Status.VERIFIED


def test_a_chamber_suspends_in_its_region_only():
    here, there = _seller_in("07"), _seller_in("03")
    client = _as(chamber_user("07"))
    for seller, status, expected in (
        (there, 404, Seller.Status.VERIFIED),
        (here, 302, Seller.Status.SUSPENDED),
    ):
        url = reverse("artisans:chamber-seller", kwargs={"pk": seller.pk})
        response = client.post(url, {"action": "suspend", "reason": "Complaint."})
        assert response.status_code == status
        seller.refresh_from_db()
        assert seller.status == expected


def test_the_history_shows_decisions_and_moderation_linking_to_lift(staff):
    seller = _seller_in("07")
    product = product_of(seller, title="Tapis signalé")
    catalogue.product_moderate(
        product=product, moderator=staff, reason="Photo d'un autre atelier"
    )
    client = _as(staff)
    page = client.get(
        reverse("stafftools:seller", kwargs={"pk": seller.pk})
    ).content.decode()
    moderate = reverse("sellerdash:moderate", kwargs={"pk": product.pk})
    assert f'href="{moderate}"' in page
    assert "Photo d&#x27;un autre atelier" in page
    # The note's page lifts it; the seller may publish again.
    lift = reverse("sellerdash:moderation-lift", kwargs={"pk": product.pk})
    assert lift in client.get(moderate).content.decode()
    assert client.post(lift).status_code == 302
    product.refresh_from_db()
    assert not product.is_moderated


def test_staff_find_a_seller_by_name_or_number(staff):
    seller = _seller_in("07")
    other = _seller_in("03")
    client = _as(staff)
    found = client.get(reverse("stafftools:sellers"), {"q": "RNA-07-0000555"})
    assert list(found.context["sellers"]) == [seller]
    found = client.get(reverse("stafftools:sellers"), {"q": "x" * 5000})
    assert found.status_code == 200 and not list(found.context["sellers"])
    assert other in list(client.get(reverse("stafftools:sellers")).context["sellers"])


def test_sellers_and_the_registry_are_read_only_in_the_django_admin(staff):
    request = RequestFactory().get("/")
    request.user = staff
    for model in (Seller, RegistryEntry):
        model_admin = admin.site._registry[model]
        assert model_admin.has_view_permission(request)
        assert model_admin.has_module_permission(request)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
    request.user = UserFactory()
    assert not admin.site._registry[Seller].has_view_permission(request)


def test_staff_read_a_seller_in_the_django_admin(staff):
    seller = _seller_in("07")
    client = _as(staff)
    url = reverse("admin:artisans_seller_change", args=[seller.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert client.post(url, {"name": "Renamed"}).status_code == 403
    seller.refresh_from_db()
    assert seller.name != "Renamed"


def test_the_history_lists_every_moderation_event_over_time(staff):
    """Not only the moderation in force: each decision, kept in the log the
    moderation service writes, the newest first; another seller's are not."""
    from catalogue.models import ModerationEvent

    seller, other = _seller_in("07"), _seller_in("08")
    rug = product_of(seller, title="Tapis signalé")
    plate = product_of(seller, title="Assiette copiée")
    theirs = product_of(other, title="Pouf d'ailleurs")
    catalogue.product_moderate(product=rug, moderator=staff, reason="Première fois")
    catalogue.product_moderation_lift(product=rug, moderator=staff)
    catalogue.product_moderation_lift(product=rug, moderator=staff)  # nothing
    catalogue.product_moderate(product=rug, moderator=staff, reason="Seconde fois")
    catalogue.product_moderate(product=plate, moderator=staff, reason="Copie")
    catalogue.product_moderate(product=theirs, moderator=staff, reason="Autre")

    events = list(
        ModerationEvent.objects.filter(seller=seller).values_list(
            "product_title", "action", "reason", "user"
        )
    )
    assert events == [
        ("Assiette copiée", "moderated", "Copie", staff.pk),
        ("Tapis signalé", "moderated", "Seconde fois", staff.pk),
        ("Tapis signalé", "lifted", "", staff.pk),
        ("Tapis signalé", "moderated", "Première fois", staff.pk),
    ]
    plate.delete()  # the log keeps a deleted product's decisions

    client = _as(staff)
    page = client.get(f"/en/dashboard/sellers/{seller.pk}/").content.decode()
    history = page[page.index("seller-moderation-history") :]
    assert history.count("<tr>") == 1 + 4
    for text in ("Première fois", "Seconde fois", "Copie", "Moderation lifted"):
        assert text in history
    assert history.index("Seconde fois") < history.index("Première fois")
    assert "Autre" not in history
    assert history.count(staff.email) == 4
