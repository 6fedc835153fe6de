"""The Content-Security-Policy each page is served with (django-csp).

The policy is the second line behind escaping (text from users is text): if a
seller's text ever reached a page as markup, the browser would still refuse to
run it. Scripts run only from our own origin or with the response's nonce
(`{{ request.csp_nonce }}` on the few inline scripts the templates keep); no
'unsafe-inline', no 'unsafe-eval'. The policy itself is
`settings.CONTENT_SECURITY_POLICY`; this module adjusts it per page:

- The card payment page loads Stripe.js and Stripe's frames
  (`csp_allow_stripe`): only that page, so no other page lets a Stripe origin
  run scripts.
- The CMI's card step posts its form to the CMI's hosted page
  (`csp_allow_form_action`): only that page may send a form elsewhere.
- The staff tools (Django admin, Oscar's dashboard, Wagtail's admin) are
  third-party templates full of inline scripts and handlers; nonces cannot be
  added without copying them. They get 'unsafe-inline' scripts, and are open
  only to signed-in staff, who never see a seller's text as markup there
  either (those templates escape it). Images may also come from blob: URLs
  (Wagtail's upload previews).
"""

import re
from urllib.parse import urlsplit

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

# Django admin, Wagtail's admin, Oscar's dashboard (under a language prefix).
_STAFF_TOOLS = re.compile(r"^/(django-admin|cms-admin|[a-z]{2}(-[a-z]+)?/dashboard)/")

# Stripe's own list for Stripe.js and the Payment Element.
_STRIPE_SCRIPTS = ["https://js.stripe.com", "https://*.js.stripe.com"]
_STRIPE_FRAMES = [*_STRIPE_SCRIPTS, "https://hooks.stripe.com"]
_STRIPE_CONNECT = ["https://api.stripe.com"]
_STRIPE_IMAGES = ["https://*.stripe.com"]


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def csp_allow_stripe(response):
    """Let this response load Stripe.js from settings.STRIPE_JS_URL's origin,
    show Stripe's frames and call Stripe's API (the card payment page)."""
    extra = [o for o in (_origin(settings.STRIPE_JS_URL),) if o]
    response._csp_update = {
        "script-src": [*_STRIPE_SCRIPTS, *extra],
        "frame-src": [*_STRIPE_FRAMES, *extra],
        "connect-src": [*_STRIPE_CONNECT, *extra],
        "img-src": [*_STRIPE_IMAGES, *extra],
    }
    return response


def csp_allow_form_action(response, url: str):
    """Let this response's forms post to `url`'s origin (the CMI's hosted
    payment page, where the card step sends the shopper)."""
    origin = _origin(url)
    if origin:
        response._csp_update = {"form-action": [origin]}
    return response


def is_staff_tool(path: str) -> bool:
    return bool(_STAFF_TOOLS.match(path))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the staff tools' relaxed script rule."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_staff_tool(request.path_info):
            # A nonce in the header would make browsers ignore 'unsafe-inline'.
            parts.replace = {
                **(parts.replace or {}),
                "script-src": [SELF, UNSAFE_INLINE],
            }
            parts.nonce = None
            # Wagtail previews an image being uploaded from a blob: URL.
            parts.update = {**(parts.update or {}), "img-src": ["blob:"]}
        return parts
