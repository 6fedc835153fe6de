"""A write to what shipping charges read makes the kept tables stale."""

from marketplace.pagecache.pages import pages_forget_tags_now_and_on_commit

from .charges import SHIPPING_TAG


def shipping_tables_changed(sender, instance, **kwargs) -> None:
    """post_save and post_delete of a carrier, zone, rate or seller's
    shipping (`ShippingConfig.ready`)."""
    pages_forget_tags_now_and_on_commit([SHIPPING_TAG])
