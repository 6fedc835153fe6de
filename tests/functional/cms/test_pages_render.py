"""The CMS pages, served to visitors, with the products and shops chosen."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from artisans.models import Seller
from cms.models import NewsPage, RegionalCollectionPage
from tests.integration.cms import factories as f

pytestmark = pytest.mark.django_db


def test_fair_page_shows_exhibitors_featured_products_and_their_shop(client, tree):
    seller = f.seller(region_obj=tree.region_a)
    featured = f.product(seller_obj=seller, title="Tapis Boucherouite")
    other = f.product(seller_obj=seller, title="Coussin brodé")
    fair = f.fair(parent=tree.page_a, exhibitors=[seller], featured=[featured])

    html = f.page_get(client, fair).content.decode()

    assert seller.name in html
    featured_section = html.split('id="featured-products"')[1].split("shop-this-fair")[
        0
    ]
    assert "Tapis Boucherouite" in featured_section
    assert "Coussin brodé" not in featured_section
    shop_section = html.split('id="shop-this-fair"')[1]
    assert "Tapis Boucherouite" in shop_section and "Coussin brodé" in shop_section
    assert other.get_absolute_url() in shop_section


def test_a_suspended_sellers_products_drop_out_of_the_fair_page(client, tree):
    kept = f.seller(region_obj=tree.region_a)
    suspended = f.seller(region_obj=tree.region_a)
    kept_product = f.product(seller_obj=kept, title="Plateau en cuivre")
    gone_product = f.product(seller_obj=suspended, title="Lanterne ciselée")
    fair = f.fair(
        parent=tree.page_a,
        exhibitors=[kept, suspended],
        featured=[gone_product, kept_product],
    )
    assert "Lanterne ciselée" in f.page_get(client, fair).content.decode()

    suspended.status = Seller.Status.SUSPENDED
    suspended.save(update_fields=["status"])
    response = f.page_get(client, fair)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Lanterne ciselée" not in html
    assert suspended.name not in html
    assert "Plateau en cuivre" in html and kept.name in html


def test_an_unpublished_product_drops_out_of_the_fair_page(client, tree):
    seller = f.seller(region_obj=tree.region_a)
    product = f.product(seller_obj=seller, title="Babouches safran")
    fair = f.fair(parent=tree.page_a, exhibitors=[seller], featured=[product])

    product.is_public = False
    product.save()
    response = f.page_get(client, fair)

    assert response.status_code == 200
    assert "Babouches safran" not in response.content.decode()


def test_a_deleted_product_leaves_the_fair_page_working(client, tree):
    seller = f.seller(region_obj=tree.region_a)
    product = f.product(seller_obj=seller, title="Théière martelée")
    fair = f.fair(parent=tree.page_a, exhibitors=[seller], featured=[product])

    product.stockrecords.all().delete()
    product.delete()

    response = f.page_get(client, fair)
    assert response.status_code == 200
    assert "Théière martelée" not in response.content.decode()


def test_fair_index_lists_upcoming_and_past_fairs_of_every_space(client, tree):
    f.fair(parent=tree.fairs, title="Salon national", days_ahead=5)
    f.fair(parent=tree.page_a, title="Salon de Safi", days_ahead=30)
    f.fair(parent=tree.page_b, title="Salon de Tétouan", days_ahead=-30)
    f.fair(
        parent=tree.fairs,
        title="Foire de Paris",
        city="Paris",
        country="France",
        days_ahead=60,
    )

    html = f.page_get(client, tree.fairs).content.decode()

    upcoming, past = html.split("Salons à venir")[1].split("Salons passés")
    for title in ("Salon national", "Salon de Safi", "Foire de Paris"):
        assert title in upcoming
    assert "Salon de Tétouan" in past and "Salon de Tétouan" not in upcoming
    assert "International" in upcoming


def test_fair_index_filters_by_region_and_by_month(client, tree):
    soon = timezone.localdate() + timedelta(days=40)
    f.fair(parent=tree.page_a, title="Salon de Safi", days_ahead=40)
    f.fair(parent=tree.page_b, title="Salon de Tétouan", days_ahead=40)
    f.fair(parent=tree.page_a, title="Salon d'hiver", days_ahead=150)

    by_region = f.page_get(
        client, tree.fairs, {"region": tree.region_a.slug}
    ).content.decode()
    assert "Salon de Safi" in by_region and "Salon d&#x27;hiver" in by_region
    assert "Salon de Tétouan" not in by_region

    by_month = f.page_get(
        client, tree.fairs, {"month": soon.strftime("%Y-%m")}
    ).content.decode()
    assert "Salon de Safi" in by_month and "Salon de Tétouan" in by_month
    assert "Salon d&#x27;hiver" not in by_month


def test_fair_index_ignores_a_malformed_month(client, tree):
    f.fair(parent=tree.page_a, title="Salon de Safi")
    response = f.page_get(client, tree.fairs, {"month": "juin"})
    assert response.status_code == 200
    assert "Salon de Safi" in response.content.decode()


def test_collection_page_shows_its_public_products_and_running_promotion(client, tree):
    seller = f.seller(region_obj=tree.region_a)
    shown = f.product(seller_obj=seller, title="Jarre de Safi")
    hidden = f.product(seller_obj=seller, title="Jarre cachée", is_public=False)
    now = timezone.now()
    page = RegionalCollectionPage(
        title="Poteries de Safi",
        intro="La terre de Safi.",
        story="<p>Une histoire de potiers.</p>",
        promotion_percent=15,
        promotion_starts_at=now - timedelta(days=1),
        promotion_ends_at=now + timedelta(days=10),
    )
    page.product_links = [
        RegionalCollectionPage.product_links.rel.related_model(product=p)
        for p in (shown, hidden)
    ]
    tree.page_a.add_child(instance=page)
    f.publish(page)

    html = f.page_get(client, page).content.decode()

    assert "Jarre de Safi" in html and "Jarre cachée" not in html
    assert "Une histoire de potiers." in html
    assert "15 % de remise dans votre panier" in html
    assert tree.region_a.name in html


def test_region_page_lists_its_collections_fairs_and_news(client, tree):
    f.fair(parent=tree.page_a, title="Salon de Safi")
    f.fair(parent=tree.page_b, title="Salon de Tétouan")
    news = NewsPage(title="La chambre recrute", intro="Des formateurs.")
    tree.page_a.add_child(instance=news)
    f.publish(news)

    html = f.page_get(client, tree.page_a).content.decode()

    assert "Salon de Safi" in html and "La chambre recrute" in html
    assert "Salon de Tétouan" not in html


def test_news_index_lists_every_article_newest_first(client, tree):
    old = NewsPage(title="Ancienne nouvelle", date=date(2025, 1, 5))
    tree.news.add_child(instance=old)
    f.publish(old)
    new = NewsPage(title="Nouvelle fraîche", date=date(2026, 6, 1))
    tree.page_b.add_child(instance=new)
    f.publish(new)

    html = f.page_get(client, tree.news).content.decode()
    assert html.index("Nouvelle fraîche") < html.index("Ancienne nouvelle")

    article = f.page_get(client, new).content.decode()
    assert "Nouvelle fraîche" in article
    assert tree.region_b.name in article


def test_home_page_regional_collections_block_hides_offline_collections(client, tree):
    live = RegionalCollectionPage(title="Cuivres de Marrakech")
    tree.page_a.add_child(instance=live)
    f.publish(live)
    offline = RegionalCollectionPage(title="Cuirs de Fès")
    tree.page_b.add_child(instance=offline)
    f.publish(offline)
    offline.unpublish()
    tree.home.body = [
        {
            "type": "regional_collections",
            "value": {
                "title": "Collections des régions",
                "collections": [live.pk, offline.pk],
                "count": 3,
            },
        }
    ]
    f.publish(tree.home)

    html = f.page_get(client, tree.home).content.decode()

    assert "Collections des régions" in html
    assert "Cuivres de Marrakech" in html and "Cuirs de Fès" not in html


def test_pages_are_translated_and_arabic_renders_right_to_left(client, tree):
    seller = f.seller(region_obj=tree.region_a)
    fair = f.fair(parent=tree.page_a, exhibitors=[seller], title="Salon de Safi")
    ar = tree.locales["ar"]
    for page in (tree.home, tree.regions, tree.page_a):
        f.publish(page.copy_for_translation(ar))
    fair_ar = fair.copy_for_translation(ar)
    fair_ar.title = "معرض آسفي"
    f.publish(fair_ar)

    response = f.page_get(client, fair_ar)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar"' in html and 'dir="rtl"' in html
    assert "معرض آسفي" in html
    assert seller.name in html  # exhibitors are copied with the translation
    assert 'dir="ltr"' in f.page_get(client, fair).content.decode()


def test_home_page_blocks_drop_suspended_shops_and_their_products(client, tree):
    kept = f.seller(region_obj=tree.region_a)
    suspended = f.seller(region_obj=tree.region_b)
    kept_product = f.product(seller_obj=kept, title="Pouf en cuir")
    gone_product = f.product(seller_obj=suspended, title="Miroir en thuya")
    f.fair(parent=tree.page_a, title="Salon de Safi")
    tree.home.body = [
        {
            "type": "hero",
            "value": {"title": "Fait main au Maroc", "text": "", "link_url": ""},
        },
        {
            "type": "featured_products",
            "value": {
                "title": "Coups de cœur",
                "products": [gone_product.pk, kept_product.pk],
            },
        },
        {
            "type": "featured_shops",
            "value": {"title": "Ateliers", "sellers": [suspended.pk, kept.pk]},
        },
        {"type": "upcoming_fairs", "value": {"title": "Salons", "count": 3}},
        {"type": "rich_text", "value": "<p>Bienvenue chez les artisans.</p>"},
    ]
    f.publish(tree.home)
    html = f.page_get(client, tree.home).content.decode()
    assert "Miroir en thuya" in html and suspended.name in html

    suspended.status = Seller.Status.SUSPENDED
    suspended.save(update_fields=["status"])
    response = f.page_get(client, tree.home)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Fait main au Maroc" in html and "Bienvenue chez les artisans." in html
    assert "Pouf en cuir" in html and kept.name in html
    assert "Miroir en thuya" not in html and suspended.name not in html
    assert "Salon de Safi" in html


def test_fair_page_shows_its_gallery(client, tree):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from cms.models import FairGalleryImage

    image = Image.objects.create(title="Stand", file=get_test_image_file())
    fair = f.fair(parent=tree.page_a)
    fair.gallery_images = [FairGalleryImage(image=image, caption="Le stand de Safi")]
    f.publish(fair)

    html = f.page_get(client, fair).content.decode()

    assert "fair-gallery" in html and "Le stand de Safi" in html
    assert "<img" in html.split("fair-gallery")[1]


def test_fair_page_queries_do_not_grow_with_its_exhibitors_and_products(client, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fair_with(n_sellers, n_products):
        sellers = [f.seller(region_obj=tree.region_a) for _ in range(n_sellers)]
        products = [
            f.product(seller_obj=sellers[i % n_sellers]) for i in range(n_products)
        ]
        return f.fair(parent=tree.page_a, exhibitors=sellers, featured=products)

    small, large = fair_with(1, 2), fair_with(6, 12)
    f.page_get(client, small)  # warm the per-process caches
    counts = []
    for fair in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert f.page_get(client, fair).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
