"""Reading a page's HTML as a browser would, for the security tests."""

import json
from html.parser import HTMLParser

# Script types a browser runs; any other type is a data block (JSON-LD).
EXECUTABLE_TYPES = ("text/javascript", "module", "")


class PageMarkup(HTMLParser):
    """The scripts, event handlers, `javascript:` links and text of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []  # {"attrs": {...}, "body": str}
        self.handlers: list[tuple[str, str, str]] = []
        self.javascript_urls: list[tuple[str, str, str]] = []
        self.tags: list[tuple[str, dict]] = []
        self._text: list[str] = []
        self._script: dict | None = None
        self.feed(html)
        self.close()

    @property
    def text(self) -> str:
        return "".join(self._text)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        for name, value in attributes.items():
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name in ("href", "src", "action", "formaction") and (
                value.strip().lower().startswith("javascript:")
            ):
                self.javascript_urls.append((tag, name, value))
        if tag == "script":
            self._script = {"attrs": attributes, "body": ""}
            self.scripts.append(self._script)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script["body"] += data
        else:
            self._text.append(data)

    @property
    def inline_scripts(self) -> list[dict]:
        """Scripts the browser would run from the page itself (not JSON data)."""
        return [
            s
            for s in self.scripts
            if "src" not in s["attrs"]
            and s["attrs"].get("type", "text/javascript") in EXECUTABLE_TYPES
        ]


def assert_no_markup_from(html: str, marker: str) -> PageMarkup:
    """No script, handler or `javascript:` link in the page carries `marker`."""
    page = PageMarkup(html)
    executable = [
        s
        for s in page.scripts
        if s["attrs"].get("type", "text/javascript") in EXECUTABLE_TYPES
    ]
    assert not [s for s in executable if marker in s["body"]], "script injected"
    for data in page.scripts:
        if data["attrs"].get("type") in ("application/ld+json", "application/json"):
            # Whole JSON: the user's text could not end the block early.
            json.loads(data["body"])
    assert not [s for s in page.scripts if marker in s["attrs"].get("src", "")]
    assert not [h for h in page.handlers if marker in h[2]], "event handler injected"
    assert not [u for u in page.javascript_urls if marker in u[2]], "javascript: link"
    return page
