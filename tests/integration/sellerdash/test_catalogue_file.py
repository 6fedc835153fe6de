"""The catalogue file's contract (../shared/spec/products-csv.md), rule by rule."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from artisans.models import Seller
from marketplace.outbox.models import OutboxMessage
from marketplace.pagecache.pages import pages_forget
from marketplace.sellerdash.catalogue_file import importing, reading
from marketplace.sellerdash.catalogue_file.exporting import catalogue_export_lines
from marketplace.sellerdash.catalogue_file.reading import CatalogueFileError
from tests.integration.catalogue import factories as f

from .catalogue_files import SAMPLE, csv_bytes, photo_bytes, run, zip_bytes

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db

HEADER = ["sku", "title_fr", "category", "price", "stock"]
RUG = "tapis-et-tissage/tapis-berberes"


def _good(sku="A-1", title="Tapis", price="100", stock="3"):
    return [sku, title, RUG, price, stock]


def _product(seller, sku):
    return Product.objects.get(seller=seller, seller_sku=sku)


def _state(seller):
    """Everything a file could change in a shop, to compare before/after."""
    return (
        list(
            Product.objects.filter(seller=seller)
            .order_by("pk")
            .values_list(
                "pk",
                "seller_sku",
                "title",
                "title_ar",
                "title_en",
                "description",
                "is_public",
                "parent_id",
                "lead_time_days",
                "length_cm",
                "date_updated",
            )
        ),
        list(
            StockRecord.objects.filter(partner=seller.partner)
            .order_by("pk")
            .values_list("product_id", "price", "num_in_stock", "date_updated")
        ),
        list(
            Product.categories.through.objects.filter(product__seller=seller)
            .order_by("pk")
            .values_list("product_id", "category_id")
        ),
        list(
            Product.materials.through.objects.filter(product__seller=seller)
            .order_by("pk")
            .values_list("product_id", "material_id")
        ),
        list(
            ProductImage.objects.filter(product__seller=seller)
            .order_by("pk")
            .values_list("pk", "original", "display_order")
        ),
    )


# --- the sample ------------------------------------------------------------


def test_the_sample_file_imports_whole(shops):
    a, _b = shops
    result, problems = run(a, SAMPLE.read_bytes())

    assert problems == []
    assert (result.created, result.updated, result.rejected) == (4, 0, 0)
    rug = _product(a, "TAP-BO-01")
    assert rug.structure == Product.PARENT
    assert (rug.title, rug.title_ar, rug.title_en) == (
        "Tapis Beni Ouarain écru",
        "زربية بني وراين",
        "Beni Ouarain rug, ecru",
    )
    assert [c.full_slug for c in rug.categories.all()] == [RUG]
    assert list(rug.materials.values_list("slug", flat=True)) == ["laine"]
    assert rug.is_public is True
    small = _product(a, "TAP-BO-01-S")
    assert small.parent == rug and small.structure == Product.CHILD
    record = small.stockrecords.get()
    assert (record.price, record.num_in_stock, record.partner) == (
        Decimal("2400.00"),
        2,
        a.partner,
    )
    assert (small.length_cm, small.width_cm, small.weight_g) == (
        Decimal("150.0"),
        Decimal("100.0"),
        6000,
    )
    tagine = _product(a, "POT-TAJ-07")
    assert sorted(tagine.materials.values_list("slug", flat=True)) == [
        "argile",
        "email",
    ]
    assert tagine.stockrecords.get().price == Decimal("390.00")


# --- encoding and shape: one case per rule ---------------------------------

BASE = "sku,title_fr,category,price,stock\nA-1,Tapis,{rug},100,3\n".replace(
    "{rug}", RUG
)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(BASE.encode(), id="utf8-without-bom"),
        pytest.param(b"\xef\xbb\xbf" + BASE.encode(), id="utf8-with-bom"),
        pytest.param(BASE.replace(",", ";").encode(), id="semicolon-separator"),
        pytest.param(BASE.replace("\n", "\r\n").encode(), id="crlf-line-ends"),
        pytest.param(
            BASE.replace("sku,title_fr", " SKU , Title_FR ").encode(),
            id="header-case-and-spaces",
        ),
        pytest.param(
            f"stock,price,category,title_fr,sku\n3,100,{RUG},Tapis,A-1\n".encode(),
            id="column-order-free",
        ),
        pytest.param(
            BASE.replace("stock\n", "stock,colour\n")
            .replace("3\n", "3,rouge\n")
            .encode(),
            id="unknown-column-ignored",
        ),
        pytest.param(
            ("\n" + BASE.replace("\n", "\n\n") + ";;;\n")
            .replace(";;;", ",,,,")
            .encode(),
            id="blank-lines-ignored",
        ),
        pytest.param(BASE.replace("100,3", '"100,00",3').encode(), id="decimal-comma"),
    ],
)
def test_the_shape_rules(shops, data):
    a, _b = shops
    result, problems = run(a, data)

    assert problems == []
    assert result.created == 1
    product = _product(a, "A-1")
    assert product.title == "Tapis"
    assert product.stockrecords.get().price == Decimal("100.00")


def test_rfc4180_quoting_keeps_separators_quotes_and_line_breaks(shops):
    a, _b = shops
    data = (
        "sku;title_fr;description_fr;category;price;stock\n"
        f'A-1;"Tapis; ""berbère""";"Ligne 1\nLigne 2";{RUG};100;3\n'
    ).encode()
    result, problems = run(a, data)

    assert problems == []
    product = _product(a, "A-1")
    assert product.title == 'Tapis; "berbère"'
    assert product.description == "Ligne 1\nLigne 2"


