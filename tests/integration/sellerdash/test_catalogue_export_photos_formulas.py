"""The export's `images` column and its cells neutralised against
spreadsheet formulas: both make the round trip (exported, imported again,
nothing changes; edited, exactly the edit changes)."""

import csv
import io

import pytest
from oscar.core.loading import get_model

from marketplace.csvcells import cell_neutralise, cell_restore
from marketplace.sellerdash.catalogue_file.exporting import catalogue_export_lines
from tests.integration.catalogue import factories as f

from .catalogue_files import crafts, csv_bytes, photo_bytes, run, zip_bytes
from .test_catalogue_file import HEADER, _good, _product, _state

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


@pytest.fixture
def shops():
    crafts()
    from tests.factories import ProductClassFactory

    ProductClassFactory(slug="artisanat", name="Artisanat", track_stock=True)
    return f.seller(name="Coopérative A"), f.seller(name="Atelier B")


def _exported(seller) -> list[dict]:
    text = "".join(catalogue_export_lines(seller=seller)).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize(
    "value, written",
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+212 600", "'+212 600"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'=already", "''=already"),
        ("Tapis = beau", "Tapis = beau"),
        ("l'atelier", "l'atelier"),
        ("", ""),
    ],
)
def test_a_cell_is_neutralised_and_restored(value, written):
    assert cell_neutralise(value) == written
    assert cell_restore(written) == value


def test_the_export_names_each_products_photos_and_imports_back_unchanged(shops):
    a, _b = shops
    header = [*HEADER, "images"]
    photos = zip_bytes(
        {"face.jpg": photo_bytes((10, 10, 10)), "dos.jpg": photo_bytes((90, 9, 9))}
    )
    run(a, csv_bytes([[*_good(), "face.jpg|dos.jpg"]], header=header), photos=photos)
    images = list(_product(a, "A-1").images.order_by("display_order"))
    names = [image.original.name.rsplit("/", 1)[1] for image in images]

    (row,) = _exported(a)
    assert row["images"] == "|".join(names)  # the main photo first
    assert list(row) == [
        "sku", "parent_sku", "title_fr", "title_ar", "title_en",
        "description_fr", "description_ar", "description_en", "category",
        "materials", "price", "stock", "made_to_order", "lead_time_days",
        "length_cm", "width_cm", "height_cm", "weight_g", "technique", "images",
        "published",
    ]  # fmt: skip

    # Imported again without a ZIP: the names are the product's own photos.
    before = _state(a)
    text = "".join(catalogue_export_lines(seller=a))
    result, problems = run(a, text.encode())
    assert problems == []
    assert (result.updated, result.unchanged) == (0, 1)
    assert _state(a) == before

    # Edited: the photos swapped in the file are swapped, still without a ZIP.
    swapped = text.replace("|".join(names), "|".join(reversed(names)))
    result, problems = run(a, swapped.encode())
    assert (problems, result.updated) == ([], 1)
    assert list(_product(a, "A-1").images.order_by("display_order")) == images[::-1]

    # A name that is neither the product's nor in a ZIP: the row is reported.
    result, problems = run(a, text.replace(names[0], "autre.jpg").encode())
    assert [(column, "autre.jpg" in reason) for _l, column, reason in problems] == [
        ("images", True)
    ]


def test_formula_looking_values_are_exported_as_text_and_come_back_exact(shops):
    a, b = shops
    run(a, csv_bytes([_good(sku="-A1", title="x")], header=HEADER))
    product = _product(a, "-A1")
    Product.objects.filter(pk=product.pk).update(
        title='=HYPERLINK("http://evil.example","Cliquez")',
        technique="@tissage",
        title_en="'=quoted",
        description="+ laine",
    )
    before = _state(a)

    text = "".join(catalogue_export_lines(seller=a))
    (row,) = _exported(a)
    assert row["sku"] == "'-A1"
    assert row["title_fr"] == '\'=HYPERLINK("http://evil.example","Cliquez")'
    assert row["technique"] == "'@tissage"
    assert row["title_en"] == "''=quoted"
    assert row["description_fr"] == "'+ laine"
    for cells in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"):
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t")]

    result, problems = run(a, text.encode())
    assert (problems, result.unchanged, result.updated) == ([], 1, 0)
    assert _state(a) == before
    # The same cells in another shop's file name only that shop's products.
    result, _ = run(b, text.encode())
    assert result.created == 1
    assert _state(a) == before
