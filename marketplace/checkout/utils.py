"""Oscar's checkout session data, found first by `get_class("checkout.utils",
"CheckoutSessionData")`.

Oscar marks the session changed whenever a step stores a value, the same
value included: the shipping method and the payment method are stored again
each time the shopper passes those steps, and each store is a session write
(a database row, and Redis's copy in production) for nothing. Here a value
equal to the one stored changes nothing.
"""

from oscar.apps.checkout import utils

_MISSING = object()


class CheckoutSessionData(utils.CheckoutSessionData):
    def _set(self, namespace, key, value):
        self._check_namespace(namespace)
        stored = self.request.session[self.SESSION_KEY][namespace].get(key, _MISSING)
        if stored is not _MISSING and stored == value:
            return
        super()._set(namespace, key, value)
