from wagtail import hooks

from catalogue.pagecache import page_cache_keep, page_cache_key

from .views import product_chooser_viewset, seller_chooser_viewset


@hooks.register("register_admin_viewset")
def register_choosers():
    return [product_chooser_viewset, seller_chooser_viewset]


@hooks.register("on_serve_page")
def keep_anonymous_pages(next_serve_page):
    """Keep pages that opt in (`anonymous_page_cache`) for anonymous shoppers.

    This runs after Wagtail's own checks (view restrictions, methods), so
    what is kept is what anyone may see; `catalogue.pagecache.
    serve_wagtail_page` answers from the cache before Wagtail routes.
    """

    def serve(page, request, args, kwargs):
        if not getattr(page, "anonymous_page_cache", False):
            return next_serve_page(page, request, args, kwargs)
        key = page_cache_key(request)  # before the page reads anything
        response = next_serve_page(page, request, args, kwargs)
        page_cache_keep(request, response, key)
        return response

    return serve
