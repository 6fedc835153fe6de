"""The same behaviour from both search backends (database and Elasticsearch)."""

import io

import pytest
from django.core.management import call_command

from marketplace.search.api import product_search, product_suggest

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def titles(result):
    return {p.title for p in result.products}


def test_a_title_word_finds_the_product(catalogue):
    result = product_search(query="collier")
    assert titles(result) == {"Collier berbère en argent"}
    assert result.total == 1


def test_accents_are_folded_both_ways(catalogue):
    assert "Plat de Fès bleu" in titles(product_search(query="fes"))
    assert "Collier berbère en argent" in titles(product_search(query="BERBERE"))
    assert "Huile d'argan cosmétique" in titles(product_search(query="cosmetique"))


def test_a_typo_still_finds_the_product(catalogue):
    assert titles(product_search(query="zelige")) == {"Table basse en zellige"}
    assert "Collier berbère en argent" in titles(product_search(query="colier"))


def test_an_arabic_query_finds_carpets(catalogue):
    expected = {"Tapis Beni Ouarain écru", "Kilim Zemmour rouge"}
    assert titles(product_search(query="زربية")) == expected
    # The definite article, another spelling of teh marbuta and diacritics.
    assert titles(product_search(query="الزربيه")) == expected
    assert titles(product_search(query="زَرْبِيَّة")) == expected


def test_arabic_region_and_english_craft_names_match(catalogue):
    assert "Plat de Fès bleu" in titles(product_search(query="فاس"))
    assert titles(product_search(query="rug")) == {
        "Tapis Beni Ouarain écru",
        "Kilim Zemmour rouge",
    }
    assert "Collier berbère en argent" in titles(product_search(query="silver"))


def test_words_are_all_required_across_fields(catalogue):
    # "laine" is a material, "nouage" the technique, "tifawin" the seller.
    assert titles(product_search(query="laine nouage tifawin")) == {
        "Tapis Beni Ouarain écru"
    }
    assert product_search(query="laine argent").total == 0


def test_facet_counts_add_up_to_the_total(catalogue):
    result = product_search(query="")
    assert result.total == 6
    for name in ("craft", "region", "price"):
        assert sum(v.count for v in result.facet(name).values) == result.total, name
    # Materials are several per product: each one counts its products.
    materials = {v.key: v.count for v in result.facet("material").values}
    assert materials["laine"] == 2 and materials["email"] == 2
    assert {v.key: v.count for v in result.facet("verified").values} == {"1": 6}
    # The kilim is made to order: buyable, not ready to ship.
    assert {v.key: v.count for v in result.facet("ready").values} == {"1": 5}


def test_filters_combine_and_counts_follow(catalogue):
    result = product_search(
        query="", filters={"region": ["fes-meknes"], "material": ["email"]}
    )
    assert titles(result) == {"Table basse en zellige", "Plat de Fès bleu"}
    result = product_search(
        query="",
        filters={"region": ["fes-meknes"], "price": ["200-500"], "ready": True},
    )
    assert titles(result) == {"Plat de Fès bleu"}
    # Within a facet the values are alternatives, and its counts ignore its
    # own selection so the other regions can still be added.
    result = product_search(query="", filters={"region": ["fes-meknes", "souss-massa"]})
    assert result.total == 4
    regions = {v.key: (v.count, v.selected) for v in result.facet("region").values}
    assert regions == {
        "marrakech-safi": (2, False),
        "fes-meknes": (2, True),
        "souss-massa": (2, True),
    }
    crafts = {v.key: v.count for v in result.facet("craft").values}
    assert sum(crafts.values()) == 4 and "tapis-berberes" not in crafts


def test_sorting_and_pagination(catalogue):
    result = product_search(query="", sort="price-asc", page=1, page_size=4)
    prices = [p.stockrecords.all()[0].price for p in result.products]
    assert prices == sorted(prices) and len(prices) == 4
    assert result.num_pages == 2
    second = product_search(query="", sort="price-asc", page=2, page_size=4)
    assert len(second.products) == 2
    assert not set(result.ids) & set(second.ids)
    by_price_desc = product_search(query="", sort="price-desc", page_size=1)
    assert titles(by_price_desc) == {"Table basse en zellige"}


def test_suggestions_complete_the_last_word(catalogue):
    suggestions = product_suggest(prefix="tapis ben")
    assert [s["title"] for s in suggestions] == ["Tapis Beni Ouarain écru"]
    assert suggestions[0]["url"] == catalogue["beni"].get_absolute_url()
    assert {s["title"] for s in product_suggest(prefix="zell")} == {
        "Table basse en zellige"
    }


def test_a_suspended_sellers_products_are_gone(
    catalogue, django_capture_on_commit_callbacks
):
    weaver = catalogue["sellers"]["weaver"]
    with django_capture_on_commit_callbacks(execute=True):
        weaver.status = weaver.Status.SUSPENDED
        weaver.save()
    assert product_search(query="tapis").total == 0
    assert product_search(query="").total == 4
    with django_capture_on_commit_callbacks(execute=True):
        weaver.status = weaver.Status.VERIFIED
        weaver.save()
    assert product_search(query="tapis").total == 2


def test_an_unpublished_product_is_gone(catalogue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        catalogue["collier"].is_public = False
        catalogue["collier"].save()
    assert product_search(query="collier").total == 0


def test_a_product_out_of_stock_is_gone_unless_made_to_order(
    catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for key in ("beni", "kilim"):
            record = catalogue[key].stockrecords.get()
            record.num_in_stock = 0
            record.save()
    assert titles(product_search(query="tapis")) == {"Kilim Zemmour rouge"}


def test_a_new_product_is_found_after_commit(
    catalogue, django_capture_on_commit_callbacks
):
    from . import factories

    with django_capture_on_commit_callbacks(execute=True):
        factories.product(
            seller_obj=catalogue["sellers"]["potter"],
            title="Tajine de Safi peint",
            category="Poterie et céramique",
            price="220",
        )
    assert titles(product_search(query="طاجين")) == {"Tajine de Safi peint"}


def test_rebuild_keeps_searching_and_replaces_the_index(
    catalogue, search_backend, django_capture_on_commit_callbacks
):
    # The session's demo products (other tests) may be in the database too:
    # a rebuild indexes them as well, so compare sets, not lists.
    def carpets():
        return set(product_search(query="tapis", page_size=200).ids)

    before = carpets()
    assert before == {catalogue["beni"].pk, catalogue["kilim"].pk}
    if search_backend == "elasticsearch":
        from marketplace.search.api import rebuild_index
        from marketplace.search.backends.elasticsearch import ElasticsearchBackend

        backend = ElasticsearchBackend()
        old = backend.index_names()
        seen = []

        def progress(done):
            # Searches made while the new index is filling still answer, and a
            # change made meanwhile is not lost when the alias switches.
            seen.append(carpets())
            with django_capture_on_commit_callbacks(execute=True):
                catalogue["collier"].is_public = False
                catalogue["collier"].save()

        assert rebuild_index(progress=progress) >= 6
        assert seen and all(ids == before for ids in seen)
        new = backend.index_names()
        assert len(new) == 1 and new != old
        assert not backend.client.indices.exists(index=old[0])
        found = product_search(query="collier", page_size=200).ids
        assert catalogue["collier"].pk not in found
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Indexed" in out.getvalue()
    assert carpets() >= before
