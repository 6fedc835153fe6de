"""Onboarding, the chamber's review queue, members and the storefront, by URL."""

import pytest
from django.urls import reverse

from artisans.models import Seller
from artisans.services import seller_decide
from tests.factories import (
    RegistryEntryFactory,
    UserFactory,
    chamber_user,
    product_of,
    region,
    verified_seller,
)
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db


def pending_seller(code: str, name: str = "Rachid Tazi") -> Seller:
    """An application of region `code` the registry could not confirm alone."""
    entry = RegistryEntryFactory(
        registry_id=f"RNA-{code}-0000777", region_code=code, name_latin=name
    )
    seller = verified_seller(entry=entry)
    seller.status = Seller.Status.PENDING
    seller.save()
    return seller


def test_applying_requires_signing_in(client):
    response = client.get("/fr/seller/apply/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_applicant_is_verified_and_sees_the_status(client):
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    user = UserFactory()
    client.force_login(user)
    assert client.get("/fr/seller/apply/").status_code == 200
    response = client.post(
        "/fr/seller/apply/",
        {
            "kind": "artisan",
            "registry_id": "rna-07-0000042",
            "name": "Fatima Zahra El Idrissi",
            "region": region("07").pk,
            "trade": "Tapis",
            "phone": "+212600000001",
            "accept_terms": "on",
            "publication_consent": "on",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/fr/seller/apply/status/"
    seller = Seller.objects.get(owner=user)
    assert seller.status == Seller.Status.VERIFIED
    assert seller.get_status_display() in response.content.decode()


def test_a_rejected_applicant_reads_the_neutral_reason(client):
    region("07")
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/seller/apply/",
        {
            "kind": "cooperative",
            "registry_id": "RNA-07-0999999",
            "name": "Coopérative Inconnue",
            "region": region("07").pk,
            "trade": "Tapis",
            "phone": "+212600000001",
            "accept_terms": "on",
            "publication_consent": "on",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "could not verify this registry number" in html
    assert "not in the national registry" not in html
    assert Seller.objects.get(owner=user).status == Seller.Status.REJECTED


def test_a_malformed_registry_number_is_refused_by_the_form(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/fr/seller/apply/", {"kind": "artisan", "registry_id": "12345"}
    )
    assert response.status_code == 200
    assert not Seller.objects.filter(owner=user).exists()


def test_the_chamber_lists_its_region_sellers_only_pending_first(client):
    mine = pending_seller("07")
    verified_here = verified_seller()
    other = pending_seller("03", name="Omar Berrada")
    force_login_verified(client, chamber_user("07"))
    response = client.get(reverse("artisans:chamber-sellers"))
    sellers = list(response.context["sellers"])
    # The session's demo sellers of region 07 may be listed too, after these.
    assert sellers[0] == mine
    assert verified_here in sellers
    assert other not in sellers
    assert mine.name in response.content.decode()
    assert other.name not in response.content.decode()


def test_a_region_07_chamber_user_gets_404_on_a_region_03_seller(client):
    other = pending_seller("03")
    force_login_verified(client, chamber_user("07"))
    url = f"/fr/chamber/sellers/{other.pk}/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"action": "verify", "reason": "Looks fine."})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Seller.Status.PENDING
    assert not other.decisions.exists()


def test_a_chamber_user_decides_with_a_reason(client):
    seller = pending_seller("07")
    staff = chamber_user("07")
    force_login_verified(client, staff)
    url = f"/fr/chamber/sellers/{seller.pk}/"
    assert "Rachid Tazi" in client.get(url).content.decode()
    response = client.post(url, {"action": "reject", "reason": "No workshop."})
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == Seller.Status.REJECTED
    assert seller.decisions.get().decided_by == staff


def test_the_chamber_pages_are_404_for_a_shopper(client):
    client.force_login(UserFactory())
    assert client.get("/fr/chamber/").status_code == 404


def test_the_chamber_post_is_csrf_protected(client):
    from django.test import Client

    seller = pending_seller("07")
    csrf_client = Client(enforce_csrf_checks=True)
    force_login_verified(csrf_client, chamber_user("07"))
    response = csrf_client.post(
        f"/fr/chamber/sellers/{seller.pk}/", {"action": "verify", "reason": "ok"}
    )
    assert response.status_code == 403
    seller.refresh_from_db()
    assert seller.status == Seller.Status.PENDING


def test_the_storefront_shows_the_badge_with_the_masked_number(client):
    seller = verified_seller(entry=RegistryEntryFactory(registry_id="RNA-07-0012345"))
    product_of(seller, title="Tapis Zemmour")
    page = client.get(seller.get_absolute_url()).content.decode()
    assert "RNA-07-•••••45" in page
    assert "RNA-07-0012345" not in page and "•2345" not in page
    assert "Tapis Zemmour" in page
    assert seller.region.name in page


def test_a_suspended_sellers_storefront_and_products_disappear(client):
    seller = verified_seller()
    product = product_of(seller, title="Tapis Zemmour")
    seller_decide(
        seller=seller, action="suspend", reason="Complaint.", user=chamber_user("07")
    )
    assert client.get(seller.get_absolute_url()).status_code == 404
    assert client.get(product.get_absolute_url()).status_code == 404
    assert "Tapis Zemmour" not in client.get("/fr/catalogue/").content.decode()


def test_the_owner_invites_a_member_who_accepts_and_a_member_cannot_manage(client):
    seller = verified_seller(kind=Seller.Kind.COOPERATIVE)
    member = UserFactory(email="member@example.com")
    client.force_login(seller.owner)
    client.post("/en/seller/members/", {"email": "member@example.com"})
    assert member not in seller.partner.users.all()
    assert "member@example.com" in client.get("/en/seller/members/").content.decode()

    client.force_login(member)
    invitation = seller.invitations.get()
    page = client.get("/en/seller/invitations/").content.decode()
    assert seller.name in page
    client.post("/en/seller/invitations/", {"invitation": invitation.pk})
    assert member in seller.partner.users.all()
    assert client.get("/en/seller/members/").status_code == 403
    client.post(f"/en/seller/members/{seller.owner.pk}/remove/")
    assert seller.owner in seller.partner.users.all()

    client.force_login(seller.owner)
    client.post(f"/en/seller/members/{member.pk}/remove/")
    assert member not in seller.partner.users.all()


def test_inviting_answers_the_same_whether_or_not_an_account_exists(client):
    """It once answered "No account uses …": a way to test any address."""
    seller = verified_seller(kind=Seller.Kind.COOPERATIVE)
    UserFactory(email="known@example.com")
    client.force_login(seller.owner)

    def invite(email):
        response = client.post("/en/seller/members/", {"email": email}, follow=True)
        html = response.content.decode().replace(email, "ADDRESS")
        return (
            response.status_code,
            [str(m) for m in response.context["messages"]],
            (html),
        )

    known = invite("known@example.com")
    unknown = invite("nobody@example.com")
    assert known[0] == unknown[0] == 200
    assert [m.replace("known@example.com", "ADDRESS") for m in known[1]] == [
        m.replace("nobody@example.com", "ADDRESS") for m in unknown[1]
    ]
    assert list(seller.partner.users.all()) == [seller.owner]


def test_someone_elses_invitation_cannot_be_accepted(client):
    seller = verified_seller(kind=Seller.Kind.COOPERATIVE)
    client.force_login(seller.owner)
    client.post("/en/seller/members/", {"email": "member@example.com"})
    invitation = seller.invitations.get()
    intruder = UserFactory(email="intruder@example.com")
    client.force_login(intruder)
    response = client.post("/en/seller/invitations/", {"invitation": invitation.pk})
    assert response.status_code == 404
    assert intruder not in seller.partner.users.all()


def test_the_chamber_sees_why_an_application_was_rejected(client):
    RegistryEntryFactory(registry_id="RNA-07-0000042", status="struck_off")
    applicant = UserFactory()
    client.force_login(applicant)
    client.post("/en/seller/apply/", application())
    seller = Seller.objects.get(owner=applicant)
    force_login_verified(client, chamber_user("07"))
    page = client.get(f"/en/chamber/sellers/{seller.pk}/").content.decode()
    assert "Struck off" in page and "not active" in page


def application(**extra):
    return {
        "kind": "artisan",
        "registry_id": "RNA-07-0000042",
        "name": "Fatima Zahra El Idrissi",
        "region": region("07").pk,
        "trade": "Tapis",
        "phone": "+212600000001",
        "accept_terms": "on",
        "publication_consent": "on",
        **extra,
    }


def test_a_second_application_of_one_account_is_refused(client):
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    user = UserFactory()
    client.force_login(user)
    client.post("/en/seller/apply/", application(name="Atelier Autre Nom"))
    response = client.post("/en/seller/apply/", application(), follow=True)
    assert "one per account" in response.content.decode()
    assert Seller.objects.filter(owner=user).count() == 1


def test_applications_are_limited_per_account(client, settings):
    settings.SELLER_APPLY_LIMIT_PER_ACCOUNT = 2
    region("07")
    user = UserFactory()
    client.force_login(user)
    for n in range(2):
        response = client.post(
            "/en/seller/apply/", application(registry_id=f"RNA-07-099999{n}")
        )
        assert response.status_code == 302
    response = client.post(
        "/en/seller/apply/", application(registry_id="RNA-07-0999993")
    )
    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert Seller.objects.filter(owner=user).count() == 2


def test_applications_are_limited_per_address(client, settings):
    settings.SELLER_APPLY_LIMIT_PER_ADDRESS = 2
    region("07")
    for n in range(3):
        user = UserFactory()
        client.force_login(user)
        response = client.post(
            "/en/seller/apply/",
            application(registry_id=f"RNA-07-099999{n}"),
            REMOTE_ADDR="203.0.113.7",
        )
        assert response.status_code == (302 if n < 2 else 429)
    assert not Seller.objects.filter(owner=user).exists()
    # Another address is not held back by this one.
    response = client.post(
        "/en/seller/apply/",
        application(registry_id="RNA-07-0999995"),
        REMOTE_ADDR="203.0.113.8",
    )
    assert response.status_code == 302