def test_a_file_that_is_not_utf8_text_is_refused_whole(shops):
    a, _b = shops
    with pytest.raises(CatalogueFileError):
        run(a, BASE.encode("utf-16"))
    with pytest.raises(CatalogueFileError):
        run(a, "sku,title_fr\nA,Tapis é\n".encode("latin-1") * 10_000)
    assert not Product.objects.filter(seller=a).exists()


def test_a_file_without_a_sku_column_is_refused_whole(shops):
    a, _b = shops
    with pytest.raises(CatalogueFileError, match="sku"):
        run(a, b"title_fr,price\nTapis,100\n")


# --- columns: each invalid value names its line and column -----------------


@pytest.mark.parametrize(
    "header, cells, column",
    [
        pytest.param(HEADER, ["", "T", RUG, "1", "1"], "sku", id="sku-required"),
        pytest.param(HEADER, ["x" * 65, "T", RUG, "1", "1"], "sku", id="sku-64"),
        pytest.param(HEADER, ["B", "", RUG, "1", "1"], "title_fr", id="title-new"),
        pytest.param(HEADER, ["B", "x" * 256, RUG, "1", "1"], "title_fr", id="t255"),
        pytest.param(
            [*HEADER, "title_ar"],
            ["B", "T", RUG, "1", "1", "x" * 256],
            "title_ar",
            id="title-ar-255",
        ),
        pytest.param(HEADER, ["B", "T", "", "1", "1"], "category", id="craft-new"),
        pytest.param(
            HEADER,
            ["B", "T", "tapis/inconnu", "1", "1"],
            "category",
            id="craft-unknown-path",
        ),
        pytest.param(
            [*HEADER, "materials"],
            ["B", "T", RUG, "1", "1", "laine|plomb"],
            "materials",
            id="material-unknown",
        ),
        pytest.param(HEADER, ["B", "T", RUG, "", "1"], "price", id="price-sellable"),
        pytest.param(HEADER, ["B", "T", RUG, "0", "1"], "price", id="price-above-0"),
        pytest.param(
            HEADER, ["B", "T", RUG, "10000000", "1"], "price", id="price-below-10M"
        ),
        pytest.param(HEADER, ["B", "T", RUG, "1 250", "1"], "price", id="price-nan"),
        pytest.param(HEADER, ["B", "T", RUG, "1.005", "1"], "price", id="cents"),
        pytest.param(HEADER, ["B", "T", RUG, "1", ""], "stock", id="stock-sellable"),
        pytest.param(HEADER, ["B", "T", RUG, "1", "100001"], "stock", id="stock-max"),
        pytest.param(HEADER, ["B", "T", RUG, "1", "-1"], "stock", id="stock-min"),
        pytest.param(
            [*HEADER, "made_to_order"],
            ["B", "T", RUG, "1", "1", "maybe"],
            "made_to_order",
            id="made-to-order-yes-no",
        ),
        pytest.param(
            [*HEADER, "lead_time_days"],
            ["B", "T", RUG, "1", "1", "366"],
            "lead_time_days",
            id="lead-time-365",
        ),
        pytest.param(
            [*HEADER, "length_cm"],
            ["B", "T", RUG, "1", "1", "10000.5"],
            "length_cm",
            id="dimension-10000",
        ),
        pytest.param(
            [*HEADER, "weight_g"],
            ["B", "T", RUG, "1", "1", "1000001"],
            "weight_g",
            id="weight-1000000",
        ),
        pytest.param(
            [*HEADER, "technique"],
            ["B", "T", RUG, "1", "1", "x" * 121],
            "technique",
            id="technique-120",
        ),
        pytest.param(
            [*HEADER, "published"],
            ["B", "T", RUG, "1", "1", "peut-être"],
            "published",
            id="published-yes-no",
        ),
        pytest.param(
            [*HEADER, "parent_sku"],
            ["B", "T", "", "1", "1", "NONE"],
            "parent_sku",
            id="parent-unknown",
        ),
        pytest.param(
            [*HEADER, "images"],
            ["B", "T", RUG, "1", "1", "a.jpg"],
            "images",
            id="images-need-the-zip",
        ),
    ],
)
def test_an_invalid_row_is_reported_and_the_others_imported(
    shops, header, cells, column
):
    a, _b = shops
    good = _good() + [""] * (len(header) - len(HEADER))
    result, problems = run(a, csv_bytes([good, cells], header=header))

    assert [(line, col) for line, col, _reason in problems] == [(3, column)]
    assert problems[0][2]  # a reason
    assert result.created == 1 and result.rejected == 1
    assert list(
        Product.objects.filter(seller=a).values_list("seller_sku", flat=True)
    ) == ["A-1"]


