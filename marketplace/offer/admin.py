from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from oscar.apps.offer import admin as oscar_admin
from oscar.apps.offer.admin import *  # noqa: F403

from .models import ConditionalOffer

# Oscar's admin page, the name and description in the three languages
# (django-modeltranslation's admin class before Oscar's own).
admin.site.unregister(ConditionalOffer)


@admin.register(ConditionalOffer)
class ConditionalOfferAdmin(TranslationAdmin, oscar_admin.ConditionalOfferAdmin):
    pass
