"""robots.txt and the sitemaps, outside the language prefix.

The sitemaps are kept in the cache whole, under a version that every change
to what they list moves (`signal_handlers`), so a file is built once per
change, by one query for its rows, and served from the cache otherwise.
"""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from .sitemaps import sitemap_sections

VERSION_KEY = "seo:sitemaps:version"
# A day: a change moves the version, the timeout only frees the memory.
CACHE_SECONDS = 24 * 60 * 60


def sitemaps_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


def sitemaps_changed() -> None:
    """Whatever a sitemap lists has changed: every file is built afresh."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 2, timeout=None)


def _xml(body: str) -> HttpResponse:
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def _cached(request, name: str, build) -> str:
    """The file `name` for this host, from the cache or built (and kept)."""
    key = ":".join(
        [
            "seo:sitemaps",
            str(sitemaps_version()),
            request.scheme,
            request.get_host(),
            name,
        ]
    )
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, CACHE_SECONDS)
    return body


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    body = render_to_string("seo/robots.txt", {"sitemap_url": sitemap})
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@require_GET
def sitemap_index(request):
    def build():
        files = []
        for section, sitemap in sitemap_sections(request).items():
            for page in range(1, sitemap.paginator.num_pages + 1):
                path = reverse("sitemap-section", kwargs={"section": section})
                location = request.build_absolute_uri(path)
                if page > 1:
                    location = f"{location}?p={page}"
                files.append(
                    {"location": location, "lastmod": sitemap.get_latest_lastmod()}
                )
        return render_to_string("seo/sitemap_index.xml", {"sitemaps": files})

    return _xml(_cached(request, "index", build))


@require_GET
def sitemap_section(request, section: str):
    sitemaps = sitemap_sections(request)
    if section not in sitemaps:
        raise Http404("No such sitemap.")
    raw = request.GET.get("p", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        raise Http404("No such page.")
    page = int(raw)
    sitemap = sitemaps[section]

    def build():
        # A page past the last is kept as "" (a 404), so probing it costs no
        # query either.
        if page > sitemap.paginator.num_pages:
            return ""
        urls = sitemap.get_urls(
            page=page, site=_RequestDomain(request), protocol=request.scheme
        )
        return render_to_string("seo/sitemap.xml", {"urlset": urls})

    body = _cached(request, f"{section}:{page}", build)
    if not body:
        raise Http404("No such page.")
    return _xml(body)


class _RequestDomain:
    """The host the request came to (checked against ALLOWED_HOSTS), as the
    `site` Django's sitemaps read their domain from."""

    def __init__(self, request):
        self.domain = request.get_host()