def test_a_row_with_the_wrong_number_of_fields_is_reported(shops):
    a, _b = shops
    data = f"sku,title_fr,category,price,stock\nA-1,T,{RUG},1,1\nB,T,{RUG}\n".encode()
    result, problems = run(a, data)

    assert [(line, column) for line, column, _ in problems] == [(3, "")]
    assert result.created == 1


def test_markup_in_a_description_is_kept_as_text(shops):
    a, _b = shops
    header = [*HEADER, "description_fr"]
    run(a, csv_bytes([[*_good(), "<script>alert(1)</script><b>x</b>"]], header=header))

    assert _product(a, "A-1").description == "<script>alert(1)</script><b>x</b>"


def test_a_made_to_order_product_with_dimensions(shops):
    a, _b = shops
    header = [*HEADER, "made_to_order", "lead_time_days", "height_cm", "technique"]
    run(a, csv_bytes([[*_good(), "oui", "21", "12,25", "Tournage"]], header=header))

    product = _product(a, "A-1")
    assert product.made_to_order is True
    assert product.lead_time_days == 21
    assert product.height_cm == Decimal("12.3")  # the column keeps tenths
    assert product.technique == "Tournage"


# --- the rules --------------------------------------------------------------


def test_a_new_sku_creates_an_unpublished_product_by_default(shops):
    a, _b = shops
    run(a, csv_bytes([_good()], header=HEADER))

    product = _product(a, "A-1")
    assert product.is_public is False
    assert product.seller == a and product.region == a.region
    assert product.product_class.slug == "artisanat"


