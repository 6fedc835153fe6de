"""Keep a collection's Oscar offer in step with its page.

Wagtail publishes from several places (the editor, a workflow's last approval,
`publish_scheduled`); `page_published` is the one event all of them send, so
the promotion is synced here and nowhere else.
"""

from wagtail.signals import page_published, page_unpublished

from marketplace.legal.services import document_published, document_unpublished

from .models import LegalPage, RegionalCollectionPage
from .services import collection_promotion_suspend, collection_promotion_sync


def _collection_published(sender, instance, **kwargs):
    collection_promotion_sync(page=instance)


def _collection_unpublished(sender, instance, **kwargs):
    collection_promotion_suspend(page=instance)


def _legal_published(sender, instance, **kwargs):
    document_published(
        kind=instance.kind,
        language=instance.locale.language_code,
        version=instance.version,
        title=instance.title,
        # The path alone: the footer links within whichever host serves it.
        url=(instance.get_url_parts() or (None, None, instance.url_path))[2],
    )


def _legal_unpublished(sender, instance, **kwargs):
    document_unpublished(kind=instance.kind, language=instance.locale.language_code)


def register_signal_handlers():
    page_published.connect(
        _legal_published, sender=LegalPage, dispatch_uid="cms_legal_published"
    )
    page_unpublished.connect(
        _legal_unpublished, sender=LegalPage, dispatch_uid="cms_legal_unpublished"
    )
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
