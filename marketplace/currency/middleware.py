from .selectors import (
    display_currency_activate,
    display_currency_from_request,
    display_currency_reset,
)


class CurrencyMiddleware:
    """The visitor's display currency, for the request and its templates."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.display_currency = display_currency_from_request(request)
        token = display_currency_activate(request.display_currency)
        try:
            return self.get_response(request)
        finally:
            display_currency_reset(token)
