"""The carriers a Moroccan shop uses, the zones, and the carriers' rates in
Morocco (MAD, by weight band): seeded by a migration and by `seed_demo`. Staff
change them in the admin; seeding again changes nothing that exists.

`shipping_seed(apps)` takes an app registry: the migration's historical one or
Django's own.
"""

from decimal import Decimal

CARRIERS = [
    # code, name, tracking page, pattern, example, own courier
    (
        "amana",
        "Amana",
        "https://bam-tracking.barid.ma/Tracking/Search?trackingCode={number}",
        r"[A-Z]{2}[0-9]{9}MA",
        "CA123456789MA",
        False,
    ),
    (
        "ctm-messagerie",
        "CTM Messagerie",
        "https://www.ctm.ma/messagerie/suivi-colis?numero={number}",
        r"[0-9]{8,14}",
        "20261234567",
        False,
    ),
    (
        "aramex",
        "Aramex",
        "https://www.aramex.com/ma/fr/track/results?ShipmentNumber={number}",
        r"[0-9]{10,12}",
        "34567891234",
        False,
    ),
    ("own-courier", "Coursier de l'artisan", "", "", "", True),
]

ZONES = [
    ("maroc", "Maroc", "MA", True),
    ("europe", "Europe", "FR BE ES PT IT DE NL LU CH AT GB IE", False),
    ("amerique-du-nord", "Amérique du Nord", "US CA", False),
    ("maghreb-moyen-orient", "Maghreb et Moyen-Orient", "DZ TN EG AE SA QA", False),
]

RATES_MOROCCO = {
    "amana": [
        (500, "25.00"),
        (2000, "35.00"),
        (5000, "50.00"),
        (10000, "75.00"),
        (30000, "130.00"),
    ],
    "ctm-messagerie": [
        (1000, "30.00"),
        (5000, "45.00"),
        (10000, "65.00"),
        (30000, "110.00"),
    ],
    "aramex": [(1000, "45.00"), (5000, "70.00"), (30000, "150.00")],
}


def shipping_seed(apps) -> None:
    Carrier = apps.get_model("shipping", "Carrier")
    ShippingZone = apps.get_model("shipping", "ShippingZone")
    CarrierRate = apps.get_model("shipping", "CarrierRate")
    carriers = {}
    for position, (code, name, url, pattern, example, own) in enumerate(CARRIERS):
        carriers[code], _ = Carrier.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "tracking_url": url,
                "tracking_pattern": pattern,
                "tracking_example": example,
                "is_own_courier": own,
                "position": position,
            },
        )
    zones = {}
    for position, (code, name, countries, domestic) in enumerate(ZONES):
        zones[code], _ = ShippingZone.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "countries": countries,
                "is_domestic": domestic,
                "position": position,
            },
        )
    for code, bands in RATES_MOROCCO.items():
        for max_weight_g, price in bands:
            CarrierRate.objects.get_or_create(
                carrier=carriers[code],
                zone=zones["maroc"],
                max_weight_g=max_weight_g,
                defaults={"price": Decimal(price)},
            )


# Each carrier's and zone's name in French, Arabic and English (brands keep
# their own name where they write no other).
NAMES = {
    "Carrier": {
        "amana": ("Amana", "أمانة", "Amana"),
        "ctm-messagerie": ("CTM Messagerie", "CTM Messagerie", "CTM Messagerie"),
        "aramex": ("Aramex", "أرامكس", "Aramex"),
        "own-courier": (
            "Coursier de l'artisan",
            "ساعي الحرفي",
            "The artisan's own courier",
        ),
    },
    "ShippingZone": {
        "maroc": ("Maroc", "المغرب", "Morocco"),
        "europe": ("Europe", "أوروبا", "Europe"),
        "amerique-du-nord": ("Amérique du Nord", "أمريكا الشمالية", "North America"),
        "maghreb-moyen-orient": (
            "Maghreb et Moyen-Orient",
            "المغرب العربي والشرق الأوسط",
            "Maghreb and Middle East",
        ),
    },
}


def shipping_names_seed(apps) -> None:
    """Fill the seeded carriers' and zones' names left empty in fr, ar, en.

    A name staff wrote stays. Needs the translated columns (migration 0006 on).
    """
    for model_name, names in NAMES.items():
        model = apps.get_model("shipping", model_name)
        for row in model.objects.filter(code__in=names):
            changed = []
            for language, name in zip(("fr", "ar", "en"), names[row.code], strict=True):
                field = f"name_{language}"
                if not getattr(row, field):
                    setattr(row, field, name)
                    changed.append(field)
            if changed:
                row.save(update_fields=changed)
