from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    # The shopper's side, under messages/.
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:pk>/", views.conversation_detail, name="conversation"),
    path("messages/<int:pk>/report/", views.report, name="report"),
    path("messages/shop/<slug:slug>/", views.start_shop, name="start-shop"),
    path("messages/product/<int:pk>/", views.start_product, name="start-product"),
    path("messages/order/<int:part_pk>/", views.start_order, name="start-order"),
    path("messages/edit/<int:pk>/", views.message_edit, name="edit"),
    path("messages/photo/<int:pk>/", views.photo, name="photo"),
    path(
        "messages/guest/<str:order_number>/<str:hash>/<int:part_pk>/",
        views.guest,
        name="guest",
    ),
    # The shop's inbox, in the seller's dashboard.
    path("seller/messages/", views.seller_inbox, name="seller-inbox"),
    path(
        "seller/messages/<int:pk>/",
        views.seller_conversation,
        name="seller-conversation",
    ),
    path("seller/messages/<int:pk>/report/", views.seller_report, name="seller-report"),
    path("seller/messages/<int:pk>/block/", views.seller_block, name="seller-block"),
    path(
        "seller/messages/edit/<int:pk>/",
        views.seller_message_edit,
        name="seller-edit",
    ),
]
