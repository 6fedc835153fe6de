"""A fair page scheduled with go_live_at goes live when publish_scheduled runs."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from cms.models import FairPage

from . import factories as f

pytestmark = pytest.mark.django_db


def test_a_fair_scheduled_for_later_goes_live_only_when_its_time_comes(client, tree):
    start = timezone.localdate() + timedelta(days=30)
    fair = FairPage(
        title="Salon programmé",
        start_date=start,
        end_date=start + timedelta(days=2),
        city="Safi",
        live=False,
    )
    tree.page_a.add_child(instance=fair)
    go_live_at = timezone.now() + timedelta(days=2)
    fair.go_live_at = go_live_at
    fair.save_revision().publish()

    fair.refresh_from_db()
    assert not fair.live
    assert fair.get_latest_revision().approved_go_live_at == go_live_at
    call_command("publish_scheduled")  # too early: nothing happens
    fair.refresh_from_db()
    assert not fair.live
    assert f.page_get(client, fair).status_code == 404

    with freeze_time(go_live_at + timedelta(minutes=1)):
        call_command("publish_scheduled")

    fair.refresh_from_db()
    assert fair.live
    assert f.page_get(client, fair).status_code == 200
    assert "Salon programmé" in f.page_get(client, tree.fairs).content.decode()
