"""`manage.py import_products --seller SLUG PATH [--images ZIP] [--dry-run]`."""

import io

import pytest
from django.core.management import CommandError, call_command
from oscar.core.loading import get_model

from .catalogue_files import SAMPLE, csv_bytes, photo_bytes, zip_bytes

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_products", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_into_the_named_seller_only(shops, tmp_path):
    a, b = shops
    out, _err = _call("--seller", a.slug, str(SAMPLE))

    assert "created 4" in out
    assert Product.objects.filter(seller=a).count() == 4
    assert not Product.objects.filter(seller=b).exists()


def test_the_command_dry_run_changes_nothing(shops):
    a, _b = shops
    out, _err = _call("--seller", a.slug, "--dry-run", str(SAMPLE))

    assert out.startswith("Dry run") and "would be created 4" in out
    assert not Product.objects.exists()


def test_the_command_reports_each_rejected_line_and_writes_the_report(shops, tmp_path):
    a, _b = shops
    path = tmp_path / "c.csv"
    path.write_bytes(SAMPLE.read_bytes() + b"X;;;;;;;;;;;;;;;;\n")
    report = tmp_path / "report.csv"

    out, err = _call("--seller", a.slug, str(path), "--report", str(report))

    assert "rejected 1" in out
    assert "line 6, title_fr:" in err
    assert report.read_text().splitlines()[1].startswith("6,title_fr,")


def test_the_command_takes_the_photos_zip(shops, tmp_path):
    a, _b = shops
    path = tmp_path / "c.csv"
    path.write_bytes(
        csv_bytes(
            [["A", "Tajine", "poterie-et-ceramique", "390", "2", "t.jpg"]],
            header=["sku", "title_fr", "category", "price", "stock", "images"],
        )
    )
    photos = tmp_path / "p.zip"
    photos.write_bytes(zip_bytes({"t.jpg": photo_bytes()}))

    _call("--seller", a.slug, str(path), "--images", str(photos))

    assert Product.objects.get(seller=a, seller_sku="A").images.count() == 1


def test_the_command_refuses_an_unknown_seller_or_file(shops, tmp_path):
    a, _b = shops
    with pytest.raises(CommandError, match="slug"):
        _call("--seller", "nobody", str(SAMPLE))
    with pytest.raises(CommandError):
        _call("--seller", a.slug, str(tmp_path / "missing.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"title_fr\nTapis\n")
    with pytest.raises(CommandError, match="sku"):
        _call("--seller", a.slug, str(bad))


def test_the_progress_bar_shows_on_a_terminal_only(shops, capsys):
    a, _b = shops
    out, err = _call("--seller", a.slug, "--dry-run", str(SAMPLE))
    assert "[#" not in err  # not a terminal here

    from marketplace.sellerdash.management.commands.import_products import Command

    Command._progress_bar(2, 4)
    assert "50.0%" in capsys.readouterr().err
