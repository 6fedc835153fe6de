"""Shipping charged per seller: each artisan ships its own parcel.

To an address in Morocco (or before the shopper gave one) a seller's parcel
pays its carrier's rate for the parcel's weight in the domestic zone: the
lightest band that holds it (the heaviest band's price beyond it). A seller
without a carrier, or whose carrier has no rates (its own courier), charges
its flat rate, or the marketplace's (`MARKETPLACE_SHIPPING_FLAT_RATE`). In
Morocco a parcel ships free from the seller's threshold
(`MARKETPLACE_FREE_SHIPPING_THRESHOLD` when it set none).

Abroad, a seller ships only to the countries it chose, at its own price for
the country's zone (no free threshold). A basket one of whose sellers does
not ship to the address's country cannot be shipped there: checkout offers
no shipping method and says so.

A product's weight is its `weight_g`, or `MARKETPLACE_DEFAULT_WEIGHT_G`.
Everything a basket's charges read is fetched at once (`shipping_tables`:
four queries whatever the number of sellers), and kept between requests
(`CHECKOUT_KEPT_READS_SECONDS`) by the version of the rates
(`SHIPPING_TAG`), which every save or delete of a carrier, zone, rate or
seller's shipping moves (`ShippingConfig.ready`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from oscar.core.loading import get_model

from artisans.models import Seller
from marketplace.pagecache.pages import fragment_kept, kept_reads_seconds

from .models import CarrierRate, SellerShipping, SellerZoneRate, ShippingZone

ZERO = Decimal("0.00")
DOMESTIC_COUNTRY = "MA"
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
# The version of every table a charge reads (marketplace/pagecache's tags).
SHIPPING_TAG = "shipping"


@dataclass
class SellerShare:
    """One seller's part of a basket: its lines, their subtotal and weight,
    its shipping (None: the seller does not ship to that country) and the
    carrier it ships with."""

    seller: object
    lines: list = field(default_factory=list)
    subtotal: Decimal = ZERO
    weight_g: int = 0
    shipping: Decimal | None = ZERO
    carrier: object = None

    @property
    def total(self) -> Decimal:
        return self.subtotal + (self.shipping or ZERO)

    @property
    def ships(self) -> bool:
        return self.shipping is not None


@dataclass
class ShippingTables:
    """Zones, sellers' settings and rates, read once for many sellers."""

    zones: list
    settings: dict  # seller pk -> SellerShipping
    carrier_rates: dict  # (carrier pk, zone pk) -> [(max weight, price)]
    seller_rates: dict  # (seller pk, zone pk) -> price

    def zone_for(self, country: str | None):
        country = (country or DOMESTIC_COUNTRY).upper()
        for zone in self.zones:
            if country in zone.country_list:
                return zone
        return None


def shipping_tables(*, seller_ids) -> ShippingTables:
    """What the charges of these sellers' parcels read: four queries, kept
    between requests (each checkout step and the basket page ask for the
    same sellers) while no rate, zone, carrier or seller's shipping changed."""
    seller_ids = sorted(set(seller_ids))
    return fragment_kept(
        "shipping-tables",
        tuple(seller_ids),
        tags=[SHIPPING_TAG],
        make=lambda: _shipping_tables_read(seller_ids),
        seconds=kept_reads_seconds(),
    )


def _shipping_tables_read(seller_ids: list[int]) -> ShippingTables:
    shipping = {
        row.seller_id: row
        for row in SellerShipping.objects.filter(
            seller_id__in=seller_ids
        ).select_related("carrier")
    }
    carrier_ids = {row.carrier_id for row in shipping.values() if row.carrier_id}
    carrier_rates: dict = {}
    for rate in CarrierRate.objects.filter(carrier_id__in=carrier_ids).order_by(
        "max_weight_g"
    ):
        carrier_rates.setdefault((rate.carrier_id, rate.zone_id), []).append(
            (rate.max_weight_g, rate.price)
        )
    seller_rates = {
        (rate.seller_id, rate.zone_id): rate.price
        for rate in SellerZoneRate.objects.filter(seller_id__in=seller_ids)
    }
    return ShippingTables(
        zones=list(ShippingZone.objects.all()),
        settings=shipping,
        carrier_rates=carrier_rates,
        seller_rates=seller_rates,
    )


def band_price(*, bands: list, weight_g: int) -> Decimal:
    """The lightest band holding `weight_g`; the heaviest beyond them all."""
    for max_weight_g, price in bands:
        if weight_g <= max_weight_g:
            return price
    return bands[-1][1]


def _flat_rate(seller) -> Decimal:
    if seller.shipping_flat_rate is not None:
        return seller.shipping_flat_rate
    return Decimal(str(settings.MARKETPLACE_SHIPPING_FLAT_RATE))


