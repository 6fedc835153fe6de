from oscar.apps.dashboard.vouchers import apps


class VouchersDashboardConfig(apps.VouchersDashboardConfig):
    """Oscar's vouchers dashboard, forked for its forms: a voucher's name in
    three languages."""

    name = "marketplace.dashboard.vouchers"
