"""The catalogue's translated fields (django-modeltranslation).

Each field gets a column per language (`title_fr`, `title_ar`, `title_en`);
`marketplace.translated.pick` chooses which one a page shows. Slugs are not
translated: one address per product and category, whatever the language.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    AttributeOption,
    Category,
    Material,
    Option,
    Product,
    ProductAttribute,
    ProductClass,
)

#: A product's texts in three languages; the seller writes at least its
#: `source_language`'s title.
PRODUCT_TEXTS = ("title", "description", "technique", "care_instructions")


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = PRODUCT_TEXTS


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ProductClass)
class ProductClassTranslation(TranslationOptions):
    fields = ("name",)


@register(ProductAttribute)
class ProductAttributeTranslation(TranslationOptions):
    fields = ("name",)


@register(AttributeOption)
class AttributeOptionTranslation(TranslationOptions):
    fields = ("option",)


@register(Option)
class OptionTranslation(TranslationOptions):
    fields = ("name",)


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("name",)
