"""What a phone's first visit fetches (issue 18's Lighthouse gate): pages
gzipped, the one font file above the fold preloaded, a connection to the
photos' origin opened early."""

import gzip
import re

import pytest
from django.test import Client

from tests.functional.marketplace.test_usable_by_everyone import Tags

pytestmark = pytest.mark.django_db


def test_a_page_is_sent_gzipped_to_a_browser_that_accepts_it():
    client = Client()
    plain = client.get("/en/catalogue/")
    packed = client.get("/en/catalogue/", HTTP_ACCEPT_ENCODING="gzip, br")

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert len(packed.content) < len(plain.content) / 2
    assert '<main id="main"' in html


@pytest.mark.parametrize(
    ("lang", "font"),
    [
        ("fr", "noto-sans-latin-400-normal"),
        ("en", "noto-sans-latin-400-normal"),
        ("ar", "noto-naskh-arabic-arabic-400-normal"),
    ],
)
def test_the_pages_one_font_file_above_the_fold_is_preloaded(lang, font):
    html = Client().get(f"/{lang}/catalogue/").content.decode()

    (preload,) = Tags(html).find("link", rel="preload")
    assert re.fullmatch(
        rf"/static/vendor/fonts/{font}(\.[0-9a-f]+)?\.woff2", preload["href"]
    )
    assert preload["as"] == "font" and preload["type"] == "font/woff2"
    assert "crossorigin" in preload
    # Before the stylesheets that name it.
    assert html.index('rel="preload"') < html.index("fonts.css")


def test_a_photo_origin_of_its_own_is_connected_to_early(settings):
    html = Client().get("/en/catalogue/").content.decode()
    assert not Tags(html).find("link", rel="preconnect")

    settings.MEDIA_URL = "https://photos.example.com/media/"
    html = Client().get("/en/catalogue/").content.decode()
    (link,) = Tags(html).find("link", rel="preconnect")
    assert link["href"] == "https://photos.example.com"
    assert html.index('rel="preconnect"') < html.index('rel="stylesheet"')
