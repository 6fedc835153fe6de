"""Marketplace staff only: anyone else signed in is told nothing (404), like
a chamber page; a visitor is asked to sign in."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView

from artisans.forms import StaffDecisionForm
from artisans.models import Seller
from artisans.selectors import seller_history
from artisans.services import (
    STAFF_TRANSITIONS,
    ChamberAction,
    seller_staff_decide,
    user_is_marketplace_staff,
)
from catalogue.selectors import seller_moderation_events
from marketplace.sellerdash.selectors import seller_products_moderated

ACTION_LABELS = {
    ChamberAction.SUSPEND: _("Suspend"),
    ChamberAction.REINSTATE: _("Reinstate"),
}
# The search box: a name, a slug or a registry number.
QUERY_MAX_LENGTH = 100


class StaffMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_is_marketplace_staff(
            user=request.user
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SellerListView(StaffMixin, ListView):
    """Every seller, newest first; by name, slug or registry number, status."""

    template_name = "stafftools/seller_list.html"
    context_object_name = "sellers"
    paginate_by = 50

    def get_queryset(self):
        sellers = Seller.objects.select_related("region").order_by("-created_at")
        query = self.request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
        if query:
            sellers = sellers.filter(
                Q(name__icontains=query)
                | Q(slug__icontains=query)
                | Q(registry_id_claimed__icontains=query)
            )
        status = self.request.GET.get("status", "")
        if status in Seller.Status.values:
            sellers = sellers.filter(status=status)
        return sellers

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.request.GET.get("q", "")[:QUERY_MAX_LENGTH],
            status=self.request.GET.get("status", ""),
            statuses=Seller.Status.choices,
            **kwargs,
        )


class SellerHistoryView(StaffMixin, FormView):
    """One seller's history on one page, and the staff's decisions."""

    template_name = "stafftools/seller_history.html"
    form_class = StaffDecisionForm

    def get_seller(self) -> Seller:
        if not hasattr(self, "_seller"):
            self._seller = get_object_or_404(
                Seller.objects.select_related("region", "registry_entry", "owner"),
                pk=self.kwargs["pk"],
            )
        return self._seller

    def get_context_data(self, **kwargs):
        seller = self.get_seller()
        return super().get_context_data(
            seller=seller,
            actions=[
                (action, ACTION_LABELS[action])
                for action, (allowed, _status) in STAFF_TRANSITIONS.items()
                if seller.status in allowed
            ],
            decisions=seller_history(seller=seller),
            moderated=seller_products_moderated(seller=seller).select_related(
                "moderated_by"
            ),
            moderation_events=seller_moderation_events(seller=seller),
            **kwargs,
        )

    def form_valid(self, form):
        seller = self.get_seller()
        try:
            seller_staff_decide(
                seller=seller,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                user=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Decision recorded."))
        return redirect("stafftools:seller", pk=seller.pk)