def test_an_existing_sku_updates_only_the_columns_present(shops):
    a, _b = shops
    header = [*HEADER, "technique", "title_en"]
    run(a, csv_bytes([[*_good(), "Nouage", "Rug"]], header=header))

    result, problems = run(a, b"sku,price\nA-1,250\n")

    assert (result.created, result.updated, problems) == (0, 1, [])
    product = _product(a, "A-1")
    assert product.stockrecords.get().price == Decimal("250.00")
    assert product.stockrecords.get().num_in_stock == 3
    assert (product.title, product.technique, product.title_en) == (
        "Tapis",
        "Nouage",
        "Rug",
    )


def test_an_empty_cell_clears_an_optional_field(shops):
    a, _b = shops
    header = [*HEADER, "technique", "title_en", "weight_g", "materials"]
    run(a, csv_bytes([[*_good(), "Nouage", "Rug", "900", "laine"]], header=header))

    result, _ = run(a, csv_bytes([[*_good(), "", "", "", ""]], header=header))

    product = _product(a, "A-1")
    assert result.updated == 1
    assert (product.technique, product.title_en, product.weight_g) == ("", "", None)
    assert not product.materials.exists()


def test_an_empty_required_cell_of_an_existing_product_is_refused(shops):
    a, _b = shops
    run(a, csv_bytes([_good()], header=HEADER))

    _result, problems = run(a, b"sku,title_fr,price\nA-1,,\n")

    assert [column for _line, column, _ in problems] == ["title_fr"]
    assert _product(a, "A-1").title == "Tapis"


def test_a_file_never_touches_another_sellers_products(shops):
    a, b = shops
    run(b, csv_bytes([_good(sku="SAME", title="De B", price="999")], header=HEADER))
    before = _state(b)

    result, problems = run(
        a, csv_bytes([_good(sku="SAME", title="De A", price="10")], header=HEADER)
    )

    assert (result.created, result.updated, problems) == (1, 0, [])
    assert _state(b) == before
    assert _product(a, "SAME").title == "De A"
    assert _product(b, "SAME").title == "De B"


def test_a_variant_cannot_name_another_sellers_product_as_its_parent(shops):
    a, b = shops
    run(b, SAMPLE.read_bytes())
    before = _state(b)
    header = ["sku", "parent_sku", "title_fr", "price", "stock"]

    result, problems = run(
        a, csv_bytes([["V", "TAP-BO-01", "V", "1", "1"]], header=header)
    )

    assert [(line, column) for line, column, _ in problems] == [(2, "parent_sku")]
    assert result.created == 0
    assert _state(b) == before


def test_another_sellers_product_number_is_not_found(shops):
    a, b = shops
    theirs = f.product(seller_obj=b, title="De B")
    before = _state(b)

    _result, problems = run(a, f"sku,price\n#{theirs.pk},1\n".encode())

    assert [(line, column) for line, column, _ in problems] == [(2, "sku")]
    assert _state(b) == before


def test_the_same_sku_twice_the_later_row_wins_and_the_earlier_is_reported(shops):
    a, _b = shops
    rows = [_good(title="Premier"), _good(sku="B-2"), _good(title="Second")]
    result, problems = run(a, csv_bytes(rows, header=HEADER))

    assert [(line, column) for line, column, _ in problems] == [(2, "sku")]
    assert "4" in problems[0][2]
    assert result.created == 2
    assert _product(a, "A-1").title == "Second"


def test_variants_find_their_product_later_in_the_file(shops):
    a, _b = shops
    header = ["sku", "parent_sku", "title_fr", "category", "price", "stock"]
    rows = [["V-1", "P", "Petit", "", "10", "1"], ["P", "", "Tapis", RUG, "", ""]]
    result, problems = run(a, csv_bytes(rows, header=header))

    assert problems == []
    assert _product(a, "V-1").parent == _product(a, "P")
    assert _product(a, "P").is_parent


