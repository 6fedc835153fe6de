"""Staff edit the exchange rates in the Django admin, within bounds."""

from decimal import Decimal

import pytest
from django.test import Client

from marketplace.currency.models import ExchangeRate
from marketplace.currency.selectors import rates_latest
from tests.factories import UserFactory
from tests.mfa import force_login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

ADD = "/django-admin/currency/exchangerate/add/"


def test_staff_add_a_rate_and_an_implausible_one_is_refused():
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    force_login_verified(client, staff)
    form = {"currency": "EUR", "date": "2026-11-28", "source": "staff"}
    for implausible in ("0", "5000", "-1"):
        refused = client.post(ADD, {**form, "mad_per_unit": implausible})
        assert refused.status_code == 200
        assert list(refused.context["adminform"].form.errors) == ["mad_per_unit"]
    assert not ExchangeRate.objects.exists()
    added = client.post(ADD, {**form, "mad_per_unit": "10.85"})
    assert added.status_code == 302
    assert rates_latest()["EUR"].mad_per_unit == Decimal("10.85")


def test_only_staff_reach_the_rates():
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/django-admin/currency/exchangerate/").status_code == 302
