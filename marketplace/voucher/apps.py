import oscar.apps.voucher.apps as apps


class VoucherConfig(apps.VoucherConfig):
    """Oscar's vouchers, forked so that a voucher's name has a column per
    language (`translation.py`); its migrations are Oscar's, then ours."""

    name = "marketplace.voucher"
