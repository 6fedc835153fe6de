from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView

from catalogue.pagecache import AnonymousPageCacheMixin

from .forms import ChamberDecisionForm, MemberAddForm, SellerApplicationForm
from .models import Seller
from .selectors import (
    product_queryset_public,
    seller_for_user,
    seller_queryset_public,
    seller_review_queue,
    sellers_owned_by,
)
from .services import (
    CHAMBER_TRANSITIONS,
    ChamberAction,
    seller_apply,
    seller_decide,
    seller_member_add,
    seller_member_remove,
)

ACTION_LABELS = {
    ChamberAction.VERIFY: _("Verify"),
    ChamberAction.REJECT: _("Reject"),
    ChamberAction.SUSPEND: _("Suspend"),
    ChamberAction.REINSTATE: _("Reinstate"),
}


class SellerListView(ListView):
    template_name = "artisans/seller_list.html"
    context_object_name = "sellers"
    paginate_by = 24

    def get_queryset(self):
        return seller_queryset_public().select_related("region", "registry_entry")


class StorefrontView(AnonymousPageCacheMixin, ListView):
    """A shop's public page: who they are, and their products.

    The same for every anonymous shopper: kept whole (catalogue/pagecache.py).
    """

    template_name = "artisans/storefront.html"
    context_object_name = "products"
    paginate_by = 24

    def get_queryset(self):
        self.seller = get_object_or_404(
            seller_queryset_public().select_related("region", "registry_entry"),
            slug=self.kwargs["slug"],
        )
        return (
            product_queryset_public()
            .filter(seller=self.seller)
            .base_queryset()
            .order_by("-date_created")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(seller=self.seller, **kwargs)


class SellerApplyView(LoginRequiredMixin, FormView):
    """A signed-in user applies to sell; the decision is shown at once."""

    template_name = "artisans/apply.html"
    form_class = SellerApplicationForm

    def get(self, request, *args, **kwargs):
        if (
            sellers_owned_by(request.user)
            .exclude(status=Seller.Status.REJECTED)
            .exists()
        ):
            return redirect("artisans:application-status")
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        seller_apply(user=self.request.user, **form.cleaned_data)
        return redirect("artisans:application-status")


class ApplicationStatusView(LoginRequiredMixin, ListView):
    template_name = "artisans/application_status.html"
    context_object_name = "applications"

    def get_queryset(self):
        return sellers_owned_by(self.request.user)


class ChamberMixin(LoginRequiredMixin):
    """Chamber staff only; everyone else gets a 404, like a foreign seller."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.chambers.exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ChamberQueueView(ChamberMixin, ListView):
    template_name = "artisans/chamber_queue.html"
    context_object_name = "sellers"
    paginate_by = 50

    def get_queryset(self):
        return seller_review_queue(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            chambers=self.request.user.chambers.select_related("region"), **kwargs
        )


class ChamberSellerView(ChamberMixin, FormView):
    """One seller of the chamber's region: history and the decisions open."""

    template_name = "artisans/chamber_seller.html"
    form_class = ChamberDecisionForm

    def get_seller(self) -> Seller:
        # Scoped by the queue: another region's seller is simply not found.
        return get_object_or_404(
            seller_review_queue(self.request.user), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        seller = self.get_seller()
        actions = [
            (action, ACTION_LABELS[action])
            for action, (allowed, _status) in CHAMBER_TRANSITIONS.items()
            if seller.status in allowed
        ]
        return super().get_context_data(
            seller=seller,
            actions=actions,
            decisions=seller.decisions.select_related("decided_by"),
            **kwargs,
        )

    def form_valid(self, form):
        seller = self.get_seller()
        try:
            seller_decide(
                seller=seller,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                user=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Decision recorded."))
        return redirect("artisans:chamber-seller", pk=seller.pk)


class OwnShopMixin(LoginRequiredMixin):
    def get_seller(self) -> Seller:
        seller = seller_for_user(self.request.user)
        if seller is None:
            raise Http404
        return seller


class MembersView(OwnShopMixin, FormView):
    """The shop's members; its owner adds and removes them."""

    template_name = "artisans/members.html"
    form_class = MemberAddForm

    def get_context_data(self, **kwargs):
        seller = self.get_seller()
        return super().get_context_data(
            seller=seller,
            members=seller.partner.users.order_by("email"),
            is_owner=seller.owner_id == self.request.user.pk,
            **kwargs,
        )

    def form_valid(self, form):
        seller = self.get_seller()
        try:
            seller_member_add(
                seller=seller, actor=self.request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            form.add_error("email", error)
            return self.form_invalid(form)
        messages.success(self.request, _("Member added."))
        return redirect("artisans:members")


class MemberRemoveView(OwnShopMixin, View):
    http_method_names = ["post"]

    def post(self, request, user_id):
        seller = self.get_seller()
        member = get_object_or_404(seller.partner.users, pk=user_id)
        try:
            seller_member_remove(seller=seller, actor=request.user, user=member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Member removed."))
        return redirect("artisans:members")
