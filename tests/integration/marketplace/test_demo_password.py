"""Every demo account signs in with the published demo password, hashed once
for all of them (70 hashes of it were a quarter of a small demo's build)."""

import pytest
from django.contrib.auth import authenticate, get_user_model

from marketplace.core.demo import DEMO_DOMAIN, DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.demo, pytest.mark.embedded]


def test_demo_accounts_share_one_hash_of_the_demo_password(demo):
    accounts = get_user_model().objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    sellers = accounts.filter(email__startswith="vendeur")
    chambers = accounts.filter(email__startswith="chambre")
    assert sellers.exists() and chambers.exists()
    assert len({user.password for user in accounts}) == 1
    for user in (sellers.first(), chambers.first()):
        assert authenticate(username=user.username, password=DEMO_PASSWORD) == user
        assert authenticate(username=user.username, password="wrong") is None
