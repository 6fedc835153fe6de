import pytest
from django.utils import translation


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """These tests read the services' messages in English (the pages' own
    tests pin their language by URL). Set when the test's body starts: a
    request in a fixture leaves its own language active."""
    with translation.override("en"):
        return (yield)
