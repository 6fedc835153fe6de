"""The address a request comes from, the same for every throttle and lock-out.

Behind a reverse proxy REMOTE_ADDR is the proxy's: TRUSTED_PROXY_COUNT says how
many proxies append themselves to X-Forwarded-For, and the address is the one
they saw, counted from the right. Entries further left were written by the
client and can say anything, so they are never trusted.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, or None when there is no valid one.

    None rather than a placeholder: django-axes stores the address in an IP
    column, which PostgreSQL checks (a request made by `force_login` has none).
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def axes_client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: django-axes sees the same address as we do."""
    return client_ip(request)