def test_a_product_with_variants_has_no_price_of_its_own(shops):
    a, _b = shops
    header = ["sku", "parent_sku", "title_fr", "category", "price", "stock"]
    rows = [["P", "", "Tapis", RUG, "100", ""], ["V-1", "P", "Petit", "", "10", "1"]]
    _result, problems = run(a, csv_bytes(rows, header=header))

    assert (problems[0][0], problems[0][1]) == (2, "price")


def test_published_is_ignored_while_the_seller_may_not_publish(shops):
    a, _b = shops
    Seller.objects.filter(pk=a.pk).update(status=Seller.Status.PENDING)
    a.refresh_from_db()
    run(a, csv_bytes([[*_good(), "yes"]], header=[*HEADER, "published"]))

    assert _product(a, "A-1").is_public is False


def test_published_is_ignored_while_the_product_is_moderated(shops):
    a, _b = shops
    run(a, csv_bytes([_good()], header=HEADER))
    Product.objects.filter(seller=a).update(
        moderated_at="2026-11-01T00:00:00Z", moderation_reason="Photo trompeuse"
    )

    run(a, csv_bytes([[*_good(), "yes"]], header=[*HEADER, "published"]))

    assert _product(a, "A-1").is_public is False


def test_a_dry_run_reports_the_same_and_writes_nothing(shops):
    a, _b = shops
    run(a, csv_bytes([_good(sku="OLD")], header=HEADER))
    before = _state(a)
    outbox = OutboxMessage.objects.count()
    data = SAMPLE.read_bytes() + (
        f"OLD;;Tapis;;;;{RUG};;999;1;no;3;;;;;no\nBAD;;;;;;;;;;;;;;;;\n".encode()
    )

    dry, dry_problems = run(a, data, dry_run=True)

    assert _state(a) == before
    assert OutboxMessage.objects.count() == outbox
    assert (dry.created, dry.updated, dry.rejected) == (4, 1, 1)
    real, real_problems = run(a, data)
    assert (real.created, real.updated, real.rejected) == (4, 1, 1)
    assert real_problems == dry_problems


def test_importing_the_same_file_twice_changes_nothing_the_second_time(shops):
    a, _b = shops
    photos = zip_bytes({"rug.jpg": photo_bytes(), "tagine.png": photo_bytes(fmt="PNG")})
    header = [
        "sku",
        "title_fr",
        "title_ar",
        "category",
        "materials",
        "price",
        "stock",
        "height_cm",
        "images",
        "published",
    ]
    rows = [
        [
            "A-1",
            "Tapis",
            "زربية",
            RUG,
            "laine",
            "1250,50",
            "2",
            "3,25",
            "rug.jpg|tagine.png",
            "yes",
        ]
    ]
    data = SAMPLE.read_bytes()
    run(a, csv_bytes(rows, header=header), photos=photos)
    run(a, data)
    before = _state(a)

    first, _ = run(a, csv_bytes(rows, header=header), photos=photos)
    second, _ = run(a, data)

    assert (first.created, first.updated, first.unchanged) == (0, 0, 1)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)
    assert _state(a) == before


def test_the_export_writes_every_product_and_variant_in_three_languages(shops):
    a, b = shops
    run(a, SAMPLE.read_bytes())
    f.product(seller_obj=a, title="Fait au tableau de bord")
    run(b, csv_bytes([_good(sku="B-ONLY")], header=HEADER))

    text = "".join(catalogue_export_lines(seller=a))

    assert text.startswith("\ufeffsku;parent_sku;title_fr;title_ar;title_en;")
    lines = text.strip("\ufeff").splitlines()
    assert len(lines) == 1 + 5
    assert "B-ONLY" not in text
    assert "TAP-BO-01-S;TAP-BO-01;" in text
    assert "زربية بني وراين" in text and "Beni Ouarain rug, ecru" in text
    # The variants follow their product.
    skus = [line.split(";")[0] for line in lines[1:]]
    assert skus.index("TAP-BO-01-S") == skus.index("TAP-BO-01") + 1


