"""Plumbing: a craft's names edited by staff are read afresh by the badges."""

from django.db.models.signals import post_delete, post_save

from .models import Craft
from .selectors import craft_names_forget


def _crafts_changed(sender, **kwargs):
    craft_names_forget()


post_save.connect(_crafts_changed, sender=Craft, dispatch_uid="artisans-crafts-saved")
post_delete.connect(
    _crafts_changed, sender=Craft, dispatch_uid="artisans-crafts-deleted"
)
