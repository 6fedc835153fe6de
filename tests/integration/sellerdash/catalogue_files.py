"""Builders for the catalogue-file tests: the sample's crafts and materials,
files written from rows, a ZIP of photos, an import that collects problems."""

import io
import zipfile
from pathlib import Path

from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from PIL import Image

from marketplace.sellerdash.catalogue_file.importing import catalogue_import

Material = get_model("catalogue", "Material")

SAMPLE = Path(__file__).resolve().parents[4] / "shared" / "spec" / "products-sample.csv"
if not SAMPLE.exists():  # a worktree beside the main repository
    SAMPLE = Path("/work/shared/spec/products-sample.csv")


def crafts():
    """The categories and materials the sample file names."""
    create_from_breadcrumbs("Tapis et tissage > Tapis berbères")
    create_from_breadcrumbs("Poterie et céramique")
    for slug, name in (("laine", "Laine"), ("argile", "Argile"), ("email", "Émail")):
        Material.objects.get_or_create(slug=slug, defaults={"name": name})


def csv_bytes(rows, *, delimiter=",", header=None) -> bytes:
    """A file from a header and rows (lists of cells; quoted when needed)."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def photo_bytes(colour=(200, 30, 30), fmt="JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, fmt)
    return buffer.getvalue()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def run(seller, data: bytes, *, photos: bytes | None = None, dry_run=False):
    """Import `data`; (result, [(line, column, reason)])."""
    problems = []
    result = catalogue_import(
        seller=seller,
        csv_file=io.BytesIO(data),
        zip_file=io.BytesIO(photos) if photos is not None else None,
        dry_run=dry_run,
        on_problem=lambda line, column, reason: problems.append((line, column, reason)),
    )
    return result, problems
