"""The catalogue's signals: Oscar's, and one of its own."""

from django.dispatch import Signal
from oscar.apps.catalogue.signals import *  # noqa: F403

#: A product was published or unpublished with a queryset update, which sends
#: no post_save: whoever keeps a copy of what is public (the search index)
#: listens. Sent with `product`, or with `product_ids` once for many products
#: written by bulk statements (a catalogue file's import).
product_visibility_changed = Signal()
