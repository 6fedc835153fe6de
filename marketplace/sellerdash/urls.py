from django.urls import include, path

from . import views

app_name = "sellerdash"

# /<lang>/seller/: the shop's home, products, variants, stock, photos, storefront.
seller_urlpatterns = [
    path("", views.index, name="index"),
    path("products/new/", views.product_create, name="product-create"),
    path("products/<int:pk>/", views.product_edit, name="product-edit"),
    path("products/<int:pk>/publish/", views.product_publish, name="product-publish"),
    path(
        "products/<int:pk>/unpublish/",
        views.product_unpublish,
        name="product-unpublish",
    ),
    path("products/<int:pk>/variants/", views.variant_create, name="variant-create"),
    path("variants/<int:pk>/", views.variant_edit, name="variant-edit"),
    path("products/<int:pk>/photos/", views.image_upload, name="image-upload"),
    path(
        "products/<int:pk>/photos/order/",
        views.images_reorder,
        name="images-reorder",
    ),
    path("photos/<int:pk>/delete/", views.image_delete, name="image-delete"),
    path("stock/<int:pk>/", views.stock_edit, name="stock-edit"),
    path("storefront/", views.storefront_edit, name="storefront"),
    path("storefront/publication/", views.publication, name="publication"),
    path("catalogue/file/", views.catalogue_file, name="catalogue-file"),
    path(
        "catalogue/file/imports/<int:pk>/",
        views.catalogue_import,
        name="catalogue-import",
    ),
    path(
        "catalogue/file/imports/<int:pk>/report.csv",
        views.catalogue_import_report,
        name="catalogue-import-report",
    ),
    path("catalogue/file/export.csv", views.catalogue_export, name="catalogue-export"),
]

# /<lang>/chamber/moderation/: staff and the seller's chamber unpublish with a
# reason, and lift it.
moderation_urlpatterns = [
    path("", views.moderation_list, name="moderation"),
    path("products/<int:pk>/", views.product_moderate, name="moderate"),
    path(
        "products/<int:pk>/lift/",
        views.product_moderation_lift,
        name="moderation-lift",
    ),
]

urlpatterns = [
    path("seller/", include(seller_urlpatterns)),
    path("chamber/moderation/", include(moderation_urlpatterns)),
]
