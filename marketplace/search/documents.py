"""What gets indexed: one document per product a shopper can buy.

Both backends index the same `ProductDocument`, built here from the database;
the benchmark builds the same documents from generated data (`bench/search.py`).

Every language's title, description, technique, craft, material and region
names are indexed together (`translated.field_texts`), folded the same way:
a query in any language finds the product whatever the page's language.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property

from django.db.models import F
from oscar.core.loading import get_model

from . import synonyms
from .text import normalise, strip_html
from .translated import field_texts

# Price range facet buckets in MAD: (key, lower bound, upper bound excluded).
PRICE_RANGES: tuple[tuple[str, Decimal | None, Decimal | None], ...] = (
    ("0-200", None, Decimal("200")),
    ("200-500", Decimal("200"), Decimal("500")),
    ("500-1000", Decimal("500"), Decimal("1000")),
    ("1000-3000", Decimal("1000"), Decimal("3000")),
    ("3000-", Decimal("3000"), None),
)


def price_range(price: Decimal | None) -> str | None:
    if price is None:
        return None
    for key, low, high in PRICE_RANGES:
        if (low is None or price >= low) and (high is None or price < high):
            return key
    return None


@dataclass
class ProductDocument:
    id: int
    title: str
    description: str = ""
    # The title and description in the other languages.
    other_titles: list[str] = field(default_factory=list)
    other_descriptions: list[str] = field(default_factory=list)
    crafts: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    materials: list[tuple[str, str]] = field(default_factory=list)
    technique: str = ""
    seller_name: str = ""
    region: tuple[str, str] | None = None  # (slug, "name name_ar")
    price: Decimal | None = None
    ready_to_ship: bool = False
    verified_seller: bool = True
    popularity: int = 0
    date_created: datetime | None = None

    @cached_property
    def extra_text(self) -> str:
        """Craft, material and title words in the other languages."""
        return synonyms.expand(
            self.all_titles,
            " ".join(name for _, name in self.crafts),
            " ".join(name for _, name in self.materials),
        )

    @cached_property
    def all_titles(self) -> str:
        return " ".join([self.title, *self.other_titles])

    @cached_property
    def title_text(self) -> str:
        return normalise(self.all_titles)

    @cached_property
    def body_text(self) -> str:
        """Everything but the title, normalised."""
        return normalise(
            " ".join(
                [
                    self.description,
                    *self.other_descriptions,
                    " ".join(name for _, name in self.crafts),
                    " ".join(name for _, name in self.materials),
                    self.technique,
                    self.seller_name,
                    self.region[1] if self.region else "",
                    self.extra_text,
                ]
            )
        )

    @cached_property
    def facets(self) -> dict[str, list[str]]:
        values = {
            "craft": [slug for slug, _ in self.crafts],
            "material": [slug for slug, _ in self.materials],
            "region": [self.region[0]] if self.region else [],
            "price": [key] if (key := price_range(self.price)) else [],
            "ready": ["1"] if self.ready_to_ship else [],
            "verified": ["1"] if self.verified_seller else [],
        }
        return {facet: sorted(set(v)) for facet, v in values.items()}

    @cached_property
    def facet_keys(self) -> list[str]:
        """Every facet value as "facet:value", in a fixed order: both backends
        store these, filter on them and count them."""
        return [
            facet_key(facet, value)
            for facet, values in self.facets.items()
            for value in values
        ]


def facet_key(facet: str, value: str) -> str:
    return f"{facet}:{value}"


def _buyable_queryset():
    Product = get_model("catalogue", "Product")
    # browsable(): public, canonical (no variants), sold by a verified seller.
    return Product.objects.browsable().select_related(
        "seller__registry_entry", "seller__region", "region", "product_class"
    )


def _stock_by_product(ids: list[int]) -> dict[int, list]:
    """Each product's stock records and its public variants', by product id.

    Two queries whatever the number of products (not a prefetch of children
    and of their records: a manager per product, a fifth of a rebuild).
    """
    StockRecord = get_model("partner", "StockRecord")
    fields = ("product_id", "price", "num_in_stock", "num_allocated")
    found: dict[int, list] = defaultdict(list)
    for record in StockRecord.objects.filter(product_id__in=ids).only(*fields):
        found[record.product_id].append(record)
    for record in (
        StockRecord.objects.filter(product__parent_id__in=ids, product__is_public=True)
        .annotate(for_product=F("product__parent_id"))
        .only(*fields)
    ):
        found[record.for_product].append(record)
    return found


def _linked_by_product(through, column: str, model, ids: list[int]) -> dict:
    """Each product's linked crafts or materials, in the model's own order,
    by product id: the links' ids, then each linked row once (a catalogue has
    a few dozen crafts and materials, not one per product)."""
    links = list(
        through.objects.filter(product_id__in=ids).values_list("product_id", column)
    )
    rows = list(model.objects.filter(pk__in={pk for _, pk in links}))
    place = {row.pk: n for n, row in enumerate(rows)}
    by_pk = {row.pk: row for row in rows}
    found: dict[int, list] = defaultdict(list)
    for product_id, pk in sorted(links, key=lambda link: place[link[1]]):
        found[product_id].append(by_pk[pk])
    return found


def _names(obj) -> str:
    """A craft's, material's or region's name in every language."""
    return " ".join(field_texts(obj, "name"))


