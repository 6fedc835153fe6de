"""Back offices require a signed-in user with the right role."""

import pytest
from django.contrib.auth import get_user_model

from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/fr/dashboard/", "/cms-admin/", "/django-admin/"])
def test_back_offices_require_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_shopper_cannot_enter_the_dashboard_or_the_cms_admin(client):
    User = get_user_model()
    user = User.objects.create_user("shopper", "s@example.com", "pw-123456!")
    client.force_login(user)
    assert client.get("/fr/dashboard/").status_code in (302, 403)
    assert client.get("/cms-admin/").status_code in (302, 403)


def test_staff_enter_the_dashboard_and_the_cms_admin(client):
    User = get_user_model()
    user = User.objects.create_superuser("boss", "b@example.com", "pw-123456!")
    force_login_verified(client, user)
    assert client.get("/fr/dashboard/").status_code == 200
    assert client.get("/cms-admin/").status_code == 200


def test_no_route_shadows_another():
    """Oscar's URLs, Wagtail's admin and the CMS catch-all each resolve to their own."""
    from django.urls import resolve, reverse

    assert resolve("/fr/catalogue/").app_name == "catalogue"
    assert resolve("/fr/basket/").app_name == "basket"
    assert resolve("/fr/checkout/").app_name == "checkout"
    assert resolve("/fr/dashboard/").app_name == "dashboard"
    # The hardened login (marketplace.accounts) answers Oscar's login URL.
    assert resolve("/fr/accounts/login/").app_name == "accounts"
    assert reverse("customer:login") == "/fr/accounts/login/"
    assert resolve("/fr/sellers/").app_name == "artisans"
    assert resolve("/cms-admin/").url_name == "wagtailadmin_home"
    assert resolve("/fr/").url_name == "home"
    assert resolve("/fr/salons/").url_name == "wagtail_serve"
