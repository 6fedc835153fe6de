"""The chamber's list of its region's pages that lack a language, under
/<lang>/chamber/ (the second factor guards the prefix)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .translations import region_pages_missing_translations


@login_required
def chamber_translations(request):
    """One region of the user's chambers (`?region=CODE`, else the first);
    404 for anyone in no chamber and for another region."""
    chambers = list(request.user.chambers.select_related("region").order_by("pk"))
    code = request.GET.get("region")
    region = next(
        (c.region for c in chambers if code in (None, "", c.region.code)), None
    )
    if region is None:
        raise Http404
    rows = region_pages_missing_translations(region=region)
    return render(
        request,
        "cms/chamber_translations.html",
        {
            "region": region,
            "regions": [c.region for c in chambers],
            "rows": rows,
        },
    )
