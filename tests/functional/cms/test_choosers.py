"""The product and shop choosers of Wagtail's admin: public items, filters."""

import json

import pytest
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from artisans.models import Seller
from cms.services import chamber_cms_setup
from tests.integration.cms import factories as f
from tests.mfa import force_login_verified

ProductCategory = get_model("catalogue", "ProductCategory")

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, tree):
    user = f.user()
    chamber_cms_setup(chamber=tree.region_a.chamber).editors.user_set.add(user)
    force_login_verified(client, user)
    return user


@pytest.fixture
def shop(tree):
    pottery = create_from_breadcrumbs("Poterie CMS > Tajines")
    weaving = create_from_breadcrumbs("Tissage CMS")
    safi = f.seller(region_obj=tree.region_a, trade="Poterie")
    tetouan = f.seller(region_obj=tree.region_b, trade="Tissage")
    suspended = f.seller(
        region_obj=tree.region_a, status=Seller.Status.SUSPENDED, trade="Poterie"
    )
    items = {
        "tajine": f.product(seller_obj=safi, title="Tajine vernissé CMS"),
        "rug": f.product(seller_obj=tetouan, title="Tapis tissé CMS"),
        "hidden": f.product(seller_obj=safi, title="Tajine caché CMS", is_public=False),
        "orphan": f.product(seller_obj=suspended, title="Tajine suspendu CMS"),
    }
    ProductCategory.objects.create(product=items["tajine"], category=pottery)
    ProductCategory.objects.create(product=items["rug"], category=weaving)
    return {
        "items": items,
        "sellers": {"safi": safi, "tetouan": tetouan, "suspended": suspended},
        "pottery_root": pottery.get_parent(),
    }


def _results(client, name, **params):
    response = client.get(reverse(f"{name}:choose_results"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_product_chooser_lists_only_public_products(client, editor, shop):
    html = _results(client, "product_chooser", q="CMS")
    assert "Tajine vernissé CMS" in html and "Tapis tissé CMS" in html
    assert "Tajine caché CMS" not in html and "Tajine suspendu CMS" not in html


def test_product_chooser_filters_by_region_and_by_craft(client, editor, tree, shop):
    by_region = _results(client, "product_chooser", q="CMS", region=tree.region_b.pk)
    assert "Tapis tissé CMS" in by_region and "Tajine vernissé CMS" not in by_region

    by_craft = _results(
        client, "product_chooser", q="CMS", craft=shop["pottery_root"].pk
    )
    assert "Tajine vernissé CMS" in by_craft and "Tapis tissé CMS" not in by_craft


def test_product_chooser_searches_titles(client, editor, shop):
    html = _results(client, "product_chooser", q="vernissé")
    assert "Tajine vernissé CMS" in html and "Tapis tissé CMS" not in html


def test_product_chooser_finds_a_title_in_any_language_whatever_the_admins(
    client, editor, shop
):
    """An editor reading the admin in English finds a product titled only in
    French, and one by its Arabic title (modeltranslation alone would search
    the English column)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    tajine = shop["items"]["tajine"]
    tajine.title_ar = "طاجين مزجج"
    tajine.save()
    assert not tajine.title_en

    chosen = reverse("product_chooser:chosen", args=[tajine.pk])
    html = _results(client, "product_chooser", q="vernissé")
    assert chosen in html and "Tapis tissé CMS" not in html
    by_arabic = _results(client, "product_chooser", q="مزجج")
    assert chosen in by_arabic and "Tapis tissé CMS" not in by_arabic


def test_shop_chooser_lists_verified_sellers_filtered_by_region_and_craft(
    client, editor, tree, shop
):
    sellers = shop["sellers"]
    html = _results(client, "seller_chooser", q="Atelier CMS")
    assert sellers["safi"].name in html and sellers["tetouan"].name in html
    assert sellers["suspended"].name not in html

    html = _results(client, "seller_chooser", q="Atelier CMS", region=tree.region_b.pk)
    assert sellers["tetouan"].name in html and sellers["safi"].name not in html

    html = _results(client, "seller_chooser", q="Atelier CMS", craft="Poterie")
    assert sellers["safi"].name in html and sellers["tetouan"].name not in html


def test_the_chooser_modal_offers_the_region_and_craft_filters(client, editor):
    response = client.get(reverse("product_chooser:choose"))
    html = json.loads(response.content)["html"]
    assert 'name="region"' in html and 'name="craft"' in html and 'name="q"' in html


def test_choosing_a_product_returns_it(client, editor, shop):
    tajine = shop["items"]["tajine"]
    response = client.get(reverse("product_chooser:chosen", args=[tajine.pk]))
    assert json.loads(response.content)["result"]["title"] == str(tajine)


def test_the_fair_editor_offers_the_shop_and_product_choosers(client, editor, tree):
    fair = f.fair(parent=tree.page_a)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[fair.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("seller_chooser:choose") in html
    assert reverse("product_chooser:choose") in html
