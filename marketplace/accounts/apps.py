from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-in and sign-up hardening: lock-outs, throttles, second factor.

    Oscar's customer app keeps its models and pages; this app only puts its
    own views in front of the few URLs where guessing or enumeration happens.
    """

    name = "marketplace.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
