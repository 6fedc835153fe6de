"""The demo's CMS: a fair with exhibitors, a collection on promotion, news, chambers."""

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model
from wagtail.models import GroupPagePermission

from artisans.models import Chamber, Region
from cms.models import FairPage, RegionalCollectionPage, RegionPage
from cms.services import chamber_group_names

ConditionalOffer = get_model("offer", "ConditionalOffer")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("demo"),
    pytest.mark.embedded,
]


def test_the_demo_fair_is_published_with_exhibitors_and_featured_products(client):
    fair = FairPage.objects.get(
        locale__language_code="fr", slug="salon-artisanat-marrakech"
    )
    assert fair.live and fair.exhibitor_links.exists()
    assert fair.featured_product_links.exists()

    html = client.get("/fr/salons/salon-artisanat-marrakech/").content.decode()
    assert 'id="featured-products"' in html
    assert fair.exhibitor_links.first().seller.name in html


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_demo_collection_runs_its_promotion_in_each_language(client, language):
    region = Region.objects.get(code="07")
    url = f"/{language}/regions/{region.slug}/tresors-de-marrakech-safi/"
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "collection-promotion" in html
    assert ('dir="rtl"' in html) is (language == "ar")
    page = RegionalCollectionPage.objects.get(
        locale__language_code=language, slug="tresors-de-marrakech-safi"
    )
    assert ConditionalOffer.active.filter(pk=page.offer_id).exists()


def test_the_demo_home_page_shows_the_regional_collection(client):
    html = client.get("/fr/").content.decode()
    assert "Collections des régions" in html
    assert "Trésors de Marrakech-Safi" in html


def test_the_demo_news_and_regions_are_listed(client):
    assert "Le salon régional de Marrakech ouvre ses portes" in (
        client.get("/fr/actualites/").content.decode()
    )
    regions_html = client.get("/ar/regions/").content.decode()
    assert Region.objects.get(code="07").name_ar in regions_html


def test_every_chamber_has_its_groups_and_workflow_on_its_region_pages():
    User = get_user_model()
    for chamber in Chamber.objects.select_related("region"):
        editors, moderators = chamber_group_names(region=chamber.region)
        region_pages = RegionPage.objects.filter(region=chamber.region)
        assert region_pages.count() == 3  # French, Arabic, English
        for page in region_pages:
            assert GroupPagePermission.objects.filter(
                page=page, group__name=editors
            ).exists()
            assert (
                page.get_workflow().name
                == f"Chambre {chamber.region.code} · validation"
            )
        staff = chamber.staff.first()
        if staff is not None:
            assert staff.groups.filter(name=editors).exists()
    moderator = User.objects.get(email="moderation07@demo.maalem.ma")
    fr_07 = RegionPage.objects.get(region__code="07", locale__language_code="fr")
    fr_01 = RegionPage.objects.get(region__code="01", locale__language_code="fr")
    assert fr_07.permissions_for_user(moderator).can_publish()
    assert not fr_01.permissions_for_user(moderator).can_edit()


def test_seeding_again_creates_no_page():
    from marketplace.core.demo import demo_seed

    created = demo_seed(products=60, sellers=24, log=lambda message: None)

    assert created.get("pages", 0) == 0


def test_the_demo_publishes_every_legal_text_in_three_languages(client):
    from marketplace.legal.models import PublishedDocument

    published = set(PublishedDocument.objects.values_list("kind", "language"))
    for kind in ("terms", "withdrawal", "privacy", "notice", "seller-terms"):
        for language in ("fr", "ar", "en"):
            assert (kind, language) in published
    arabic = client.get("/ar/basket/").content.decode()
    assert "الشروط العامة للبيع" in arabic and "حق التراجع" in arabic
