"""`{% keptpart "name" part part… [shows=tags] %}…{% endkeptpart %}`: a part
of a page kept between renderings with the versions of what it showed
(`marketplace.pagecache.pages.shown_kept`).

For parts that are the same for every visitor who gets them (kept HTML is
served to anyone: wrap it in `{% if %}` for anonymous visitors when it reads
the user or the basket). The page's CSRF token is swapped for each
requester's; a part printing the CSP nonce is not kept. The parts after the
name (the language, a page's id) are part of the key; `shows`: tags the page
read before the part that the part prints (`page_shows`). Kept at most a
minute, as whole pages are: what changes with the clock alone (a fair that
ends, a promotion that starts) moves no version. Not kept when fragments are
off (the tests).
"""

from django import template
from django.utils.safestring import SafeString

from marketplace.pagecache.pages import PART_SECONDS_MAX, fragment_seconds, shown_kept

register = template.Library()


class KeptPartNode(template.Node):
    def __init__(self, name, parts, shows, nodelist):
        self.name = name
        self.parts = parts
        self.shows = shows
        self.nodelist = nodelist

    def render(self, context):
        name = self.name.resolve(context)
        parts = tuple(str(part.resolve(context)) for part in self.parts)
        # Our own template's output, escaped as it was rendered: kept as the
        # SafeString it is.
        shows = self.shows.resolve(context) if self.shows is not None else ()
        csrf_token = context.get("csrf_token")  # lazy: read only if needed
        return SafeString(
            shown_kept(
                name,
                parts,
                seconds=min(fragment_seconds(), PART_SECONDS_MAX),
                make=lambda: self.nodelist.render(context),
                shows=shows or (),
                csrf_token=csrf_token,
            )
        )


@register.tag("keptpart")
def do_keptpart(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% keptpart %} needs a name")
    shows = None
    if bits[-1].startswith("shows="):
        shows = parser.compile_filter(bits.pop()[len("shows=") :])
    nodelist = parser.parse(("endkeptpart",))
    parser.delete_first_token()
    return KeptPartNode(
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
        shows,
        nodelist,
    )
