"""Writes of the CMS: the chambers' groups and workflow, collection promotions.

Wagtail grants page permissions on a page and all its descendants, and a
workflow assigned to a page governs its descendants: each chamber's editors
and moderators therefore get theirs on the RegionPage of its region (one per
language) and on nothing else.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from artisans.models import Chamber, Region

from .models import HomePage, RegionalCollectionPage, RegionIndexPage, RegionPage
from .selectors import products_public_of_region

# Editors write and submit; only moderators publish (through the workflow).
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
# Both upload and pick the images of their pages.
IMAGE_PERMISSIONS = ["add_image", "choose_image"]


@dataclass(frozen=True)
class ChamberCms:
    editors: Group
    moderators: Group
    workflow: Workflow


def chamber_group_names(*, region: Region) -> tuple[str, str]:
    return (
        f"Chambre {region.code} · éditeurs",
        f"Chambre {region.code} · modérateurs",
    )


def region_page_get_or_create(
    *, region_index: RegionIndexPage, region: Region, owner=None
) -> RegionPage:
    """The region's page under `region_index` (its language), made and published."""
    page = RegionPage.objects.child_of(region_index).filter(region=region).first()
    if page is None:
        page = RegionPage(
            title=region.localized_name(region_index.locale.language_code),
            slug=region.slug,
            region=region,
            owner=owner,
        )
        region_index.add_child(instance=page)
        page.save_revision(user=owner).publish(user=owner)
    return page


@transaction.atomic
def chamber_spaces_setup(*, owner=None) -> int:
    """Every chamber's space in every language, then its groups and workflow.

    Under the default language's home page: a regions index and one RegionPage
    per region; then their translations under the other languages' home pages
    (those that are translations of it); then `chamber_cms_setup` for each
    chamber. Idempotent; returns the number of pages created.
    """
    homes = list(HomePage.objects.select_related("locale").order_by("pk"))
    default_locale = Locale.get_default()
    # One source per site: its home page in the default language.
    sources = [h for h in homes if h.locale_id == default_locale.pk] or homes[:1]
    created = sum(
        _chamber_spaces_under(source=source, homes=homes, owner=owner)
        for source in sources
    )
    for chamber in Chamber.objects.select_related("region"):
        chamber_cms_setup(chamber=chamber)
    return created


def _chamber_spaces_under(*, source: HomePage, homes: list, owner) -> int:
    created = 0
    index = RegionIndexPage.objects.child_of(source).first()
    if index is None:
        with translation.override(source.locale.language_code):
            title = str(_("Regions"))
        index = RegionIndexPage(title=title, slug="regions", owner=owner)
        source.add_child(instance=index)
        index.save_revision(user=owner).publish(user=owner)
        created += 1
    region_pages = []
    for region in Region.objects.order_by("code"):
        if not RegionPage.objects.child_of(index).filter(region=region).exists():
            created += 1
        region_pages.append(
            region_page_get_or_create(region_index=index, region=region, owner=owner)
        )
    for home in homes:
        if home.pk == source.pk or home.translation_key != source.translation_key:
            continue
        language = home.locale.language_code
        for page in [index, *region_pages]:
            if page.get_translation_or_none(home.locale) is not None:
                continue
            copy = page.copy_for_translation(home.locale)
            if isinstance(page, RegionPage):
                copy.title = page.region.localized_name(language)
            else:
                with translation.override(language):
                    copy.title = str(_("Regions"))
            copy.save_revision(user=owner).publish(user=owner)
            created += 1
    return created


@transaction.atomic
def chamber_cms_setup(*, chamber: Chamber) -> ChamberCms:
    """The chamber's editors and moderators groups, their permissions, workflow.

    Idempotent: run again after a RegionPage is added in a new language, it
    grants the same permissions there.
    """
    editors_name, moderators_name = chamber_group_names(region=chamber.region)
    editors, _new = Group.objects.get_or_create(name=editors_name)
    moderators, _new = Group.objects.get_or_create(name=moderators_name)
    # Wagtail's admin, and translating their pages (French, Arabic, English)
    # with simple_translation; where a translation lands is still checked
    # against the page permissions below.
    global_permissions = [
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        Permission.objects.get(
            content_type__app_label="simple_translation",
            codename="submit_translation",
        ),
    ]
    editors.permissions.add(*global_permissions)
    moderators.permissions.add(*global_permissions)

    root_collection = Collection.get_first_root_node()
    for group in (editors, moderators):
        for codename in IMAGE_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailimages", codename=codename
                ),
            )

    # Names are keys here (looked up on every run), so never translated.
    workflow, _new = Workflow.objects.get_or_create(
        name=f"Chambre {chamber.region.code} · validation"
    )
    task = GroupApprovalTask.objects.filter(
        workflow_tasks__workflow=workflow
    ).first() or GroupApprovalTask.objects.create(
        name=f"Validation par {moderators.name}"
    )
    task.groups.set([moderators])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )

    page_permissions = {
        editors: EDITOR_PAGE_PERMISSIONS,
        moderators: MODERATOR_PAGE_PERMISSIONS,
    }
    for region_page in RegionPage.objects.filter(region=chamber.region):
        for group, codenames in page_permissions.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=region_page,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )
        WorkflowPage.objects.update_or_create(
            page=region_page, defaults={"workflow": workflow}
        )
    return ChamberCms(editors=editors, moderators=moderators, workflow=workflow)


