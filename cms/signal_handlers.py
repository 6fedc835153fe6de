"""Keep a collection's Oscar offer in step with its page.

Wagtail publishes from several places (the editor, a workflow's last approval,
`publish_scheduled`); `page_published` is the one event all of them send, so
the promotion is synced here and nowhere else.
"""

from wagtail.signals import page_published, page_unpublished

from .models import RegionalCollectionPage
from .services import collection_promotion_suspend, collection_promotion_sync


def _collection_published(sender, instance, **kwargs):
    collection_promotion_sync(page=instance)


def _collection_unpublished(sender, instance, **kwargs):
    collection_promotion_suspend(page=instance)


def register_signal_handlers():
    page_published.connect(
        _collection_published,
        sender=RegionalCollectionPage,
        dispatch_uid="cms_collection_published",
    )
    page_unpublished.connect(
        _collection_unpublished,
        sender=RegionalCollectionPage,
        dispatch_uid="cms_collection_unpublished",
    )
