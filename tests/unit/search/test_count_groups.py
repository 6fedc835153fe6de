"""The database backend sums the total and the facet counts from documents
grouped by their facet keys (`_count_groups`)."""

from marketplace.search.backends.database import _count_groups

GROUPS = [
    (" craft:tapis region:fes price:0-200 ready:1 ", 3),
    (" craft:tapis region:souss price:200-500 ", 2),
    (" craft:poterie material:argile material:email region:fes price:0-200 ", 4),
]


def test_without_filters_every_group_counts_everywhere():
    total, facets = _count_groups(GROUPS, {})
    assert total == 9
    assert facets["craft"] == {"tapis": 5, "poterie": 4}
    assert facets["region"] == {"fes": 7, "souss": 2}
    # Several values of one facet on a document each count it.
    assert facets["material"] == {"argile": 4, "email": 4}
    assert facets["ready"] == {"1": 3}
    assert facets["verified"] == {}


def test_a_selected_facet_is_counted_under_the_other_filters_only():
    total, facets = _count_groups(GROUPS, {"region": ("fes",)})
    assert total == 7
    # Its own values still show the other regions, to add them (multi-select).
    assert facets["region"] == {"fes": 7, "souss": 2}
    assert facets["craft"] == {"tapis": 3, "poterie": 4}


def test_two_selected_facets_each_apply_the_others_filter():
    total, facets = _count_groups(GROUPS, {"region": ("fes",), "craft": ("tapis",)})
    assert total == 3
    assert facets["region"] == {"fes": 3, "souss": 2}
    assert facets["craft"] == {"tapis": 3, "poterie": 4}
    assert facets["price"] == {"0-200": 3}


def test_values_of_one_facet_are_alternatives():
    total, facets = _count_groups(GROUPS, {"region": ("fes", "souss")})
    assert total == 9
    assert facets["price"] == {"0-200": 7, "200-500": 2}
