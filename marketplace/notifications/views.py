from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, RedirectView

from .emails import localised_path, summary_text
from .forms import PreferencesForm
from .kinds import KINDS
from .models import Notification
from .selectors import notifications_for, preferences_for, user_language
from .services import notification_open, notifications_mark_read, preferences_update


class NotificationListView(LoginRequiredMixin, ListView):
    """The user's own notifications, newest first; those shown are read from
    now on (marked after the page is written, so they show as new once)."""

    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self):
        return notifications_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["notifications"]
        context["items"] = [
            {
                "notification": notification,
                "summary": (
                    summary_text(kind=notification.kind, context=notification.context)
                    if notification.kind in KINDS
                    else ""
                ),
            }
            for notification in page
        ]
        self.shown_unread = [n.pk for n in page if n.read_at is None]
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.render()
        if self.shown_unread:
            notifications_mark_read(user=request.user, ids=self.shown_unread)
        return response


@login_required
def notification_open_view(request, pk):
    """Open one notification: it is read, and the user goes where to act."""
    try:
        notification = notification_open(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    return redirect(localised_path(notification.url, get_language()))


@login_required
@require_POST
def notifications_read_view(request):
    notifications_mark_read(user=request.user)
    return redirect("notifications:list")


class PreferencesView(LoginRequiredMixin, FormView):
    """The account's settings: its language, and which e-mails it receives."""

    template_name = "notifications/preferences.html"
    form_class = PreferencesForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        preferences = preferences_for(user=self.request.user)
        kwargs["email_off"] = preferences.email_off if preferences else []
        return kwargs

    def get_initial(self):
        return {"language": user_language(user=self.request.user)}

    def form_valid(self, form):
        preferences_update(
            user=self.request.user,
            language=form.cleaned_data["language"],
            email_off=form.email_off(),
        )
        messages.success(self.request, _("Your settings were saved."))
        return redirect("notifications:preferences")


class OscarNotificationsRedirect(RedirectView):
    """Oscar's notification pages (its account tab, inbox, archive, message):
    the bell's page, the site's one notification centre."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return reverse("notifications:list")

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)