def _free_threshold(seller) -> Decimal | None:
    if seller.free_shipping_threshold is not None:
        return seller.free_shipping_threshold
    if settings.MARKETPLACE_FREE_SHIPPING_THRESHOLD:
        return Decimal(str(settings.MARKETPLACE_FREE_SHIPPING_THRESHOLD))
    return None


def seller_shipping_quote(
    *,
    seller,
    subtotal: Decimal,
    weight_g: int = 0,
    country: str | None = None,
    tables: ShippingTables | None = None,
) -> tuple[Decimal | None, object]:
    """The charge for one seller's parcel (prices incl. tax) and its carrier.

    The charge is None when the seller does not ship to `country`.
    """
    if tables is None:
        tables = shipping_tables(seller_ids=[seller.pk])
    own = tables.settings.get(seller.pk)
    carrier = own.carrier if own is not None else None
    zone = tables.zone_for(country)
    domestic = (country or DOMESTIC_COUNTRY).upper() == DOMESTIC_COUNTRY or (
        zone is not None and zone.is_domestic
    )
    if not domestic:
        if zone is None or own is None or country.upper() not in own.country_list:
            return None, carrier
        price = tables.seller_rates.get((seller.pk, zone.pk))
        if price is None:
            return None, carrier
        return price.quantize(Decimal("0.01")), carrier
    bands = (
        tables.carrier_rates.get((carrier.pk, zone.pk))
        if carrier is not None and zone is not None
        else None
    )
    charge = band_price(bands=bands, weight_g=weight_g) if bands else _flat_rate(seller)
    threshold = _free_threshold(seller)
    if threshold is not None and subtotal >= threshold:
        return ZERO, carrier
    return charge.quantize(Decimal("0.01")), carrier


def seller_shipping_charge(
    *, seller, subtotal: Decimal, weight_g: int = 0, country: str | None = None
) -> Decimal | None:
    """The charge for one seller's parcel worth `subtotal` (prices incl. tax)."""
    charge, _carrier = seller_shipping_quote(
        seller=seller, subtotal=subtotal, weight_g=weight_g, country=country
    )
    return charge


def line_weight_g(line) -> int:
    weight = line.product.weight_g or settings.MARKETPLACE_DEFAULT_WEIGHT_G
    return weight * line.quantity


def basket_split_by_seller(*, basket, country: str | None = None) -> list[SellerShare]:
    """The basket's lines grouped by the seller of each stock record, each
    seller's parcel charged for `country` (Morocco when None).

    A line's seller is its stock record's partner's seller: the partner is who
    holds the stock, and every seller is exactly one partner.

    Kept on the basket for the request: placing an order asks for it twice
    (the shipping method's charge, then the sellers' parts), and both must
    be the same split. Asked again after a line changed, it is made again.
    """
    lines = list(basket.all_lines())
    key = (
        country,
        tuple(
            (
                line.pk,
                line.quantity,
                line.stockrecord_id,
                line.line_price_incl_tax_incl_discounts,
            )
            for line in lines
        ),
    )
    kept = getattr(basket, "_split_by_seller", None)
    if kept is not None and kept[0] == key:
        return list(kept[1])
    shares = _split_by_seller(lines=lines, country=country)
    basket._split_by_seller = (key, shares)
    return list(shares)


def _line_sellers(lines) -> dict:
    """Partner pk -> seller of the lines' stock records: those the lines were
    read with (`Basket.all_lines`), else one query for all of them."""
    records = [line.stockrecord for line in lines]
    if all(
        StockRecord.partner.is_cached(record)
        and Partner.seller.is_cached(record.partner)
        for record in records
    ):
        return {
            record.partner_id: record.partner.seller
            for record in records
            if getattr(record.partner, "seller", None) is not None
        }
    return Seller.objects.in_bulk(
        {record.partner_id for record in records}, field_name="partner_id"
    )


def _split_by_seller(*, lines, country: str | None) -> list[SellerShare]:
    sellers = _line_sellers(lines)
    shares: dict[int, SellerShare] = {}
    for line in lines:
        seller = sellers[line.stockrecord.partner_id]
        share = shares.setdefault(seller.pk, SellerShare(seller=seller))
        share.lines.append(line)
        share.subtotal += line.line_price_incl_tax_incl_discounts
        share.weight_g += line_weight_g(line)
    if shares:
        tables = shipping_tables(seller_ids=shares.keys())
        for share in shares.values():
            share.shipping, share.carrier = seller_shipping_quote(
                seller=share.seller,
                subtotal=share.subtotal,
                weight_g=share.weight_g,
                country=country,
                tables=tables,
            )
    return sorted(shares.values(), key=lambda share: share.seller.name)


def address_country(address) -> str | None:
    """The ISO code of a shipping address's country, or None."""
    if address is None:
        return None
    return getattr(address, "country_id", None) or None
