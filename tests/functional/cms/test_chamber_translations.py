"""A chamber lists its region's fairs, collections and news lacking a language
(Wagtail's locales), with Wagtail's "Translate" link; its region's only."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.integration.cms import factories as f
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db

URL = "/en/chamber/translations/"


def chamber_client(region) -> Client:
    user = UserFactory()
    region.chamber.staff.add(user)
    client = Client()
    force_login_verified(client, user)
    return client


def rows(response) -> dict[int, str]:
    """{page id: the missing languages' cell}"""
    html = response.content.decode()
    found = {}
    for chunk in html.split('<tr data-page="')[1:]:
        pk = int(chunk.split('"', 1)[0])
        found[pk] = chunk.split('class="missing">', 1)[1].split("</td>", 1)[0]
    return found


def test_each_chamber_sees_its_own_regions_pages_lacking_a_language(tree):
    fair_a = f.fair(parent=tree.page_a, title="Salon du tapis")
    fair_b = f.fair(parent=tree.page_b, title="Salon de Tanger")
    ar_home = f.publish(tree.home.copy_for_translation(tree.locales["ar"]))
    assert ar_home.translation_key == tree.home.translation_key
    call_command("setup_chamber_spaces", stdout=io.StringIO())
    # The first fair gets its Arabic version: English is still missing.
    f.publish(fair_a.copy_for_translation(tree.locales["ar"]))

    client_a = chamber_client(tree.region_a)
    response = client_a.get(URL)
    assert response.status_code == 200
    # The chamber's menu leads here.
    assert f'id="nav-chamber-translations" href="{URL}"' in response.content.decode()
    assert rows(response) == {fair_a.pk: "English"}
    html = response.content.decode()
    translate = reverse("simple_translation:submit_page_translation", args=[fair_a.pk])
    assert f'href="{translate}"' in html
    assert "Salon de Tanger" not in html

    client_b = chamber_client(tree.region_b)
    assert rows(client_b.get(URL)) == {fair_b.pk: "العربيّة, English"}

    # Another chamber's region, someone in no chamber, a visitor.
    assert client_a.get(URL, {"region": tree.region_b.code}).status_code == 404
    outsider = Client()
    force_login_verified(outsider, UserFactory())
    assert outsider.get(URL).status_code == 404
    assert Client().get(URL).status_code == 302


def test_a_page_in_every_language_is_not_listed(tree):
    fair = f.fair(parent=tree.page_a, title="Salon complet")
    for code in ("ar", "en"):
        f.publish(tree.home.copy_for_translation(tree.locales[code]))
    call_command("setup_chamber_spaces", stdout=io.StringIO())
    for code in ("ar", "en"):
        f.publish(fair.copy_for_translation(tree.locales[code]))
    response = chamber_client(tree.region_a).get(URL)
    assert rows(response) == {}
    assert "Every page of your region exists in every language." in (
        response.content.decode()
    )
