from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from artisans.urls import urlpatterns as artisans_urlpatterns
from catalogue.views import StorefrontView
from marketplace.payments.views import stripe_webhook

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("django-admin/", admin.site.urls),
    # Stripe posts here: no language prefix.
    path("payments/stripe/webhook/", stripe_webhook, name="stripe-webhook"),
]

urlpatterns += i18n_patterns(
    # The sellers' pages. A shop's storefront lists its products, so its view
    # is the catalogue's (artisans knows nothing of products); it keeps its
    # name, "artisans:storefront", and its place last (its slug matches any).
    path(
        "sellers/",
        include(
            (
                [
                    *artisans_urlpatterns,
                    path(
                        "<slug:slug>/",
                        StorefrontView.as_view(),
                        name="storefront",
                    ),
                ],
                "artisans",
            )
        ),
    ),
    # The seller's own dashboard: products, stock, photos, storefront.
    path("seller/", include("marketplace.sellerdash.urls")),
    # Checkout: sellers' order pages, card payment pages, payouts (before Oscar).
    path("seller/orders/", include("marketplace.sellerorders.urls")),
    path("", include("marketplace.payments.urls")),
    # Returns, refunds and disputes: shopper's, seller's, staff's, chamber's.
    path("", include("marketplace.returns.urls")),
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
