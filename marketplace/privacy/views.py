import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import ErasureForm
from .models import ErasureRequest
from .selectors import erasure_blockers, personal_data
from .services import ErasureRefused, erasure_request

BLOCKER_TEXT = {
    "open-orders": lambda: _(
        "Some of your parcels are still on their way: you can ask once they are "
        "delivered or cancelled."
    ),
    "open-returns": lambda: _(
        "A return or refund you asked for is still open: you can ask once it is closed."
    ),
    "seller": lambda: _(
        "You run a shop: staff close it once its sales are settled, then erase "
        "your account. Its invoices are kept as the law requires."
    ),
}


def _page(request, form, status=200):
    blockers = erasure_blockers(user=request.user)
    pending = ErasureRequest.objects.filter(
        account_id=request.user.pk, status=ErasureRequest.Status.PENDING
    ).first()
    return render(
        request,
        "privacy/centre.html",
        {
            "form": form,
            "blockers": [BLOCKER_TEXT[reason]() for reason in blockers],
            "pending": pending,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def privacy_centre(request):
    return _page(request, ErasureForm(user=request.user))


@login_required
@require_http_methods(["GET"])
def data_download(request):
    """Everything kept about the signed-in person, as a JSON file."""
    body = json.dumps(
        {
            "exported_at": timezone.now().isoformat(),
            **personal_data(user=request.user),
        },
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="maalem-my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def erasure(request):
    form = ErasureForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        done = erasure_request(user=request.user)
    except ErasureRefused as refused:
        for reason in refused.reasons:
            messages.error(request, BLOCKER_TEXT[reason]())
        return redirect("privacy:centre")
    if done.status == ErasureRequest.Status.DONE:
        logout(request)
        messages.success(request, _("Your account is closed and your data erased."))
        return redirect("/")
    messages.info(
        request, _("Your request is recorded: staff will close your shop, then erase.")
    )
    return redirect("privacy:centre")
