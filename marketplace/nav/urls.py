"""Yesterday's addresses of the seller's and the chamber's pages, sent on for
good (301) to where they live now: `/<lang>/seller/…` and `/<lang>/chamber/…`.

Only pages one opens (GET): a form posts to the address its page gives.
Mounted before the storefronts (`sellers/<slug>/` would take `sellers/chamber/`).
"""

from django.urls import path
from django.views.generic import RedirectView


def _moved(route: str, pattern_name: str):
    return path(
        route,
        RedirectView.as_view(
            pattern_name=pattern_name, permanent=True, query_string=True
        ),
    )


# (old route, the URL name it moved to): the tests follow each one.
MOVED = [
    ("sellers/apply/", "artisans:apply"),
    ("sellers/apply/status/", "artisans:application-status"),
    ("sellers/shop/members/", "artisans:members"),
    ("sellers/invitations/", "artisans:invitations"),
    ("sellers/chamber/", "artisans:chamber-queue"),
    ("sellers/chamber/<int:pk>/", "artisans:chamber-seller"),
    ("seller/moderation/products/<int:pk>/", "sellerdash:moderate"),
]

urlpatterns = [_moved(route, name) for route, name in MOVED]
