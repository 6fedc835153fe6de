import pytest

from tests.integration.checkout.shop import make_product, make_seller


@pytest.fixture
def two_sellers():
    """Two sellers with their own shipping rates, and three products."""
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="500.00")
    weaver = make_seller("Tapis Azilal", flat_rate="45.00", free_from="2000.00")
    tajine = make_product(potter, price="300.00", title="Tajine vernissé")
    plate = make_product(potter, price="250.00", title="Assiette bleue")
    rug = make_product(weaver, price="1200.00", title="Tapis berbère")
    return potter, weaver, tajine, plate, rug
