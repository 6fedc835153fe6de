"""Each chamber edits only its region's pages; its moderators publish them."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import NewsPage
from cms.services import chamber_cms_setup
from tests.mfa import force_login_verified

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def chambers(tree):
    a = chamber_cms_setup(chamber=tree.region_a.chamber)
    b = chamber_cms_setup(chamber=tree.region_b.chamber)
    users = {
        "editor_a": f.user(),
        "moderator_a": f.user(),
        "editor_b": f.user(),
    }
    a.editors.user_set.add(users["editor_a"])
    a.moderators.user_set.add(users["moderator_a"])
    b.editors.user_set.add(users["editor_b"])
    news_a = NewsPage(title="Nouvelles de Safi")
    tree.page_a.add_child(instance=news_a)
    f.publish(news_a)
    news_b = NewsPage(title="Nouvelles de Tétouan")
    tree.page_b.add_child(instance=news_b)
    f.publish(news_b)
    return {"a": a, "b": b, "news_a": news_a, "news_b": news_b, **users}


def test_setup_gives_each_chamber_an_editors_and_a_moderators_group(tree, chambers):
    a = chambers["a"]
    assert a.editors != chambers["b"].editors
    tree_pages = Page.objects.descendant_of(tree.home, inclusive=True)
    assert set(
        GroupPagePermission.objects.filter(
            group=a.editors, page__in=tree_pages
        ).values_list("page_id", "permission__codename")
    ) == {(tree.page_a.pk, "add_page"), (tree.page_a.pk, "change_page")}
    assert "publish_page" in GroupPagePermission.objects.filter(
        group=a.moderators, page=tree.page_a
    ).values_list("permission__codename", flat=True)
    assert tree.page_a.get_workflow() == a.workflow
    assert list(a.workflow.tasks.get().specific.groups.all()) == [a.moderators]


def test_setup_is_idempotent(tree, chambers):
    counts = (Group.objects.count(), GroupPagePermission.objects.count())
    again = chamber_cms_setup(chamber=tree.region_a.chamber)
    assert again.editors == chambers["a"].editors
    assert (Group.objects.count(), GroupPagePermission.objects.count()) == counts


def test_a_chamber_editor_edits_only_its_regions_pages(tree, chambers):
    editor = chambers["editor_a"]
    own = chambers["news_a"].permissions_for_user(editor)
    other = chambers["news_b"].permissions_for_user(editor)

    assert own.can_edit() and tree.page_a.permissions_for_user(editor).can_add_subpage()
    assert not own.can_publish()
    assert not other.can_edit() and not other.can_publish()
    assert not tree.page_b.permissions_for_user(editor).can_add_subpage()
    assert not tree.fairs.permissions_for_user(editor).can_add_subpage()


def test_a_chamber_moderator_publishes_only_its_regions_pages(chambers):
    moderator = chambers["moderator_a"]
    assert chambers["news_a"].permissions_for_user(moderator).can_publish()
    assert not chambers["news_b"].permissions_for_user(moderator).can_publish()
    assert not chambers["news_b"].permissions_for_user(moderator).can_edit()


def test_another_chambers_editor_cannot_open_or_save_the_page(client, chambers):
    page = chambers["news_a"]
    force_login_verified(client, chambers["editor_b"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    assert client.get(edit_url).status_code in (302, 403)
    response = client.post(
        edit_url, {"title": "Piraté", "slug": page.slug, "action-publish": "1"}
    )

    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == "Nouvelles de Safi"
    assert page.get_latest_revision().content["title"] == "Nouvelles de Safi"


def _edit_form_data(client, page):
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    return querydict_from_html(html.decode(), form_id="page-edit-form")


def test_an_editor_submits_and_the_chambers_moderator_publishes(client, chambers):
    page = chambers["news_a"]
    force_login_verified(client, chambers["editor_a"])
    data = _edit_form_data(client, page)
    data["title"] = "Nouvelles de Safi, édition de juin"
    data["action-publish"] = "1"  # not theirs to do: saved as a draft at most
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    page.refresh_from_db()
    assert page.title == "Nouvelles de Safi"

    data.pop("action-publish")
    data["action-submit"] = "1"
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    state = WorkflowState.objects.get(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    assert state.workflow == chambers["a"].workflow
    page.refresh_from_db()
    assert page.title == "Nouvelles de Safi"  # still the published version

    task_state = state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    force_login_verified(client, chambers["editor_b"])
    client.post(approve_url)
    page.refresh_from_db()
    assert page.title == "Nouvelles de Safi"

    force_login_verified(client, chambers["moderator_a"])
    response = client.post(approve_url)
    assert response.status_code in (200, 302)

    page.refresh_from_db()
    assert page.title == "Nouvelles de Safi, édition de juin" and page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_the_chamber_workflow_covers_only_its_region(tree, chambers):
    assert chambers["news_a"].get_workflow() == chambers["a"].workflow
    assert chambers["news_b"].get_workflow() == chambers["b"].workflow
    assert Page.objects.get(pk=tree.fairs.pk).get_workflow() != chambers["a"].workflow


def test_a_chamber_editor_translates_its_page_into_arabic(client, tree, chambers):
    ar = tree.locales["ar"]
    for page in (tree.home, tree.regions, tree.page_a):
        f.publish(page.copy_for_translation(ar))
    chamber_cms_setup(chamber=tree.region_a.chamber)  # the Arabic space too
    page = chambers["news_a"]
    force_login_verified(client, chambers["editor_a"])

    response = client.post(
        reverse("simple_translation:submit_page_translation", args=[page.pk]),
        {"locales": [ar.pk]},
    )

    assert response.status_code == 302
    translation = page.get_translation(ar)
    assert translation.get_parent().specific.region == tree.region_a
    assert translation.permissions_for_user(chambers["editor_a"]).can_edit()
    assert not translation.permissions_for_user(chambers["editor_b"]).can_edit()


def test_a_chamber_editor_cannot_add_a_page_in_another_region(client, tree, chambers):
    force_login_verified(client, chambers["editor_a"])
    add_other = reverse(
        "wagtailadmin_pages:add", args=["cms", "newspage", tree.page_b.pk]
    )
    add_own = reverse(
        "wagtailadmin_pages:add", args=["cms", "newspage", tree.page_a.pk]
    )

    assert client.get(add_own).status_code == 200
    assert client.get(add_other).status_code in (302, 403)
    response = client.post(add_other, {"title": "Intrus", "slug": "intrus"})
    assert response.status_code in (302, 403)
    assert not NewsPage.objects.filter(slug="intrus").exists()