# --- Collection promotions --------------------------------------------------------


def _offer_names(page: RegionalCollectionPage) -> str:
    # Oscar wants unique offer and range names of at most 128 characters; the
    # page id makes them unique.
    return f"{page.title[:100]} · collection #{page.pk}"


def _offer_texts(*, offer, page: RegionalCollectionPage) -> None:
    """The offer's name and description in each language the collection is
    written in (its published translations' titles and introductions: a
    fresh copy still holds the source's words); a language without one stays
    empty, and the shopper reads French then (`marketplace.translated.pick`,
    marked with its `lang`)."""
    pages = {
        translated.locale.language_code[:2]: translated
        for translated in RegionalCollectionPage.objects.live()
        .filter(translation_key=page.translation_key)
        .select_related("locale")
    }
    pages[page.locale.language_code[:2]] = page
    for code, _name in settings.LANGUAGES:
        translated = pages.get(code)
        if translated is None:
            name, description = None, ""
        else:
            with translation.override(code):
                name = str(
                    _("%(title)s · collection #%(number)s")
                    % {"title": translated.title[:100], "number": translated.pk}
                )
            description = translated.intro or translated.title
        setattr(offer, f"name_{code}", name)
        setattr(offer, f"description_{code}", description)


@transaction.atomic
def collection_promotion_sync(*, page: RegionalCollectionPage):
    """Create or update the Oscar offer of a published collection's promotion.

    The range is a snapshot of the public products (the collection's, or the
    region's) taken now: a product published later joins it the next time the
    page is published. Without a promotion, or when the page is not live, the
    offer is suspended, never deleted, since orders refer to it.
    Returns the offer, or None when the collection never had a promotion.
    """
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Condition = get_model("offer", "Condition")
    Benefit = get_model("offer", "Benefit")
    Range = get_model("offer", "Range")

    page = RegionalCollectionPage.objects.select_for_update().get(pk=page.pk)
    offer = page.offer or _translation_offer(page)
    if not (page.live and page.has_promotion):
        if offer is not None:
            offer.status = ConditionalOffer.SUSPENDED
            offer.save(update_fields=["status"])
        return offer
    if offer is None:
        product_range = Range.objects.create(name=_offer_names(page), is_public=False)
        offer = ConditionalOffer(
            name=_offer_names(page),
            offer_type=ConditionalOffer.SITE,
            condition=Condition.objects.create(
                range=product_range, type=Condition.COUNT, value=1
            ),
            benefit=Benefit.objects.create(
                range=product_range, type=Benefit.PERCENTAGE, value=Decimal("0")
            ),
        )

    if page.promotion_scope == RegionalCollectionPage.PromotionScope.REGION:
        products = list(products_public_of_region(region=page.region))
    else:
        products = page.public_products()
    product_range = offer.condition.range
    product_range.included_products.set(products)
    product_range.excluded_products.clear()
    product_range.invalidate_cached_queryset()

    offer.benefit.value = page.promotion_percent
    offer.benefit.save(update_fields=["value"])
    _offer_texts(offer=offer, page=page)
    offer.start_datetime = page.promotion_starts_at
    offer.end_datetime = page.promotion_ends_at
    offer.status = ConditionalOffer.OPEN
    offer.save()
    RegionalCollectionPage.objects.filter(translation_key=page.translation_key).update(
        offer=offer
    )
    return offer


def collection_promotion_suspend(*, page: RegionalCollectionPage) -> None:
    """Suspend the offer of a collection taken offline (kept for past orders)."""
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    offer = page.offer or _translation_offer(page)
    live_translations = RegionalCollectionPage.objects.live().filter(
        translation_key=page.translation_key
    )
    if offer is not None and not live_translations.exclude(pk=page.pk).exists():
        offer.status = ConditionalOffer.SUSPENDED
        offer.save(update_fields=["status"])


def _translation_offer(page: RegionalCollectionPage):
    sibling = (
        RegionalCollectionPage.objects.filter(translation_key=page.translation_key)
        .exclude(offer=None)
        .select_related("offer")
        .first()
    )
    return sibling.offer if sibling else None
