"""Counting attempts in Django's cache: a fixed window per key.

The apply form asks the registry a question; without a limit it answers as
many as anyone cares to ask. `attempt_allowed()` counts one attempt under each
key (the account, the client's address) and refuses once any has reached its
limit within the window. `cache.add` and `cache.incr` are atomic on Redis and
on the local-memory cache, so two requests at once never share one count.

The cache is the right store: a lost counter (a cache restart) only forgets
recent attempts, and nothing here must outlive the window.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(scope: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}"


def attempt_allowed(*, scope: str, limits: dict[str, int], window: int) -> bool:
    """Count one attempt under each `limits` key; False when one is over.

    `limits` maps a key (e.g. "user:42", "ip:192.0.2.1") to the attempts it
    may make in `window` seconds, counted from the key's first attempt.
    Counting first and comparing after keeps the limit exact under
    concurrent requests; refused attempts count too, which changes nothing
    for a window that does not slide.
    """
    allowed = True
    for name, limit in limits.items():
        key = _key(scope, name)
        if cache.add(key, 1, timeout=window):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=window)
                count = 1
        allowed = allowed and count <= limit
    return allowed


def client_address(request) -> str:
    """The address the request came from, as the server saw it.

    REMOTE_ADDR only: a forwarded header is the client's to write. Behind a
    reverse proxy, the proxy must set REMOTE_ADDR (e.g. uWSGI/gunicorn with
    the proxy's real-IP module), not the application.
    """
    return request.META.get("REMOTE_ADDR", "") or "unknown"