def _document(
    product, *, records: list, crafts: list, materials: list
) -> ProductDocument | None:
    """The product's document, or None when it cannot be bought."""
    priced = [r for r in records if r.price is not None]
    if not priced:
        return None
    tracks_stock = product.product_class is None or product.product_class.track_stock
    # Oscar's own rule (StockRequired): tracked stock must be above allocations.
    in_stock = not tracks_stock or any(r.net_stock_level > 0 for r in priced)
    if not (in_stock or product.made_to_order):
        return None
    seller = product.seller
    seller_names = [seller.name]
    if seller.registry_entry and seller.registry_entry.name_arabic:
        seller_names.append(seller.registry_entry.name_arabic)
    region = product.region or seller.region
    titles = field_texts(product, "title")
    descriptions = [strip_html(text) for text in field_texts(product, "description")]
    return ProductDocument(
        id=product.pk,
        title=titles[0] if titles else "",
        description=descriptions[0] if descriptions else "",
        other_titles=titles[1:],
        other_descriptions=descriptions[1:],
        crafts=[(c.slug, _names(c)) for c in crafts],
        materials=[(m.slug, _names(m)) for m in materials],
        technique=" ".join(field_texts(product, "technique")),
        seller_name=" ".join(seller_names),
        region=(region.slug, _names(region)) if region else None,
        price=min(r.price for r in priced),
        ready_to_ship=in_stock and not product.made_to_order,
        verified_seller=seller.is_public,
        popularity=product.popularity,
        date_created=product.date_created,
    )


def build_documents(product_ids: Iterable[int]) -> dict[int, ProductDocument]:
    """Documents of the given products that can be bought, by product id."""
    Product = get_model("catalogue", "Product")
    Category = get_model("catalogue", "Category")
    Material = get_model("catalogue", "Material")
    ProductCategory = get_model("catalogue", "ProductCategory")
    products = list(_buyable_queryset().filter(pk__in=list(product_ids)))
    ids = [product.pk for product in products]
    records = _stock_by_product(ids)
    crafts = _linked_by_product(ProductCategory, "category_id", Category, ids)
    materials = _linked_by_product(
        Product.materials.through, "material_id", Material, ids
    )
    documents = {}
    for product in products:
        document = _document(
            product,
            records=records.get(product.pk, []),
            crafts=crafts.get(product.pk, []),
            materials=materials.get(product.pk, []),
        )
        if document is not None:
            documents[product.pk] = document
    return documents


def iter_all_documents(*, batch_size: int = 500) -> Iterator[ProductDocument]:
    """Every buyable product's document, in batches (for rebuilds)."""
    ids = list(_buyable_queryset().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        yield from build_documents(ids[start : start + batch_size]).values()


def count_candidates() -> int:
    return _buyable_queryset().count()
