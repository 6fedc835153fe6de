"""Legal texts as CMS pages in three languages, linked from every page, and
accepted (the version recorded) at checkout and at the seller's application.
"""

import pytest
from django.core.exceptions import ValidationError
from oscar.core.loading import get_model

from cms.models import LegalPage
from marketplace.legal.models import Acceptance, PublishedDocument
from tests.factories import RegistryEntryFactory, UserFactory, region
from tests.integration.checkout.shop import (
    checkout_to_preview,
    make_product,
    make_seller,
)
from tests.integration.cms.factories import build_tree, publish

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def _legal_page(tree, kind, *, version="v1", title=None):
    page = LegalPage(
        title=title or f"Texte {kind}",
        slug=kind,
        kind=kind,
        version=version,
        body="<p>Texte.</p>",
    )
    tree.home.add_child(instance=page)
    publish(page)
    return page


def _translation(page, locale, *, title):
    translation = page.copy_for_translation(locale)
    translation.title = title
    publish(translation)
    return translation


@pytest.fixture
def tree(settings):
    tree = build_tree()
    settings.ALLOWED_HOSTS = ["*"]
    return tree


def test_publishing_a_legal_page_records_its_version_per_language(tree):
    page = _legal_page(tree, "terms", version="2026-11-30", title="CGV")
    home_ar = _translation(tree.home, tree.locales["ar"], title="الرئيسية")
    assert home_ar
    _translation(page, tree.locales["ar"], title="الشروط العامة للبيع")

    docs = {d.language: d for d in PublishedDocument.objects.filter(kind="terms")}
    assert set(docs) == {"fr", "ar"}
    assert docs["fr"].version == "2026-11-30"
    assert docs["ar"].title == "الشروط العامة للبيع"
    assert docs["ar"].url.startswith("/ar/")

    page.version = "2027-01-01"
    publish(page)
    assert PublishedDocument.objects.get(kind="terms", language="fr").version == (
        "2027-01-01"
    )
    page.unpublish()
    assert not PublishedDocument.objects.filter(kind="terms", language="fr").exists()


def test_one_page_per_text_and_language(tree):
    _legal_page(tree, "privacy")
    twin = LegalPage(
        title="Encore", slug="encore", kind="privacy", version="v2", body="<p>x</p>"
    )
    twin.locale = tree.locales["fr"]
    with pytest.raises(ValidationError) as raised:
        twin.full_clean()
    assert "kind" in raised.value.message_dict


def test_every_page_links_to_the_legal_texts_in_its_language(client, tree):
    page = _legal_page(tree, "notice", title="Mentions légales")
    _translation(tree.home, tree.locales["en"], title="Home")
    _translation(page, tree.locales["en"], title="Legal notices")

    french = client.get("/fr/basket/").content.decode()
    english = client.get("/en/basket/").content.decode()
    assert 'role="contentinfo"' in french
    assert "Mentions légales" in french and "Legal notices" not in french
    assert "Legal notices" in english and "Mentions légales" not in english
    assert "/fr/privacy/" in french and "/en/privacy/" in english


def test_the_footer_shows_a_text_renamed_or_withdrawn_at_once(client, tree):
    """The footer is made once per process for the texts it shows: a new
    title, a new text or one withdrawn changes what it is made for."""
    page = _legal_page(tree, "notice", title="Mentions légales")
    assert "Mentions légales" in client.get("/fr/basket/").content.decode()
    page.title = "Mentions du site Maalem"
    publish(page)
    _legal_page(tree, "privacy", title="Vie privée")
    french = client.get("/fr/basket/").content.decode()
    assert "Mentions du site Maalem" in french and "Vie privée" in french
    assert "Mentions légales" not in french
    page.unpublish()
    french = client.get("/fr/basket/").content.decode()
    assert "Mentions du site Maalem" not in french and "Vie privée" in french


def test_an_order_needs_the_terms_accepted_and_keeps_the_version(client, tree):
    _legal_page(tree, "terms", version="T-3")
    _legal_page(tree, "withdrawal", version="W-1")
    product = make_product(make_seller("Atelier Loi"), price="120.00")
    preview = checkout_to_preview(client, [(product, 1)])
    assert 'name="accept_terms"' in preview.content.decode()

    refused = client.post("/fr/checkout/preview/", {"action": "place_order"})
    assert refused.status_code == 200
    assert 'id="accept-terms-error"' in refused.content.decode()
    assert not Order.objects.exists()

    placed = client.post(
        "/fr/checkout/preview/", {"action": "place_order", "accept_terms": "on"}
    )
    assert placed.status_code == 302
    order = Order.objects.get()
    accepted = {a.kind: a for a in Acceptance.objects.filter(reference=order.number)}
    assert accepted["terms"].version == "T-3"
    assert accepted["withdrawal"].version == "W-1"
    assert accepted["terms"].context == Acceptance.Context.CHECKOUT
    assert accepted["terms"].language == "fr"


def _application(**extra):
    return {
        "kind": "artisan",
        "registry_id": "RNA-07-0000042",
        "name": "Fatima Zahra El Idrissi",
        "region": region("07").pk,
        "trade": "Tapis",
        "phone": "+212600000001",
        **extra,
    }


def test_the_seller_application_needs_the_seller_terms_and_records_them(client, tree):
    _legal_page(tree, "seller-terms", version="S-2")
    _legal_page(tree, "privacy", version="P-5")
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    user = UserFactory()
    client.force_login(user)

    refused = client.post("/en/seller/apply/", _application())
    assert refused.status_code == 200
    assert "Please accept the seller terms to apply." in refused.content.decode()
    assert not user.owned_sellers.exists()

    client.post("/en/seller/apply/", _application(accept_terms="on"))
    seller = user.owned_sellers.get()
    versions = {
        a.kind: a.version
        for a in Acceptance.objects.filter(
            user=user, context=Acceptance.Context.SELLER_APPLICATION
        )
    }
    assert versions == {"seller-terms": "S-2", "privacy": "P-5"}
    assert seller.publication_consent_at is None
