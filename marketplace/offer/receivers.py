"""A basket's vouchers changed: the offers its applicator read are stale."""

from .applicator import forget_offers_read


def basket_vouchers_changed(sender, instance, action, reverse, **kwargs):
    if action.startswith("post_") and not reverse:
        forget_offers_read(instance)
