"""The address lock-outs and throttles count: REMOTE_ADDR, or the proxy's."""

from django.test import RequestFactory, override_settings

from marketplace.accounts.client import client_ip

factory = RequestFactory()


def test_without_a_proxy_the_connection_address_counts_and_headers_do_not():
    request = factory.get(
        "/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert client_ip(request) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote():
    request = factory.get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_ip(request) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_no_valid_address_is_none_not_a_value_postgresql_would_refuse():
    assert client_ip(factory.get("/", REMOTE_ADDR="")) is None
    assert client_ip(factory.get("/", HTTP_X_FORWARDED_FOR="not-an-ip")) is None
