from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path(
        "checkout/card/<str:number>/<str:hash>/",
        views.CardPaymentView.as_view(),
        name="card",
    ),
    path(
        "checkout/card/<str:number>/<str:hash>/return/",
        views.card_return,
        name="card-return",
    ),
    path(
        "checkout/card/<str:number>/<str:hash>/cmi/",
        views.cmi_return,
        name="cmi-return",
    ),
    path(
        "checkout/card/<str:number>/<str:hash>/cancel/",
        views.card_cancel,
        name="card-cancel",
    ),
    path("seller/payouts/", views.SellerPayoutsView.as_view(), name="seller-payouts"),
    path(
        "seller/payouts/<int:seller_pk>/account/",
        views.payout_account_edit,
        name="payout-account",
    ),
    path("dashboard/payouts/", views.batch_list, name="batch-list"),
    path(
        "dashboard/payouts/remittances/",
        views.remittance_import,
        name="remittance-import",
    ),
    path(
        "dashboard/payouts/remittances/lines/",
        views.remittance_lines,
        name="remittance-lines",
    ),
    path(
        "dashboard/payments/orders/<str:number>/",
        views.order_money,
        name="order-money",
    ),
    path("dashboard/payouts/<int:pk>/csv/", views.batch_csv, name="batch-csv"),
    path(
        "dashboard/payouts/<int:pk>/paid/",
        views.batch_mark_paid,
        name="batch-mark-paid",
    ),
]
