"""The users of bench/load.py, for Locust (`locust -f bench/load_users.py`).

Reads what to visit from the JSON file `LOAD_TARGETS` (written by
`bench/load.py --targets`) and writes what it measured to `LOAD_RESULT` when
Locust quits: per page, each response time (ms) and the errors, counted from
the moment every user has started, and how many of its page views asked
for an address already asked for earlier in the run (`LOAD_SEEN`, a file
the steps share: only those can be served from the page cache; a first
view of an address is always rendered). Redirects are not followed by the client
but requested as a browser would, one request each, so that each page's time
is its own.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from decimal import Decimal
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task

from bench.load import outcome
from bench.search import QUERIES  # words, typos, Arabic, facets, sorts

TARGETS = json.loads(open(os.environ["LOAD_TARGETS"], encoding="utf-8").read())
PRODUCT_LINK = re.compile(r'href="(/fr/catalogue/[^"/]+_\d+/)"')
THANK_YOU = "/checkout/thank-you/"
# The payment page says cash on delivery is refused (marketplace/checkout).
COD_REFUSED = 'id="cod-refused"'
COD_CEILING = Decimal(TARGETS.get("cod_ceiling", "5000"))
HIT_HEADER = "X-Page-Cache"
SEEN_FILE = os.environ.get("LOAD_SEEN", "")


class Record:
    """What the users measured, from `spawning_complete` to `test_stop`."""

    def __init__(self):
        self.measuring = False
        self.started = self.stopped = 0.0
        self.pages: dict[str, dict] = {}
        self.error_samples: dict[str, int] = {}
        # Answers that are not errors though the journey stopped short, by
        # reason (a basket above the cash-on-delivery ceiling).
        self.legitimate: dict[str, int] = {}
        # Each error's wall-clock end, time (ms), page and status: when it
        # happened, for bench/cluster.py's faults.
        self.errors: list[list] = []
        # Every address asked for so far in the run (all steps, warm-up too).
        self.seen: set[str] = set()
        if SEEN_FILE and os.path.exists(SEEN_FILE):
            with open(SEEN_FILE, encoding="utf-8") as seen:
                self.seen = set(json.load(seen))

    def add(
        self,
        name: str,
        milliseconds: float,
        status: int,
        exception,
        hit: bool,
        url: str = "",
    ) -> None:
        repeat = url in self.seen
        self.seen.add(url)
        if not self.measuring:
            return
        page = self.pages.setdefault(
            name,
            {
                "times": [],
                "server_error": 0,
                "other_error": 0,
                "cache_hits": 0,
                "repeats": 0,
            },
        )
        page["times"].append(milliseconds)
        page["cache_hits"] += hit
        page["repeats"] += repeat
        kind = outcome(status, exception is not None)
        if kind != "ok":
            page[kind] += 1
            sample = f"{name}: HTTP {status} {exception!r}"[:200]
            self.errors.append([time.time(), milliseconds, name, status, sample])
            self.error_samples[sample] = self.error_samples.get(sample, 0) + 1

    def stopped_short(self, reason: str) -> None:
        if self.measuring:
            self.legitimate[reason] = self.legitimate.get(reason, 0) + 1


RECORD = Record()


@events.spawning_complete.add_listener
def _measure_from_now(user_count, **kwargs):
    RECORD.measuring, RECORD.started = True, time.monotonic()


@events.test_stop.add_listener
def _stop_measuring(**kwargs):
    if RECORD.measuring:
        RECORD.measuring, RECORD.stopped = False, time.monotonic()


@events.request.add_listener
def _on_request(name, response_time, response, exception, url="", **kwargs):
    status = getattr(response, "status_code", 0) or 0
    headers = getattr(response, "headers", None) or {}
    # marketplace/pagecache/ marks the pages it served from the cache.
    hit = headers.get(HIT_HEADER) == "hit"
    RECORD.add(name, response_time, status, exception, hit, url or "")


@events.quitting.add_listener
def _write(environment, **kwargs):
    samples = sorted(RECORD.error_samples.items(), key=lambda kv: -kv[1])
    if SEEN_FILE:
        with open(SEEN_FILE, "w", encoding="utf-8") as seen:
            json.dump(sorted(RECORD.seen), seen)
    with open(os.environ["LOAD_RESULT"], "w", encoding="utf-8") as out:
        json.dump(
            {
                "seconds": (RECORD.stopped or time.monotonic()) - RECORD.started,
                "pages": RECORD.pages,
                "error_samples": [f"{n} x {s}" for s, n in samples[:8]],
                "errors": RECORD.errors,
                "legitimate": RECORD.legitimate,
            },
            out,
        )


class Visitor(FastHttpUser):
    abstract = True
    wait_time = between(1, 3)

    def csrf(self) -> str:
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def post(self, path: str, data: dict, name: str):
        """A form's POST, not following its redirect; the response."""
        return self.client.post(
            path,
            data=urlencode(data),
            headers={
                "X-CSRFToken": self.csrf(),
                "Content-Type": "application/x-www-form-urlencoded",
            },
            name=name,
            allow_redirects=False,
        )

    def follow(self, response, name: str):
        """GET where a redirect points, as the browser does next."""
        location = response.headers.get("Location") if response.headers else None
        if location:
            return self.client.get(location, name=name, allow_redirects=False)
        return None


