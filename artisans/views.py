from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView

from marketplace.accounts.client import client_ip
from marketplace.accounts.throttle import throttle_hit

from .access import SellerViewMixin
from .forms import ChamberDecisionForm, MemberAddForm, SellerApplicationForm
from .models import Seller
from .selectors import (
    registry_entry_claimed,
    registry_entry_holder,
    seller_invitations_for,
    seller_queryset_public,
    seller_review_queue,
    seller_review_waiting,
    sellers_owned_by,
)
from .services import (
    CHAMBER_TRANSITIONS,
    ChamberAction,
    seller_apply,
    seller_decide,
    seller_invitation_accept,
    seller_invitation_withdraw,
    seller_member_invite,
    seller_member_remove,
)

ACTION_LABELS = {
    ChamberAction.VERIFY: _("Verify"),
    ChamberAction.REJECT: _("Reject"),
    ChamberAction.SUSPEND: _("Suspend"),
    ChamberAction.REINSTATE: _("Reinstate"),
    ChamberAction.REQUEST_INFO: _("Ask for more information"),
}


class SellerListView(ListView):
    template_name = "artisans/seller_list.html"
    context_object_name = "sellers"
    paginate_by = 24

    def get_queryset(self):
        return seller_queryset_public().select_related("region", "registry_entry")


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
        # Each valid form asks the registry about a number: counted per
        # account and per address, refused over the limit before it is asked.
        address = client_ip(self.request) or "unknown"
        counted = [
            throttle_hit(
                scope="seller-apply",
                value=key,
                limit=limit,
                window=settings.SELLER_APPLY_LIMIT_WINDOW,
            )
            for key, limit in (
                (
                    f"user:{self.request.user.pk}",
                    settings.SELLER_APPLY_LIMIT_PER_ACCOUNT,
                ),
                (f"ip:{address}", settings.SELLER_APPLY_LIMIT_PER_ADDRESS),
            )
        ]
        if not all(counted):
            form.add_error(
                None,
                _(
                    "Too many applications from this account or this network. "
                    "Please try again later, or contact the Chamber of "
                    "Artisanat of your region."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        fields = dict(form.cleaned_data)
        fields.pop("accept_terms")
        try:
            seller_apply(user=self.request.user, **fields)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
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
    """What waits for the chamber: applications, sellers to reinstate."""

    template_name = "artisans/chamber_queue.html"
    context_object_name = "sellers"
    paginate_by = 50
    all_sellers = False

    def get_queryset(self):
        if self.all_sellers:
            return seller_review_queue(self.request.user)
        return seller_review_waiting(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            chambers=self.request.user.chambers.select_related("region"),
            all_sellers=self.all_sellers,
            **kwargs,
        )


class ChamberSellerListView(ChamberQueueView):
    """Every seller of the chamber's region, those waiting first."""

    all_sellers = True


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
        entry = registry_entry_claimed(seller=seller)
        return super().get_context_data(
            seller=seller,
            actions=actions,
            decisions=seller.decisions.select_related("decided_by"),
            entry=entry,
            entry_holder=(
                registry_entry_holder(entry=entry, exclude=seller) if entry else None
            ),
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


class MembersView(SellerViewMixin, FormView):
    """The shop's members and open invitations; the owner's page alone."""

    template_name = "artisans/members.html"
    form_class = MemberAddForm
    owner_only = True

    def get_context_data(self, **kwargs):
        seller = self.get_seller()
        return super().get_context_data(
            seller=seller,
            members=seller.partner.users.order_by("email"),
            invitations=seller.invitations.filter(accepted_at__isnull=True),
            is_owner=True,
            **kwargs,
        )

    def form_valid(self, form):
        seller = self.get_seller()
        try:
            invitation = seller_member_invite(
                seller=seller, actor=self.request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            form.add_error("email", error)
            return self.form_invalid(form)
        # The same words whether or not an account uses the address.
        messages.success(
            self.request,
            _(
                "Invitation recorded for %(email)s. Once signed in with this "
                "address (after signing up, if needed), they accept it on their "
                "invitations page and join the shop."
            )
            % {"email": invitation.email},
        )
        return redirect("artisans:members")


class MemberRemoveView(SellerViewMixin, View):
    http_method_names = ["post"]
    owner_only = True

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


class InvitationWithdrawView(SellerViewMixin, View):
    http_method_names = ["post"]
    owner_only = True

    def post(self, request, pk):
        seller = self.get_seller()
        invitation = get_object_or_404(seller.invitations, pk=pk)
        seller_invitation_withdraw(invitation=invitation, actor=request.user)
        messages.success(request, _("Invitation withdrawn."))
        return redirect("artisans:members")


class InvitationsView(LoginRequiredMixin, ListView):
    """Invitations to join a shop, addressed to the signed-in user's e-mail."""

    template_name = "artisans/invitations.html"
    context_object_name = "invitations"

    def get_queryset(self):
        return seller_invitations_for(self.request.user)

    def post(self, request):
        invitation = get_object_or_404(
            seller_invitations_for(request.user), pk=request.POST.get("invitation")
        )
        seller_invitation_accept(invitation=invitation, user=request.user)
        messages.success(
            request,
            _("You are now a member of %(shop)s.") % {"shop": invitation.seller.name},
        )
        return redirect("artisans:invitations")
