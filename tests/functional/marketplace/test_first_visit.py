"""What a phone's first visit fetches (issue 18's Lighthouse gate): pages
gzipped, the one font file above the fold preloaded, a connection to the
photos' origin opened early."""

import gzip
import re
from pathlib import Path

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
        ("ar", "noto-naskh-arabic-arabic-core-400-normal"),
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


def _faces(css: str) -> list[dict]:
    faces = []
    for body in re.findall(r"@font-face\s*{([^}]*)}", css):
        face = dict(re.findall(r"([\w-]+):\s*([^;]+);", body))
        face["file"] = re.search(r"url\(\./([^)]+)\)", face["src"])[1]
        ranges = set()
        for part in face["unicode-range"].split(","):
            low, _, high = part.strip()[2:].partition("-")
            ranges |= set(range(int(low, 16), int(high or low, 16) + 1))
        face["codepoints"] = ranges
        faces.append(face)
    return faces


def test_an_arabic_page_fetches_only_the_arabic_block_of_naskh():
    """Naskh is split in two files a weight (scripts/vendor_fonts.sh): the
    Arabic block, which an Arabic page fetches, small; and the rest of its
    letters, fetched only by a page showing one of them. Each file holds
    exactly the letters its unicode-range declares."""
    from django.contrib.staticfiles import finders
    from fontTools.ttLib import TTFont

    css = open(finders.find("vendor/fonts/fonts.css")).read()
    naskh = [f for f in _faces(css) if "Naskh" in f["font-family"]]
    for weight in ("400", "700"):
        core, more = (
            next(
                f
                for f in naskh
                if f["font-weight"] == weight and f"-{part}-" in f["file"]
            )
            for part in ("core", "more")
        )
        letters = set(range(0x0621, 0x064B)) | set(range(0x064B, 0x0653))
        digits = set(range(0x0660, 0x066A))
        assert letters | digits <= core["codepoints"]
        assert not core["codepoints"] & more["codepoints"]
        assert 0xFEFB in more["codepoints"]  # a presentation form, "more"
        for face in (core, more):
            path = finders.find(f"vendor/fonts/{face['file']}")
            cmap = set(TTFont(path).getBestCmap())
            assert cmap <= face["codepoints"] and cmap, face["file"]
        core_path = finders.find(f"vendor/fonts/{core['file']}")
        assert Path(core_path).stat().st_size < 30_000
    latin = [f for f in _faces(css) if f["font-family"] == "'Noto Sans'"]
    assert len(latin) == 2 and all(0x0600 not in f["codepoints"] for f in latin)
