from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from oscar.apps.catalogue import admin as oscar_admin
from oscar.apps.catalogue.admin import *  # noqa: F403

from .models import (
    AttributeOptionGroup,
    Category,
    Material,
    Option,
    Product,
    ProductAttribute,
    ProductClass,
)

# Oscar's admin pages, each translated field shown in the three languages
# (django-modeltranslation's admin classes before Oscar's own).
for model in (Category, ProductClass, ProductAttribute, Option, Product):
    admin.site.unregister(model)


@admin.register(Category)
class CategoryAdmin(TranslationAdmin, oscar_admin.CategoryAdmin):
    pass


class ProductAttributeInline(
    TranslationTabularInline, oscar_admin.ProductAttributeInline
):
    pass


@admin.register(ProductClass)
class ProductClassAdmin(TranslationAdmin, oscar_admin.ProductClassAdmin):
    inlines = [ProductAttributeInline]


@admin.register(ProductAttribute)
class ProductAttributeAdmin(TranslationAdmin, oscar_admin.ProductAttributeAdmin):
    pass


@admin.register(Option)
class OptionAdmin(TranslationAdmin, oscar_admin.OptionAdmin):
    pass


@admin.register(Product)
class ProductAdmin(TranslationAdmin, oscar_admin.ProductAdmin):
    pass


class AttributeOptionInline(
    TranslationTabularInline, oscar_admin.AttributeOptionInline
):
    pass


admin.site.unregister(AttributeOptionGroup)


@admin.register(AttributeOptionGroup)
class AttributeOptionGroupAdmin(oscar_admin.AttributeOptionGroupAdmin):
    inlines = [AttributeOptionInline]


@admin.register(Material)
class MaterialAdmin(TranslationAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name_fr"]}
