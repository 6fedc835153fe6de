from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, skipped for server-side authenticate calls.

    Oscar's registration logs the new customer in with `authenticate()` and no
    request, right after saving the password the customer chose; axes would
    refuse that call outright. Every form a person types a password into
    passes its request (the checkout's returning-customer form is given one
    in marketplace.checkout.views.IndexView), so nothing typed skips the check.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
