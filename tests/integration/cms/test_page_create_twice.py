"""A second create of the same page (autosave, double click, two tabs) never
answers 500: the editor lands on the page that exists or on the form."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from cms.forms import FairPageForm
from cms.models import FairPage
from cms.services import chamber_cms_setup
from tests.mfa import force_login_verified

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(tree):
    user = f.user()
    chamber_cms_setup(chamber=tree.region_a.chamber).editors.user_set.add(user)
    return user


def _add_url(tree):
    return reverse("wagtailadmin_pages:add", args=["cms", "fairpage", tree.page_a.pk])


def _create_form_data(client, tree):
    html = client.get(_add_url(tree)).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    start = date.today() + timedelta(days=30)
    data["title"] = "Salon des tisseuses"
    data["slug"] = "salon-des-tisseuses"
    data["start_date"] = start.isoformat()
    data["end_date"] = (start + timedelta(days=4)).isoformat()
    data["city"] = "Marrakech"
    return data


def test_submitting_after_the_autosave_answers_without_a_second_page(
    client, tree, editor
):
    force_login_verified(client, editor)
    data = _create_form_data(client, tree)
    # The editor's autosave creates the draft in the background…
    autosaved = client.post(
        _add_url(tree), data, headers={"accept": "application/json"}
    )
    assert autosaved.status_code == 200 and autosaved.json()["success"]
    # …and the "Submit" click still posts to the create URL.
    data["action-submit"] = "1"
    response = client.post(_add_url(tree), data)
    assert response.status_code in (200, 302)
    assert FairPage.objects.filter(title="Salon des tisseuses").count() == 1


def _created_meanwhile(monkeypatch, tree, user, data):
    """The other request (an autosave, the first click) adds the page after
    this one's form was checked and before it adds the page itself."""
    other = Client()
    force_login_verified(other, user)
    clean = FairPageForm.clean

    def clean_then_other_request_creates(form):
        cleaned_data = clean(form)
        monkeypatch.setattr(FairPageForm, "clean", clean)
        response = other.post(
            _add_url(tree), data, headers={"accept": "application/json"}
        )
        assert response.json()["success"]
        return cleaned_data

    monkeypatch.setattr(FairPageForm, "clean", clean_then_other_request_creates)


def test_a_submit_racing_its_own_autosave_lands_on_the_saved_page(
    client, monkeypatch, tree, editor
):
    force_login_verified(client, editor)
    data = _create_form_data(client, tree)
    _created_meanwhile(monkeypatch, tree, editor, data.copy())
    data["action-submit"] = "1"

    response = client.post(_add_url(tree), data)

    fair = FairPage.objects.get(title="Salon des tisseuses")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[fair.pk])


def test_a_create_racing_another_editors_page_answers_the_form_with_an_error(
    client, monkeypatch, tree, editor
):
    other_editor = f.user()
    chamber_cms_setup(chamber=tree.region_a.chamber).editors.user_set.add(other_editor)
    force_login_verified(client, editor)
    data = _create_form_data(client, tree)
    _created_meanwhile(monkeypatch, tree, other_editor, data.copy())
    data["action-submit"] = "1"

    response = client.post(_add_url(tree), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["slug"]
    assert FairPage.objects.filter(title="Salon des tisseuses").count() == 1


def test_an_autosave_racing_another_create_answers_a_json_error(
    client, monkeypatch, tree, editor
):
    force_login_verified(client, editor)
    data = _create_form_data(client, tree)
    _created_meanwhile(monkeypatch, tree, editor, data.copy())

    response = client.post(_add_url(tree), data, headers={"accept": "application/json"})

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert FairPage.objects.filter(title="Salon des tisseuses").count() == 1
