from django.urls import path

from . import views

app_name = "artisans"

urlpatterns = [
    path("", views.SellerListView.as_view(), name="seller-list"),
    path("apply/", views.SellerApplyView.as_view(), name="apply"),
    path(
        "apply/status/",
        views.ApplicationStatusView.as_view(),
        name="application-status",
    ),
    path("chamber/", views.ChamberQueueView.as_view(), name="chamber-queue"),
    path(
        "chamber/<int:pk>/",
        views.ChamberSellerView.as_view(),
        name="chamber-seller",
    ),
    path("shop/members/", views.MembersView.as_view(), name="members"),
    path(
        "shop/members/<int:user_id>/remove/",
        views.MemberRemoveView.as_view(),
        name="member-remove",
    ),
    path(
        "shop/invitations/<int:pk>/withdraw/",
        views.InvitationWithdrawView.as_view(),
        name="invitation-withdraw",
    ),
    path("invitations/", views.InvitationsView.as_view(), name="invitations"),
]
