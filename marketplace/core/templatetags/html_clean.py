"""`html_clean`: HTML typed by staff, kept to an allowlist before it is shown.

For rich text that is meant as markup (a category description written in
Oscar's dashboard editor). Text that sellers and shoppers type is never
markup: templates escape it (`linebreaks`), they do not clean it.
"""

import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def html_clean(value) -> str:
    """The allowlisted HTML of `value`: no script, no event handler, no
    `javascript:` link (nh3's defaults, which links get rel="noopener
    noreferrer")."""
    if not value:
        return ""
    return mark_safe(nh3.clean(str(value)))  # noqa: S308 (cleaned just now)
