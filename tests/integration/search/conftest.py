"""Every search test runs on both backends: the database one here, and the
Elasticsearch one on the node `scripts/services.sh` starts (marked, so it
skips without TEST_ELASTICSEARCH_URL and fails the run under CI=true).

The database backend runs once more, marked `postgres`: skipped on SQLite, it
runs in the PostgreSQL pass of `make test`, where the backend's PostgreSQL
path (full-text search, facet keys counted in SQL) answers the same tests."""

import os
import uuid

import pytest

from . import factories


@pytest.fixture(
    params=[
        "database",
        pytest.param("database", marks=pytest.mark.postgres, id="postgresql"),
        pytest.param("elasticsearch", marks=pytest.mark.elasticsearch),
    ]
)
def search_backend(request, settings):
    """The backend under test; an Elasticsearch index of the test's own."""
    settings.SEARCH_BACKEND = request.param
    if request.param == "database":
        yield request.param
        return
    from marketplace.search.backends.elasticsearch import ElasticsearchBackend

    settings.ELASTICSEARCH_URL = os.environ["TEST_ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    yield request.param
    ElasticsearchBackend().drop()


@pytest.fixture
def catalogue(db, search_backend, django_capture_on_commit_callbacks):
    """A small trilingual catalogue, indexed through the signals and tasks."""
    marrakech = factories.region(code="07", name="Marrakech-Safi", name_ar="مراكش آسفي")
    fes = factories.region(code="03", name="Fès-Meknès", name_ar="فاس مكناس")
    souss = factories.region(code="09", name="Souss-Massa", name_ar="سوس ماسة")
    weaver = factories.seller(region_obj=marrakech, name="Coopérative Tifawin")
    potter = factories.seller(region_obj=fes, name="Atelier Benjelloun")
    jeweller = factories.seller(region_obj=souss, name="Maison Tiznit")
    carpets = "Tapis et tissage > Tapis berbères"
    made = {}
    with django_capture_on_commit_callbacks(execute=True):
        made["beni"] = factories.product(
            seller_obj=weaver,
            title="Tapis Beni Ouarain écru",
            category=carpets,
            materials=("Laine",),
            price="2400",
            technique="Nouage à la main",
            popularity=50,
        )
        made["kilim"] = factories.product(
            seller_obj=weaver,
            title="Kilim Zemmour rouge",
            category=carpets,
            materials=("Laine", "Coton"),
            price="1200",
            stock=0,
            made_to_order=True,
            popularity=20,
        )
        made["zellige"] = factories.product(
            seller_obj=potter,
            title="Table basse en zellige",
            category="Zellige et mosaïque",
            materials=("Terre cuite", "Émail"),
            price="3500",
            popularity=30,
        )
        made["plat"] = factories.product(
            seller_obj=potter,
            title="Plat de Fès bleu",
            category="Poterie et céramique",
            materials=("Argile", "Émail"),
            price="350",
            description="<p>Faïence peinte à la main, bleu de Fès.</p>",
            popularity=40,
        )
        made["collier"] = factories.product(
            seller_obj=jeweller,
            title="Collier berbère en argent",
            category="Bijoux > Bijoux en argent",
            materials=("Argent", "Corail"),
            price="900",
            popularity=10,
        )
        made["huile"] = factories.product(
            seller_obj=jeweller,
            title="Huile d'argan cosmétique",
            category="Argan et cosmétiques naturels",
            materials=("Huile d'argan",),
            price="150",
            popularity=60,
        )
    made["sellers"] = {"weaver": weaver, "potter": potter, "jeweller": jeweller}
    return made
