"""An invoice as a file: its PDF (WeasyPrint) and its structured export.

Both are made from what the invoice recorded when it was issued (`data`),
so a file downloaded today and in ten years says the same. The PDF is in
the invoice's language (the shopper's for a sale, the seller's for
commission), right to left in Arabic; DejaVu Sans (Debian's
`fonts-dejavu-core`, installed by `scripts/pdf.sh`) draws Latin and
Arabic letters, and Pango shapes the Arabic. WeasyPrint fetches nothing:
the page's style is inline and any URL is refused.
"""

import json

from django.template.loader import render_to_string
from django.utils.translation import get_language_info, override
from PIL import ImageFile

from .models import Invoice


def invoice_html(*, invoice: Invoice) -> str:
    with override(invoice.language):
        return render_to_string(
            "invoicing/document.html",
            {
                "invoice": invoice,
                "doc": invoice.data,
                "kind_label": invoice.get_kind_display(),
                "rtl": get_language_info(invoice.language)["bidi"],
            },
        )


def weasyprint_load():
    """WeasyPrint's HTML and URLFetcher.

    It loads Pango's C libraries when imported: imported here, the site (its
    URLs import this module) runs on a machine without Pango, and only a PDF
    download needs it (scripts/pdf.sh installs it). Its import also switches
    on Pillow's LOAD_TRUNCATED_IMAGES for the whole process, which would let
    a truncated photo through the upload check (catalogue.photos): switched
    back off (invoices load no image).
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML, URLFetcher


def invoice_pdf(*, invoice: Invoice) -> bytes:
    HTML, URLFetcher = weasyprint_load()  # noqa: N806 (classes)

    class NoFetch(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"Invoices load nothing: {url[:80]}")

    html = invoice_html(invoice=invoice)
    return HTML(string=html, url_fetcher=NoFetch()).write_pdf()


def invoice_json(*, invoice: Invoice) -> str:
    """The invoice's structured export: what it recorded, amounts as
    decimal strings, ready to map to the tax administration's format."""
    return json.dumps(invoice.data, ensure_ascii=False, indent=2, sort_keys=True)


def invoice_filename(*, invoice: Invoice, extension: str) -> str:
    return f"{invoice.number}.{extension}"
