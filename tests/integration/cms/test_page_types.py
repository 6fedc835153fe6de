"""Each page type, created through Wagtail's admin and rendered."""

from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
)

from artisans.models import Seller
from cms.models import (
    FairIndexPage,
    FairPage,
    HomePage,
    LegalPage,
    NewsIndexPage,
    NewsPage,
    RegionalCollectionPage,
    RegionIndexPage,
    RegionPage,
    StandardPage,
)
from tests.mfa import force_login_verified

from . import factories as f


class TestPageTypes(WagtailPageTestCase):
    def setUp(self):
        self.tree = f.build_tree()
        self.admin = f.user(is_superuser=True, is_staff=True)
        force_login_verified(self.client, self.admin)
        # The tree is served by its own site: every request goes to its host.
        self.client.defaults["HTTP_HOST"] = f.HOST
        self.seller = f.seller(region_obj=self.tree.region_a)
        self.product = f.product(seller_obj=self.seller, title="Plat de Safi")

    def tearDown(self):
        cache.clear()

    def _form(self, **fields):
        fields.setdefault("comments", inline_formset([]))
        return nested_form_data(fields)

    def test_the_tree_allows_each_type_only_where_it_belongs(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {FairIndexPage, NewsIndexPage, RegionIndexPage, StandardPage, LegalPage},
        )
        self.assertAllowedSubpageTypes(
            RegionPage, {FairPage, RegionalCollectionPage, NewsPage}
        )
        self.assertAllowedParentPageTypes(FairPage, {FairIndexPage, RegionPage})
        self.assertAllowedParentPageTypes(RegionalCollectionPage, {RegionPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage, RegionPage})
        self.assertCanNotCreateAt(FairIndexPage, RegionalCollectionPage)

    def test_a_fair_is_created_with_exhibitors_products_and_the_spaces_region(self):
        start = timezone.localdate() + timedelta(days=20)
        self.assertCanCreate(
            self.tree.page_a,
            FairPage,
            self._form(
                title="Salon des potiers",
                start_date=start.isoformat(),
                end_date=(start + timedelta(days=2)).isoformat(),
                city="Safi",
                country="Maroc",
                region=self.tree.region_b.pk,  # overridden by the space's region
                description=rich_text("<p>Les potiers de Safi.</p>"),
                exhibitor_links=inline_formset([{"seller": self.seller.pk}]),
                featured_product_links=inline_formset([{"product": self.product.pk}]),
                gallery_images=inline_formset([]),
            ),
        )
        fair = FairPage.objects.get(slug="salon-des-potiers")
        self.assertEqual(fair.region, self.tree.region_a)
        self.assertEqual([x.seller for x in fair.exhibitor_links.all()], [self.seller])
        self.assertPageIsRenderable(fair)
        self.assertIn("Plat de Safi", f.page_get(self.client, fair).content.decode())

    def test_a_fair_cannot_end_before_it_starts(self):
        start = timezone.localdate()
        with self.assertRaisesRegex(AssertionError, "end_date"):
            self.assertCanCreate(
                self.tree.fairs,
                FairPage,
                self._form(
                    title="Salon à l'envers",
                    start_date=start.isoformat(),
                    end_date=(start - timedelta(days=1)).isoformat(),
                    city="Fès",
                    country="Maroc",
                    exhibitor_links=inline_formset([]),
                    featured_product_links=inline_formset([]),
                    gallery_images=inline_formset([]),
                ),
            )

    def test_a_regional_collection_is_created_with_its_promotion(self):
        now = timezone.localtime()
        self.assertCanCreate(
            self.tree.page_a,
            RegionalCollectionPage,
            self._form(
                title="Plats de Safi",
                intro="La sélection de la chambre.",
                story=rich_text("<p>Une histoire.</p>"),
                product_links=inline_formset([{"product": self.product.pk}]),
                promotion_percent="15",
                promotion_scope="collection",
                promotion_starts_at=(now - timedelta(days=1)).strftime(
                    "%Y-%m-%d %H:%M"
                ),
                promotion_ends_at=(now + timedelta(days=9)).strftime("%Y-%m-%d %H:%M"),
            ),
        )
        page = RegionalCollectionPage.objects.get(slug="plats-de-safi")
        self.assertEqual(page.region, self.tree.region_a)
        self.assertEqual(page.offer.benefit.value, Decimal("15"))
        self.assertPageIsRenderable(page)

    def test_news_and_standard_pages_are_created_and_render(self):
        self.assertCanCreate(
            self.tree.news,
            NewsPage,
            self._form(
                title="Ouverture des inscriptions",
                date=timezone.localdate().isoformat(),
                intro="Les salons de l'été.",
                body=rich_text("<p>Inscrivez-vous.</p>"),
            ),
        )
        self.assertCanCreate(
            self.tree.home,
            StandardPage,
            self._form(title="À propos", body=rich_text("<p>Maalem.</p>")),
        )
        for page in (
            NewsPage.objects.get(slug="ouverture-des-inscriptions"),
            self.tree.news,
            self.tree.regions,
            self.tree.page_a,
            self.tree.fairs,
            self.tree.home,
        ):
            self.assertPageIsRenderable(page)

    def _fair_form(self, **fields):
        start = timezone.localdate() + timedelta(days=20)
        values = {
            "title": "Salon des potiers",
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=2)).isoformat(),
            "city": "Safi",
            "country": "Maroc",
            "exhibitor_links": inline_formset([]),
            "featured_product_links": inline_formset([]),
            "gallery_images": inline_formset([]),
        }
        values.update(fields)
        return self._form(**values)

    def test_a_hidden_product_or_unverified_shop_cannot_be_chosen(self):
        suspended = f.seller(
            region_obj=self.tree.region_a, status=Seller.Status.SUSPENDED
        )
        hidden = f.product(seller_obj=self.seller, is_public=False)
        with self.assertRaisesRegex(AssertionError, "boutiques vérifiées"):
            self.assertCanCreate(
                self.tree.page_a,
                FairPage,
                self._fair_form(
                    exhibitor_links=inline_formset([{"seller": suspended.pk}])
                ),
            )
        with self.assertRaisesRegex(AssertionError, "boutiques vérifiées"):
            self.assertCanCreate(
                self.tree.page_a,
                RegionalCollectionPage,
                self._form(
                    title="Collection cachée",
                    product_links=inline_formset([{"product": hidden.pk}]),
                    promotion_scope="collection",
                ),
            )
        self.assertFalse(FairPage.objects.filter(slug="salon-des-potiers").exists())

    def test_a_fair_whose_product_was_unpublished_since_still_saves(self):
        fair = f.fair(
            parent=self.tree.page_a, exhibitors=[self.seller], featured=[self.product]
        )
        self.product.is_public = False
        self.product.save()
        edit_url = reverse("wagtailadmin_pages:edit", args=[fair.pk])
        data = querydict_from_html(
            self.client.get(edit_url).content.decode(), form_id="page-edit-form"
        )
        data["title"] = "Salon renommé"
        data["action-publish"] = "1"

        response = self.client.post(edit_url, data)

        self.assertEqual(response.status_code, 302)
        fair.refresh_from_db()
        self.assertEqual(fair.title, "Salon renommé")
        self.assertPageIsRenderable(fair)
