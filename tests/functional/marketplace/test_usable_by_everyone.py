"""Usable by everyone (issue 18), what the server sends: a skip link to the
main landmark on every kind of layout (Oscar's one-, two-column and checkout
layouts), the language switcher labelled, a form's errors and help tied to
their fields, product photos described in words, responsive and lazy below
the fold, the house typefaces self-hosted. The browser journey
(tests/browser/test_accessibility.py) runs axe on the pages themselves."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import region as region_factory
from tests.integration.catalogue import factories as f
from tests.integration.checkout.shop import (
    checkout_to_preview,
    fill_basket,
    make_product,
    make_seller,
    place_order,
)

pytestmark = pytest.mark.django_db


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, in order."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def find(self, tag, **attrs) -> list[dict]:
        return [
            a
            for t, a in self.tags
            if t == tag
            and all(
                a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items()
            )
        ]

    def by_id(self, ident: str) -> list[tuple[str, dict]]:
        return [(t, a) for t, a in self.tags if a.get("id") == ident]


def _assert_skip_link_to_main(html: str) -> None:
    tags = Tags(html)
    body_links = [a for t, a in tags.tags if t == "a"]
    # The first link of the page, before the header's.
    assert body_links[0].get("href") == "#main", body_links[:2]
    assert "skip-link" in body_links[0].get("class", "")
    (main,) = tags.find("main")
    assert main["id"] == "main"


@pytest.mark.parametrize(
    "path",
    [
        "/en/catalogue/",  # two columns (the filters)
        "/en/search/?q=tapis",  # two columns (the facets)
        "/en/basket/",  # one column
        "/en/accounts/login/",
    ],
)
def test_every_layout_starts_with_a_skip_link_to_its_main_landmark(client, path):
    response = client.get(path)
    assert response.status_code == 200
    _assert_skip_link_to_main(response.content.decode())
    with translation.override("en"):
        assert ">Skip to content</a>" in response.content.decode()


def test_the_checkout_layout_has_the_skip_link_and_main_landmark_too():
    seller = make_seller("Poterie Fassi")
    client = Client()
    fill_basket(client, [(make_product(seller, price="100.00"), 1)])
    response = client.get("/en/checkout/")
    assert response.status_code == 200
    html = response.content.decode()
    _assert_skip_link_to_main(html)
    # Oscar's checkout title and content blocks are still filled inside it.
    main = html[html.index('<main id="main"') : html.index("</main>")]
    assert "<h1>" in main and "guest" in main.lower()


def test_a_checkout_step_is_the_shops_layout_without_its_shopping_parts():
    """oscar/checkout/layout.html overrides the shop layout's blocks only: the
    checkout's steps in place of the crafts menu, no mini basket."""
    client = Client()
    checkout_to_preview(client, [(make_product(make_seller("Fassi"), price="9"), 1)])
    html = client.get("/en/checkout/preview/").content.decode()
    header = html[html.index('<header class="header') : html.index("</header>")]
    main = html[html.index('<main id="main"') : html.index("</main>")]

    assert "nav-checkout" in header
    assert "navbarSupportedContent" not in html and "basket-mini" not in html
    assert re.search(r'<div class="sub-header"><h1>\s*Preview order\s*</h1>', main)
    assert html.count("<main") == 1 and html.count('class="skip-link"') == 1


def test_the_baskets_quantity_boxes_and_the_gateways_password_are_labelled():
    seller = make_seller("Poterie Fassi")
    client = Client()
    plate = make_product(seller, price="100.00", title="Plat bleu")
    plate.title_en = "Blue plate"
    plate.save()
    fill_basket(client, [(plate, 1)])
    basket = Tags(client.get("/en/basket/").content.decode())
    (quantity,) = basket.find("input", name="form-0-quantity")
    assert quantity["aria-label"] == "Quantity of Blue plate"
    # A title in another language than the page's stays out of the label
    # (an attribute holds one language; the line's link marks the title).
    plate.title_en = None
    plate.save()
    basket = Tags(client.get("/en/basket/").content.decode())
    (quantity,) = basket.find("input", name="form-0-quantity")
    assert quantity["aria-label"] == "Quantity"
    gateway = Tags(client.get("/en/checkout/").content.decode())
    (password,) = gateway.find("input", name="password")
    assert password["aria-label"] == "Password"