def test_the_export_imports_back_changing_nothing(shops):
    a, _b = shops
    run(a, SAMPLE.read_bytes())
    f.product(seller_obj=a, title="Sans référence")  # exported as #<id>
    before = _state(a)

    text = "".join(catalogue_export_lines(seller=a))
    result, problems = run(a, text.encode())

    assert problems == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert _state(a) == before


LANGUAGE_COLUMNS = [
    "title_fr",
    "title_ar",
    "title_en",
    "description_fr",
    "description_ar",
    "description_en",
    "technique",
]


def test_the_three_languages_go_in_and_come_back_out(shops):
    a, b = shops
    texts = [
        "Tapis Azilal",
        "زربية أزيلال",
        "Azilal rug",
        "Laine écrue",
        "صوف طبيعي",
        "Undyed wool",
        "Noué main",
    ]
    header = ["sku", *LANGUAGE_COLUMNS, "category", "price", "stock"]
    result, problems = run(
        a, csv_bytes([["A-1", *texts, RUG, "100", "3"]], header=header)
    )
    assert problems == [] and result.created == 1

    product = _product(a, "A-1")
    assert [
        product.title_fr,
        product.title_ar,
        product.title_en,
        product.description_fr,
        product.description_ar,
        product.description_en,
        product.technique_fr,
    ] == texts
    assert product.source_language == "fr"
    lines = "".join(catalogue_export_lines(seller=a)).strip("\ufeff").splitlines()
    columns = lines[0].split(";")
    row = dict(zip(columns, lines[1].split(";"), strict=True))
    assert [row[column] for column in LANGUAGE_COLUMNS] == texts
    assert "A-1" not in "".join(catalogue_export_lines(seller=b))

    # An empty cell clears an optional language; the French title stays required.
    cleared = ["A-1", "Tapis Azilal", "", "Azilal rug", "", "", "", "", RUG, "100", "3"]
    run(a, csv_bytes([cleared], header=header))
    product.refresh_from_db()
    assert (product.title_ar or "", product.description_fr or "") == ("", "")
    _result, problems = run(a, csv_bytes([["A-1", "", *cleared[2:]]], header=header))
    assert [column for _line, column, _reason in problems] == ["title_fr"]


def test_an_edited_export_changes_exactly_what_was_edited(shops):
    a, _b = shops
    run(a, SAMPLE.read_bytes())
    text = "".join(catalogue_export_lines(seller=a))

    result, _ = run(a, text.replace("5200.00", "4999.00").encode())

    assert (result.updated, result.unchanged) == (1, 3)
    assert _product(a, "TAP-BO-01-L").stockrecords.get().price == Decimal("4999.00")


# --- photos -----------------------------------------------------------------


def test_the_zip_photos_are_attached_in_order_the_first_main(shops):
    a, _b = shops
    photos = zip_bytes(
        {
            "photos/face.jpg": photo_bytes((10, 10, 10)),
            "dos.png": photo_bytes(fmt="PNG"),
        }
    )
    header = [*HEADER, "images"]
    result, problems = run(
        a, csv_bytes([[*_good(), "dos.png|face.jpg"]], header=header), photos=photos
    )

    assert problems == []
    images = list(_product(a, "A-1").images.order_by("display_order"))
    assert [image.original.name.rsplit(".", 1)[1] for image in images] == ["png", "jpg"]
    assert images[0].display_order == 0


