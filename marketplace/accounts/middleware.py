"""The second factor, enforced where it matters.

Runs after django-otp's OTPMiddleware, which sets `request.user.is_verified()`.

- A user with a confirmed second factor who has not given it in this session
  has only half signed in: every page but the code page, logout and the
  language switch sends them to enter a code.
- Marketplace and chamber staff (selectors.user_requires_mfa) without a
  second factor are sent to set one up when they open the staff areas: the
  Oscar dashboard (and the payout pages under it), the Django admin, Wagtail's
  admin and the chamber pages. They can still shop like anyone else.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property

from .selectors import user_has_mfa, user_requires_mfa

# Login, logout and password pages of the admins stay open: they are how
# staff get in, and the second factor is asked right after.
OPEN_URL_NAMES = {
    "admin:login",
    "admin:logout",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "customer:logout",
    "set_language",
}
# Pages of this app a half-signed-in user may open.
MFA_URL_NAMES = {"accounts:mfa-verify"}
ENROL_URL_NAMES = {
    "accounts:mfa-overview",
    "accounts:mfa-setup",
    "accounts:mfa-recovery-codes",
}


class MfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    @cached_property
    def staff_prefixes(self) -> tuple[str, ...]:
        prefixes = {reverse("admin:index"), reverse("wagtailadmin_home")}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                prefixes.add(reverse("dashboard:index"))
                prefixes.add(reverse("artisans:chamber-queue"))
        return tuple(sorted(prefixes))

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        name = _url_name(request)
        if name in OPEN_URL_NAMES or name in MFA_URL_NAMES:
            return None
        if user_has_mfa(user=user):
            return _redirect("accounts:mfa-verify", request)
        if name in ENROL_URL_NAMES:
            return None
        if request.path_info.startswith(self.staff_prefixes) and user_requires_mfa(
            user=user
        ):
            return _redirect("accounts:mfa-setup", request)
        return None


def _url_name(request) -> str:
    match = request.resolver_match
    if match is None:
        return ""
    return match.view_name


def _redirect(url_name: str, request):
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse(url_name)}?{query}")