def test_the_language_switcher_is_labelled_and_switches_on_choice(client):
    html = client.get("/en/basket/").content.decode()
    tags = Tags(html)
    (select,) = tags.find("select", name="language")
    (label,) = tags.find("label", for_=select["id"]) or [None]
    assert label is not None
    assert re.search(r'<label for="language-select"[^>]*>Language</label>', html)
    assert select["data-behaviour"] == "switch-language"
    # Without JavaScript the form still has its button, shown by a style
    # sheet read only then; hidden from the first paint for the script (the
    # bar does not move when the script runs).
    (button,) = tags.find(
        "button",
        type="submit",
        **{"class": "btn btn-outline-secondary language-submit"},
    )
    assert "hidden" in button
    assert re.search(
        r'<noscript><link rel="stylesheet" href="/static/css/noscript\.css">'
        r"</noscript>",
        html,
    )
    noscript = Path(finders.find("css/noscript.css")).read_text()
    assert ".language-submit[hidden] { display: inline-block !important; }" in noscript
    assert tags.find("script", src="/static/js/language.js", defer="")
    assert finders.find("js/language.js")
    assert 'value="ar" lang="ar"' in html


def test_a_fields_errors_and_help_are_tied_to_it(client):
    response = client.post(
        reverse("customer:login"),
        {"login_submit": "1", "login-username": "", "login-password": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    tags = Tags(html)
    (password,) = tags.find("input", name="login-password")
    assert password["aria-invalid"] == "true"
    ids = password["aria-describedby"].split()
    error_id = f"{password['id']}_error"
    assert error_id in ids
    # Every id it points to exists on the page; the error says so in words.
    for ident in ids:
        assert len(tags.by_id(ident)) == 1, ident
    (error,) = tags.by_id(error_id)
    assert "error-block" in error[1]["class"]


def _card_pictures(html: str) -> list[dict]:
    return [a for t, a in Tags(html).tags if t == "img"]


def test_product_cards_are_responsive_lazy_and_describe_the_product(client):
    seller = f.seller(region_obj=region_factory("07"))
    item = f.product(
        seller_obj=seller,
        title="Tapis Boucherouite",
        title_en="Boucherouite rug",
        technique="Tissé main",
        technique_en="Hand woven",
    )
    f.image(product_obj=item)
    html = client.get("/en/catalogue/").content.decode()
    (img,) = [a for a in _card_pictures(html) if "Boucherouite" in a.get("alt", "")]
    assert img["loading"] == "eager"  # the first row
    assert img["alt"] == (
        f"Boucherouite rug, Hand woven, handmade in {item.region.localized_name()}"
    )
    widths = re.findall(r" (\d+)w", img["srcset"])
    assert widths == ["320", "400"]
    # A phone's two columns: half its width less the gutters (182 px of a
    # 412 px screen, 318 px at 1.75x: the 320 px file, not the 400 px one).
    assert img["sizes"].endswith(", calc(50vw - 24px)")
    source = re.search(
        r'<source srcset="([^"]+)" sizes="([^"]+)" type="image/webp"', html
    )
    assert (
        source and ".webp 320w" in source.group(1) and ".webp 400w" in source.group(1)
    )


def test_a_grids_first_row_loads_at_once_the_rest_lazily(client, settings):
    settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = 60
    seller = f.seller()
    for n in range(6):
        f.image(
            product_obj=f.product(
                seller_obj=seller, title=f"Bol {n}", title_en=f"Bol {n}"
            )
        )
    for _visit in range(2):  # rendered, then from the kept fragments
        html = client.get("/en/catalogue/").content.decode()
        images = [a for a in _card_pictures(html) if a.get("alt", "").startswith("Bol")]
        assert [a["loading"] for a in images] == ["eager"] * 4 + ["lazy"] * 2
        # Only a phone's first row jumps the queue.
        priorities = [a.get("fetchpriority") for a in images]
        assert priorities == ["high"] * 2 + [None] * 4


def test_a_photos_caption_is_its_text_alternative(client):
    seller = f.seller()
    item = f.product(seller_obj=seller, title="Plat en céramique")
    photo = f.image(product_obj=item)
    photo.caption = "Plat vu de dessus, motifs bleus de Fès"
    photo.save()
    html = client.get(item.get_absolute_url()).content.decode()
    assert 'alt="Plat vu de dessus, motifs bleus de Fès"' in html


def test_the_product_pages_main_photo_is_fetched_first(client):
    seller = f.seller()
    item = f.product(seller_obj=seller, title="Théière en argent")
    f.image(product_obj=item)
    f.image(product_obj=item, display_order=1)
    html = client.get(item.get_absolute_url()).content.decode()
    gallery = html[html.index("product-gallery") :]
    images = _card_pictures(gallery)[:2]
    assert images[0]["loading"] == "eager"
    assert images[0]["fetchpriority"] == "high"
    assert images[1]["loading"] == "lazy"


def test_the_house_typefaces_are_self_hosted(client):
    html = client.get("/en/basket/").content.decode()
    assert '<link rel="stylesheet" href="/static/vendor/fonts/fonts.css">' in html
    css = Path(finders.find("vendor/fonts/fonts.css")).read_text()
    files = re.findall(r"url\(\./([^)]+)\)", css)
    assert {
        "noto-naskh-arabic-arabic-core-400-normal.woff2",
        "noto-sans-latin-400-normal.woff2",
    } <= set(files)
    for name in files:
        assert finders.find(f"vendor/fonts/{name}"), name
    assert "http" not in css  # never a font CDN
    house = (Path(settings.BASE_DIR) / "static/css/marketplace.css").read_text()
    assert '"Noto Naskh Arabic"' in house and '"Noto Sans"' in house


@pytest.mark.parametrize("path", ["/fr/catalogue/", "/fr/search/?q=tapis"])
def test_filters_are_a_drawer_that_works_without_script(client, path):
    html = client.get(path).content.decode()
    tags = Tags(html)
    (drawer,) = [
        a
        for t, a in tags.tags
        if t == "details" and "filters-drawer" in a.get("class", "")
    ]
    assert "<summary>" in html


def _links_have_text_and_addresses(html: str) -> None:
    main = html[html.index('<main id="main"') : html.index("</main>")]
    assert 'href=""' not in main
    for anchor in re.findall(r"<a\b[^>]*>(.*?)</a>", main, re.S):
        text = re.sub(r"<[^>]+>", "", anchor).strip()
        hidden = 'aria-hidden="true"' in anchor
        assert text or hidden or 'alt="' in anchor, anchor


def test_the_order_contents_link_their_products_by_name():
    seller = make_seller("Poterie Fassi")
    product = make_product(seller, price="100.00", title="Plat bleu")
    f.image(product_obj=product)
    client = Client()
    checkout_to_preview(client, [(product, 1)])
    preview = client.get("/en/checkout/preview/").content.decode()
    _links_have_text_and_addresses(preview)
    # A French title on an English page, marked with its language (the
    # basket line's description: marketplace.translated.Marked).
    assert '<span lang="fr" dir="ltr">Plat bleu</span></a>' in preview
    response = place_order(client)
    thank_you = client.get(response["Location"].replace("/fr/", "/en/"), follow=True)
    html = thank_you.content.decode()
    _links_have_text_and_addresses(html)
    assert ">Plat bleu</a>" in html
