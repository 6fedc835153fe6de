"""django-axes hooks: one lock-out key per account, and the lock-out page.

The shop's login takes an e-mail address, the Django and Wagtail admin logins
a username; Oscar's registered users have a generated username. Counting
failures against whatever was typed would give every account two keys (and
case variants more), so a typed identifier that names an account is replaced
by that account's e-mail address.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import render

LOGIN_FIELDS = ("username", "login-username", "email")


def lockout_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the account an attempt is aimed at."""
    typed = ""
    if credentials:
        typed = credentials.get("username") or credentials.get("email") or ""
    if not typed and request is not None:
        data = getattr(request, "POST", {})
        typed = next((data[field] for field in LOGIN_FIELDS if data.get(field)), "")
    typed = str(typed).strip()
    if not typed:
        return ""
    user = (
        get_user_model()
        .objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed))
        .order_by("pk")
        .only("email", "username")
        .first()
    )
    if user is None:
        return typed.lower()[:255]
    return (user.email or user.get_username()).lower()[:255]


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: say what happened and the two ways back."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(
        request,
        "accounts/lockout.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
