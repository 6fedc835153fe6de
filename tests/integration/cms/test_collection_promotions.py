"""A regional collection's promotion is an Oscar offer the basket applies."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time
from oscar.core.loading import get_class, get_model

from cms.models import CollectionProduct, RegionalCollectionPage
from cms.services import collection_promotion_sync
from marketplace.translated import pick

from . import factories as f

Applicator = get_class("offer.applicator", "Applicator")
Selector = get_class("partner.strategy", "Selector")
Basket = get_model("basket", "Basket")
ConditionalOffer = get_model("offer", "ConditionalOffer")

pytestmark = pytest.mark.django_db
CASABLANCA = ZoneInfo("Africa/Casablanca")
STARTS = datetime(2027, 6, 1, 0, 0, tzinfo=CASABLANCA)
ENDS = datetime(2027, 6, 30, 23, 59, tzinfo=CASABLANCA)


def _collection(tree, products, publish=True, **fields):
    values = {
        "title": "Trésors de Safi",
        "promotion_percent": Decimal("15"),
        "promotion_starts_at": STARTS,
        "promotion_ends_at": ENDS,
    }
    values.update(fields)
    page = RegionalCollectionPage(**values)
    page.product_links = [CollectionProduct(product=p) for p in products]
    tree.page_a.add_child(instance=page)
    if publish:
        f.publish(page)
    return page


def _basket_total(*products):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product in products:
        basket.add_product(product)
    Applicator().apply(basket)
    return basket.total_incl_tax


@pytest.fixture
def safi(tree):
    seller = f.seller(region_obj=tree.region_a)
    other_seller = f.seller(region_obj=tree.region_b)
    return {
        "jar": f.product(seller_obj=seller, price=Decimal("200.00")),
        "plate": f.product(seller_obj=seller, price=Decimal("100.00")),
        "elsewhere": f.product(seller_obj=other_seller, price=Decimal("100.00")),
    }


def test_publishing_a_collection_with_a_promotion_creates_its_offer(tree, safi):
    page = _collection(tree, [safi["jar"]])

    page.refresh_from_db()
    offer = page.offer
    assert offer.offer_type == ConditionalOffer.SITE
    assert offer.status == ConditionalOffer.OPEN
    assert offer.benefit.value == Decimal("15")
    assert offer.start_datetime == STARTS and offer.end_datetime == ENDS
    assert list(offer.condition.range.all_products()) == [safi["jar"]]


def test_the_basket_applies_the_promotion_within_its_dates(tree, safi):
    _collection(tree, [safi["jar"]])

    with freeze_time("2027-06-15 12:00:00"):
        total = _basket_total(safi["jar"], safi["elsewhere"])

    # 15 % off the collection's 200 MAD jar only.
    assert total == Decimal("270.00")


@pytest.mark.parametrize("moment", ["2027-05-31 12:00:00", "2027-07-01 12:00:00"])
def test_the_basket_does_not_apply_the_promotion_outside_its_dates(tree, safi, moment):
    _collection(tree, [safi["jar"]])

    with freeze_time(moment):
        total = _basket_total(safi["jar"])

    assert total == Decimal("200.00")


def test_a_region_wide_promotion_covers_every_public_product_of_the_region(tree, safi):
    _collection(
        tree,
        [safi["jar"]],
        promotion_scope=RegionalCollectionPage.PromotionScope.REGION,
        promotion_percent=Decimal("10"),
    )

    with freeze_time("2027-06-15 12:00:00"):
        total = _basket_total(safi["jar"], safi["plate"], safi["elsewhere"])

    assert total == Decimal("370.00")  # 180 + 90 + 100


def test_republishing_updates_the_offer_and_unpublishing_suspends_it(tree, safi):
    page = _collection(tree, [safi["jar"]])
    page.promotion_percent = Decimal("20")
    page.product_links = [CollectionProduct(product=safi["plate"])]
    f.publish(page)

    page.refresh_from_db()
    assert ConditionalOffer.objects.filter(pk=page.offer_id).count() == 1
    assert page.offer.benefit.value == Decimal("20")
    assert list(page.offer.condition.range.all_products()) == [safi["plate"]]

    page.unpublish()
    page.offer.refresh_from_db()
    assert page.offer.status == ConditionalOffer.SUSPENDED
    with freeze_time("2027-06-15 12:00:00"):
        assert _basket_total(safi["plate"]) == Decimal("100.00")


def test_removing_the_promotion_suspends_the_offer(tree, safi):
    page = _collection(tree, [safi["jar"]])
    page.promotion_percent = None
    f.publish(page)

    page.refresh_from_db()
    assert page.offer.status == ConditionalOffer.SUSPENDED


def test_a_collection_without_promotion_makes_no_offer(tree, safi):
    count = ConditionalOffer.objects.count()
    page = _collection(tree, [safi["jar"]], promotion_percent=None)

    assert collection_promotion_sync(page=page) is None
    assert ConditionalOffer.objects.count() == count


def test_translations_share_one_offer(tree, safi):
    page = _collection(tree, [safi["jar"]])
    for parent in (tree.home, tree.regions, tree.page_a):
        f.publish(parent.copy_for_translation(tree.locales["en"]))
    f.publish(page.copy_for_translation(tree.locales["en"]))

    offers = set(
        RegionalCollectionPage.objects.filter(
            translation_key=page.translation_key
        ).values_list("offer_id", flat=True)
    )
    assert len(offers) == 1 and None not in offers


def test_a_promotion_needs_a_start_before_its_end(tree, safi):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _collection(tree, [safi["jar"]], promotion_ends_at=STARTS, publish=False)


def test_a_shopper_sees_the_discount_in_the_basket_during_the_promotion(
    client, tree, safi
):
    _collection(tree, [safi["jar"]])

    with freeze_time("2027-06-15 12:00:00"), translation.override("fr"):
        response = client.post(
            reverse("basket:add", kwargs={"pk": safi["jar"].pk}), {"quantity": 1}
        )
        assert response.status_code == 302
        basket = client.get(reverse("basket:summary")).context["basket"]

    assert basket.total_incl_tax == Decimal("170.00")
    (discount,) = basket.offer_discounts
    assert discount["offer"].name.startswith("Trésors de Safi")
    assert discount["discount"] == Decimal("30.00")


def test_publishing_a_revision_saved_before_the_offer_keeps_one_offer(tree, safi):
    page = _collection(tree, [safi["jar"]], publish=False)
    submitted = page.save_revision()
    page.promotion_percent = Decimal("25")
    later_draft = page.save_revision()  # saved before any offer existed

    submitted.publish()  # e.g. the moderator approves the submitted revision
    offer_id = RegionalCollectionPage.objects.get(pk=page.pk).offer_id
    later_draft.publish()

    page.refresh_from_db()
    assert offer_id is not None and page.offer_id == offer_id
    assert page.offer.benefit.value == Decimal("25")
    open_offers = ConditionalOffer.objects.filter(
        status=ConditionalOffer.OPEN, name__startswith="Trésors de Safi"
    )
    assert list(open_offers) == [page.offer]


def test_the_offer_is_named_in_each_language_the_collection_is_published_in(tree, safi):
    page = _collection(tree, [safi["jar"]], intro="Les potiers de Safi")
    for parent in (tree.home, tree.regions, tree.page_a):
        f.publish(parent.copy_for_translation(tree.locales["ar"]))
    arabic = page.copy_for_translation(tree.locales["ar"])
    arabic.title = "كنوز آسفي"
    arabic.intro = "خزافو آسفي"
    f.publish(arabic)

    offer = RegionalCollectionPage.objects.get(pk=page.pk).offer
    offer.refresh_from_db()
    assert offer.name_fr.startswith("Trésors de Safi")
    assert offer.name_ar.startswith("كنوز آسفي")
    assert offer.description_ar == "خزافو آسفي"
    assert offer.description_fr == "Les potiers de Safi"
    assert offer.name_en is None  # no English page: the shopper reads French
    english = pick(offer, "name", language="en")
    assert english.text == offer.name_fr and english.foreign and english.lang == "fr"


def test_an_unpublished_translation_does_not_name_the_offer(tree, safi):
    page = _collection(tree, [safi["jar"]])
    for parent in (tree.home, tree.regions, tree.page_a):
        f.publish(parent.copy_for_translation(tree.locales["ar"]))
    # A fresh copy still holds the French title: not an Arabic name.
    page.copy_for_translation(tree.locales["ar"])
    f.publish(page)

    offer = RegionalCollectionPage.objects.get(pk=page.pk).offer
    assert offer.name_ar is None and offer.name_fr.startswith("Trésors de Safi")
