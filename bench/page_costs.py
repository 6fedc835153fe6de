"""Where a rendered page's CPU goes, by layer: middleware, view (with its
queries), SQL, template, fragments (the cache), beside the same middleware
around an empty view and bench/floor.py's own view.

    source /tmp/bench-env.sh   # DATABASE_URL etc. of a bench/pages.py database
    .venv/bin/python bench/page_costs.py [--pages home,product] [--requests 200]

Uses the demo database `bench/pages.py` built (its URLs), settings
`marketplace.settings.base` (DEBUG off, fragments on, the page cache off),
no gunicorn and no test client: each request is a WSGI call of the site's
own application, as gunicorn makes it (no Accept-Encoding, no cookie, like
the bench's load). Each layer's time is exclusive (a template's time does
not count the cache reads inside it):

- middleware: the request's path through `settings.MIDDLEWARE` and Django's
  handler, outside the view and the response's rendering (per middleware
  class in `--middleware`);
- view: the view's own Python (forms, querysets built, paginators), its
  queries' time excluded;
- sql: the database cursor's execute and fetch (rows turned into models
  counted in view or template, where they are read);
- template: rendering, its SQL and cache reads excluded;
- cache: every read and write of the cache (fragments, kept parts,
  versions), pickling included.

`empty` is an empty 200 through the same middleware (a view added for this
run, under the language prefix); `floor` is bench/floor.py's view with its
three middleware, on Django's handler here. Timed with `time.process_time` (CPU),
single-threaded, after a warm-up: shares to compare, not figures to quote.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LAYERS = ["middleware", "view", "sql", "template", "cache"]

_totals: dict[str, float] = defaultdict(float)
_stack: list[list] = []  # [layer, started, children's time]


def _enter(layer: str) -> None:
    _stack.append([layer, time.process_time(), 0.0])


def _leave() -> None:
    layer, started, children = _stack.pop()
    spent = time.process_time() - started
    _totals[layer] += spent - children
    if _stack:
        _stack[-1][2] += spent


def timed(layer: str, function):
    def wrapper(*args, **kwargs):
        _enter(layer)
        try:
            return function(*args, **kwargs)
        finally:
            _leave()

    wrapper.__wrapped__ = function
    return wrapper


def instrument(middleware_classes: bool) -> None:
    """Wrap Django's handler, views, templates, cursors and cache in timers."""
    from django.core.cache import caches
    from django.core.handlers.base import BaseHandler
    from django.db.backends.utils import CursorWrapper
    from django.template.base import Template
    from django.utils.module_loading import import_string

    make_view_atomic = BaseHandler.make_view_atomic

    def make_view_timed(self, view):
        return timed("view", make_view_atomic(self, view))

    BaseHandler.make_view_atomic = make_view_timed
    Template.render = timed("template", Template.render)
    CursorWrapper.execute = timed("sql", CursorWrapper.execute)
    CursorWrapper.executemany = timed("sql", CursorWrapper.executemany)
    for name in ("fetchone", "fetchmany", "fetchall"):
        # CursorWrapper forwards these to the driver's cursor (__getattr__).
        setattr(
            CursorWrapper,
            name,
            (lambda n: timed("sql", lambda self, *a: getattr(self.cursor, n)(*a)))(
                name
            ),
        )
    backend = type(caches["default"])
    for name in (
        "get",
        "get_many",
        "set",
        "set_many",
        "add",
        "incr",
        "delete",
        "get_or_set",
        "touch",
    ):
        if hasattr(backend, name):
            setattr(backend, name, timed("cache", getattr(backend, name)))
    if middleware_classes:
        from django.conf import settings

        for path in settings.MIDDLEWARE:
            cls = import_string(path)
            cls.__call__ = timed(f"mw:{cls.__name__}", cls.__call__)


def environ_for(url: str, host: str = "127.0.0.1") -> dict:
    path, _, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "REMOTE_ADDR": "127.0.0.1",
    }


def call(application, url: str) -> tuple[str, bytes]:
    status = []

    def start_response(code, headers, exc_info=None):
        status.append(code)

    _enter("middleware")
    try:
        body = b"".join(application(environ_for(url), start_response))
    finally:
        _leave()
    return status[0], body


def measure(application, url: str, requests: int) -> dict[str, float]:
    for _ in range(5):
        code, _body = call(application, url)
    assert code.startswith("200"), (url, code)
    _totals.clear()
    started = time.process_time()
    for _ in range(requests):
        call(application, url)
    total = time.process_time() - started
    shares = {layer: spent / requests * 1000 for layer, spent in _totals.items()}
    shares["total"] = total / requests * 1000
    return shares


def floor_ms(requests: int) -> float:
    """bench/floor.py's view and middleware, on this process's Django."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.http import HttpResponse
    from django.test.utils import override_settings

    body = "<!DOCTYPE html><html><body>" + "<p>Maalem</p>" * 200 + "</body></html>"

    class Floor:
        urlpatterns = []

    from django.urls import path

    Floor.urlpatterns = [path("", lambda request: HttpResponse(body))]
    module = type(sys)("bench_floor_urls")
    module.urlpatterns = Floor.urlpatterns
    sys.modules["bench_floor_urls"] = module
    with override_settings(
        ROOT_URLCONF="bench_floor_urls",
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
    ):
        handler = WSGIHandler()
        return measure(handler, "/", requests)["total"]


def empty_urlconf() -> str:
    """The site's URLs and an empty page under the language prefix."""
    from django.conf.urls.i18n import i18n_patterns
    from django.http import HttpResponse
    from django.urls import path

    import marketplace.urls

    module = type(sys)("bench_empty_urls")
    module.urlpatterns = [
        *i18n_patterns(path("bench-empty/", lambda request: HttpResponse(b""))),
        *marketplace.urls.urlpatterns,
    ]
    sys.modules["bench_empty_urls"] = module
    return "bench_empty_urls"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--middleware", action="store_true", help="also time each middleware class"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.base")
    os.environ["CATALOGUE_PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    from bench.pages import page_urls

    urls = page_urls()
    wanted = args.pages.split(",") if args.pages else list(urls)
    floor = floor_ms(args.requests)
    instrument(args.middleware)
    rows = []
    with override_settings(ROOT_URLCONF=empty_urlconf()):
        application = WSGIHandler()
        rows.append(("empty", measure(application, "/fr/bench-empty/", args.requests)))
        for name in wanted:
            rows.append((name, measure(application, urls[name], args.requests)))
    columns = LAYERS
    if args.middleware:
        columns = LAYERS + sorted(
            {k for _, shares in rows for k in shares if k.startswith("mw:")}
        )
    print(
        f"ms per request ({args.requests} requests, exclusive times); "
        f"floor (bench/floor.py's view, in process): {floor:.2f} ms"
    )
    print("| page | total | " + " | ".join(columns) + " | floor / total |")
    print("|---|" + "---:|" * (len(columns) + 2))
    for name, shares in rows:
        cells = " | ".join(f"{shares.get(c, 0.0):.2f}" for c in columns)
        ratio = floor / shares["total"]
        print(f"| {name} | {shares['total']:.2f} | {cells} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