def test_reordering_the_photos_in_the_file_reorders_them(shops):
    a, _b = shops
    photos = zip_bytes(
        {"a.jpg": photo_bytes((1, 2, 3)), "b.jpg": photo_bytes((9, 9, 9))}
    )
    header = [*HEADER, "images"]
    run(a, csv_bytes([[*_good(), "a.jpg|b.jpg"]], header=header), photos=photos)
    first = list(_product(a, "A-1").images.values_list("pk", flat=True))

    run(a, csv_bytes([[*_good(), "b.jpg|a.jpg"]], header=header), photos=photos)

    assert list(_product(a, "A-1").images.values_list("pk", flat=True)) == first[::-1]


def test_a_photo_that_fails_the_photo_checks_rejects_its_row(shops):
    a, _b = shops
    photos = zip_bytes(
        {"fake.jpg": b"<html>not a photo</html>", "ok.jpg": photo_bytes()}
    )
    header = [*HEADER, "images"]
    rows = [
        [*_good(), "fake.jpg"],
        [*_good(sku="B-2"), "ok.jpg"],
        [*_good(sku="C"), "x.jpg"],
    ]
    result, problems = run(a, csv_bytes(rows, header=header), photos=photos)

    assert [(line, column) for line, column, _ in problems] == [
        (2, "images"),
        (4, "images"),
    ]
    assert result.created == 1
    assert not Product.objects.filter(seller=a, seller_sku="A-1").exists()


def test_a_zip_is_bounded_before_anything_is_read(shops, monkeypatch):
    a, _b = shops
    monkeypatch.setattr(
        "marketplace.sellerdash.catalogue_file.photos.MAX_ZIP_ENTRIES", 2
    )
    photos = zip_bytes({f"{n}.jpg": b"x" for n in range(3)})
    with pytest.raises(CatalogueFileError, match="2"):
        run(a, csv_bytes([_good()], header=HEADER), photos=photos)
    with pytest.raises(CatalogueFileError):
        run(a, csv_bytes([_good()], header=HEADER), photos=b"not a zip")
    assert not Product.objects.filter(seller=a).exists()


def test_a_zip_entry_larger_than_a_photo_may_be_is_refused(shops, monkeypatch):
    a, _b = shops
    monkeypatch.setattr("marketplace.sellerdash.catalogue_file.photos.MAX_BYTES", 100)
    photos = zip_bytes({"big.jpg": b"\0" * 1000})
    _result, problems = run(
        a, csv_bytes([[*_good(), "big.jpg"]], header=[*HEADER, "images"]), photos=photos
    )
    assert [(column) for _line, column, _ in problems] == ["images"]


def test_a_dry_run_stores_no_photo(shops, settings):
    a, _b = shops
    from pathlib import Path

    media = Path(settings.MEDIA_ROOT)
    before = sorted(media.rglob("csv-*"))
    photos = zip_bytes({"a.jpg": photo_bytes((4, 5, 6))})
    run(
        a,
        csv_bytes([[*_good(), "a.jpg"]], header=[*HEADER, "images"]),
        photos=photos,
        dry_run=True,
    )

    assert sorted(media.rglob("csv-*")) == before


# --- bounds and cost --------------------------------------------------------


def test_a_file_with_too_many_rows_is_refused_whole(shops, monkeypatch):
    a, _b = shops
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    rows = [_good(sku=f"S{n}") for n in range(3)]
    with pytest.raises(CatalogueFileError, match="2"):
        run(a, csv_bytes(rows, header=HEADER))
    assert not Product.objects.filter(seller=a).exists()


def test_a_file_too_large_is_refused_whole(shops, monkeypatch):
    a, _b = shops
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 50)
    with pytest.raises(CatalogueFileError):
        run(a, csv_bytes([_good(sku=f"S{n}") for n in range(5)], header=HEADER))


def test_a_field_too_long_for_the_csv_reader_is_a_row_error(shops):
    a, _b = shops
    data = csv_bytes(
        [_good(), [*_good(sku="B")[:1], "x" * 200_000, RUG, "1", "1"]], header=HEADER
    )
    result, problems = run(a, data)
    assert result.created == 1 and problems[0][0] == 3


