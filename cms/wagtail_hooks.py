from wagtail import hooks
from wagtail.models import get_page_models

from marketplace.pagecache.pages import (
    page_cache_begin,
    page_cache_keep,
    page_cache_key,
)

from .page_views import CmsPageViewSet
from .views import product_chooser_viewset, seller_chooser_viewset


@hooks.register("register_admin_viewset")
def register_choosers():
    return [product_chooser_viewset, seller_chooser_viewset]


@hooks.register("register_admin_viewset")
def register_page_viewsets():
    """The create view that survives a second create (`cms.page_views`)."""
    return [
        CmsPageViewSet(model=model)
        for model in get_page_models()
        if model._meta.app_label == "cms"
    ]


@hooks.register("on_serve_page")
def keep_anonymous_pages(next_serve_page):
    """Keep pages that opt in (`anonymous_page_cache`) for anonymous shoppers.

    This runs after Wagtail's own checks (view restrictions, methods), so
    what is kept is what anyone may see; `marketplace.pagecache.pages.
    serve_wagtail_page` answers from the cache before Wagtail routes.
    """

    def serve(page, request, args, kwargs):
        if not getattr(page, "anonymous_page_cache", False):
            return next_serve_page(page, request, args, kwargs)
        key = page_cache_key(request)  # before the page reads anything
        if key:
            page_cache_begin()
        response = next_serve_page(page, request, args, kwargs)
        page_cache_keep(request, response, key)
        return response

    return serve
