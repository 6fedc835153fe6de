"""The artisans app's pages, in three places (marketplace/urls.py mounts them
under one namespace, "artisans"): the public list of shops under
`/<lang>/sellers/`, the seller's own pages under `/<lang>/seller/` (applying,
members, invitations), and the chamber's under `/<lang>/chamber/`."""

from django.urls import path

from . import views

app_name = "artisans"

# /<lang>/sellers/: shoppers' pages (the storefront is the catalogue's view).
public_urlpatterns = [
    path("", views.SellerListView.as_view(), name="seller-list"),
]

# /<lang>/seller/: applying to sell, and the shop's members.
seller_urlpatterns = [
    path("apply/", views.SellerApplyView.as_view(), name="apply"),
    path(
        "apply/status/",
        views.ApplicationStatusView.as_view(),
        name="application-status",
    ),
    path("members/", views.MembersView.as_view(), name="members"),
    path(
        "members/<int:user_id>/remove/",
        views.MemberRemoveView.as_view(),
        name="member-remove",
    ),
    path(
        "members/invitations/<int:pk>/withdraw/",
        views.InvitationWithdrawView.as_view(),
        name="invitation-withdraw",
    ),
    path("invitations/", views.InvitationsView.as_view(), name="invitations"),
]

# /<lang>/chamber/: the review queue and the region's sellers.
chamber_urlpatterns = [
    path("", views.ChamberQueueView.as_view(), name="chamber-queue"),
    path("sellers/", views.ChamberSellerListView.as_view(), name="chamber-sellers"),
    path(
        "sellers/<int:pk>/",
        views.ChamberSellerView.as_view(),
        name="chamber-seller",
    ),
]
