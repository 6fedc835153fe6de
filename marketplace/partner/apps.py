import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partners and stock, forked for its availability messages only
    (`availability.StockRequired`)."""

    name = "marketplace.partner"
