"""Read what search engines read: link elements, JSON-LD, sitemap XML."""

import json
from html.parser import HTMLParser
from xml.etree import ElementTree

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.metas, self.json_ld = [], {}, []
        self._in_ld = False
        self._buffer = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            name = attrs.get("property") or attrs.get("name")
            if name:
                self.metas[name] = attrs.get("content")
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld, self._buffer = True, []

    def handle_data(self, data):
        if self._in_ld:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_ld:
            self._in_ld = False
            self.json_ld.append(json.loads("".join(self._buffer)))


def head_of(response) -> _Head:
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


def canonical(head) -> str:
    (link,) = [link for link in head.links if link.get("rel") == "canonical"]
    return link["href"]


def alternates(head) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in head.links
        if link.get("rel") == "alternate" and "hreflang" in link
    }


def json_ld_of_type(head, kind: str) -> list[dict]:
    return [block for block in head.json_ld if block.get("@type") == kind]


def urlset(response) -> list[dict]:
    """Each <url>: its location and {hreflang: href} alternates."""
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return [
        {
            "loc": url.find("sm:loc", NS).text,
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link", NS)
            },
        }
        for url in root.findall("sm:url", NS)
    ]


def sitemap_files(response) -> list[str]:
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return [item.find("sm:loc", NS).text for item in root.findall("sm:sitemap", NS)]
