"""A fixed-window counter in the cache, for requests that are not logins.

django-axes guards the logins. Password reset and registration send e-mail
instead of checking a password, so what they need is a cap on how often one
address or one mailbox can be asked for: enough for a person who mistypes,
too little to enumerate accounts or to flood someone's inbox.

The counter lives in the default cache. If the cache is unreachable the request
is allowed (and logged): an outage must not stop people from signing up.
"""

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def _cache_key(scope: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}"


def throttle_hit(*, scope: str, value: str, limit: int, window: int) -> bool:
    """Count one request for `value` in `scope`; False once over `limit`.

    `window` is in seconds and starts with the first request counted.
    """
    key = _cache_key(scope, value)
    try:
        if cache.add(key, 1, timeout=window):
            return True
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    except Exception:  # noqa: BLE001  (any cache backend error: fail open)
        logger.warning("throttle cache unavailable, %s allowed", scope, exc_info=True)
        return True
