"""A rate saved or deleted: the rates are read again and every kept page
showing a converted price goes stale."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from marketplace.pagecache.pages import pages_forget_now_and_on_commit

from .models import ExchangeRate
from .selectors import RATES_CACHE_KEY


def rates_changed(**kwargs) -> None:
    cache.delete(RATES_CACHE_KEY)
    # Again once committed: a request between now and then re-reads the old rows.
    transaction.on_commit(lambda: cache.delete(RATES_CACHE_KEY))
    pages_forget_now_and_on_commit()


def register_signal_handlers() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            rates_changed, sender=ExchangeRate, dispatch_uid=f"rates-{signal}"
        )
