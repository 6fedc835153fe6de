"""Facet counts and filters follow the database (both backends): a product's
price, materials and stock, and its seller's status, are counted and filtered
on as they are now, once the change is committed."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from marketplace.search.api import product_search

pytestmark = pytest.mark.django_db
Material = get_model("catalogue", "Material")


def counts(name, **search):
    result = product_search(query="", **search)
    return {v.key: v.count for v in result.facet(name).values}


def test_a_price_change_moves_the_product_to_another_price_range(
    catalogue, django_capture_on_commit_callbacks
):
    assert counts("price") == {
        "0-200": 1,
        "200-500": 1,
        "500-1000": 1,
        "1000-3000": 2,
        "3000-": 1,
    }
    with django_capture_on_commit_callbacks(execute=True):
        record = catalogue["plat"].stockrecords.get()
        record.price = Decimal("1500")
        record.save()
    assert counts("price") == {"0-200": 1, "500-1000": 1, "1000-3000": 3, "3000-": 1}
    found = product_search(query="", filters={"price": ["1000-3000"]})
    assert catalogue["plat"].pk in found.ids and found.total == 3
    assert product_search(query="plat", filters={"price": ["200-500"]}).total == 0


def test_an_added_material_is_counted_and_filtered_on(
    catalogue, django_capture_on_commit_callbacks
):
    assert counts("material")["laine"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        catalogue["collier"].materials.add(Material.objects.get(slug="laine"))
    assert counts("material")["laine"] == 3
    found = product_search(query="argent", filters={"material": ["laine"]})
    assert found.ids == [catalogue["collier"].pk]


def test_ready_to_ship_follows_the_stock(catalogue, django_capture_on_commit_callbacks):
    kilim = catalogue["kilim"]
    assert kilim.pk not in product_search(query="", filters={"ready": True}).ids
    with django_capture_on_commit_callbacks(execute=True):
        kilim.made_to_order = False
        kilim.save()
        record = kilim.stockrecords.get()
        record.num_in_stock = 3
        record.save()
    assert counts("ready") == {"1": 6}
    assert kilim.pk in product_search(query="", filters={"ready": True}).ids


def test_a_suspended_seller_leaves_the_counts_of_every_facet(
    catalogue, django_capture_on_commit_callbacks
):
    weaver = catalogue["sellers"]["weaver"]
    with django_capture_on_commit_callbacks(execute=True):
        weaver.status = weaver.Status.SUSPENDED
        weaver.save()
    assert "marrakech-safi" not in counts("region")
    assert "tapis-berberes" not in counts("craft")
    assert counts("verified") == {"1": 4}
    # A selected facet's own counts (multi-select) drop the products too.
    regions = counts("region", filters={"region": ["marrakech-safi"]})
    assert regions == {"marrakech-safi": 0, "fes-meknes": 2, "souss-massa": 2}


def test_counts_of_a_selected_facet_ignore_its_selection_only(catalogue):
    # Two facets selected: each one's counts apply the other's filter.
    result = product_search(
        query="", filters={"region": ["fes-meknes"], "material": ["email"]}
    )
    regions = {v.key: v.count for v in result.facet("region").values}
    materials = {v.key: v.count for v in result.facet("material").values}
    # Émail is only in Fès-Meknès; Fès-Meknès products are émail, terre cuite
    # and argile.
    assert regions == {"fes-meknes": 2}
    assert materials == {"email": 2, "terre-cuite": 1, "argile": 1}
    # The unselected facets count the products passing both filters.
    crafts = {v.key: v.count for v in result.facet("craft").values}
    assert sum(crafts.values()) == result.total == 2


def test_an_index_update_makes_cached_search_pages_stale(catalogue):
    """A worker may update the index after the write's own page-cache bump:
    the pages rendered from the old index must not outlive it."""
    from marketplace.pagecache.pages import LIST_ALL, tag_versions
    from marketplace.search.tasks import sync_products

    # The lists' version (search's among them; issue 14), not the site-wide one.
    before = tag_versions([LIST_ALL])[LIST_ALL]
    sync_products.call([catalogue["plat"].pk])
    assert tag_versions([LIST_ALL])[LIST_ALL] > before
