"""The database backend's index: one document per product that can be bought.

A separate table, not columns on `catalogue.Product`: it holds text already
folded in Python (`text.py`), facet values and the sort keys, and is written
only by `search.services` through the same signals and tasks that update
Elasticsearch. `db_constraint=False` lets the benchmark fill it with generated
documents without creating Oscar products.

Everything a search reads is on the one row (denormalised), so a search is one
scan of the matching rows: no join, no per-facet query.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class ProductSearchDocument(models.Model):
    product = models.OneToOneField(
        "catalogue.Product",
        primary_key=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="search_document",
    )
    title = models.CharField(max_length=255)
    # Normalised tokens separated and surrounded by single spaces, so that a
    # whole word is matched with LIKE '% word %' on SQLite. Left empty on
    # PostgreSQL, which matches on `vector` (narrower rows, faster scans).
    title_text = models.TextField(blank=True)
    text = models.TextField(blank=True)
    # PostgreSQL only: title_text (weight A) and the rest (weight B) cast to a
    # tsvector; the tokens are already normalised, so no text search parser
    # (nor its locale) is involved.
    vector = SearchVectorField(null=True)
    # Every facet value as a key "facet:value" ("craft:tapis-berberes"),
    # separated and surrounded by single spaces, in a fixed order: LIKE
    # '% key %' on SQLite; on PostgreSQL, `string_to_array(facet_keys, ' ')`
    # has a GIN index for the filters (`&&`), and counting groups documents by
    # this column (few distinct values, and a string hashes fast).
    facet_keys = models.TextField(blank=True, default=" ")
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    popularity = models.PositiveIntegerField(default=0)
    date_created = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["price"]),
            models.Index(fields=["-popularity"]),
            models.Index(fields=["-date_created"]),
        ]

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """The vocabulary of the indexed text, for typo tolerance in Python."""

    term = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.term
