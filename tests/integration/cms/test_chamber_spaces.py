"""`setup_chamber_spaces` gives every region its space in every language."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import GroupPagePermission

from cms.models import RegionIndexPage, RegionPage
from cms.services import chamber_group_names

from . import factories as f

pytestmark = pytest.mark.django_db


def test_every_region_gets_its_space_in_each_translated_language_once(tree):
    ar_home = tree.home.copy_for_translation(tree.locales["ar"])
    f.publish(ar_home)

    call_command("setup_chamber_spaces", stdout=io.StringIO())

    ar_index = RegionIndexPage.objects.child_of(ar_home).get()
    assert ar_index.title == "الجهات"
    for region in (tree.region_a, tree.region_b):
        fr_page = RegionPage.objects.child_of(tree.regions).get(region=region)
        ar_page = RegionPage.objects.child_of(ar_index).get(region=region)
        assert ar_page.translation_key == fr_page.translation_key
        assert ar_page.title == region.name_ar and ar_page.live
        editors, _moderators = chamber_group_names(region=region)
        assert GroupPagePermission.objects.filter(
            page=ar_page, group__name=editors
        ).exists()

    out = io.StringIO()
    call_command("setup_chamber_spaces", stdout=out)
    assert "pages created: 0" in out.getvalue()
