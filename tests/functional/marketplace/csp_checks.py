"""Reading a response's Content-Security-Policy, for the tests."""

import re

from tests.functional.marketplace.html_checks import PageMarkup

HEADER = "Content-Security-Policy"


def policy(response) -> dict[str, list[str]]:
    """The enforced policy's directives: name -> sources."""
    assert HEADER in response, f"no {HEADER} header"
    directives = {}
    for part in response[HEADER].split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def nonce(response) -> str | None:
    found = [
        m.group(1)
        for source in policy(response).get("script-src", [])
        if (m := re.fullmatch(r"'nonce-(.+)'", source))
    ]
    return found[0] if found else None


def assert_strict_scripts(response) -> PageMarkup:
    """No inline script runs without this response's nonce; no eval."""
    scripts = policy(response)["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "*" not in scripts and "data:" not in scripts
    page = PageMarkup(response.content.decode())
    allowed = nonce(response)
    for script in page.inline_scripts:
        assert allowed and script["attrs"].get("nonce") == allowed, script
    assert not page.handlers, page.handlers  # inline handlers never run either
    return page