def _queries(seller, rows):
    with CaptureQueriesContext(connection) as queries:
        run(seller, csv_bytes(rows, header=[*HEADER, "materials"]))
    return len(queries)


def test_the_queries_do_not_grow_with_the_rows(shops):
    a, b = shops
    small = [[*_good(sku=f"S{n}"), "laine"] for n in range(5)]
    large = [[*_good(sku=f"L{n}"), "laine"] for n in range(200)]

    # SQLite splits a bulk statement past its number of parameters (a
    # product has a column per language of its four translated texts): a few
    # more statements for 40 times the rows, never one per row.
    assert _queries(a, large) <= _queries(b, small) + len(large) // 10
    large_changed = [[*_good(sku=f"L{n}", price="7"), "argile"] for n in range(200)]
    small_changed = [[*_good(sku=f"S{n}", price="7"), "argile"] for n in range(5)]
    assert _queries(a, large_changed) <= _queries(b, small_changed) + 200 // 20


def test_the_search_index_and_page_cache_are_told_once_per_import(
    shops, django_capture_on_commit_callbacks
):
    a, _b = shops
    outbox = OutboxMessage.objects.count()
    rows = [_good(sku=f"S{n}") for n in range(30)]
    with django_capture_on_commit_callbacks() as callbacks:
        result, _ = run(a, csv_bytes(rows, header=HEADER))

    messages = OutboxMessage.objects.order_by("pk")[outbox:]
    assert len(messages) == 1
    assert messages[0].task_path.endswith("sync_products")
    assert sorted(messages[0].kwargs["product_ids"]) == sorted(result.product_ids)
    assert len(result.product_ids) == 30
    assert [callback for callback in callbacks if callback is pages_forget] == [
        pages_forget
    ]
    assert len(callbacks) <= 2  # that, and the outbox handing its task over


def test_reading_rejects_nothing_the_spec_accepts():
    """The boolean words and decimal marks the spec lists."""
    vocabulary = reading.Vocabulary(categories={RUG: 1}, materials={})
    for word, value in [
        ("yes", True),
        ("oui", True),
        ("1", True),
        ("TRUE", True),
        ("no", False),
        ("non", False),
        ("0", False),
        ("false", False),
    ]:
        row = reading.row_clean(2, {"sku": "A", "published": word}, vocabulary)
        assert row.values["published"] is value
    row = reading.row_clean(2, {"sku": "A", "price": "1250,50"}, vocabulary)
    assert row.values["price"] == Decimal("1250.50")


def test_a_large_import_is_indexed_by_tasks_of_bounded_size(shops, monkeypatch):
    a, _b = shops
    monkeypatch.setattr("marketplace.search.signal_handlers.QUEUE_CHUNK", 10)
    outbox = OutboxMessage.objects.count()
    result, _ = run(
        a, csv_bytes([_good(sku=f"S{n}") for n in range(25)], header=HEADER)
    )

    messages = OutboxMessage.objects.order_by("pk")[outbox:]
    assert [len(m.kwargs["product_ids"]) for m in messages] == [10, 10, 5]
    assert {i for m in messages for i in m.kwargs["product_ids"]} == result.product_ids


def test_photos_left_out_of_the_file_are_removed_with_their_files(
    shops, django_capture_on_commit_callbacks
):
    a, _b = shops
    photos = zip_bytes(
        {"a.jpg": photo_bytes((1, 2, 3)), "b.jpg": photo_bytes((9, 9, 9))}
    )
    header = [*HEADER, "images"]
    run(a, csv_bytes([[*_good(), "a.jpg|b.jpg"]], header=header), photos=photos)
    first = _product(a, "A-1").images.order_by("display_order").first()
    storage = first.original.storage
    name = first.original.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        run(a, csv_bytes([[*_good(), "b.jpg"]], header=header), photos=photos)

    assert _product(a, "A-1").images.count() == 1
    assert not storage.exists(name)
