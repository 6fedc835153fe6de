from oscar.apps.shipping import repository

from .charges import DOMESTIC_COUNTRY, address_country, basket_split_by_seller
from .methods import PerSellerShipping


class Repository(repository.Repository):
    """One method, each seller's parcel charged for the address's country;
    none when a seller of the basket does not ship there (Oscar then asks for
    another address)."""

    methods = (PerSellerShipping(),)

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        country = address_country(shipping_addr)
        if country is None or country == DOMESTIC_COUNTRY:
            # Every seller ships in Morocco (its flat rate at least).
            return [PerSellerShipping(country=country)]
        shares = basket_split_by_seller(basket=basket, country=country)
        if not all(share.ships for share in shares):
            return []
        return [PerSellerShipping(country=country)]
