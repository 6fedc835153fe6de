from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from artisans import urls as artisans_urls
from catalogue.views import StorefrontView
from marketplace.currency.views import currency_set
from marketplace.nav.urls import urlpatterns as nav_redirects
from marketplace.payments.views import cmi_callback, stripe_webhook
from marketplace.seo import views as seo_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("currency/", currency_set, name="currency-set"),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("django-admin/", admin.site.urls),
    # For search engines: no language prefix (each sitemap lists all three).
    path("robots.txt", seo_views.robots_txt, name="robots-txt"),
    path("sitemap.xml", seo_views.sitemap_index, name="sitemap-index"),
    path(
        "sitemap-<slug:section>.xml",
        seo_views.sitemap_section,
        name="sitemap-section",
    ),
    # Stripe posts here: no language prefix.
    path("payments/stripe/webhook/", stripe_webhook, name="stripe-webhook"),
    # The CMI's server-to-server callback: no language prefix either.
    path("payments/cmi/callback/", cmi_callback, name="cmi-callback"),
]

urlpatterns += i18n_patterns(
    # Figures for sellers, chambers and staff, under each one's prefix.
    path("", include("marketplace.figures.urls")),
    # Yesterday's addresses of the seller's and chamber's pages (301).
    path("", include(nav_redirects)),
    # The artisans app: the public list and storefronts under sellers/, the
    # seller's own pages (applying, members) under seller/, the chamber's
    # under chamber/. A shop's storefront lists its products, so its view is
    # the catalogue's (artisans knows nothing of products); it keeps its name,
    # "artisans:storefront", and its place last (its slug matches any).
    # Its template adds the shop's response figures and a way to write to it
    # (messaging extends the catalogue's page: an explicit chain).
    path(
        "",
        include(
            (
                [
                    path("sellers/", include(artisans_urls.public_urlpatterns)),
                    path(
                        "sellers/<slug:slug>/",
                        StorefrontView.as_view(
                            template_name="messaging/storefront.html"
                        ),
                        name="storefront",
                    ),
                    path("seller/", include(artisans_urls.seller_urlpatterns)),
                    path("chamber/", include(artisans_urls.chamber_urlpatterns)),
                ],
                "artisans",
            )
        ),
    ),
    # The chamber's pages lacking a language (Wagtail's locales).
    path("", include("cms.urls")),
    # Messages between shoppers and shops (seller/messages/: the shop's inbox).
    path("", include("marketplace.messaging.urls")),
    # The seller's own dashboard under seller/ (products, stock, photos,
    # storefront) and the chamber's moderation under chamber/moderation/.
    path("", include("marketplace.sellerdash.urls")),
    # Marketplace staff: sellers' history, suspension (under Oscar's dashboard).
    path("dashboard/sellers/", include("marketplace.stafftools.urls")),
    # Checkout: sellers' order pages, card payment pages, payouts (before Oscar).
    path("seller/orders/", include("marketplace.sellerorders.urls")),
    path("", include("marketplace.payments.urls")),
    # The bell's list and the account's language and e-mail settings.
    path("notifications/", include("marketplace.notifications.urls")),
    # A person's own data: download, erasure (law 09-08).
    path("privacy/", include("marketplace.privacy.urls")),
    # Returns, refunds and disputes: shopper's, seller's, staff's, chamber's.
    path("", include("marketplace.returns.urls")),
    # Invoices: shopper's and guest's files, the seller's list and ICE, staff's.
    path("", include("marketplace.invoicing.urls")),
    # Shipping: the seller's settings (seller/shipping/), the visitor's
    # delivery country and whether a product ships there (shipping/).
    path("", include("marketplace.shipping.urls")),
    # Login, sign-up, password reset and the second factor (before Oscar's).
    path("", include("marketplace.accounts.urls")),
    # Oscar: catalogue/, basket/, checkout/, accounts/, search/, dashboard/ …
    path("", include(apps.get_app_config("oscar").urls[0])),
    # Wagtail last: it serves every path the shop does not claim.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