class Shopper(Visitor):
    """Browses: home, catalogue pages, categories, products, storefronts."""

    weight = 10

    @task(1)
    def home(self):
        self.client.get("/fr/", name="home")

    @task(2)
    def catalogue(self):
        page = random.randint(1, TARGETS["catalogue_pages"])
        url = "/fr/catalogue/" + (f"?page={page}" if page > 1 else "")
        self.client.get(url, name="catalogue")

    @task(2)
    def category(self):
        self.client.get(random.choice(TARGETS["categories"]), name="category")

    @task(4)
    def product(self):
        self.client.get(random.choice(TARGETS["products"]), name="product")

    @task(1)
    def storefront(self):
        seller = random.choice(TARGETS["sellers"])
        self.client.get(seller["storefront"], name="storefront")


class Searcher(Visitor):
    """Searches (some letters typed first, for suggestions), narrows by a
    facet or a sort, and opens one of the results."""

    weight = 5

    @task
    def search(self):
        query, filters, sort = random.choice(QUERIES)
        if len(query) >= 3:
            self.client.get(
                "/fr/search/suggest/?" + urlencode({"q": query[:3]}), name="suggest"
            )
        self.client.get("/fr/search/?" + urlencode({"q": query}), name="search")
        params = [("q", query)] + [
            (facet, value) for facet, values in filters.items() for value in values
        ]
        if sort != "relevance":
            params.append(("sort", sort))
        if len(params) > 1:
            response = self.client.get(
                "/fr/search/?" + urlencode(params), name="search (facets, sort)"
            )
        else:
            response = self.client.get(
                "/fr/search/?" + urlencode([*params, ("page", 2)]),
                name="search (facets, sort)",
            )
        links = PRODUCT_LINK.findall(response.text or "")
        if links:
            self.client.get(random.choice(links), name="product")


def basket_pair(buyable: list[dict], ceiling: Decimal) -> tuple[dict, dict]:
    """Two products of two sellers whose prices stay well under the
    cash-on-delivery ceiling (shipping comes on top) when such a pair exists:
    a basket above it is refused cash on delivery (legitimately)."""
    budget = ceiling * Decimal("0.8")
    cheap = [b for b in buyable if Decimal(b.get("price") or 0) < budget / 2]
    first = random.choice(cheap or buyable)
    others = [b for b in buyable if b["partner"] != first["partner"]]
    room = budget - Decimal(first.get("price") or 0)
    fitting = [b for b in others if Decimal(b.get("price") or 0) <= room]
    return first, random.choice(fitting or others)


