"""Pages of the messaging room: the shopper's, the guest's and the shop's.

Each page looks its conversation up within what the visitor may see: the
signed-in shopper's own conversations, the shop's conversations (owner and
members alike, through `artisans.access`), a guest's order part once the
order-status page's rule is met (its e-mail given in this session). Any
other identifier answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from artisans.access import seller_view
from artisans.models import Seller
from artisans.selectors import seller_queryset_public
from catalogue.selectors import product_queryset_public
from marketplace.sellerorders.models import OrderSellerPart

from . import selectors, services
from .forms import MessageEditForm, MessageForm, ReportForm
from .models import Conversation, Message, Side

Order = get_model("order", "Order")
Kind = Conversation.Kind
PER_PAGE = 25


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _thread(request, *, conversation, side, form=None, **extra):
    """The conversation's page for `side`; opening it reads the other's."""
    if conversation is not None and conversation.pk:
        services.conversation_read(
            conversation=conversation, side=side, language=get_language()
        )
        thread = list(selectors.conversation_messages(conversation=conversation))
    else:
        thread = []
    shop = conversation.seller if conversation else extra["order_part"].seller
    return {
        "conversation": conversation,
        "shop": shop,
        "thread": thread,
        "side": side,
        "form": form or MessageForm(),
        "report_form": ReportForm(),
        **extra,
    }


def _refused(request, error, template, context, *, status=400):
    context["form"].add_error(None, str(error))
    return render(request, template, context, status=status)


# --- The signed-in shopper ---------------------------------------------------


@login_required
def inbox(request):
    return render(
        request,
        "messaging/inbox.html",
        {
            "page": _page(request, selectors.shopper_conversations(user=request.user)),
            "page_title": _("My messages"),
            "active_tab": "messages",
        },
    )


@login_required
def conversation_detail(request, pk):
    conversation = selectors.shopper_conversation_get(user=request.user, pk=pk)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.message_post(
                    conversation=conversation,
                    side=Side.SHOPPER,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    photo=form.cleaned_data["photo"],
                    language=get_language(),
                )
            except services.MessagingRefused as error:
                form.add_error(None, str(error))
            else:
                return redirect("messaging:conversation", pk=conversation.pk)
        context = _thread(
            request, conversation=conversation, side=Side.SHOPPER, form=form
        )
        return render(request, "messaging/conversation.html", context, status=400)
    context = _thread(request, conversation=conversation, side=Side.SHOPPER)
    return render(request, "messaging/conversation.html", context)


def _start(request, *, seller, kind, product=None, order_part=None):
    lookup = {"seller": seller, "shopper": request.user}
    if kind == Kind.ORDER:
        lookup = {"order_part": order_part}
    elif kind == Kind.PRODUCT:
        lookup["product"] = product
    existing = Conversation.objects.filter(kind=kind, **lookup).first()
    if existing is not None and request.method != "POST":
        return redirect("messaging:conversation", pk=existing.pk)
    form = MessageForm(request.POST or None, request.FILES or None)
    context = {
        "seller": seller,
        "kind": kind,
        "product": product,
        "order_part": order_part,
        "form": form,
    }
    if kind != Kind.ORDER:
        context["left"] = services.shopper_new_conversations_left(
            shopper=request.user, seller=seller
        )
    if request.method == "POST" and form.is_valid():
        try:
            message = services.conversation_start(
                seller=seller,
                kind=kind,
                shopper=request.user,
                product=product,
                order_part=order_part,
                body=form.cleaned_data["body"],
                photo=form.cleaned_data["photo"],
                language=get_language(),
            )
        except services.MessagingRefused as error:
            return _refused(request, error, "messaging/start.html", context)
        messages.success(request, _("Your message was sent."))
        return redirect("messaging:conversation", pk=message.conversation_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/start.html", context, status=status)


@login_required
def start_shop(request, slug):
    seller = get_object_or_404(seller_queryset_public(), slug=slug)
    return _start(request, seller=seller, kind=Kind.SHOP)


@login_required
def start_product(request, pk):
    product = get_object_or_404(
        product_queryset_public().select_related("seller"), pk=pk
    )
    if product.seller is None:
        raise Http404
    return _start(request, seller=product.seller, kind=Kind.PRODUCT, product=product)


@login_required
def start_order(request, part_pk):
    part = get_object_or_404(
        OrderSellerPart.objects.select_related("seller", "order"),
        pk=part_pk,
        order__user=request.user,
    )
    return _start(request, seller=part.seller, kind=Kind.ORDER, order_part=part)


@login_required
def message_edit(request, pk):
    message = get_object_or_404(
        Message.objects.select_related("conversation"),
        pk=pk,
        author=request.user,
    )
    return _edit(request, message)


def _edit(request, message):
    conversation = message.conversation
    back = (
        ("messaging:seller-conversation", conversation.pk)
        if message.side == Side.SELLER
        else ("messaging:conversation", conversation.pk)
    )
    form = MessageEditForm(request.POST or None, initial={"body": message.body})
    if message.read_at is not None:
        messages.error(request, _("This message was read: it cannot be edited."))
        return redirect(back[0], pk=back[1])
    if request.method == "POST" and form.is_valid():
        try:
            services.message_edit(
                message=message, author=request.user, body=form.cleaned_data["body"]
            )
        except services.MessagingRefused as error:
            messages.error(request, str(error))
        return redirect(back[0], pk=back[1])
    return render(
        request,
        "messaging/edit.html",
        {"form": form, "message": message, "back": back},
        status=400 if request.method == "POST" else 200,
    )


def _report(request, conversation, side):
    form = ReportForm(request.POST)
    if form.is_valid():
        services.conversation_report(
            conversation=conversation,
            side=side,
            reporter=request.user if request.user.is_authenticated else None,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            _("Thank you: the marketplace's staff will read this conversation."),
        )
    else:
        messages.error(request, _("Say in a few words what is wrong."))


@require_POST
@login_required
def report(request, pk):
    conversation = selectors.shopper_conversation_get(user=request.user, pk=pk)
    _report(request, conversation, Side.SHOPPER)
    return redirect("messaging:conversation", pk=conversation.pk)


# --- A guest, about its order ----------------------------------------------


def _guest_order(request, order_number, hash):
    """The order-status page's rule: a guest's order, its signed link, and its
    e-mail given in this session (on the order-status form)."""
    order = Order.objects.filter(user=None, number=order_number).first()
    if (
        order is None
        or not order.check_verification_hash(hash)
        or not order.email
        or request.session.get("anon_order_email") != order.email
    ):
        return None
    return order


def guest(request, order_number, hash, part_pk):
    order = _guest_order(request, order_number, hash)
    if order is None:
        return redirect(
            "customer:anon-order-form", order_number=order_number, hash=hash
        )
    part = get_object_or_404(order.seller_parts.select_related("seller"), pk=part_pk)
    conversation = Conversation.objects.filter(kind=Kind.ORDER, order_part=part).first()
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("action") == "report":
        if conversation is None:
            raise Http404
        _report(request, conversation, Side.SHOPPER)
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_start(
                seller=part.seller,
                kind=Kind.ORDER,
                order_part=part,
                body=form.cleaned_data["body"],
                photo=form.cleaned_data["photo"],
                language=get_language(),
            )
        except services.MessagingRefused as error:
            form.add_error(None, str(error))
        else:
            return redirect(request.path)
    context = _thread(
        request,
        conversation=conversation,
        side=Side.SHOPPER,
        form=form,
        order=order,
        order_part=part,
        guest=True,
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/conversation.html", context, status=status)


# --- A message's photo: to the two sides and staff only ----------------------


def photo(request, pk):
    message = get_object_or_404(
        Message.objects.select_related("conversation").exclude(photo=""), pk=pk
    )
    conversation = message.conversation
    user = request.user
    allowed = (
        (user.is_authenticated and user.is_staff)
        or (user.is_authenticated and conversation.shopper_id == user.pk)
        or (
            user.is_authenticated
            and Seller.objects.filter(
                Q(owner=user) | Q(partner__users=user), pk=conversation.seller_id
            ).exists()
        )
        or (
            conversation.shopper_id is None
            and bool(conversation.guest_email)
            and request.session.get("anon_order_email") == conversation.guest_email
        )
    )
    if not allowed:
        raise Http404
    response = FileResponse(message.photo.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The shop's inbox --------------------------------------------------------


@seller_view
def seller_inbox(request, seller):
    return render(
        request,
        "messaging/seller_inbox.html",
        {
            "seller": seller,
            "page": _page(request, selectors.seller_conversations(seller=seller)),
            "figures": selectors.seller_response_figures(seller=seller),
        },
    )


@seller_view
def seller_conversation(request, seller, pk):
    conversation = selectors.seller_conversation_get(seller=seller, pk=pk)
    form = MessageForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.message_post(
                    conversation=conversation,
                    side=Side.SELLER,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    photo=form.cleaned_data["photo"],
                    language=get_language(),
                )
            except services.MessagingRefused as error:
                form.add_error(None, str(error))
            else:
                return redirect("messaging:seller-conversation", pk=conversation.pk)
        status = 400
    context = _thread(
        request,
        conversation=conversation,
        side=Side.SELLER,
        form=form,
        seller=seller,
        blocked=services.shopper_is_blocked(
            seller=seller,
            shopper=conversation.shopper,
            guest_email=conversation.guest_email,
        ),
    )
    return render(request, "messaging/seller_conversation.html", context, status=status)


@require_POST
@seller_view
def seller_report(request, seller, pk):
    conversation = selectors.seller_conversation_get(seller=seller, pk=pk)
    _report(request, conversation, Side.SELLER)
    return redirect("messaging:seller-conversation", pk=conversation.pk)


@require_POST
@seller_view
def seller_block(request, seller, pk):
    conversation = selectors.seller_conversation_get(seller=seller, pk=pk)
    if request.POST.get("action") == "unblock":
        services.seller_unblock(conversation=conversation)
        messages.success(request, _("This shopper can write to your shop again."))
    else:
        services.seller_block(conversation=conversation, by=request.user)
        messages.success(request, _("This shopper can no longer write to your shop."))
    return redirect("messaging:seller-conversation", pk=conversation.pk)


@seller_view
def seller_message_edit(request, seller, pk):
    message = get_object_or_404(
        Message.objects.select_related("conversation"),
        pk=pk,
        conversation__seller=seller,
        side=Side.SELLER,
        author=request.user,
    )
    return _edit(request, message)
