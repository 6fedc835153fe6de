"""Who must, and who can, sign in with a second factor."""

from django_otp import user_has_device


def user_requires_mfa(*, user) -> bool:
    """True for the people whose account can move money or registry trust.

    Marketplace staff (the Oscar dashboard, the Django admin, payouts) and
    chamber staff (a chamber's members, and Wagtail's editors and moderators,
    whose groups grant access to Wagtail's admin) must use a second factor.
    Everyone else may.
    """
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if user.chambers.exists():
        return True
    return user.has_perm("wagtailadmin.access_admin")


def user_has_mfa(*, user) -> bool:
    """True when the user has a confirmed second factor."""
    return user.is_authenticated and user_has_device(user, confirmed=True)