class Buyer(Visitor):
    """A guest: two products of two sellers into the basket, then checkout,
    cash on delivery, to the thank-you page; then a new guest."""

    weight = 3
    numbers = itertools.count()

    @task
    def buy(self):
        first, second = basket_pair(TARGETS["buyable"], COD_CEILING)
        for number, item in enumerate((first, second)):
            # With a basket the page is this shopper's own (its header counts
            # the basket): not an anonymous page view, never from the cache.
            name = "product (with a basket)" if number else "product"
            self.client.get(item["url"], name=name)
            added = self.post(
                f"/fr/basket/add/{item['id']}/", {"quantity": 1}, "basket add"
            )
            self.follow(added, "basket")
        response = self.post(
            "/fr/checkout/",
            {
                "username": f"load{os.getpid()}-{next(self.numbers)}@example.ma",
                "options": "anonymous",
            },
            "checkout: guest e-mail",
        )
        self.follow(response, "checkout: address form")
        response = self.post(
            "/fr/checkout/shipping-address/",
            {
                "first_name": "Amina",
                "last_name": "Alaoui",
                "line1": "12 rue des Potiers",
                "line4": "Fès",
                "postcode": "30000",
                "country": "MA",
            },
            "checkout: address",
        )
        # Shipping method, then payment method: each redirects on while
        # there is one choice (cash on delivery), up to the preview.
        for _ in range(3):
            next_page = self.follow(response, "checkout: steps to preview")
            if next_page is None or next_page.status_code != 302:
                break
            response = next_page
        if next_page is not None and COD_REFUSED in (next_page.text or ""):
            # Above the ceiling cash on delivery is refused and this bench
            # offers no card: the shop's right answer, not an error. (Placing
            # the order anyway answers 302 to the payment page.)
            RECORD.stopped_short("cash on delivery refused above the ceiling")
            self.client.cookiejar.clear()
            return
        with self.client.post(
            "/fr/checkout/preview/",
            data=urlencode({"action": "place_order", "accept_terms": "on"}),
            headers={
                "X-CSRFToken": self.csrf(),
                "Content-Type": "application/x-www-form-urlencoded",
            },
            name="place order",
            allow_redirects=False,
            catch_response=True,
        ) as placed:
            location = (placed.headers or {}).get("Location", "")
            if placed.status_code == 302 and location.endswith(THANK_YOU):
                placed.success()
            elif placed.status_code < 500:
                placed.failure(f"place order: {placed.status_code} to {location!r}")
        if placed.status_code == 302 and location.endswith(THANK_YOU):
            self.client.get(location, name="thank-you")
        self.client.cookiejar.clear()  # the next purchase is another guest's


class Seller(Visitor):
    """An artisan signed in to the dashboard, updating stock: a fixed number
    of them (`LOAD_SELLERS`, set by bench/load.py), the rest by weight."""

    fixed_count = int(os.environ.get("LOAD_SELLERS", "1"))
    accounts = itertools.count()

    def on_start(self):
        sellers = TARGETS["sellers"]
        self.account = sellers[next(self.accounts) % len(sellers)]
        self.client.get("/fr/accounts/login/", name="sign-in form")
        with self.client.post(
            "/fr/accounts/login/",
            data=urlencode(
                {
                    "login-username": self.account["email"],
                    "login-password": TARGETS["password"],
                    "login_submit": "1",
                }
            ),
            headers={
                "X-CSRFToken": self.csrf(),
                "Content-Type": "application/x-www-form-urlencoded",
            },
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign in: {response.status_code}, not redirected")

    @task(1)
    def dashboard(self):
        self.client.get("/fr/seller/", name="seller dashboard")

    @task(3)
    def update_stock(self):
        record = random.choice(self.account["stock"])
        url = f"/fr/seller/stock/{record['id']}/"
        self.client.get(url, name="seller stock form")
        with self.client.post(
            url,
            data=urlencode(
                {"price": record["price"], "num_in_stock": random.randint(40, 80)}
            ),
            headers={
                "X-CSRFToken": self.csrf(),
                "Content-Type": "application/x-www-form-urlencoded",
            },
            name="seller stock save",
            allow_redirects=False,
            catch_response=True,
        ) as saved:
            if saved.status_code == 200:
                saved.failure("stock save: the form came back (invalid)")
        if saved.status_code == 302:
            self.follow(saved, "seller product edit")
