"""Oscar's login, registration and password reset pages, hardened, and the
pages of the second factor."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from oscar.core.loading import get_class

from . import services
from .forms import (
    OtpCodeForm,
    RegistrationRequestForm,
    ThrottledPasswordResetForm,
    TotpConfirmForm,
)
from .selectors import user_has_mfa, user_requires_mfa

AccountAuthView = get_class("customer.views", "AccountAuthView")
AccountRegistrationView = get_class("customer.views", "AccountRegistrationView")
EmailUserCreationForm = get_class("customer.forms", "EmailUserCreationForm")


# --- Registration: the same answer whoever owns the address ------------------


def _registration_send(request, form) -> None:
    email = form.cleaned_data["email"]
    token = services.registration_token(
        email=email, redirect_url=form.cleaned_data.get("redirect_url", "")
    )
    services.registration_request(
        email=email,
        confirm_url=request.build_absolute_uri(
            reverse("accounts:register-confirm", kwargs={"token": token})
        ),
        login_url=request.build_absolute_uri(reverse("customer:login")),
        reset_url=request.build_absolute_uri(reverse("password-reset")),
        site_name=settings.OSCAR_SHOP_NAME,
    )


class LoginRegisterView(AccountAuthView):
    """Oscar's login page; its sign-up half asks only for the address."""

    registration_form_class = RegistrationRequestForm

    def get_registration_form_kwargs(self, bind_data=False):
        return {
            **super().get_registration_form_kwargs(bind_data),
            "request": self.request,
        }

    def validate_registration_form(self):
        form = self.get_registration_form(bind_data=True)
        if form.is_valid():
            _registration_send(self.request, form)
            return redirect("accounts:register-sent")
        return self.render_to_response(self.get_context_data(registration_form=form))


class RegisterView(AccountRegistrationView):
    form_class = RegistrationRequestForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        _registration_send(self.request, form)
        return redirect("accounts:register-sent")


class RegisterSentView(TemplateView):
    template_name = "accounts/registration_sent.html"


class RegisterConfirmView(AccountRegistrationView):
    """Step two: the mailbox is proved; choose a password, and Oscar registers.

    The address comes from the signed link, never from the form.
    """

    form_class = EmailUserCreationForm
    template_name = "accounts/registration_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        self.link = services.registration_token_read(token=kwargs["token"])
        if self.link is None:
            return render(
                request, "accounts/registration_link_invalid.html", status=400
            )
        if EmailUserCreationForm._meta.model.objects.filter(
            email__iexact=self.link["email"]
        ).exists():
            messages.info(request, _("This address has an account: please log in."))
            return redirect("customer:login")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["initial"] = {"redirect_url": self.link["redirect_url"]}
        if "data" in kwargs:
            data = kwargs["data"].copy()
            data["email"] = self.link["email"]
            kwargs["data"] = data
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(email=self.link["email"], **kwargs)


# --- Password reset -----------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Oscar's password reset page with a throttle per address and mailbox."""

    form_class = ThrottledPasswordResetForm
    success_url = reverse_lazy("password-reset-done")
    template_name = "oscar/registration/password_reset_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password also lifts the account's login lock-out."""

    success_url = reverse_lazy("password-reset-complete")
    template_name = "oscar/registration/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        services.lockout_reset(user=form.user)
        return response


# --- Second factor ------------------------------------------------------------


def _next_url(request, default: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


class MfaOverviewView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/mfa_overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
        return super().get_context_data(
            has_mfa=user_has_mfa(user=user),
            required=user_requires_mfa(user=user),
            recovery_left=recovery.token_set.count() if recovery else 0,
            **kwargs,
        )


class MfaSetupView(LoginRequiredMixin, View):
    """Add an authenticator app: scan, type a code, keep the recovery codes."""

    template_name = "accounts/mfa_setup.html"

    def get(self, request):
        return self._render(TotpConfirmForm())

    def post(self, request):
        form = TotpConfirmForm(request.POST)
        if form.is_valid():
            codes = services.mfa_totp_confirm(
                user=request.user, token=form.cleaned_data["code"]
            )
            if codes is not None:
                device = request.user.totpdevice_set.get(confirmed=True)
                otp_login(request, device)
                return render(
                    request,
                    "accounts/mfa_codes.html",
                    {"codes": codes, "next": _next_url(request, "")},
                )
            form.add_error(
                "code", _("That code is not the one the app shows. Try again.")
            )
        return self._render(form)

    def _render(self, form):
        device = services.mfa_totp_pending(user=self.request.user)
        qr = segno.make(device.config_url, error="m")
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "qr_data_uri": qr.svg_data_uri(scale=4),
                "secret": services.mfa_totp_secret(device=device),
                "required": user_requires_mfa(user=self.request.user),
                "next": _next_url(self.request, ""),
            },
        )


class MfaVerifyView(LoginRequiredMixin, View):
    """The second step of signing in: a code from the app or a recovery code."""

    template_name = "accounts/mfa_verify.html"

    def get(self, request):
        if not user_has_mfa(user=request.user):
            return redirect("accounts:mfa-setup")
        return self._render(OtpCodeForm())

    def post(self, request):
        form = OtpCodeForm(request.POST)
        if form.is_valid():
            device = match_token(request.user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    messages.warning(
                        request,
                        _(
                            "You used a recovery code; %(count)s are left. "
                            "Make new ones from your security page."
                        )
                        % {"count": device.token_set.count()},
                    )
                return redirect(_next_url(request, settings.LOGIN_REDIRECT_URL))
            form.add_error(
                "code",
                _(
                    "This code is wrong or was already used. After several "
                    "wrong codes you must wait a little before trying again."
                ),
            )
        return self._render(form)

    def _render(self, form):
        return render(
            self.request,
            self.template_name,
            {"form": form, "next": _next_url(self.request, "")},
        )


class MfaRecoveryCodesView(LoginRequiredMixin, View):
    def post(self, request):
        if not user_has_mfa(user=request.user):
            return redirect("accounts:mfa-setup")
        codes = services.mfa_recovery_codes_regenerate(user=request.user)
        return render(request, "accounts/mfa_codes.html", {"codes": codes})


class MfaDisableView(LoginRequiredMixin, View):
    def post(self, request):
        if user_requires_mfa(user=request.user):
            raise PermissionDenied(_("Staff accounts must keep a second factor."))
        services.mfa_disable(user=request.user)
        messages.success(request, _("Two-step sign-in is off for your account."))
        return redirect("accounts:mfa-overview")
