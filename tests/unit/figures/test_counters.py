"""Which page views count: shoppers', not robots', prefetches' nor HEADs'."""

import pytest
from django.test import RequestFactory

from marketplace.figures.counters import is_bot, is_counted

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
]
ROBOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "",
]


@pytest.mark.parametrize("agent", BROWSERS)
def test_a_browser_is_a_shopper(agent):
    assert not is_bot(agent)


@pytest.mark.parametrize("agent", ROBOTS)
def test_a_robot_is_not(agent):
    assert is_bot(agent)


def test_only_a_shoppers_get_request_counts():
    factory = RequestFactory(HTTP_USER_AGENT=BROWSERS[0])
    assert is_counted(factory.get("/fr/catalogue/tapis_1/"))
    assert not is_counted(factory.head("/fr/catalogue/tapis_1/"))
    assert not is_counted(factory.get("/", HTTP_SEC_PURPOSE="prefetch;prerender"))
    assert not is_counted(factory.get("/", HTTP_PURPOSE="prefetch"))
